// signoff-message: the exact bytes an SSH signature of a sign-off covers (pure).
//
//   selec-signoff v1\n
//   language: <code>\n
//   <the entry as canonical JSON, without "signature">\n
//
// The canonical JSON is the entry's every field except the top-level "signature", keys
// sorted at every depth (UTF-16 order, as `jq -S` for the ASCII field names), strings and
// keys in NFC, no spaces, one trailing newline: exactly what
//   jq -cS 'del(.signature)'
// prints for a line of signoffs.jsonl written in NFC, so a signature can be checked by hand
// with jq and ssh-keygen alone (README, "Signed sign-offs"). The language is the file's
// (translations/<lang>/signoffs.jsonl), never a claim of the entry: a line copied from hr's
// file into sr's no longer verifies. Changing any signed field (status, by, date, the
// fingerprints, the note, the document, the signer) changes the message and so breaks
// the signature; the first line keeps these signatures apart from any other text signed
// with the same key and namespace, and names the version of this format.

/**
 * The namespace of sign-off signatures (`ssh-keygen -Y sign -n`): a key's signatures of
 * commits ("git") or files ("file") can never pass for sign-offs, nor the reverse.
 */
export const SIGNOFF_NAMESPACE = 'selec-signoff';
/** The first line of every signed message; a new format gets a new version. */
export const SIGNOFF_MESSAGE_HEADER = 'selec-signoff v1';
/** The field of an entry that holds its signature, and so is not part of what it signs. */
export const SIGNATURE_FIELD = 'signature';

/**
 * The message a sign-off's signature covers: header, language line, canonical JSON.
 * @example canonicalSignoffMessage({ status: 'approved', document: 'jd', by: 'A' }, 'hr')
 * // 'selec-signoff v1\nlanguage: hr\n{"by":"A","document":"jd","status":"approved"}\n'
 */
export function canonicalSignoffMessage(entry: Record<string, unknown>, language: string): string {
  if (!/^[A-Za-z0-9-]+$/.test(language))
    throw new TypeError(`canonicalSignoffMessage: "${language}" is not a language code`);
  const signed = Object.fromEntries(Object.entries(entry).filter(([k]) => k !== SIGNATURE_FIELD));
  return `${SIGNOFF_MESSAGE_HEADER}\nlanguage: ${language}\n${canonicalJson(signed)}\n`;
}

/**
 * JSON with keys sorted at every depth, strings NFC, undefined fields left out (as
 * JSON.stringify does), and DEL escaped as \u007f (as jq writes it). Anything that is not
 * JSON data (a function, a bigint, NaN, a Date) is a bug of the caller and throws.
 * @example canonicalJson({ b: 1, a: ['é'] }) // '{"a":["é"],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalValue(value, '$')).replace(/\u007f/g, '\\u007f');
}

// The value with sorted keys and NFC text, checked to be plain JSON data.
function canonicalValue(value: unknown, path: string): unknown {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.normalize('NFC');
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${path} is not finite`);
    return value;
  }
  if (Array.isArray(value)) return value.map((v, i) => canonicalValue(v, `${path}[${i}]`));
  if (typeof value === 'object' && isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k.normalize('NFC'), v] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [k, v] of entries) {
      if (Object.hasOwn(out, k)) throw new TypeError(`canonicalJson: ${path} has "${k}" twice`);
      Object.defineProperty(out, k, { value: canonicalValue(v, `${path}.${k}`), enumerable: true });
    }
    return out;
  }
  throw new TypeError(`canonicalJson: ${path} is ${typeof value}, not JSON data`);
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
