// signoffs: the sign-off history of a language, translations/<lang>/signoffs.jsonl.
// One JSON object a line, oldest first, keys in a fixed order: appending a sign-off adds
// exactly one line, so `git log -p` and `git blame` are the audit trail. Never rewritten.
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UserError } from '../errors.ts';
import { ID_PATTERN } from '../stages/parse.ts';
import { jsonErrorLocation } from '../stages/read-json.ts';
import {
  FINGERPRINT_VERSION,
  SIGNOFF_STATUSES,
  checkSigner,
  meaningFingerprints,
  type Fingerprints,
  type SignedTexts,
  type SignoffEntry,
  type SignoffStatus,
} from '../stages/signoff.ts';
import { exists, readText, writeAtomic } from './files.ts';

export const HISTORY_FILE = 'signoffs.jsonl';
/** The file of the first version (one status per language, no fingerprints), read for migration. */
export const LEGACY_REVIEW_FILE = 'review.json';

/** translations/<lang>/signoffs.jsonl, relative to the project root. */
export function historyPath(lang: string): string {
  return `translations/${lang}/${HISTORY_FILE}`;
}

/** The history of `lang` (empty when the file does not exist). */
export async function readHistory(root: string, lang: string): Promise<SignoffEntry[]> {
  const shown = historyPath(lang);
  const path = join(root, shown);
  if (!(await exists(path))) return [];
  return parseHistory(shown, await readText(path, shown));
}

/** Appends one entry, atomically (the whole file is rewritten beside and renamed into place). */
export async function appendSignoff(
  root: string,
  lang: string,
  entry: SignoffEntry,
): Promise<void> {
  const shown = historyPath(lang);
  const path = join(root, shown);
  const before = (await exists(path)) ? await readText(path, shown) : '';
  parseHistory(shown, before); // never append to a file we could not read back
  const sep = before === '' || before.endsWith('\n') ? '' : '\n';
  await writeAtomic(path, `${before}${sep}${serializeEntry(entry)}\n`);
}

/** The folder of the texts signed in `lang`, relative to the project root. */
export const SIGNED_DIR = 'signed';

/**
 * translations/<lang>/signed/<document>/<source>-<translation>.json: the texts an entry
 * of scheme 2 was signed for, named by (the first 16 digits of) its fingerprints.
 */
export function signedPath(lang: string, document: string, fp: Fingerprints): string {
  return `translations/${lang}/${SIGNED_DIR}/${document}/${fp.source.slice(0, 16)}-${fp.translation.slice(0, 16)}.json`;
}

/** Writes the texts of a sign-off beside its history (once: the name is their fingerprint). */
export async function writeSigned(
  root: string,
  lang: string,
  document: string,
  texts: SignedTexts,
): Promise<string> {
  const shown = signedPath(lang, document, meaningFingerprints(texts));
  const pairs = (list: ReadonlyArray<readonly [string, string | null]>) =>
    list.map((p) => `    ${JSON.stringify(p)}`).join(',\n');
  const text = `{\n  "document": ${JSON.stringify(document)},\n  "source": [\n${pairs(texts.source)}\n  ],\n  "translation": [\n${pairs(texts.translation)}\n  ]\n}\n`;
  const path = join(root, shown);
  await mkdir(dirname(path), { recursive: true });
  if (!(await exists(path))) await writeAtomic(path, text);
  return shown;
}

/**
 * The texts `entry` was signed for, when on record and matching its fingerprints;
 * undefined otherwise (scheme 1, a deleted or altered file).
 */
export async function readSigned(
  root: string,
  lang: string,
  entry: SignoffEntry,
): Promise<SignedTexts | undefined> {
  if (entry.v !== FINGERPRINT_VERSION) return undefined;
  const path = join(root, signedPath(lang, entry.document, entry));
  if (!(await exists(path))) return undefined;
  try {
    const data = JSON.parse(await readText(path)) as SignedTexts;
    const fp = meaningFingerprints(data);
    return fp.source === entry.source && fp.translation === entry.translation ? data : undefined;
  } catch {
    return undefined;
  }
}

/** One line, keys in the documented order. */
export function serializeEntry(e: SignoffEntry): string {
  const ordered: Record<string, unknown> = {
    ...(e.v !== undefined ? { v: e.v } : {}),
    document: e.document,
    status: e.status,
    by: e.by,
    date: e.date,
  };
  if (e.note !== undefined) ordered['note'] = e.note;
  ordered['source'] = e.source;
  ordered['translation'] = e.translation;
  if (e.stale) ordered['stale'] = e.stale;
  if (e.missing) ordered['missing'] = e.missing;
  if (e.signer !== undefined) ordered['signer'] = e.signer;
  if (e.signature !== undefined) ordered['signature'] = e.signature;
  return JSON.stringify(ordered);
}

const HINT =
  'Each line is one sign-off written by "npm run review"; restore the file from git (git checkout -- <file>) rather than editing it by hand.';

/** Parses a history; a bad line is a UserError naming file:line:column. */
export function parseHistory(file: string, text: string): SignoffEntry[] {
  const out: SignoffEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (err) {
      const at = jsonErrorLocation(line, (err as Error).message);
      throw new UserError(
        'not valid JSON',
        HINT,
        { file, line: i + 1, column: at.column },
        { cause: err },
      );
    }
    out.push(validateEntry(raw, file, i + 1));
  }
  return out;
}

function validateEntry(raw: unknown, file: string, line: number): SignoffEntry {
  const fail = (what: string): never => {
    throw new UserError(what, HINT, { file, line });
  };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    fail('a sign-off must be a JSON object');
  const r = raw as Record<string, unknown>;
  if (typeof r['document'] !== 'string' || !ID_PATTERN.test(r['document']))
    fail('"document" must be a document id');
  if (!SIGNOFF_STATUSES.includes(r['status'] as SignoffStatus))
    fail('"status" must be "draft", "reviewed" or "approved"');
  const by = typeof r['by'] === 'string' ? r['by'] : '';
  const problem = checkSigner(by);
  if (problem) fail(`"by" ${problem}: a sign-off names who signed`);
  if (
    typeof r['date'] !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}$/.test(r['date']) ||
    Number.isNaN(Date.parse(`${r['date']}T00:00:00Z`))
  )
    fail('"date" must be a date YYYY-MM-DD');
  for (const k of ['source', 'translation'])
    if (typeof r[k] !== 'string' || !/^([0-9a-f]{64})?$/.test(r[k]))
      fail(`"${k}" must be a sha256 fingerprint`);
  if (r['v'] !== undefined && r['v'] !== FINGERPRINT_VERSION)
    fail(`"v" must be ${FINGERPRINT_VERSION} (or absent, for a sign-off of the first version)`);
  const entry: SignoffEntry = {
    ...(r['v'] === FINGERPRINT_VERSION ? { v: FINGERPRINT_VERSION } : {}),
    document: r['document'] as string,
    status: r['status'] as SignoffStatus,
    by,
    date: r['date'] as string,
    source: r['source'] as string,
    translation: r['translation'] as string,
  };
  if (r['note'] !== undefined)
    entry.note = typeof r['note'] === 'string' ? r['note'] : fail('"note" must be text');
  for (const k of ['signer', 'signature'] as const) {
    const v = r[k];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v === '') fail(`"${k}" must be text`);
    entry[k] = v as string;
  }
  if ((entry.signer === undefined) !== (entry.signature === undefined))
    fail('"signer" and "signature" come together: a signed sign-off names its signer');
  for (const k of ['stale', 'missing'] as const) {
    const v = r[k];
    if (v === undefined) continue;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
      fail(`"${k}" must be a list of segment keys`);
    entry[k] = v as string[];
  }
  return entry;
}

/**
 * The sign-offs of a first-version translations/<lang>/review.json, as history entries of
 * every document. They name no fingerprints, so they are never current: an edition signed
 * that way shows "approved <date> by <name> for an earlier version" until signed again.
 * A draft with no reviews (every file there was) gives nothing.
 */
export function migrateLegacyReview(
  file: string,
  text: string,
  documents: readonly string[],
): SignoffEntry[] {
  let flat: { status?: unknown; reviews?: unknown };
  try {
    flat = JSON.parse(text) as typeof flat;
  } catch (err) {
    const at = jsonErrorLocation(text, (err as Error).message);
    throw new UserError(
      'not valid JSON',
      `This file is replaced by ${HISTORY_FILE}: delete it (git rm ${file}) and sign with "npm run review".`,
      { file, ...at },
      { cause: err },
    );
  }
  const status = SIGNOFF_STATUSES.includes(flat?.status as SignoffStatus)
    ? (flat.status as SignoffStatus)
    : 'draft';
  const reviews = Array.isArray(flat?.reviews)
    ? (flat.reviews as Array<{ by?: unknown; date?: unknown; note?: unknown }>)
    : [];
  const out: SignoffEntry[] = [];
  for (const r of reviews) {
    if (typeof r?.by !== 'string' || typeof r.date !== 'string' || checkSigner(r.by)) continue;
    for (const document of documents) {
      const e: SignoffEntry = {
        document,
        status: status === 'draft' ? 'reviewed' : status,
        by: r.by,
        date: r.date,
        source: '',
        translation: '',
      };
      if (typeof r.note === 'string') e.note = r.note;
      out.push(e);
    }
  }
  return out;
}
