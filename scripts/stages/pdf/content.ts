// content: a page's content stream as a list of operations (operands + operator, as
// written), and the fonts' ToUnicode maps, so that steps can read the text a page shows
// and rewrite the stream without touching what it draws.
import { Lexer, isDict, isName, isString, type PdfValue } from './objects.ts';
import { dictOf, lookup, type PdfFile } from './file.ts';

/**
 * A content stream split into operations, as offsets into the stream's text (no
 * string per operation: a page has some 10 000 of them and this runs on every PDF).
 * Operation k spans `start[k]..end[k]`; its operator starts at `opAt[k]`.
 */
export interface Ops {
  s: string;
  count: number;
  start: Uint32Array;
  opAt: Uint32Array;
  end: Uint32Array;
  code: Uint8Array;
}

/** Operator codes the steps look at; everything else is OTHER. */
export const OP = {
  OTHER: 0,
  BT: 1,
  ET: 2,
  BDC: 3,
  BMC: 4,
  EMC: 5,
  Tj: 6,
  TJ: 7,
  Quote: 8,
  DoubleQuote: 9,
  Tf: 10,
  Tm: 11,
  q: 12,
  Q: 13,
  cm: 14,
  paint: 15,
  Do: 16,
  BI: 17,
} as const;
const CODES = new Map<string, number>([
  ['BT', OP.BT],
  ['ET', OP.ET],
  ['BDC', OP.BDC],
  ['BMC', OP.BMC],
  ['EMC', OP.EMC],
  ['Tj', OP.Tj],
  ['TJ', OP.TJ],
  ["'", OP.Quote],
  ['"', OP.DoubleQuote],
  ['Tf', OP.Tf],
  ['Tm', OP.Tm],
  ['q', OP.q],
  ['Q', OP.Q],
  ['cm', OP.cm],
  ['Do', OP.Do],
  ['BI', OP.BI],
  ...['f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'S', 's', 'sh'].map((p): [string, number] => [
    p,
    OP.paint,
  ]),
]);
export const isTextShowing = (c: number): boolean => c >= OP.Tj && c <= OP.DoubleQuote;
export const isPainting = (c: number): boolean =>
  isTextShowing(c) || c === OP.paint || c === OP.Do || c === OP.BI;

/** The operation's text, operands and operator. */
export const opText = (ops: Ops, k: number): string => ops.s.slice(ops.start[k], ops.end[k]);
/** Its operands' text. */
export const operandText = (ops: Ops, k: number): string => ops.s.slice(ops.start[k], ops.opAt[k]);

/** A change to the stream: the text between `from` and `to` becomes `text`. */
export interface Edit {
  from: number;
  to: number;
  text: string;
}

/** Applies non-overlapping edits (inserts at one position keep their order). */
export function applyEdits(s: string, edits: Edit[]): string {
  const sorted = edits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.from - b.e.from || a.e.to - b.e.to || a.i - b.i);
  const parts: string[] = [];
  let pos = 0;
  for (const { e } of sorted) {
    if (e.from < pos) throw new Error(`internal: overlapping content edits at byte ${e.from}`);
    parts.push(s.slice(pos, e.from), e.text);
    pos = e.to;
  }
  parts.push(s.slice(pos));
  return parts.join('');
}

// Character classes by code: whitespace (1) and delimiters (2), for a tokenizer that
// runs over every byte of every page and must stay within a few milliseconds.
const CLASS = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) CLASS[c] = 1;
for (const c of '()<>[]{}/%') CLASS[c.charCodeAt(0)] = 2;
const isNumberStart = (c: number): boolean =>
  (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;

/** Splits a content stream into operations. */
export function tokenize(s: string): Ops {
  const n = s.length;
  // An operation takes at least two bytes ("q\n"): this bounds the count.
  const cap = (n >> 1) + 1;
  const start = new Uint32Array(cap);
  const opAt = new Uint32Array(cap);
  const end = new Uint32Array(cap);
  const code = new Uint8Array(cap);
  let count = 0;
  let from = -1; // where the current operation's first operand starts
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    const k = CLASS[c] ?? 0;
    if (k === 1) {
      i++;
      continue;
    }
    if (from < 0) from = i;
    if (c === 37 /* % */) {
      while (i < n && s.charCodeAt(i) !== 10 && s.charCodeAt(i) !== 13) i++;
      continue;
    }
    if (k === 2) {
      i = skipDelimited(s, i);
      continue;
    }
    let j = i;
    while (j < n && (CLASS[s.charCodeAt(j)] ?? 0) === 0) j++;
    if (
      isNumberStart(c) ||
      s.startsWith('true', i) ||
      s.startsWith('false', i) ||
      s.startsWith('null', i)
    ) {
      i = j;
      continue;
    }
    if (j - i === 2 && s.startsWith('BI', i)) {
      // Inline image: its data may hold any byte; it ends at "EI".
      const ei = s.indexOf('EI', s.indexOf('ID', j));
      j = ei < 0 ? n : ei + 2;
    }
    start[count] = from;
    opAt[count] = i;
    end[count] = j;
    code[count] = CODES.get(s.slice(i, j)) ?? OP.OTHER;
    count++;
    i = j;
    from = -1;
  }
  return { s, count, start, opAt, end, code };
}

/** The end of a string, dictionary, array bracket, name or hex string starting at `i`. */
function skipDelimited(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === 40 /* ( */) {
    let depth = 0;
    for (let j = i; j < s.length; j++) {
      const d = s.charCodeAt(j);
      if (d === 92 /* \ */) j++;
      else if (d === 40) depth++;
      else if (d === 41 && --depth === 0) return j + 1;
    }
    return s.length;
  }
  if (c === 60 /* < */ && s.charCodeAt(i + 1) === 60) {
    let depth = 0;
    for (let j = i; j < s.length; j++) {
      const d = s.charCodeAt(j);
      if (d === 40) j = skipDelimited(s, j) - 1;
      else if (d === 60 && s.charCodeAt(j + 1) === 60) {
        depth++;
        j++;
      } else if (d === 62 && s.charCodeAt(j + 1) === 62) {
        j++;
        if (--depth === 0) return j + 1;
      }
    }
    return s.length;
  }
  if (c === 60) {
    const e = s.indexOf('>', i);
    return e < 0 ? s.length : e + 1;
  }
  if (c === 47 /* / */) {
    let j = i + 1;
    while (j < s.length && (CLASS[s.charCodeAt(j)] ?? 0) === 0) j++;
    return j;
  }
  return i + 1;
}

/** Numbers before the operator, read fast (Tf, Tm, cm): non-numbers come back as NaN. */
export function numbers(ops: Ops, k: number): number[] {
  return operandText(ops, k).trim().split(/\s+/).map(Number);
}

export function operands(ops: Ops, k: number): PdfValue[] {
  const text = operandText(ops, k);
  const lex = new Lexer(text);
  const out: PdfValue[] = [];
  for (lex.skipSpace(); lex.pos < text.length; lex.skipSpace()) out.push(lex.value());
  return out;
}

/** Maps character codes of a font (2-byte for Identity-H) to Unicode text. */
export interface FontInfo {
  bytes: 1 | 2;
  map: Map<number, string>;
}

/** The fonts of a page's /Resources by resource name. */
export function pageFonts(pdf: PdfFile, page: PdfValue | undefined): Map<string, FontInfo> {
  const out = new Map<string, FontInfo>();
  const res = dictOf(pdf, isDict(page) ? page.entries.get('Resources') : undefined);
  const fonts = dictOf(pdf, res?.entries.get('Font'));
  for (const [key, v] of fonts?.entries ?? []) {
    const font = dictOf(pdf, v);
    if (!font) continue;
    const two = isName(font.entries.get('Subtype'), 'Type0');
    const tu = font.entries.get('ToUnicode');
    const map = new Map<number, string>();
    if (tu && typeof tu === 'object' && !Array.isArray(tu) && tu.kind === 'ref') {
      lookup(pdf, tu.num);
      const data = pdf.objects.get(tu.num)?.stream;
      if (data) parseCMap(Buffer.from(data).toString('latin1'), map);
    }
    out.set(key, { bytes: two ? 2 : 1, map });
  }
  return out;
}

const utf16 = (hex: string): string => {
  let s = '';
  for (let i = 0; i + 3 < hex.length + 0; i += 4)
    s += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return s;
};

/** bfchar and bfrange sections of a ToUnicode CMap. */
function parseCMap(s: string, map: Map<number, string>): void {
  for (const block of s.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of (block[1] ?? '').matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>/g))
      map.set(parseInt(m[1] ?? '0', 16), utf16(m[2] ?? ''));
  }
  for (const block of s.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of (block[1] ?? '').matchAll(
      /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]*>|\[[^\]]*\])/g,
    )) {
      const lo = parseInt(m[1] ?? '0', 16);
      const hi = parseInt(m[2] ?? '0', 16);
      const dst = m[3] ?? '';
      if (dst.startsWith('[')) {
        [...dst.matchAll(/<([0-9a-fA-F]*)>/g)].forEach((d, k) =>
          map.set(lo + k, utf16(d[1] ?? '')),
        );
      } else {
        const base = dst.slice(1, -1);
        const last = parseInt(base.slice(-4), 16);
        for (let c = lo; c <= hi; c++)
          map.set(c, utf16(base.slice(0, -4)) + String.fromCharCode(last + c - lo));
      }
    }
  }
}

/** The Unicode text a text-showing operation shows with `font`. */
export function shownText(ops: Ops, k: number, font: FontInfo | undefined): string {
  const c = ops.code[k] ?? OP.OTHER;
  if (!isTextShowing(c)) return '';
  let text = '';
  const hex = c === OP.Tj ? /^<([0-9A-Fa-f]*)>\s*$/.exec(operandText(ops, k)) : null;
  if (hex && font?.bytes === 2) {
    const h = hex[1] ?? '';
    for (let i = 0; i + 3 < h.length; i += 4)
      text += font.map.get(parseInt(h.slice(i, i + 4), 16)) ?? '\ufffd';
    return text;
  }
  const show = (v: PdfValue): void => {
    if (Array.isArray(v)) v.forEach(show);
    else if (isString(v)) {
      for (let i = 0; i + (font?.bytes ?? 1) - 1 < v.bytes.length; i += font?.bytes ?? 1) {
        const code =
          font?.bytes === 2
            ? (v.bytes.charCodeAt(i) << 8) | v.bytes.charCodeAt(i + 1)
            : v.bytes.charCodeAt(i);
        text += font?.map.get(code) ?? '\ufffd';
      }
    }
  };
  operands(ops, k).forEach(show);
  return text;
}
