// seal: the place of a PAdES seal in a finished PDF, written as an incremental update so
// that every byte of the PDF/A-2u + PDF/UA-1 file stays as it was: a signature dictionary
// (/SubFilter /ETSI.CAdES.detached, /M from the edition's date), an invisible signature
// field on the first page (Rect 0 0 0 0, printed, locked, with a description /TU), the
// catalog's /AcroForm, the page's /Annots (its /Tabs /S kept), and the trailer's /ID
// carried over. `fillSeal` then writes the CMS into the reserved /Contents; `readSeal`
// finds it again for a verifier.
import { catalog, lookup, pages, readPdf, resolve } from './file.ts';
import {
  decodeText,
  isDict,
  isName,
  isRef,
  isString,
  name,
  ref,
  serialize,
  textString,
  type PdfDict,
  type PdfValue,
} from './objects.ts';

export interface SealInfo {
  /** /M: the signing time written in the PDF (the edition's date, for reproducible bytes). */
  date: Date;
  /** The field's description (/TU) and the signature's /Reason: which edition this seals. */
  description: string;
  /** /Name: who seals (the certificate subject's common name). */
  signer: string;
  /** Bytes reserved for the CMS. */
  size: number;
}

export interface PlacedSeal {
  /** The PDF with its update; /Contents still zeros. */
  bytes: Uint8Array;
  byteRange: [number, number, number, number];
}

const pdfDate = (d: Date): string => `D:${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
const RANGE_WIDTH = 36;

/** The dictionary of object `num` as a new value (entries copied), for an update to change. */
function copyDict(value: PdfValue | undefined, what: string): PdfDict {
  if (!isDict(value)) throw new Error(`PDF ${what} is not a dictionary`);
  return { kind: 'dict', entries: new Map(value.entries) };
}

/** The update's objects: page and catalog as changed, the signature and its field as new. */
function updatedObjects(input: Uint8Array, info: SealInfo) {
  const pdf = readPdf(input);
  const rootRef = pdf.trailer.entries.get('Root');
  const first = pages(pdf)[0];
  if (!isRef(rootRef) || !first) throw new Error('PDF has no catalog or no page to seal');
  const root = copyDict(catalog(pdf), 'catalog');
  if (root.entries.has('AcroForm')) throw new Error('PDF already has a form (or a seal)');
  const size = Math.max(0, ...pdf.objects.keys()) + 1;
  const [sigNum, fieldNum] = [size, size + 1];
  root.entries.set('AcroForm', {
    kind: 'dict',
    entries: new Map<string, PdfValue>([
      ['Fields', [ref(fieldNum)]],
      ['SigFlags', 3],
    ]),
  });
  const page = copyDict(lookup(pdf, first.num), 'page');
  const annots = resolve(pdf, page.entries.get('Annots'));
  page.entries.set('Annots', [...(Array.isArray(annots) ? annots : []), ref(fieldNum)]);
  page.entries.set('Tabs', name('S'));
  const field = new Map<string, PdfValue>([
    ['Type', name('Annot')],
    ['Subtype', name('Widget')],
    ['FT', name('Sig')],
    ['T', textString('Seal')],
    ['TU', textString(info.description)],
    ['V', ref(sigNum)],
    // Print (4) and Locked (128): PDF/A-2 6.3.2 wants every annotation printed; zero size, no appearance needed.
    ['F', 132],
    ['Rect', [0, 0, 0, 0]],
    ['P', ref(first.num)],
  ]);
  return {
    pdf,
    size: size + 2,
    changed: new Map<number, string>([
      [rootRef.num, serialize(root)],
      [first.num, serialize(page)],
      [fieldNum, serialize({ kind: 'dict', entries: field })],
    ]),
    sigNum,
  };
}

/** The signature dictionary with its placeholders: /ByteRange spaces, /Contents zeros. */
function signatureDict(info: SealInfo): string {
  return [
    '<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached',
    `/ByteRange [${' '.repeat(RANGE_WIDTH)}]`,
    `/Contents <${'0'.repeat(info.size * 2)}>`,
    `/M ${serialize(textString(pdfDate(info.date)))}`,
    `/Name ${serialize(textString(info.signer))}`,
    `/Reason ${serialize(textString(info.description))}>>`,
  ].join('\n');
}

/** Appends the seal's incremental update to a finished PDF; the CMS is written by `fillSeal`. */
export function placeSeal(input: Uint8Array, info: SealInfo): PlacedSeal {
  const { pdf, size, changed, sigNum } = updatedObjects(input, info);
  changed.set(sigNum, signatureDict(info));
  const head = Buffer.from(input).toString('latin1');
  const prev = Number(/startxref\s+(\d+)/.exec(head.slice(head.lastIndexOf('startxref')))?.[1]);
  let body = head.endsWith('\n') ? '' : '\n';
  const offsets = new Map<number, number>();
  for (const num of [...changed.keys()].sort((a, b) => a - b)) {
    offsets.set(num, input.length + body.length);
    body += `${num} 0 obj\n${changed.get(num)}\nendobj\n`;
  }
  const xrefAt = input.length + body.length;
  body += 'xref\n';
  for (const [num, off] of [...offsets].sort((a, b) => a[0] - b[0]))
    body += `${num} 1\n${String(off).padStart(10, '0')} 00000 n \n`;
  const trailer = new Map<string, PdfValue>([['Size', size]]);
  for (const k of ['Root', 'Info', 'ID'] as const) {
    const v = pdf.trailer.entries.get(k);
    if (v !== undefined) trailer.set(k, v);
  }
  trailer.set('Prev', prev);
  body += `trailer\n${serialize({ kind: 'dict', entries: trailer })}\nstartxref\n${xrefAt}\n%%EOF\n`;
  const bytes = Buffer.concat([Buffer.from(input), Buffer.from(body, 'latin1')]);
  const sigAt = input.length + body.indexOf(`${sigNum} 0 obj\n`);
  const text = bytes.toString('latin1');
  const start = text.indexOf('/Contents <', sigAt) + '/Contents '.length;
  const end = start + info.size * 2 + 2;
  const byteRange: PlacedSeal['byteRange'] = [0, start, end, bytes.length - end];
  const range = `0 ${start} ${end} ${bytes.length - end}`.padEnd(RANGE_WIDTH, ' ');
  const rangeAt = text.indexOf('/ByteRange [', sigAt) + '/ByteRange ['.length;
  bytes.write(range, rangeAt, 'latin1');
  return { bytes: new Uint8Array(bytes), byteRange };
}

/** The bytes a seal covers: everything but the /Contents string. */
export function signedBytes(bytes: Uint8Array, range: readonly number[]): Uint8Array {
  const [a = 0, b = 0, c = 0, d = 0] = range;
  return new Uint8Array(Buffer.concat([bytes.subarray(a, a + b), bytes.subarray(c, c + d)]));
}

/** Writes the CMS into the reserved /Contents (hex, zero-padded). */
export function fillSeal(placed: PlacedSeal, cms: Uint8Array): Uint8Array {
  const [, start, end] = placed.byteRange;
  const room = (end - start - 2) / 2;
  if (cms.length > room)
    throw new Error(`the seal's CMS (${cms.length} bytes) does not fit the ${room} bytes reserved`);
  const out = Buffer.from(placed.bytes);
  out.write(Buffer.from(cms).toString('hex').toUpperCase(), start + 1, 'latin1');
  return new Uint8Array(out);
}

/** A seal as found in a PDF: its dictionary's entries and the CMS. */
export interface FoundSeal {
  subFilter: string;
  byteRange: number[];
  cms: Uint8Array;
  /** /M as written (D:YYYYMMDDHHmmSSZ). */
  date: string | undefined;
  name: string | undefined;
  reason: string | undefined;
  /** The field's flags (/F) and whether its page has /Tabs /S. */
  fieldFlags: number | undefined;
  tabs: boolean;
}

/** The seals of a PDF's signature fields (none: an unsealed PDF). */
export function readSeals(bytes: Uint8Array): FoundSeal[] {
  const pdf = readPdf(bytes);
  const form = resolve(pdf, catalog(pdf).entries.get('AcroForm'));
  const fields = isDict(form) ? resolve(pdf, form.entries.get('Fields')) : undefined;
  const out: FoundSeal[] = [];
  for (const f of Array.isArray(fields) ? fields : []) {
    const field = resolve(pdf, f);
    if (!isDict(field) || !isName(field.entries.get('FT'), 'Sig')) continue;
    const sig = resolve(pdf, field.entries.get('V'));
    if (!isDict(sig)) continue;
    const e = sig.entries;
    const contents = e.get('Contents');
    const range = resolve(pdf, e.get('ByteRange'));
    const page = resolve(pdf, field.entries.get('P'));
    const text = (k: string) => {
      const v = e.get(k);
      return isString(v) ? decodeText(v) : undefined;
    };
    out.push({
      subFilter: isName(e.get('SubFilter')) ? (e.get('SubFilter') as { name: string }).name : '',
      byteRange: Array.isArray(range)
        ? range.filter((n): n is number => typeof n === 'number')
        : [],
      cms: isString(contents) ? trimDer(Buffer.from(contents.bytes, 'latin1')) : new Uint8Array(),
      date: text('M'),
      name: text('Name'),
      reason: text('Reason'),
      fieldFlags:
        typeof field.entries.get('F') === 'number' ? (field.entries.get('F') as number) : undefined,
      tabs: isDict(page) && isName(page.entries.get('Tabs'), 'S'),
    });
  }
  return out;
}

/** The CMS without the zero padding after its DER end. */
function trimDer(padded: Buffer): Uint8Array {
  if (padded[0] !== 0x30 || padded.length < 2) return new Uint8Array(padded);
  const l = padded[1] ?? 0;
  if (l < 0x80) return new Uint8Array(padded.subarray(0, 2 + l));
  const n = l & 0x7f;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + (padded[2 + i] ?? 0);
  return new Uint8Array(padded.subarray(0, 2 + n + len));
}
