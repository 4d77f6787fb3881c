// fingerprint: one hash of everything a build reads (sources, translations, the
// pipeline's own code and templates, the locked dependencies) and its options. When
// it matches the last successful build's and the outputs are there, the build is a
// no-op that loads neither the pipeline nor a browser.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const INPUTS = ['source', 'translations', 'publication.json', 'releases'];
/** The pipeline's own code and locked dependencies, wherever the project being built is. */
const PACKAGE = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CODE = ['scripts', 'vendor', 'package-lock.json'];
export const FINGERPRINT_FILE = '.build-fingerprint';

// Synchronous on purpose: a few hundred small files, read in a row, cost a third of the
// time that as many awaited reads do, at the moment the build's start waits for them.
function files(root: string, entry: string): string[] {
  const path = join(root, entry);
  let s;
  try {
    s = statSync(path);
  } catch {
    return [];
  }
  if (s.isFile()) return [path];
  const out: string[] = [];
  for (const e of readdirSync(path, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  ))
    out.push(...files(root, join(entry, e.name)));
  return out;
}

function hashFiles(base: string, entries: readonly string[]): string {
  const hash = createHash('sha256');
  for (const entry of entries) {
    for (const f of files(base, entry))
      hash.update(relative(base, f)).update('\0').update(readFileSync(f)).update('\0');
  }
  return hash.digest('hex');
}

let code: Promise<string> | undefined;

/**
 * The hash of the pipeline's own code, vendored files and locked dependencies (read once
 * a process). Run compiled, the code is named by the launcher's stamp (the hash of
 * scripts/ it compiled from), not read again.
 */
export function codeFingerprint(): Promise<string> {
  code ??= (async () => {
    let stamp: string | undefined;
    try {
      stamp = readFileSync(join(PACKAGE, 'stamp'), 'utf8');
    } catch {
      // run from the TypeScript: hash scripts/ itself
    }
    return stamp === undefined
      ? hashFiles(PACKAGE, CODE)
      : createHash('sha256')
          .update(`stamp:${stamp}\0`)
          .update(
            hashFiles(
              PACKAGE,
              CODE.filter((c) => c !== 'scripts'),
            ),
          )
          .digest('hex');
  })();
  return code;
}

/** The hash of the build's inputs under `root` and of its options. */
export async function inputFingerprint(root: string, options: string): Promise<string> {
  return createHash('sha256')
    .update(options)
    .update(hashFiles(root, INPUTS))
    .update(await codeFingerprint())
    .digest('hex');
}

/** True when `out` was built from exactly these inputs and its editions are all there. */
export async function upToDate(
  out: string,
  fingerprint: string,
  reports = join(out, '..', 'reports'),
): Promise<boolean> {
  try {
    if ((await readFile(join(out, FINGERPRINT_FILE), 'utf8')).trim() !== fingerprint) return false;
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as {
      editions: Array<{ html: string; pdf: string; bytes: number }>;
    };
    for (const f of ['index.html', 'SHA256SUMS', 'assets/edition.css']) await stat(join(out, f));
    await stat(join(reports, 'coverage', 'index.html'));
    for (const e of manifest.editions) {
      if ((await stat(join(out, e.pdf))).size !== e.bytes) return false;
      await stat(join(out, e.html));
    }
    return true;
  } catch {
    return false;
  }
}

export const BUILD_STAT_FILE = '.build-stat';

/**
 * After a clean plain build: records scripts/build-stat.sh's view of the project (sizes
 * and times of every input and output) in dist/.build-stat, for scripts/build.sh. Run
 * last, once nothing in dist/ changes any more; without find or sh, nothing is recorded
 * and the next build simply starts Node.
 */
export async function recordBuildStat(root: string, out: string): Promise<void> {
  const file = join(out, BUILD_STAT_FILE);
  await rm(file, { force: true });
  // The real checkout (the compiled CLI runs from a mirror of symbolic links): the path build.sh sees.
  const pipeline = dirname(realpathSync(join(PACKAGE, 'package.json')));
  const listing = await new Promise<string | undefined>((resolve) => {
    execFile(
      'sh',
      [join(pipeline, 'scripts', 'build-stat.sh'), pipeline],
      { cwd: root, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout) => resolve(err ? undefined : stdout),
    );
  });
  // Written in place (not through a temporary file in dist/, which would change the listing's folder).
  if (listing !== undefined) await writeFile(file, listing.replace(/\n$/, ''));
}
