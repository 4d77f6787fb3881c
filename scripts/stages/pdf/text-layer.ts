// text-layer: removes the soft hyphens Chromium leaves in a page's text layer and lists
// the line-end breaks it used. Chromium draws every U+00AD as an invisible space glyph
// inside `/Span <</ActualText <FEFF00AD>>> BDC … EMC`; poppler and indexers then put
// U+00AD inside words, and poppler's structure text stops at the first one. Dropping the
// span and its invisible glyph (keeping font and position operators) changes no pixel.
// At a real line-end break Chromium draws a visible hyphen (U+002D) after the span, at
// the end of the line: it stays, and extractors join the word across the line as they do
// for any hyphenated line end (pdftotext does). Marking it with ActualText U+00AD
// instead (ISO 32000-1 §14.8.2.2.3) was tried: poppler then prints U+00AD at the line
// end and its structure text stops there again.
// In a script whose font has no soft hyphen of its own (Georgian), the shaper merges the
// U+00AD into the letter before it: Chromium then wraps that visible letter in
// `/Span <</ActualText <FEFF10DC00AD>>>`. The wrapper goes and the letter stays, read
// through the font's ToUnicode as every other letter.
import {
  numbers,
  operands,
  shownText,
  isTextShowing,
  OP,
  type Edit,
  type FontInfo,
  type Ops,
} from './content.ts';
import { decodeText, isDict, isName, isString } from './objects.ts';

export interface TextLayerResult {
  edits: Edit[];
  /** Words broken at a line end, as printed: "organ-ized". */
  breaks: string[];
  /** Soft-hyphen spans removed. */
  removed: number;
}

const INVISIBLE = /^[\s\u00ad\u200b]*$/u;
const LETTER = /[\p{L}\p{M}\p{N}]/u;

/** A soft hyphen alone, or after the letters of the cluster it was shaped into ("ნ\u00ad"). */
const SOFT_HYPHEN_TEXT = /^[\p{L}\p{M}]*\u00ad$/u;

/** True for `/Span <</ActualText <FEFF00AD>>> BDC` (operation k), or a letter's `<FEFF10DC00AD>`. */
export function isSoftHyphenSpan(ops: Ops, k: number): boolean {
  if (ops.code[k] !== OP.BDC) return false;
  const text = ops.s.slice(ops.start[k], ops.opAt[k]);
  if (!text.includes('ActualText')) return false;
  const [tag, props] = operands(ops, k);
  const actual = isDict(props) ? props.entries.get('ActualText') : undefined;
  return isName(tag, 'Span') && isString(actual) && SOFT_HYPHEN_TEXT.test(decodeText(actual));
}

/** Index of the EMC closing the marked-content sequence opened at operation `k`. */
export function matchingEnd(ops: Ops, k: number): number {
  let depth = 0;
  for (let j = k; j < ops.count; j++) {
    const c = ops.code[j];
    if (c === OP.BDC || c === OP.BMC) depth++;
    else if (c === OP.EMC && --depth === 0) return j;
  }
  return ops.count - 1;
}

const fontName = (ops: Ops, k: number): string =>
  /^\s*\/([^\s/]+)/.exec(ops.s.slice(ops.start[k], ops.opAt[k]))?.[1] ?? '';

/** Cleans one page's text layer; `fonts` decodes what each text operation shows. */
export function cleanTextLayer(ops: Ops, fonts: Map<string, FontInfo>): TextLayerResult {
  const edits: Edit[] = [];
  const spans: number[] = [];
  for (let k = 0; k < ops.count; k++)
    if (ops.code[k] === OP.BDC && isSoftHyphenSpan(ops, k)) spans.push(k);
  if (spans.length === 0) return { edits, breaks: [], removed: 0 };
  // Font and line of every text operation: read in one pass, decoded only where needed.
  const fontAt = new Array<string>(ops.count);
  const lineAt = new Array<number>(ops.count);
  let font = '';
  let line = NaN;
  for (let k = 0; k < ops.count; k++) {
    const c = ops.code[k];
    if (c === OP.Tf) font = fontName(ops, k);
    else if (c === OP.Tm) line = numbers(ops, k)[5] ?? NaN;
    else if (c !== undefined && isTextShowing(c)) {
      fontAt[k] = font;
      lineAt[k] = line;
    }
  }
  const text = (k: number): string => shownText(ops, k, fonts.get(fontAt[k] ?? ''));
  // The invisible glyphs inside spans are not part of any word; a merged letter is.
  const hidden = new Uint8Array(ops.count);
  const ends = spans.map((k) => matchingEnd(ops, k));
  spans.forEach((k, i) => {
    for (let j = k; j <= (ends[i] ?? k); j++)
      if (!isTextShowing(ops.code[j] ?? 0) || INVISIBLE.test(text(j))) hidden[j] = 1;
  });
  const breaks: string[] = [];
  spans.forEach((k, i) => {
    const end = ends[i] ?? k;
    edits.push({ from: ops.start[k] ?? 0, to: ops.end[k] ?? 0, text: '' });
    for (let j = k + 1; j < end; j++) {
      // Only an invisible glyph may go; anything else inside stays, unwrapped.
      if (isTextShowing(ops.code[j] ?? 0) && INVISIBLE.test(text(j)))
        edits.push({ from: ops.start[j] ?? 0, to: ops.end[j] ?? 0, text: '' });
    }
    edits.push({ from: ops.start[end] ?? 0, to: ops.end[end] ?? 0, text: '' });
    const word = lineEndBreak(ops, hidden, end, lineAt, text);
    if (word !== undefined) breaks.push(word);
  });
  return { edits, breaks, removed: spans.length };
}

/** The shown text operations after `from` (or before, with step -1), lazily. */
function* shownOps(ops: Ops, hidden: Uint8Array, from: number, step: 1 | -1): Generator<number> {
  for (let j = from; j >= 0 && j < ops.count; j += step)
    if (!hidden[j] && isTextShowing(ops.code[j] ?? 0)) yield j;
}

/** A soft hyphen (its span ends at `end`) followed by a visible hyphen that ends its line is a line-end break: the word as printed. */
function lineEndBreak(
  ops: Ops,
  hidden: Uint8Array,
  end: number,
  lineAt: number[],
  text: (k: number) => string,
): string | undefined {
  const after = shownOps(ops, hidden, end + 1, 1);
  const dash = after.next().value;
  if (dash === undefined || !/^[-\u2010]$/.test(text(dash))) return undefined;
  const next = after.next().value;
  if (next !== undefined && lineAt[next] === lineAt[dash]) return undefined;
  let before = '';
  for (const j of shownOps(ops, hidden, end - 1, -1)) {
    const t = text(j);
    if (lineAt[j] !== lineAt[dash] || !LETTER.test(t)) break;
    before = t + before;
  }
  let rest = '';
  if (next !== undefined) {
    for (const j of shownOps(ops, hidden, next, 1)) {
      const t = text(j);
      if (lineAt[j] !== lineAt[next] || !LETTER.test(t)) break;
      rest += t;
    }
  }
  return `${before}-${rest}`;
}
