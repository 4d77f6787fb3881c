// file: a PDF file as a table of objects, read through its cross-reference table and
// written back whole (no incremental update: the browser's clock-stamped Info must go).
// Objects nobody touched are copied as their original bytes: no full parse, no re-encoding.
import { createHash } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import { Lexer, isDict, isRef, serialize, str, type PdfDict, type PdfValue } from './objects.ts';

/** One indirect object: its raw bytes until something parses or replaces it. */
export interface PdfObject {
  raw?: string;
  value?: PdfValue;
  /** The stream's decoded (or, when `encoded`, still filtered) data; the value is its dictionary. */
  stream?: Uint8Array;
}

export interface PdfFile {
  objects: Map<number, PdfObject>;
  trailer: PdfDict;
}

/**
 * Reads the classic cross-reference table Chromium (Skia) writes, and the sections of
 * incremental updates before it (a seal is one): a later section's objects win.
 */
export function readPdf(bytes: Uint8Array): PdfFile {
  const s = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const at = s.lastIndexOf('startxref');
  let xref = Number(/startxref\s+(\d+)/.exec(s.slice(at))?.[1]);
  if (at < 0 || !s.startsWith('xref', xref))
    throw new Error(
      'PDF has no classic cross-reference table (object streams are not supported): was it printed by Chromium?',
    );
  const objects = new Map<number, PdfObject>();
  let trailer: PdfDict | undefined;
  const seen = new Set<number>();
  while (!seen.has(xref)) {
    seen.add(xref);
    const section = readSection(s, xref, objects);
    trailer ??= section;
    const prev = section.entries.get('Prev');
    if (typeof prev !== 'number' || !s.startsWith('xref', prev)) break;
    xref = prev;
  }
  return { objects, trailer: trailer as PdfDict };
}

/** One cross-reference section and its trailer; objects already known (from a later section) are kept. */
function readSection(s: string, xref: number, objects: Map<number, PdfObject>): PdfDict {
  const lex = new Lexer(s, xref + 4);
  for (;;) {
    const first = lex.peekWord();
    if (!/^\d+$/.test(first)) break;
    lex.pos += first.length;
    const count = Number(lex.peekWord());
    lex.pos += String(count).length;
    lex.skipSpace();
    for (let i = 0; i < count; i++) {
      const line = s.slice(lex.pos, lex.pos + 20);
      lex.pos += 20;
      const num = Number(first) + i;
      if (line[17] !== 'n' || objects.has(num)) continue;
      const offset = Number(line.slice(0, 10));
      const head = /^\s*(\d+)\s+(\d+)\s+obj/.exec(s.slice(offset, offset + 40));
      if (!head || Number(head[1]) !== num)
        throw new Error(
          `PDF cross-reference entry ${num} points at byte ${offset}, where object ${num} is not`,
        );
      const end = s.indexOf('endobj', offset);
      objects.set(num, { raw: s.slice(offset + head[0].length, end) });
    }
  }
  if (lex.peekWord() !== 'trailer')
    throw new Error('PDF trailer not found after the cross-reference table');
  lex.pos += 'trailer'.length;
  const trailer = lex.value();
  if (!isDict(trailer)) throw new Error('PDF trailer is not a dictionary');
  return trailer;
}

/** The value of object `num` (parsed on first use); the stream, if any, is split off and inflated. */
export function lookup(pdf: PdfFile, num: number): PdfValue | undefined {
  const o = pdf.objects.get(num);
  if (!o) return undefined;
  if (o.value === undefined && o.raw !== undefined) {
    const lex = new Lexer(o.raw);
    o.value = lex.value();
    if (lex.peekWord() === 'stream') {
      const d = o.value as PdfDict;
      let start = o.raw.indexOf('stream', lex.pos) + 6;
      if (o.raw[start] === '\r') start++;
      if (o.raw[start] === '\n') start++;
      const length = d.entries.get('Length');
      if (typeof length !== 'number')
        throw new Error(`PDF object ${num}: stream length is not a direct number`);
      let data: Uint8Array = Buffer.from(o.raw.slice(start, start + length), 'latin1');
      const filter = d.entries.get('Filter');
      if (filter !== undefined) {
        if (!(
          typeof filter === 'object' &&
          filter !== null &&
          !Array.isArray(filter) &&
          filter.kind === 'name' &&
          filter.name === 'FlateDecode'
        ))
          throw new Error(`PDF object ${num}: unsupported stream filter ${serialize(filter)}`);
        data = inflateSync(data);
        d.entries.delete('Filter');
      }
      d.entries.delete('Length');
      o.stream = data;
    }
    delete o.raw;
  }
  return o.value;
}

/** Follows a reference (or returns a direct value). */
export function resolve(pdf: PdfFile, v: PdfValue | undefined): PdfValue | undefined {
  return isRef(v) ? lookup(pdf, v.num) : v;
}

export function dictOf(pdf: PdfFile, v: PdfValue | undefined): PdfDict | undefined {
  const d = resolve(pdf, v);
  return isDict(d) ? d : undefined;
}

export function catalog(pdf: PdfFile): PdfDict {
  const root = dictOf(pdf, pdf.trailer.entries.get('Root'));
  if (!root) throw new Error('PDF has no catalog');
  return root;
}

/** Page dictionaries in order, each with its object number. */
export function pages(pdf: PdfFile): Array<{ num: number; page: PdfDict }> {
  const out: Array<{ num: number; page: PdfDict }> = [];
  const walk = (v: PdfValue | undefined): void => {
    if (!isRef(v)) return;
    const node = dictOf(pdf, v);
    if (!node) return;
    const kids = node.entries.get('Kids');
    if (Array.isArray(kids)) kids.forEach(walk);
    else out.push({ num: v.num, page: node });
  };
  walk(catalog(pdf).entries.get('Pages'));
  return out;
}

/** Adds an object under the next free number. */
export function addObject(pdf: PdfFile, value: PdfValue, stream?: Uint8Array): number {
  const num = Math.max(0, ...pdf.objects.keys()) + 1;
  pdf.objects.set(num, stream ? { value, stream } : { value });
  return num;
}

export interface WriteOptions {
  /** Streams of at least this many bytes are compressed (content and fonts); XMP never is. */
  uncompressed?: Set<number>;
}

/**
 * Writes the whole file: header with the binary comment PDF/A asks for, every object in
 * number order, one cross-reference table, and a trailer /ID derived from the content,
 * so that equal inputs give equal bytes.
 */
export function writePdf(pdf: PdfFile, options: WriteOptions = {}): Uint8Array {
  const chunks: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = chunks[0]?.length ?? 0;
  const offsets = new Map<number, number>();
  const nums = [...pdf.objects.keys()].sort((a, b) => a - b);
  const hash = createHash('md5');
  for (const num of nums) {
    const o = pdf.objects.get(num) as PdfObject;
    let body: Buffer;
    if (o.raw !== undefined) body = Buffer.from(`${num} 0 obj\n${o.raw}endobj\n`, 'latin1');
    else if (o.stream) {
      const d = o.value as PdfDict;
      const plain = options.uncompressed?.has(num) ?? false;
      const data = plain ? Buffer.from(o.stream) : deflateSync(o.stream);
      const entries = new Map(d.entries);
      if (!plain) entries.set('Filter', { kind: 'name', name: 'FlateDecode' });
      entries.set('Length', data.length);
      body = Buffer.concat([
        Buffer.from(`${num} 0 obj\n${serialize({ kind: 'dict', entries })}\nstream\n`, 'latin1'),
        data,
        Buffer.from('\nendstream\nendobj\n', 'latin1'),
      ]);
    } else body = Buffer.from(`${num} 0 obj\n${serialize(o.value ?? null)}\nendobj\n`, 'latin1');
    offsets.set(num, length);
    chunks.push(body);
    hash.update(body);
    length += body.length;
  }
  const size = (nums[nums.length - 1] ?? 0) + 1;
  let xref = `xref\n0 ${size}\n0000000000 65535 f \n`;
  for (let n = 1; n < size; n++) {
    const off = offsets.get(n);
    xref +=
      off === undefined ? '0000000000 65535 f \n' : `${String(off).padStart(10, '0')} 00000 n \n`;
  }
  const id = str(hash.digest().toString('latin1'), true);
  const trailer = new Map<string, PdfValue>([['Size', size]]);
  for (const k of ['Root', 'Info'] as const) {
    const v = pdf.trailer.entries.get(k);
    if (v !== undefined) trailer.set(k, v);
  }
  trailer.set('ID', [id, id]);
  chunks.push(
    Buffer.from(
      `${xref}trailer\n${serialize({ kind: 'dict', entries: trailer })}\nstartxref\n${length}\n%%EOF\n`,
      'latin1',
    ),
  );
  return new Uint8Array(Buffer.concat(chunks));
}
