// text-layer: removes the soft hyphens Chromium leaves in a page's text layer and lists
// the line-end breaks it used. Chromium draws every U+00AD as an invisible space glyph
// inside `/Span <</ActualText <FEFF00AD>>> BDC … EMC`; poppler and indexers then put
// U+00AD inside words. Dropping the span and its invisible glyph (keeping font and
// position operators) changes no pixel. At a real line-end break Chromium draws a
// visible hyphen (U+002D) after the span, at the end of the line: that one stays, and
// extractors join the word across the line as they do for any hyphenated line end.
import { numbers, operands, shownText, TEXT_SHOWING, type FontInfo, type Op } from './content.ts';
import { decodeText, isDict, isName, isString } from './objects.ts';

export interface TextLayerResult {
  ops: Op[];
  /** Words broken at a line end, as printed: "organ-ized". */
  breaks: string[];
  /** Soft-hyphen spans removed. */
  removed: number;
}

const INVISIBLE = /^[\s\u00ad\u200b]*$/u;
const LETTER = /[\p{L}\p{M}\p{N}]/u;

/** True for `/Span <</ActualText <FEFF00AD>>> BDC`. */
export function isSoftHyphenSpan(op: Op): boolean {
  if (op.op !== 'BDC' || !op.src.includes('ActualText')) return false;
  const [tag, props] = operands(op);
  const actual = isDict(props) ? props.entries.get('ActualText') : undefined;
  return isName(tag, 'Span') && isString(actual) && decodeText(actual) === '\u00ad';
}

interface Shown {
  text: string;
  line: string;
  /** Index of the operation in the output. */
  at: number;
}

/** Cleans one page's operations; `fonts` decodes what each text operation shows. */
export function cleanTextLayer(ops: Op[], fonts: Map<string, FontInfo>): TextLayerResult {
  const out: Op[] = [];
  const shown: Shown[] = [];
  const hyphenAt: number[] = []; // indices into `shown` where a soft hyphen was
  let font: FontInfo | undefined;
  let line = '';
  let removed = 0;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i] as Op;
    if (op.op === 'Tf') {
      font = fonts.get(fontName(op));
    } else if (op.op === 'Tm') line = String(numbers(op)[5]);
    if (isSoftHyphenSpan(op)) {
      const end = matchingEnd(ops, i);
      const inner = ops.slice(i + 1, end);
      // Only an invisible glyph may go; anything else inside is kept, unwrapped.
      for (const x of inner) {
        if (x.op === 'Tf') {
          font = fonts.get(fontName(x));
        } else if (x.op === 'Tm') line = String(numbers(x)[5]);
        if (TEXT_SHOWING.has(x.op) && INVISIBLE.test(shownText(x, font))) continue;
        out.push(x);
      }
      hyphenAt.push(shown.length);
      removed++;
      i = end;
      continue;
    }
    if (TEXT_SHOWING.has(op.op)) shown.push({ text: shownText(op, font), line, at: out.length });
    out.push(op);
  }
  const found = lineEndBreaks(shown, hyphenAt);
  return { ops: out, breaks: found.map((b) => b.word), removed };
}

const fontName = (op: Op): string => /^\/([^\s/]+)/.exec(op.src)?.[1] ?? '';

/** Index of the EMC closing the marked-content sequence opened at `start`. */
export function matchingEnd(ops: Op[], start: number): number {
  let depth = 0;
  for (let j = start; j < ops.length; j++) {
    const o = (ops[j] as Op).op;
    if (o === 'BDC' || o === 'BMC') depth++;
    else if (o === 'EMC' && --depth === 0) return j;
  }
  return ops.length - 1;
}

/** A soft hyphen followed by a visible hyphen that ends its line is a line-end break. */
function lineEndBreaks(shown: Shown[], hyphenAt: number[]): Array<{ word: string; at: number }> {
  const breaks: Array<{ word: string; at: number }> = [];
  for (const at of hyphenAt) {
    const dash = shown[at];
    if (!dash || !/^[-\u2010]$/.test(dash.text)) continue;
    const next = shown[at + 1];
    if (next && next.line === dash.line) continue;
    let before = '';
    for (let k = at - 1; k >= 0 && (shown[k] as Shown).line === dash.line && LETTER.test((shown[k] as Shown).text); k--) before = (shown[k] as Shown).text + before;
    let after = '';
    for (let k = at + 1; k < shown.length && LETTER.test((shown[k] as Shown).text) && (shown[k] as Shown).line === next?.line; k++) after += (shown[k] as Shown).text;
    breaks.push({ word: `${before}-${after}`, at: dash.at });
  }
  return breaks;
}
