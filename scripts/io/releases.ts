// releases: the kept releases on disk. releases/ledger.jsonl (the record) and
// releases/<document>/<version>/ (every released file, byte for byte), read and checked,
// copied into dist/ by the build, and added to by a release: a new version's folder is
// prepared under a hidden name and the ledger written to a temporary file, both renamed
// into place last, so that an interrupted release leaves nothing behind.
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { formatLocation, UserError, type Diagnostic } from '../errors.ts';
import {
  LEDGER_FILE,
  readLedgerText,
  releasedFiles,
  releaseFolder,
  type LedgerLine,
  type Release,
} from '../stages/ledger.ts';
import { exists, fileSha, inside, writeIfChanged } from './files.ts';

export const RELEASES = 'releases';
const STAGING_PREFIX = '.staging-';

/** The ledger of the project at `root`, each line checked (none when there is no ledger). */
export async function readLedger(
  root: string,
): Promise<{ lines: LedgerLine[]; errors: Diagnostic[]; text: string }> {
  const text = await readFile(join(root, LEDGER_FILE), 'utf8').catch((err: unknown) => {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  });
  return { ...readLedgerText(text), text };
}

/**
 * The kept files of every release checked against the hashes the ledger records: a file
 * missing or changed is an error naming the file and the release.
 */
export async function verifyKept(
  root: string,
  lines: readonly LedgerLine[],
): Promise<Diagnostic[]> {
  const errors: Diagnostic[] = [];
  for (const { line, release } of lines) {
    const folder = join(RELEASES, releaseFolder(release.document, release.version));
    for (const [path, hash] of releasedFiles(release)) {
      const file = join(folder, path);
      const found = await fileSha(inside(root, file));
      if (found === hash) continue;
      errors.push({
        severity: 'error',
        rule: 'release-changed',
        message: `${file} of release ${release.document} ${release.version} (${LEDGER_FILE}:${line}) is ${found ? 'not the file released (its SHA-256 differs)' : 'missing'}`,
        location: { file },
        hint: 'Released files are kept byte for byte: restore it from version control (git checkout releases/).',
      });
    }
  }
  return errors;
}

/** The ledger's releases, each line and kept file checked: any mismatch stops the build. */
export async function readReleases(root: string): Promise<LedgerLine[]> {
  const { lines, errors } = await readLedger(root);
  errors.push(...(await verifyKept(root, lines)));
  const first = errors[0];
  if (!first) return lines;
  const all = errors.map((e) =>
    e.location ? `${formatLocation(e.location)}: ${e.message}` : e.message,
  );
  throw new UserError(
    `the record of releases does not hold: ${all.join('; ')}`,
    first.hint ?? 'Restore releases/ from version control.',
    first.location,
    { rule: first.rule ?? 'ledger-tampered' },
  );
}

/** Copies every release's files into `out`/<document>/<version>/ (unchanged files are left alone). */
export async function restoreReleases(
  root: string,
  out: string,
  lines: readonly LedgerLine[],
): Promise<void> {
  for (const { release } of lines) {
    const folder = releaseFolder(release.document, release.version);
    for (const [path] of releasedFiles(release)) {
      const bytes = await readFile(inside(root, join(RELEASES, folder, path)));
      await writeIfChanged(inside(out, join(folder, path)), bytes);
    }
  }
}

/** The folder a release is kept in, under the project. */
export function keptFolder(root: string, release: Pick<Release, 'document' | 'version'>): string {
  return inside(root, join(RELEASES, releaseFolder(release.document, release.version)));
}

/** A version's folder left by an interrupted release (not in the ledger), and old staging folders, removed. */
export async function clearInterrupted(
  root: string,
  release: Pick<Release, 'document' | 'version'>,
): Promise<boolean> {
  const dir = join(root, RELEASES, release.document);
  for (const name of await readdir(dir).catch(() => []))
    if (name.startsWith(STAGING_PREFIX))
      await rm(join(dir, name), { recursive: true, force: true });
  const folder = keptFolder(root, release);
  if (!(await exists(folder))) return false;
  await rm(folder, { recursive: true, force: true });
  return true;
}

/**
 * Keeps a release: writes `files` (path under the version's folder → bytes) into a
 * staging folder, checks each copy against `release`, then renames the folder into place
 * and the new ledger over the old. `beforeCommit` runs just before the renames (a test's
 * interruption). On any failure nothing is left: neither the folder nor a ledger line.
 */
export async function keepRelease(
  root: string,
  release: Release,
  files: ReadonlyMap<string, Uint8Array>,
  ledgerText: string,
  beforeCommit?: () => Promise<void> | void,
): Promise<void> {
  const folder = keptFolder(root, release);
  const staging = join(dirname(folder), `${STAGING_PREFIX}${release.version}.${process.pid}`);
  const ledger = join(root, LEDGER_FILE);
  const tmpLedger = `${ledger}.${process.pid}.tmp`;
  let moved = false;
  try {
    await copyAll(staging, files);
    for (const [path, hash] of releasedFiles(release))
      if ((await fileSha(join(staging, path))) !== hash)
        throw new Error(`${path} changed while it was being released`);
    const text = ledgerText === '' || ledgerText.endsWith('\n') ? ledgerText : `${ledgerText}\n`;
    await mkdir(dirname(ledger), { recursive: true });
    await writeFile(tmpLedger, `${text}${JSON.stringify(release)}\n`);
    await beforeCommit?.();
    await rename(staging, folder);
    moved = true;
    await rename(tmpLedger, ledger);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    await rm(tmpLedger, { force: true });
    if (moved) await rm(folder, { recursive: true, force: true });
    throw err;
  }
}

async function copyAll(staging: string, files: ReadonlyMap<string, Uint8Array>): Promise<void> {
  for (const [path, bytes] of files) {
    const to = inside(staging, path);
    await mkdir(dirname(to), { recursive: true });
    await writeFile(to, bytes);
  }
}
