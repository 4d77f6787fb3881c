// der: the few ASN.1 DER encodings and the one reader the seal needs (CMS, RFC 3161).
// Definite lengths only; SET OF is sorted as DER asks; raw bytes (a certificate, a Name)
// go in untouched, so what was signed is what is written.

/** One element as read: its tag byte, where it starts, its content and whole encoding. */
export interface Tlv {
  tag: number;
  /** The content octets. */
  value: Uint8Array;
  /** The whole element: tag, length and content. */
  raw: Uint8Array;
}

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}

/** An element of any tag around `content`. */
export function tlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(content);
  return new Uint8Array(Buffer.concat([Buffer.from([tag, ...lengthBytes(body.length)]), body]));
}

export const seq = (...items: Uint8Array[]): Uint8Array => tlv(0x30, ...items);

/** SET OF, its elements in the order of their encodings (X.690 11.6). */
export const set = (...items: Uint8Array[]): Uint8Array =>
  tlv(0x31, ...[...items].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));

/** A context-specific tag: `[n]` constructed (explicit, or implicit over a constructed type) or primitive. */
export const ctx = (n: number, constructed: boolean, ...content: Uint8Array[]): Uint8Array =>
  tlv((constructed ? 0xa0 : 0x80) | n, ...content);

export const octets = (data: Uint8Array): Uint8Array => tlv(0x04, data);
export const nul = (): Uint8Array => tlv(0x05);
export const bool = (v: boolean): Uint8Array => tlv(0x01, Uint8Array.of(v ? 0xff : 0));

/** A non-negative INTEGER from a number or big-endian bytes. */
export function int(v: number | Uint8Array): Uint8Array {
  let bytes: number[];
  if (typeof v === 'number') {
    bytes = [];
    for (let n = v; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
    if (bytes.length === 0) bytes = [0];
  } else bytes = [...v];
  while (bytes.length > 1 && bytes[0] === 0 && ((bytes[1] ?? 0) & 0x80) === 0) bytes.shift();
  if (((bytes[0] ?? 0) & 0x80) !== 0) bytes.unshift(0);
  return tlv(0x02, Uint8Array.from(bytes));
}

export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const out: number[] = [(arcs[0] ?? 0) * 40 + (arcs[1] ?? 0)];
  for (const arc of arcs.slice(2)) {
    const chunk = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128))
      chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Uint8Array.from(out));
}

/** An AlgorithmIdentifier: the OID, with NULL parameters where the algorithm's RFC writes them. */
export const algorithm = (dotted: string, nullParams = false): Uint8Array =>
  nullParams ? seq(oid(dotted), nul()) : seq(oid(dotted));

/** Reads the element at `at`; throws on anything but DER's definite lengths. */
export function read(bytes: Uint8Array, at = 0): Tlv {
  const tag = bytes[at];
  let len = bytes[at + 1];
  if (tag === undefined || len === undefined) throw new Error(`DER: truncated at byte ${at}`);
  let head = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new Error(`DER: unsupported length at byte ${at}`);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (bytes[at + 2 + i] ?? 0);
    head += n;
  }
  if (at + head + len > bytes.length)
    throw new Error(`DER: element at byte ${at} runs past the end`);
  return {
    tag,
    value: bytes.subarray(at + head, at + head + len),
    raw: bytes.subarray(at, at + head + len),
  };
}

/** The elements inside a constructed element, in order. */
export function children(el: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = 0; at < el.value.length;) {
    const child = read(el.value, at);
    out.push(child);
    at += child.raw.length;
  }
  return out;
}

/** The dotted form of an OBJECT IDENTIFIER element. */
export function oidOf(el: Tlv): string {
  if (el.tag !== 0x06) throw new Error('DER: not an object identifier');
  const first = el.value[0] ?? 0;
  const arcs = [
    Math.min(2, Math.floor(first / 40)),
    first - Math.min(2, Math.floor(first / 40)) * 40,
  ];
  let v = 0;
  for (const b of el.value.subarray(1)) {
    v = v * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      arcs.push(v);
      v = 0;
    }
  }
  return arcs.join('.');
}

/** A GeneralizedTime or UTCTime element as a Date. */
export function timeOf(el: Tlv): Date {
  const s = Buffer.from(el.value).toString('latin1');
  const m = /^(\d{2,4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?Z$/.exec(s);
  if (!m) throw new Error(`DER: unreadable time "${s}"`);
  const year =
    el.tag === 0x17 ? 2000 + Number(m[1]) - (Number(m[1]) >= 50 ? 100 : 0) : Number(m[1]);
  return new Date(
    Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)),
  );
}
