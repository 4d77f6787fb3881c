// signers: who may sign sign-offs (pure). Two files of the repository, changed only by a
// reviewed pull request:
//   translations/allowed_signers  OpenSSH's format: principal → public key (what
//                                 ssh-keygen -Y verify checks signatures against)
//   translations/signers.json     principal → name, role, the languages they sign
// Every principal with a key is a person of signers.json and every person has a key;
// either mistake is told at its file and line.
import { UserError } from '../errors.ts';
import { CODE_PATTERN } from '../languages.ts';
import { PRINCIPAL_PATTERN, type AllowedKey } from './allowed-signers.ts';
import { jsonErrorLocation, lineColumn, topLevelKeys } from './read-json.ts';

/** One person of signers.json. */
export interface SignerInfo {
  /** The identity of allowed_signers, e.g. "ana.horvat@mup.hr". */
  principal: string;
  /** As shown to readers and reviewers: "Ana Horvat". */
  name: string;
  /** "sworn translator". */
  role: string;
  /** The edition codes this person signs. */
  languages: string[];
  /** 1-based line of the principal in signers.json. */
  line: number;
}

/** A person with their keys (a reviewer may have several: laptop, hardware key). */
export interface Signer extends SignerInfo {
  keys: AllowedKey[];
}

/** The signer registry of a project. */
export interface SignerRegistry {
  /** The two files, relative to the project root, as errors name them. */
  files: { allowedSigners: string; signers: string };
  /** Principal → signer, in principal order. */
  signers: Readonly<Record<string, Signer>>;
}

const FIELDS = ['name', 'role', 'languages'];
const HINT =
  'Write {"<principal>": {"name": "Ana Horvat", "role": "sworn translator", ' +
  '"languages": ["hr"]}, …} ' +
  '(see README, "Signed sign-offs").';

/**
 * The people of signers.json, checked; a mistake is a UserError naming file:line. Keys
 * starting with "$" ("$comment") are comments.
 * @example parseSigners('translations/signers.json', text)[0].name // 'Ana Horvat'
 */
export function parseSigners(file: string, text: string): SignerInfo[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UserError(
      'not valid JSON',
      'Fix the JSON: every key and value in double quotes, a comma between entries, ' +
        'none after the last.',
      { file, ...jsonErrorLocation(text, (err as Error).message) },
      { cause: err, rule: 'signers' },
    );
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new UserError(
      'the signers must be one JSON object',
      HINT,
      { file, line: 1 },
      { rule: 'signers' },
    );
  const keys = topLevelKeys(text).map(({ key, offset }) => ({
    key,
    line: lineColumn(text, offset).line,
  }));
  const first = new Map<string, number>();
  for (const { key, line } of keys) {
    // JSON.parse keeps the last of two: say so before reading either.
    if (first.has(key))
      throw new UserError(
        `"${key}": listed twice (first on line ${first.get(key)})`,
        'Keep one entry a principal.',
        { file, line },
        { rule: 'signers' },
      );
    first.set(key, line);
  }
  const out: SignerInfo[] = [];
  for (const { key, line } of keys) {
    const fail = (what: string, hint = HINT): never => {
      throw new UserError(`"${key}": ${what}`, hint, { file, line }, { rule: 'signers' });
    };
    if (key.startsWith('$')) continue;
    if (!PRINCIPAL_PATTERN.test(key)) fail('is not a principal of the form name@domain', HINT);
    out.push(checkPerson(key, (data as Record<string, unknown>)[key], line, fail));
  }
  return out.sort((a, b) => (a.principal < b.principal ? -1 : 1));
}

// One person's fields: name and role (text), languages (edition codes), nothing else.
function checkPerson(
  principal: string,
  value: unknown,
  line: number,
  fail: (what: string, hint?: string) => never,
): SignerInfo {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    fail('must be an object with "name", "role" and "languages"');
  const v = value as Record<string, unknown>;
  const unknown = Object.keys(v).find((k) => !FIELDS.includes(k));
  if (unknown !== undefined)
    fail(`"${unknown}" is not a field; the fields are ${FIELDS.join(', ')}`);
  for (const k of ['name', 'role'])
    if (typeof v[k] !== 'string' || (v[k] as string).trim() === '') fail(`"${k}" must be text`);
  const languages = v['languages'];
  if (!Array.isArray(languages) || languages.length === 0)
    fail('"languages" must be a list of the edition codes this person signs, e.g. ["hr"]');
  for (const code of languages as unknown[])
    if (typeof code !== 'string' || !CODE_PATTERN.test(code))
      fail(`"languages": ${JSON.stringify(code)} is not an edition code such as "hr" or "sr-Cyrl"`);
  return {
    principal,
    name: (v['name'] as string).normalize('NFC'),
    role: (v['role'] as string).normalize('NFC'),
    languages: [...new Set(languages as string[])],
    line,
  };
}

/**
 * The registry of both files, cross-checked: a key of a principal signers.json does not
 * list, or a person without a key, is a UserError at its file and line.
 * @example makeSignerRegistry(keys, people, { allowedSigners: AS_FILE, signers: SIGNERS_FILE })
 */
export function makeSignerRegistry(
  keys: readonly AllowedKey[],
  people: readonly SignerInfo[],
  files: SignerRegistry['files'],
): SignerRegistry {
  const signers: Record<string, Signer> = Object.create(null) as Record<string, Signer>;
  for (const p of people) signers[p.principal] = { ...p, keys: [] };
  for (const k of keys) {
    const signer = signers[k.principal];
    if (!signer)
      throw new UserError(
        `${k.principal} has a key here but is not in ${files.signers}`,
        `Add "${k.principal}": {"name": …, "role": …, "languages": […]} to ${files.signers}.`,
        { file: files.allowedSigners, line: k.line },
        { rule: 'signers' },
      );
    signer.keys.push(k);
  }
  for (const p of people)
    if (signers[p.principal]?.keys.length === 0)
      throw new UserError(
        `${p.principal} has no key in ${files.allowedSigners}`,
        `Add a line "${p.principal} namespaces="selec-signoff" <their public key>" ` +
          `to ${files.allowedSigners}, or remove the entry.`,
        { file: files.signers, line: p.line },
        { rule: 'signers' },
      );
  return { files, signers };
}

/** The signer a key (its "SHA256:…" fingerprint) belongs to, if any. */
export function signerOfKey(registry: SignerRegistry, fingerprint: string): Signer | undefined {
  return Object.values(registry.signers).find((s) =>
    s.keys.some((k) => k.fingerprint === fingerprint),
  );
}

/** Whether `principal` is a signer of `language` (an edition code). */
export function maySign(registry: SignerRegistry, principal: string, language: string): boolean {
  return registry.signers[principal]?.languages.includes(language) ?? false;
}
