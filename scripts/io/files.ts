// files: everything the pipeline reads from and writes to disk.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors.ts';

/** Reads a UTF-8 file, naming it when it cannot. */
export async function readText(path: string, shown = path): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new UserError(
      `cannot read ${shown}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      'Check that the file exists and is readable.',
      { file: shown },
      { cause: err, namesFile: true },
    );
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Files of `dir` with the extension `ext`, sorted; none when the folder is missing. */
export async function listFiles(dir: string, ext: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && e.name.endsWith(ext))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

export async function listDirs(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

/** `target` resolved inside `root`, or a UserError when it would leave it. */
export function inside(root: string, target: string): string {
  const full = resolve(root, target);
  const rel = relative(resolve(root), full);
  if (rel === '' || rel.startsWith('..') || rel.startsWith(sep) || resolve(rel) === rel) {
    throw new UserError(
      `refusing to write ${target}: it is outside ${root}`,
      'Use a document id and language code made of letters, digits and hyphens.',
      { file: target },
      { namesFile: true },
    );
  }
  return full;
}

let counter = 0;
const inFlight = new Set<Promise<void>>();
let stopping = false;

/**
 * On SIGINT/SIGTERM: refuse new writes and wait for those in flight, each of which
 * ends renamed into place or with its temporary file removed.
 */
export async function stopWrites(): Promise<void> {
  stopping = true;
  await Promise.allSettled([...inFlight]);
}

/** Waits for the work in flight (a search index being written) without stopping new work. */
export async function settleWrites(): Promise<void> {
  await Promise.allSettled([...inFlight]);
}

/** Whether a SIGINT/SIGTERM has begun stopping the build. */
export const isStopping = (): boolean => stopping;

/**
 * Starts work that writes under the release (the search index) unless the build is
 * stopping; a SIGINT/SIGTERM waits for work already started before it discards.
 */
export function track<T>(start: () => Promise<T>): Promise<T> {
  if (stopping) return Promise.reject(new Error('not starting: the build is stopping'));
  const work = start();
  const settled = work.then(
    () => undefined,
    () => undefined,
  );
  inFlight.add(settled);
  void settled.then(() => inFlight.delete(settled));
  return work;
}

let committing = 0;

/**
 * Runs `fn` as one unit that a SIGINT/SIGTERM waits for: an edition's files and the
 * distribution set are committed together or, when stopping began first, not at all.
 */
export async function commit<T>(fn: () => Promise<T>): Promise<T> {
  if (stopping) throw new Error('not committing: the build is stopping');
  committing++;
  const run = fn();
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  inFlight.add(settled);
  try {
    return await run;
  } finally {
    committing--;
    inFlight.delete(settled);
  }
}

export const STAGED_PREFIX = '.staged.';
const staged = new Set<string>();
let exitHook = false;

/** Where a file is prepared before it is committed: beside it (relative links still resolve), hidden, same extension. */
export function stagedPath(path: string): string {
  const p = join(dirname(path), `${STAGED_PREFIX}${basename(path)}`);
  // However the process ends (a signal's forced exit included), nothing half-built stays.
  if (!exitHook) process.once('exit', () => discardStaged());
  exitHook = true;
  staged.add(p);
  return p;
}

/** Moves prepared files into place (call inside commit()). */
export async function promote(
  pairs: ReadonlyArray<readonly [from: string, to: string]>,
): Promise<void> {
  for (const [from, to] of pairs) {
    await rename(from, to);
    staged.delete(from);
  }
}

/** Removes prepared files that were never committed (an edition that failed, or a build that stopped). */
export function discardStaged(paths: Iterable<string> = [...staged]): void {
  for (const p of paths) {
    // A staged folder (the search index) goes with its files.
    rmSync(p, { force: true, recursive: true });
    staged.delete(p);
  }
}

/** Leftovers of a build that was killed: staged and temporary files under `dir`/<lang>/. */
export async function clearLeftovers(dir: string): Promise<void> {
  for (const sub of ['', ...(await listDirs(dir))]) {
    for (const name of await listFiles(join(dir, sub), '')) {
      if (name.startsWith(STAGED_PREFIX) || /^\.\d+\.\d+\.tmp$/.test(name))
        await rm(join(dir, sub, name), { force: true });
    }
  }
}

/** Writes a file atomically: a temporary file beside it, then a rename. Readers never see half a file. */
export async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  if (stopping && committing === 0) throw new Error(`not writing ${path}: the build is stopping`);
  const tmp = join(dirname(path), `.${process.pid}.${counter++}.tmp`);
  const write = (async () => {
    await mkdir(dirname(path), { recursive: true });
    try {
      await writeFile(tmp, data);
      await rename(tmp, path);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  })();
  inFlight.add(write);
  try {
    await write;
  } finally {
    inFlight.delete(write);
  }
}

/** Writes only when the content differs, so that unchanged outputs keep their bytes and times. */
export async function writeIfChanged(path: string, data: string | Uint8Array): Promise<boolean> {
  try {
    const old = await readFile(path);
    const next = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data);
    if (old.equals(next)) return false;
  } catch {
    // no old file
  }
  await writeAtomic(path, data);
  return true;
}

/** The SHA-256 of a file in hex; undefined when it cannot be read. */
export async function fileSha(path: string): Promise<string | undefined> {
  try {
    return createHash('sha256')
      .update(await readFile(path))
      .digest('hex');
  } catch {
    return undefined;
  }
}
