// ledger: the record of releases (pure). releases/ledger.jsonl holds one JSON line per
// release, append-only: what was released (document, version, date, note, source commit,
// per edition its status, sign-off and the SHA-256 of every file) and a hash chained over
// the line before, so that a line edited by hand, removed or reordered is found.
import { createHash } from 'node:crypto';
import type { Diagnostic } from '../errors.ts';
import type { ReviewSummary } from './signoff.ts';
import type { LegalStatus } from './legal-status.ts';
import type { SealRecord } from './seal-record.ts';

export const LEDGER_FILE = 'releases/ledger.jsonl';
/** The `previous` of the first line. */
export const GENESIS = '0'.repeat(64);
/** A version is the date the text is released as: YYYY-MM-DD. */
export const VERSION_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** One edition of a release: its state when released and the hash of each file kept. */
export interface ReleasedEdition {
  lang: string;
  /** What readers were shown: original, draft, reviewed, approved. */
  status: string;
  legalStatus?: LegalStatus;
  /** Percent of segments translated and up to date, and the segments that were not. */
  percent: number;
  stale: number;
  missing: number;
  signoff: ReviewSummary | null;
  /** The PDF's seal, when the release was built with --seal (signer, time, digest, level). */
  seal?: SealRecord;
  /** Path under releases/<document>/<version>/ → SHA-256 (HTML, PDF, XML, segment texts). */
  files: Record<string, string>;
}

/** One line of the ledger. */
export interface Release {
  document: string;
  version: string;
  /** The day the release was made (the clock). */
  date: string;
  note?: string;
  /** The version this release corrects. */
  corrigendumOf?: string;
  /** The git commit of the project when released (null outside a repository), and whether files differed from it. */
  commit: string | null;
  dirty: boolean;
  /** Released although stale or incomplete (--force, with a note). */
  forced?: boolean;
  editions: ReleasedEdition[];
  /** The stylesheets and fonts the HTML needs, path under the version's folder → SHA-256. */
  assets: Record<string, string>;
  /** `hash` of the line before (GENESIS for the first). */
  previous: string;
  /** SHA-256 of this line's JSON without `hash`. */
  hash: string;
}

/** A release as read back: its line number in the ledger. */
export interface LedgerLine {
  line: number;
  release: Release;
}

/** A release's line hash: SHA-256 of its JSON without `hash` (key order as written). */
export function releaseHash(release: Omit<Release, 'hash'>): string {
  const rest: Record<string, unknown> = { ...release };
  delete rest['hash'];
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex');
}

/** A release sealed onto the chain: `previous` set to the last line's hash, `hash` computed. */
export function sealRelease(
  release: Omit<Release, 'hash' | 'previous'>,
  last: Release | undefined,
): Release {
  const withPrevious = { ...release, previous: last?.hash ?? GENESIS };
  return { ...withPrevious, hash: releaseHash(withPrevious) };
}

/** The folder of a release under releases/ (and under dist/): "<document>/<version>". */
export const releaseFolder = (document: string, version: string): string =>
  `${document}/${version}`;

/**
 * The ledger's lines, each checked: JSON, the fields a release has, its own hash and the
 * chain. A broken line is an error naming the file, the line and the release.
 * @example readLedgerText('').lines // []
 */
export function readLedgerText(text: string): { lines: LedgerLine[]; errors: Diagnostic[] } {
  const lines: LedgerLine[] = [];
  const errors: Diagnostic[] = [];
  let previous = GENESIS;
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    const line = i + 1;
    const fail = (message: string, hint: string): void => {
      errors.push({
        severity: 'error',
        rule: 'ledger-tampered',
        message,
        location: { file: LEDGER_FILE, line },
        hint,
      });
    };
    let release: Release;
    try {
      release = JSON.parse(raw) as Release;
    } catch {
      fail('this line is not JSON', RESTORE_HINT);
      return;
    }
    const name = `release ${String(release.document)} ${String(release.version)}`;
    if (!wellFormed(release)) fail(`${name} is not a release record`, RESTORE_HINT);
    else if (releaseHash(release) !== release.hash)
      fail(`${name} was changed after it was recorded (its hash does not match)`, RESTORE_HINT);
    else if (release.previous !== previous)
      fail(`${name} does not follow the line before it (the chain is broken)`, RESTORE_HINT);
    else lines.push({ line, release });
    previous = typeof release.hash === 'string' ? release.hash : previous;
  });
  return { lines, errors };
}

const RESTORE_HINT =
  'Releases are never edited: restore the ledger from version control (git checkout releases/ledger.jsonl); a correction is a new release with --corrigendum-of.';

function wellFormed(r: Release): boolean {
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.document === 'string' &&
    VERSION_PATTERN.test(String(r.version)) &&
    typeof r.date === 'string' &&
    typeof r.hash === 'string' &&
    typeof r.previous === 'string' &&
    Array.isArray(r.editions) &&
    r.editions.every((e) => typeof e?.lang === 'string' && typeof e.files === 'object') &&
    typeof r.assets === 'object' &&
    r.assets !== null
  );
}

/** The releases of one document, oldest version first. */
export function releasesOf(lines: readonly LedgerLine[], document: string): Release[] {
  return lines
    .map((l) => l.release)
    .filter((r) => r.document === document)
    .sort((a, b) => a.version.localeCompare(b.version));
}

/** Every file of a release (editions and assets), path under its folder → SHA-256, sorted. */
export function releasedFiles(release: Release): Array<[string, string]> {
  const all: Array<[string, string]> = [
    ...release.editions.flatMap((e) => Object.entries(e.files)),
    ...Object.entries(release.assets),
  ];
  return all.sort(([a], [b]) => a.localeCompare(b));
}
