// allowed-signers: OpenSSH's allowed-signers file (ssh-keygen(1), ALLOWED SIGNERS) read and
// checked line by line, and the public key inside an SSH signature (pure).
//
//   ana.horvat@mup.hr namespaces="selec-signoff" ssh-ed25519 AAAAC3Nz… ana@laptop
//
// ssh-keygen -Y verify and git read the file as it is; this reader is stricter, so that a
// mistake is told at its line before any signature is checked: one literal principal a
// line (a pattern such as *@mup.hr would let anyone of a domain sign), no cert-authority
// (each reviewer's own key is listed), a key whose type and base64 agree, namespaces that
// admit sign-offs, a key listed once. The trailing comment is free text, as ssh-keygen
// allows; who a principal is (name, role, languages) is in signers.json (stages/signers.ts).
import { createHash } from 'node:crypto';
import { UserError } from '../errors.ts';
import { SIGNOFF_NAMESPACE } from './signoff-message.ts';

/** Key types ssh-keygen -Y sign supports (DSA is gone from OpenSSH). */
export const KEY_TYPES: readonly string[] = [
  'ssh-ed25519',
  'sk-ssh-ed25519@openssh.com',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ecdsa-sha2-nistp256@openssh.com',
  'ssh-rsa',
];

/** A principal: one identity USER@DOMAIN, as ssh-keygen's -I takes it, no pattern. */
export const PRINCIPAL_PATTERN = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/;

/** One key line of an allowed-signers file. */
export interface AllowedKey {
  principal: string;
  keyType: string;
  /** The public key blob, base64, as written. */
  key: string;
  /** "SHA256:…", as ssh-keygen -l and -Y verify print it. */
  fingerprint: string;
  /** The namespaces="…" pattern list, when the line restricts them. */
  namespaces?: string;
  /** valid-after / valid-before, as written (YYYYMMDD[HHMM[SS]][Z]). */
  validAfter?: string;
  validBefore?: string;
  /** The free text after the key. */
  comment?: string;
  /** 1-based line in the file. */
  line: number;
}

const HINT =
  'Each line is: <principal> namespaces="selec-signoff" <key type> <base64 key> [comment], ' +
  "the principal and key as in the reviewer's ~/.ssh/id_ed25519.pub " +
  '(see README, "Signed sign-offs").';

/**
 * The key lines of an allowed-signers file, each checked; a bad line is a UserError naming
 * file:line. Empty lines and lines starting with # are comments, as for ssh-keygen.
 * @example parseAllowedSigners('translations/allowed_signers', text)[0].fingerprint // 'SHA256:…'
 */
export function parseAllowedSigners(file: string, text: string): AllowedKey[] {
  const out: AllowedKey[] = [];
  const seen = new Map<string, AllowedKey>();
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.trim().startsWith('#')) return;
    const key = parseKeyLine(line, file, i + 1);
    const first = seen.get(key.fingerprint);
    if (first)
      throw new UserError(
        `this key (${key.fingerprint}) is already on line ${first.line}` +
          (first.principal === key.principal ? '' : ` for ${first.principal}`),
        'List each key once: a key belongs to one reviewer. Delete this line.',
        { file, line: i + 1 },
        { rule: 'allowed-signers' },
      );
    seen.set(key.fingerprint, key);
    out.push(key);
  });
  return out;
}

// One key line: principal, [options], key type, base64 key, [comment].
function parseKeyLine(line: string, file: string, lineNo: number): AllowedKey {
  const fail: Fail = (what, hint = HINT) => {
    throw new UserError(what, hint, { file, line: lineNo }, { rule: 'allowed-signers' });
  };
  const fields = splitFields(line, 4);
  const principal = fields[0]?.text ?? '';
  const second = fields[1]?.text ?? '';
  checkPrincipal(principal, fail);
  const hasOptions = !KEY_TYPES.includes(second) && !/^(ssh|ecdsa|sk)-/.test(second);
  const keyField = fields[hasOptions ? 3 : 2];
  const keyType = fields[hasOptions ? 2 : 1]?.text ?? '';
  if (!keyField) return fail('a key line needs a principal, a key type and the key');
  if (!KEY_TYPES.includes(keyType))
    fail(
      `"${keyType}" is not a key type ssh-keygen signs with`,
      `Use one of ${KEY_TYPES.join(', ')}.`,
    );
  const entry: AllowedKey = {
    principal,
    keyType,
    key: keyField.text,
    fingerprint: checkKey(keyType, keyField.text, fail),
    line: lineNo,
  };
  if (hasOptions) Object.assign(entry, parseOptions(second, fail));
  const comment = line.slice(keyField.end).trim();
  if (comment !== '') entry.comment = comment;
  return entry;
}

type Fail = (what: string, hint?: string) => never;

function checkPrincipal(principal: string, fail: Fail): void {
  if (/[*?!]/.test(principal))
    fail(
      `"${principal}" is a pattern; list each reviewer by their own principal`,
      'Write one address such as ana.horvat@mup.hr: a pattern would let anyone it matches sign.',
    );
  if (principal.includes(','))
    fail(
      `"${principal}" names several principals; a key belongs to one reviewer`,
      'Give each reviewer a line of their own, with their own key.',
    );
  if (!PRINCIPAL_PATTERN.test(principal))
    fail(`"${principal}" is not a principal of the form name@domain`, HINT);
}

// The base64 blob must decode to the key type written before it and that type's fields.
function checkKey(keyType: string, key: string, fail: Fail): string {
  const blob = /^[A-Za-z0-9+/]+={0,2}$/.test(key) ? Buffer.from(key, 'base64') : undefined;
  if (!blob || !isKeyBlob(blob, keyType))
    fail(
      `the key is not a valid ${keyType} public key (its base64 is damaged or of another type)`,
      "Copy the whole line of the reviewer's .pub file again (ssh-keygen -y -f <key> prints it).",
    );
  return keyFingerprint(blob as Buffer);
}

// The wire fields after the type (RFC 4253, 5656, 8709; OpenSSH's PROTOCOL.u2f), all read
// to the end of the blob; an Ed25519 key is 32 bytes.
const KEY_FIELDS: Readonly<Record<string, number>> = {
  'ssh-ed25519': 1,
  'sk-ssh-ed25519@openssh.com': 2,
  'ssh-rsa': 2,
  'sk-ecdsa-sha2-nistp256@openssh.com': 3,
};

function isKeyBlob(blob: Buffer, keyType: string): boolean {
  const type = readString(blob, 0);
  if (!type || type.value.toString('latin1') !== keyType) return false;
  const fields: Buffer[] = [];
  let offset = type.next;
  for (let i = 0; i < (KEY_FIELDS[keyType] ?? 2); i++) {
    const field = readString(blob, offset);
    if (!field || field.value.length === 0) return false;
    fields.push(field.value);
    offset = field.next;
  }
  if (offset !== blob.length) return false;
  if (keyType.includes('ed25519')) return fields[0]?.length === 32;
  if (keyType.includes('ecdsa')) return keyType.includes(fields[0]?.toString('latin1') ?? '?');
  return true;
}

/** The fingerprint of a public key blob, as ssh-keygen prints it: "SHA256:" + unpadded base64. */
export function keyFingerprint(blob: Uint8Array): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** A field of a line and where it ends; double quotes may hold spaces, as in the options. */
interface Field {
  text: string;
  end: number;
}

// The first `max` whitespace-separated fields of a line.
function splitFields(line: string, max: number): Field[] {
  const out: Field[] = [];
  let i = 0;
  while (out.length < max) {
    while (i < line.length && /[ \t]/.test(line[i] as string)) i++;
    if (i >= line.length) break;
    const start = i;
    let quoted = false;
    while (i < line.length && (quoted || !/[ \t]/.test(line[i] as string))) {
      if (line[i] === '"') quoted = !quoted;
      i++;
    }
    out.push({ text: line.slice(start, i), end: i });
  }
  return out;
}

type Options = Pick<AllowedKey, 'namespaces' | 'validAfter' | 'validBefore'>;

// namespaces="…", valid-after="…", valid-before="…" (keywords in any case, values quoted).
function parseOptions(text: string, fail: Fail): Options {
  if (!/^([^,="]+(="[^"]*")?)(,[^,="]+(="[^"]*")?)*$/.test(text))
    fail(`the options "${text}" cannot be read`, HINT);
  const out: Options = {};
  for (const m of text.matchAll(/([^,="]+)(?:="([^"]*)")?(,|$)/gy)) {
    const name = (m[1] ?? '').toLowerCase();
    const value = m[2];
    if (name === 'cert-authority')
      fail(
        "cert-authority is not accepted here: list each reviewer's own key",
        'Replace the certificate authority by one line per reviewer with their public key.',
      );
    if (!['namespaces', 'valid-after', 'valid-before'].includes(name))
      fail(`"${m[1] ?? ''}" is not an option of an allowed-signers line`, HINT);
    if (value === undefined) fail(`the option ${name} needs a value in double quotes`, HINT);
    if (name === 'namespaces') out.namespaces = checkNamespaces(value as string, fail);
    else if (!/^\d{8}(\d{4}(\d{2})?)?Z?$/.test(value as string))
      fail(`${name}="${value}" is not a time YYYYMMDD[HHMM[SS]][Z]`, 'Write e.g. 20270101Z.');
    else out[name === 'valid-after' ? 'validAfter' : 'validBefore'] = value as string;
  }
  return out;
}

function checkNamespaces(list: string, fail: Fail): string {
  if (!matchPatternList(SIGNOFF_NAMESPACE, list))
    fail(
      `namespaces="${list}" does not admit "${SIGNOFF_NAMESPACE}": this key could sign no sign-off`,
      `Write namespaces="${SIGNOFF_NAMESPACE}".`,
    );
  return list;
}

/**
 * Whether `name` matches an OpenSSH pattern list (ssh_config(5), PATTERNS): comma-separated
 * patterns with * and ?, a !pattern excluding what it matches.
 * @example matchPatternList('selec-signoff', 'file,selec-*') // true
 */
export function matchPatternList(name: string, list: string): boolean {
  let matched = false;
  for (const raw of list.split(',')) {
    const negated = raw.startsWith('!');
    const pattern = negated ? raw.slice(1) : raw;
    const re = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
    if (!re.test(name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

/** The SSH wire string at `offset` (uint32 length, bytes) and the offset after it. */
function readString(buf: Buffer, offset: number): { value: Buffer; next: number } | undefined {
  if (offset + 4 > buf.length) return undefined;
  const length = buf.readUInt32BE(offset);
  const next = offset + 4 + length;
  return next > buf.length ? undefined : { value: buf.subarray(offset + 4, next), next };
}

/** What an SSH signature says about itself, before anything is verified. */
export interface SshSignatureInfo {
  keyType: string;
  /** The signing key's fingerprint, "SHA256:…". */
  fingerprint: string;
  namespace: string;
  hashAlgorithm: string;
}

/**
 * The public key and namespace inside an armored SSH signature (PROTOCOL.sshsig), or
 * undefined when it is not one. Says who claims to have signed, proves nothing: only
 * ssh-keygen -Y verify proves the signature.
 * @example readSshSignature(sig)?.fingerprint // 'SHA256:Ii+ugkI7…'
 */
export function readSshSignature(armored: string): SshSignatureInfo | undefined {
  const m =
    /^-----BEGIN SSH SIGNATURE-----\r?\n([A-Za-z0-9+/=\r\n]+)-----END SSH SIGNATURE-----\s*$/.exec(
      armored.trim(),
    );
  if (!m) return undefined;
  const blob = Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64');
  if (blob.length < 10 || blob.subarray(0, 6).toString('latin1') !== 'SSHSIG') return undefined;
  if (blob.readUInt32BE(6) !== 1) return undefined;
  // Public key, namespace, reserved, hash algorithm, signature: to the end of the blob.
  const fields: Buffer[] = [];
  for (let offset = 10; fields.length < 5;) {
    const field = readString(blob, offset);
    if (!field) return undefined;
    fields.push(field.value);
    offset = field.next;
    if (fields.length === 5 && offset !== blob.length) return undefined;
  }
  const [key, namespace, , hash] = fields as [Buffer, Buffer, Buffer, Buffer, Buffer];
  const keyType = readString(key, 0);
  if (!keyType) return undefined;
  return {
    keyType: keyType.value.toString('latin1'),
    fingerprint: keyFingerprint(key),
    namespace: namespace.toString('utf8'),
    hashAlgorithm: hash.toString('latin1'),
  };
}
