// build-vs-bare: the runs of `npm run bench`, each in a scratch copy of the project:
// `npm run build` (cold, no-op, after editing one translation) against the bare print
// loop, alternating, logged as they go. The command only reads its options and chooses.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { editionFiles, scratchProject } from './corpus.ts';
import { measure, median, spread, type Measured } from './measure.ts';

/** What every run of one bench shares. */
export interface Bench {
  /** The pipeline's folder: scratch projects are copied from it; the bare loop is in it. */
  root: string;
  /** The bare loop's browser: the headless shell when installed, else full Chromium. */
  shellMode: 'shell' | 'full';
  /** Whether full Chromium's bare loop runs too, for reference. */
  withFull: boolean;
  /** Alternating runs of each comparison. */
  runs: number;
  log: (...parts: unknown[]) => void;
}

/** The two sides of a comparison (and a reference run after both), one run each. */
interface Sides {
  a: () => Promise<Measured>;
  b: () => Promise<Measured>;
  ref?: (() => Promise<Measured>) | undefined;
}

type Runs = { a: Measured[]; b: Measured[]; ref: Measured[] };

/** Cold, no-op and one-edit builds of the project as it is, against the bare loop. */
export async function benchSmall(b: Bench): Promise<void> {
  const { dir } = await scratchProject(b.root, 1);
  try {
    await cold(dir); // warm-up: compiles the CLI if need be, fills the disk cache, writes the HTML
    const files = await editionFiles(join(dir, 'dist'));
    b.log(
      `\n${files.length} editions, cold: npm run build vs bare loop, ${b.runs} alternating runs`,
    );
    compare(
      b,
      'npm run build (cold)',
      await alternate(b, b.runs, {
        a: () => cold(dir),
        b: () => bareLoop(b, b.shellMode, files),
        ref: b.withFull ? () => bareLoop(b, 'full', files) : undefined,
      }),
      1.1,
    );
    await noopRuns(b, dir);
    await oneEditRuns(b, dir, files);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Cold builds of `copies` copies of every document against the bare loop, with peak memory. */
export async function benchLarge(b: Bench, copies: number, n: number): Promise<void> {
  const { dir, documents } = await scratchProject(b.root, copies);
  try {
    b.log(
      `\n${documents} documents (${copies} copies of each), cold, ${n} alternating run${n === 1 ? '' : 's'}; peak memory (PSS of the process tree)`,
    );
    const first = await cold(dir, true); // also writes the HTML the bare loop prints
    const files = await editionFiles(join(dir, 'dist'));
    const bare: Measured[] = [await bareLoop(b, b.shellMode, files, true)];
    b.log(
      `  ${files.length} editions: run 1: ${first.wall.toFixed(2)} s vs bare ${bare[0]?.wall.toFixed(2)} s; peak memory: build ${gb(first.peak)}, bare loop ${gb(bare[0]?.peak)} (target < 1.5 GB)`,
    );
    const rest =
      n > 1
        ? await alternate(
            b,
            n - 1,
            { a: () => cold(dir, true), b: () => bareLoop(b, b.shellMode, files, true) },
            'next ',
          )
        : { a: [], b: [], ref: [] };
    const all = { a: [first, ...rest.a], b: [...bare, ...rest.b], ref: [] };
    compare(b, `npm run build (cold, ${files.length} editions)`, all, 1.1);
    const peak = Math.max(...all.a.map((m) => m.peak ?? 0));
    b.log(
      `  peak memory of npm run build: ${gb(peak)}: ${peak < 1.5e9 ? 'meets' : 'MISSES'} < 1.5 GB; bare loop ${gb(Math.max(...all.b.map((m) => m.peak ?? 0)))}`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// A build that has nothing to do must answer at once: five of them, and npm's own start-up.
async function noopRuns(b: Bench, dir: string): Promise<void> {
  await npmBuild(dir);
  const noop: Measured[] = [];
  for (let i = 0; i < 5; i++) {
    const m = await npmBuild(dir);
    if (!m.stdout.startsWith('nothing changed'))
      throw new Error(`the no-op build did work: ${m.stdout.slice(0, 300)}`);
    noop.push(m);
  }
  const npmOnly: Measured[] = [];
  for (let i = 0; i < 3; i++)
    npmOnly.push(await measure('npm', ['run', '--silent', 'env', '--', 'true'], dir));
  b.log(
    `\nno-op (npm run build, nothing changed): ${spread(noop.map((m) => m.wall))} ${cpuOf(noop)}: ${verdict(median(noop.map((m) => m.wall)), 0.3)}; of which npm's own start-up (npm run env -- true): ${spread(npmOnly.map((m) => m.wall))}`,
  );
}

// One translation edited: the rebuild prints that one PDF; the bare loop prints the same page.
async function oneEditRuns(b: Bench, dir: string, files: string[]): Promise<void> {
  const { lang, html, json } = editedTranslation(dir, files);
  const original = JSON.parse(await readFile(json, 'utf8')) as Record<string, string>;
  const key = Object.keys(original)[0] ?? '';
  let edits = 0;
  const edit = async (): Promise<Measured> => {
    // A real edit the publication gate accepts: a word of the text again (no digit, same
    // script), once more each run so that every run changes the file.
    const word = (original[key] ?? '').split(' ').at(-1) ?? '';
    const text = `${original[key]}${` ${word}`.repeat(++edits)}`;
    await writeFile(json, JSON.stringify({ ...original, [key]: text }, null, 2));
    const m = await npmBuild(dir);
    if (!/\(1 printed[,)]/.test(m.stdout))
      throw new Error(
        `the rebuild after one edit did not print exactly one PDF:\n${m.stdout.slice(-400)}`,
      );
    return m;
  };
  b.log(
    `\none translation edited (${lang}, key "${key}"): npm run build vs the bare loop printing that one page`,
  );
  compare(
    b,
    'npm run build (one edit)',
    await alternate(b, b.runs, { a: edit, b: () => bareLoop(b, b.shellMode, [html]) }),
    1.3,
  );
}

// The first translated edition, its HTML file and the translation file it is built from.
function editedTranslation(
  dir: string,
  files: string[],
): { lang: string; html: string; json: string } {
  const lang = files
    .map((f) => f.split('/').at(-2) ?? '')
    .find((l) => l !== 'en' && existsSync(join(dir, 'translations', l)));
  const html = files.find((f) => f.split('/').at(-2) === lang);
  if (!lang || !html) throw new Error('no translated edition to edit');
  const json = join(
    dir,
    'translations',
    lang,
    `${html
      .split('/')
      .at(-1)
      ?.replace(/\.html$/, '')}.json`,
  );
  return { lang, html, json };
}

// `npm run build` in `dir`, as a user runs it.
function npmBuild(dir: string, memory = false): Promise<Measured> {
  return measure('npm', ['run', '--silent', 'build'], dir, { memory });
}

// The bare loop as a process of its own, printing into a folder removed afterwards.
async function bareLoop(
  b: Bench,
  mode: string,
  files: string[],
  memory = false,
): Promise<Measured> {
  const bare = join(b.root, 'scripts', 'bench', 'bare-loop.mjs');
  const out = await mkdtemp(join(tmpdir(), 'selec-bare-'));
  try {
    return await measure(process.execPath, [bare, mode, out, ...files], b.root, { memory });
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

// A cold build (no dist/) that must build every edition.
async function cold(dir: string, memory = false): Promise<Measured> {
  await rm(join(dir, 'dist'), { recursive: true, force: true });
  const m = await npmBuild(dir, memory);
  if (!/\bbuilt (\d+) of \1 editions/.test(m.stdout))
    throw new Error(`the cold build did not build every edition:\n${m.stdout.slice(-500)}`);
  return m;
}

/** Alternates `a` and `b` (and `ref` after both) `n` times; returns their measurements. */
async function alternate(b: Bench, n: number, sides: Sides, label = ''): Promise<Runs> {
  const r: Runs = { a: [], b: [], ref: [] };
  for (let i = 0; i < n; i++) {
    if (i % 2 === 0) {
      r.a.push(await sides.a());
      r.b.push(await sides.b());
    } else {
      r.b.push(await sides.b());
      r.a.push(await sides.a());
    }
    if (sides.ref) r.ref.push(await sides.ref());
    b.log(
      `  ${label}run ${i + 1}: ${r.a.at(-1)?.wall.toFixed(2)} s vs bare ${r.b.at(-1)?.wall.toFixed(2)} s${sides.ref ? `, full Chromium bare ${r.ref.at(-1)?.wall.toFixed(2)} s` : ''} (load ${loadavg()[0]?.toFixed(1)})`,
    );
  }
  return r;
}

/** Prints a build against the bare loop: medians, spreads, ratio of medians and of pairs. */
function compare(b: Bench, what: string, r: Runs, target: number): void {
  const [ra, rb] = [r.a.map((m) => m.wall), r.b.map((m) => m.wall)];
  const pairs = ra.map((x, i) => x / (rb[i] ?? x));
  const ratio = median(ra) / median(rb);
  b.log(`  bare loop (${b.shellMode}):        ${spread(rb)} ${cpuOf(r.b)}`);
  if (r.ref.length > 0)
    b.log(
      `  bare loop (full Chromium): ${spread(r.ref.map((m) => m.wall))} ${cpuOf(r.ref)}; shell/full ${(median(rb) / median(r.ref.map((m) => m.wall))).toFixed(2)}`,
    );
  b.log(`  ${what}: ${spread(ra)} ${cpuOf(r.a)}`);
  const cpuRatio =
    r.a.every((m) => m.cpu) && r.b.every((m) => m.cpu)
      ? `; cpu ratio ${(median(r.a.map((m) => m.cpu ?? 0)) / median(r.b.map((m) => m.cpu ?? 1))).toFixed(3)}`
      : '';
  b.log(
    `  ratio ${ratio.toFixed(3)} (pairs ${Math.min(...pairs).toFixed(3)}–${Math.max(...pairs).toFixed(3)})${cpuRatio}: ${verdict(ratio, target)}`,
  );
}

// The median CPU time of runs, when /usr/bin/time measured it.
function cpuOf(ms: Measured[]): string {
  return ms.every((m) => m.cpu !== undefined)
    ? `cpu ${median(ms.map((m) => m.cpu ?? 0)).toFixed(2)} s`
    : '';
}

// Whether a measured value meets its target.
function verdict(value: number, target: number): string {
  return value <= target ? `meets ≤ ${target}` : `MISSES ≤ ${target}`;
}

// Bytes as gigabytes, for the memory lines.
function gb(bytes: number | undefined): string {
  return `${((bytes ?? 0) / 1e9).toFixed(2)} GB`;
}
