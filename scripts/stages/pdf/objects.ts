// objects: the PDF object syntax (ISO 32000-1 §7.3) as plain data, parsed from and
// written to latin1 strings, one byte a character. Only what Chromium's files use.

export type PdfValue =
  number | boolean | null | PdfName | PdfRef | PdfString | PdfValue[] | PdfDict;
export interface PdfName {
  kind: 'name';
  name: string;
}
export interface PdfRef {
  kind: 'ref';
  num: number;
  gen: number;
}
/** A string's bytes as latin1 characters; `hex` keeps how it was written. */
export interface PdfString {
  kind: 'string';
  bytes: string;
  hex: boolean;
}
export interface PdfDict {
  kind: 'dict';
  entries: Map<string, PdfValue>;
}

export const name = (n: string): PdfName => ({ kind: 'name', name: n });
export const ref = (num: number): PdfRef => ({ kind: 'ref', num, gen: 0 });
export const str = (bytes: string, hex = false): PdfString => ({ kind: 'string', bytes, hex });
export const dict = (entries: Record<string, PdfValue>): PdfDict => ({
  kind: 'dict',
  entries: new Map(Object.entries(entries)),
});

/** A text string (§7.9.2.2): latin1 when it fits in PDFDocEncoding's ASCII part, UTF-16BE with a BOM otherwise. */
export function textString(s: string): PdfString {
  if (/^[\x20-\x7e]*$/.test(s)) return str(s);
  let out = '\xfe\xff';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += String.fromCharCode(c >> 8, c & 0xff);
  }
  return str(out, true);
}

/** The Unicode text of a text string (UTF-16BE with BOM, or PDFDocEncoding's ASCII/latin1 part). */
export function decodeText(s: PdfString): string {
  const b = s.bytes;
  if (b.startsWith('\xfe\xff')) {
    let out = '';
    for (let i = 2; i + 1 < b.length; i += 2)
      out += String.fromCharCode((b.charCodeAt(i) << 8) | b.charCodeAt(i + 1));
    return out;
  }
  return b;
}

export const isName = (v: PdfValue | undefined, n?: string): v is PdfName =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  v.kind === 'name' &&
  (n === undefined || v.name === n);
export const isRef = (v: PdfValue | undefined): v is PdfRef =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && v.kind === 'ref';
export const isDict = (v: PdfValue | undefined): v is PdfDict =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && v.kind === 'dict';
export const isString = (v: PdfValue | undefined): v is PdfString =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && v.kind === 'string';

const DELIMITER = new Set([...'()<>[]{}/%']);
const WHITE = new Set([' ', '\n', '\r', '\t', '\f', '\0']);

/** Reads PDF objects from a latin1 string, from `pos` on. */
export class Lexer {
  constructor(
    readonly s: string,
    public pos = 0,
  ) {}

  skipSpace(): void {
    const s = this.s;
    for (;;) {
      const c = s[this.pos];
      if (c === undefined) return;
      if (WHITE.has(c)) this.pos++;
      else if (c === '%')
        while (this.pos < s.length && s[this.pos] !== '\n' && s[this.pos] !== '\r') this.pos++;
      else return;
    }
  }

  /** A bare word (number, keyword, true/false/null) at the position, without consuming it. */
  peekWord(): string {
    this.skipSpace();
    let end = this.pos;
    while (
      end < this.s.length &&
      !WHITE.has(this.s[end] as string) &&
      !DELIMITER.has(this.s[end] as string)
    )
      end++;
    return this.s.slice(this.pos, end);
  }

  value(): PdfValue {
    this.skipSpace();
    const s = this.s;
    const c = s[this.pos];
    if (c === '/') return name(this.nameToken());
    if (c === '(') return str(this.literal());
    if (c === '<' && s[this.pos + 1] === '<') return this.dictionary();
    if (c === '<') return str(this.hexString(), true);
    if (c === '[') {
      this.pos++;
      const items: PdfValue[] = [];
      for (this.skipSpace(); s[this.pos] !== ']'; this.skipSpace()) {
        if (this.pos >= s.length) throw new Error('unterminated array');
        items.push(this.value());
      }
      this.pos++;
      return items;
    }
    const word = this.peekWord();
    if (word === '') throw new Error(`unexpected "${c ?? 'end of data'}" at byte ${this.pos}`);
    this.pos += word.length;
    if (word === 'true' || word === 'false') return word === 'true';
    if (word === 'null') return null;
    const n = Number(word);
    if (Number.isNaN(n)) throw new Error(`unexpected "${word}" at byte ${this.pos - word.length}`);
    // "12 0 R" is a reference: look ahead without consuming unless it is one.
    if (Number.isInteger(n) && n >= 0) {
      const save = this.pos;
      const gen = this.peekWord();
      if (/^\d+$/.test(gen)) {
        this.pos += gen.length;
        if (this.peekWord() === 'R') {
          this.pos += 1;
          return { kind: 'ref', num: n, gen: Number(gen) };
        }
      }
      this.pos = save;
    }
    return n;
  }

  dictionary(): PdfDict {
    this.pos += 2;
    const entries = new Map<string, PdfValue>();
    for (this.skipSpace(); this.s.slice(this.pos, this.pos + 2) !== '>>'; this.skipSpace()) {
      if (this.pos >= this.s.length) throw new Error('unterminated dictionary');
      const key = this.nameToken();
      entries.set(key, this.value());
    }
    this.pos += 2;
    return { kind: 'dict', entries };
  }

  nameToken(): string {
    if (this.s[this.pos] !== '/') throw new Error(`expected a name at byte ${this.pos}`);
    let end = this.pos + 1;
    while (
      end < this.s.length &&
      !WHITE.has(this.s[end] as string) &&
      !DELIMITER.has(this.s[end] as string)
    )
      end++;
    const raw = this.s.slice(this.pos + 1, end);
    this.pos = end;
    return raw.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) =>
      String.fromCharCode(parseInt(h, 16)),
    );
  }

  literal(): string {
    const s = this.s;
    let depth = 0;
    let out = '';
    for (let i = this.pos; i < s.length; i++) {
      const c = s[i] as string;
      if (c === '\\') {
        const n = s[++i] as string;
        const esc: Record<string, string> = {
          n: '\n',
          r: '\r',
          t: '\t',
          b: '\b',
          f: '\f',
          '(': '(',
          ')': ')',
          '\\': '\\',
        };
        if (esc[n] !== undefined) out += esc[n];
        else if (/[0-7]/.test(n)) {
          let oct = n;
          while (oct.length < 3 && /[0-7]/.test(s[i + 1] ?? '')) oct += s[++i];
          out += String.fromCharCode(parseInt(oct, 8) & 0xff);
        } else if (n === '\r' && s[i + 1] === '\n') i++;
        else if (n !== '\n' && n !== '\r') out += n;
        continue;
      }
      if (c === '(') depth++;
      else if (c === ')') depth--;
      if (depth === 0) {
        this.pos = i + 1;
        return out.slice(1);
      }
      out += c;
    }
    throw new Error('unterminated string');
  }

  hexString(): string {
    const end = this.s.indexOf('>', this.pos);
    if (end < 0) throw new Error('unterminated hex string');
    let hex = this.s.slice(this.pos + 1, end).replace(/\s+/g, '');
    if (hex.length % 2) hex += '0';
    this.pos = end + 1;
    let out = '';
    for (let i = 0; i < hex.length; i += 2)
      out += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16));
    return out;
  }
}

export function parseValue(s: string): PdfValue {
  return new Lexer(s).value();
}

/** Writes a value back as PDF syntax. */
export function serialize(v: PdfValue): string {
  if (v === null) return 'null';
  if (typeof v === 'number')
    return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e6) / 1e6);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(serialize).join(' ')}]`;
  switch (v.kind) {
    case 'name':
      return `/${v.name.replace(/[^!-~]|[()<>[\]{}/%#]/g, (c) => `#${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}`;
    case 'ref':
      return `${v.num} ${v.gen} R`;
    case 'string':
      if (v.hex)
        return `<${[...v.bytes].map((c) => c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()).join('')}>`;
      return `(${v.bytes.replace(/[\\()]/g, (c) => `\\${c}`).replace(/\r/g, '\\r')})`;
    case 'dict':
      return `<<${[...v.entries].map(([k, x]) => `${serialize(name(k))} ${serialize(x)}`).join('\n')}>>`;
  }
}
