// bench: speed as a user feels it. Whole processes only: `npm run build` (cold, no-op,
// after editing one translation) against a bare print loop run as its own process
// (scripts/bench/bare-loop.mjs: launch, two reused pages, goto + pdf, write) on the
// headless shell, with full Chromium's loop for reference. Runs alternate, so that
// load from elsewhere hits both sides; ratios are of medians, and per pair.
//   npm run bench [-- --runs 3] [--documents 6] [--large-runs 1] [--no-full]
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { editionFiles, scratchProject } from '../bench/corpus.ts';
import { measure, median, spread, type Measured } from '../bench/measure.ts';
import { HEADLESS_SHELL } from '../io/browser.ts';
import type { Command, Io } from './command.ts';

const HELP = `Usage: npm run bench [-- --runs 3] [--documents N] [--large-runs 1] [--no-full]

Whole processes, alternating: "npm run build" cold, no-op and after editing one
translation, against a bare puppeteer loop on the headless shell (and, for
reference, on full Chromium) printing the same HTML files. With --documents N,
the same at N copies of every document (N x 13 editions), with the peak memory
of each process tree. Medians, min-max, ratios of medians and of each pair.
`;

export const bench: Command = {
  name: 'bench',
  summary: 'whole-process speed of npm run build against a bare print loop',
  help: () => HELP,
  run,
};

async function run(args: string[], io: Io): Promise<number> {
  const log = (...parts: unknown[]): void => void io.stdout.write(`${parts.join(' ')}\n`);
  const ROOT = join(import.meta.dirname, '..', '..');
  const BARE = join(ROOT, 'scripts', 'bench', 'bare-loop.mjs');
  const { values } = parseArgs({
    args,
    options: {
      runs: { type: 'string', default: '3' },
      documents: { type: 'string' },
      'large-runs': { type: 'string' },
      'no-full': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const runs = Number(values.runs);
  const shellMode = existsSync(HEADLESS_SHELL) ? 'shell' : 'full';
  const withFull = !values['no-full'] && existsSync('/usr/bin/chromium') && shellMode === 'shell';

  const npmBuild = (dir: string, memory = false): Promise<Measured> =>
    measure('npm', ['run', '--silent', 'build'], dir, { memory });
  const bareLoop = async (mode: string, files: string[], memory = false): Promise<Measured> => {
    const out = await mkdtemp(join(tmpdir(), 'selec-bare-'));
    try {
      return await measure(process.execPath, [BARE, mode, out, ...files], ROOT, { memory });
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  };
  const cold = async (dir: string, memory = false): Promise<Measured> => {
    await rm(join(dir, 'dist'), { recursive: true, force: true });
    const m = await npmBuild(dir, memory);
    if (!/\bbuilt (\d+) of \1 editions/.test(m.stdout))
      throw new Error(`the cold build did not build every edition:\n${m.stdout.slice(-500)}`);
    return m;
  };
  const cpuOf = (ms: Measured[]): string =>
    ms.every((m) => m.cpu !== undefined)
      ? `cpu ${median(ms.map((m) => m.cpu ?? 0)).toFixed(2)} s`
      : '';
  const verdict = (value: number, target: number): string =>
    value <= target ? `meets ≤ ${target}` : `MISSES ≤ ${target}`;
  const gb = (b: number | undefined): string => `${((b ?? 0) / 1e9).toFixed(2)} GB`;

  /** Alternates `a` and `b` (and `ref` after both) `n` times; returns their measurements. */
  async function alternate(
    n: number,
    a: () => Promise<Measured>,
    b: () => Promise<Measured>,
    ref?: () => Promise<Measured>,
    label = '',
  ): Promise<{ a: Measured[]; b: Measured[]; ref: Measured[] }> {
    const r = { a: [] as Measured[], b: [] as Measured[], ref: [] as Measured[] };
    for (let i = 0; i < n; i++) {
      if (i % 2 === 0) {
        r.a.push(await a());
        r.b.push(await b());
      } else {
        r.b.push(await b());
        r.a.push(await a());
      }
      if (ref) r.ref.push(await ref());
      log(
        `  ${label}run ${i + 1}: ${r.a.at(-1)?.wall.toFixed(2)} s vs bare ${r.b.at(-1)?.wall.toFixed(2)} s${ref ? `, full Chromium bare ${r.ref.at(-1)?.wall.toFixed(2)} s` : ''} (load ${loadavg()[0]?.toFixed(1)})`,
      );
    }
    return r;
  }

  /** Prints a build against the bare loop: medians, spreads, ratio of medians and of pairs. */
  function compare(
    what: string,
    r: { a: Measured[]; b: Measured[]; ref: Measured[] },
    target: number,
  ): void {
    const [a, b] = [r.a.map((m) => m.wall), r.b.map((m) => m.wall)];
    const pairs = a.map((x, i) => x / (b[i] ?? x));
    const ratio = median(a) / median(b);
    log(`  bare loop (${shellMode}):        ${spread(b)} ${cpuOf(r.b)}`);
    if (r.ref.length > 0)
      log(
        `  bare loop (full Chromium): ${spread(r.ref.map((m) => m.wall))} ${cpuOf(r.ref)}; shell/full ${(median(b) / median(r.ref.map((m) => m.wall))).toFixed(2)}`,
      );
    log(`  ${what}: ${spread(a)} ${cpuOf(r.a)}`);
    const cpuRatio =
      r.a.every((m) => m.cpu) && r.b.every((m) => m.cpu)
        ? `; cpu ratio ${(median(r.a.map((m) => m.cpu ?? 0)) / median(r.b.map((m) => m.cpu ?? 1))).toFixed(3)}`
        : '';
    log(
      `  ratio ${ratio.toFixed(3)} (pairs ${Math.min(...pairs).toFixed(3)}–${Math.max(...pairs).toFixed(3)})${cpuRatio}: ${verdict(ratio, target)}`,
    );
  }

  async function small(): Promise<void> {
    const { dir } = await scratchProject(ROOT, 1);
    try {
      await cold(dir); // warm-up: compiles the CLI if need be, fills the disk cache, writes the HTML
      const files = await editionFiles(join(dir, 'dist'));
      log(`\n${files.length} editions, cold: npm run build vs bare loop, ${runs} alternating runs`);
      compare(
        'npm run build (cold)',
        await alternate(
          runs,
          () => cold(dir),
          () => bareLoop(shellMode, files),
          withFull ? () => bareLoop('full', files) : undefined,
        ),
        1.1,
      );

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
      log(
        `\nno-op (npm run build, nothing changed): ${spread(noop.map((m) => m.wall))} ${cpuOf(noop)}: ${verdict(median(noop.map((m) => m.wall)), 0.3)}; of which npm's own start-up (npm run env -- true): ${spread(npmOnly.map((m) => m.wall))}`,
      );

      // One translation edited: the rebuild prints that one PDF; the bare loop prints the same page.
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
      const original = JSON.parse(await readFile(json, 'utf8')) as Record<string, string>;
      const key = Object.keys(original)[0] ?? '';
      let edits = 0;
      const edit = async (): Promise<Measured> => {
        await writeFile(
          json,
          JSON.stringify({ ...original, [key]: `${original[key]} (${++edits})` }, null, 2),
        );
        const m = await npmBuild(dir);
        if (!/\(1 printed\)/.test(m.stdout))
          throw new Error(
            `the rebuild after one edit did not print exactly one PDF:\n${m.stdout.slice(-400)}`,
          );
        return m;
      };
      log(
        `\none translation edited (${lang}, key "${key}"): npm run build vs the bare loop printing that one page`,
      );
      compare(
        'npm run build (one edit)',
        await alternate(runs, edit, () => bareLoop(shellMode, [html])),
        1.3,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async function large(copies: number, n: number): Promise<void> {
    const { dir, documents } = await scratchProject(ROOT, copies);
    try {
      log(
        `\n${documents} documents (${copies} copies of each), cold, ${n} alternating run${n === 1 ? '' : 's'}; peak memory (PSS of the process tree)`,
      );
      const first = await cold(dir, true); // also writes the HTML the bare loop prints
      const files = await editionFiles(join(dir, 'dist'));
      const bare: Measured[] = [await bareLoop(shellMode, files, true)];
      log(
        `  ${files.length} editions: run 1: ${first.wall.toFixed(2)} s vs bare ${bare[0]?.wall.toFixed(2)} s; peak memory: build ${gb(first.peak)}, bare loop ${gb(bare[0]?.peak)} (target < 1.5 GB)`,
      );
      const rest =
        n > 1
          ? await alternate(
              n - 1,
              () => cold(dir, true),
              () => bareLoop(shellMode, files, true),
              undefined,
              'next ',
            )
          : { a: [], b: [], ref: [] };
      const all = { a: [first, ...rest.a], b: [...bare, ...rest.b], ref: [] };
      compare(`npm run build (cold, ${files.length} editions)`, all, 1.1);
      const peak = Math.max(...all.a.map((m) => m.peak ?? 0));
      log(
        `  peak memory of npm run build: ${gb(peak)}: ${peak < 1.5e9 ? 'meets' : 'MISSES'} < 1.5 GB; bare loop ${gb(Math.max(...all.b.map((m) => m.peak ?? 0)))}`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  log(
    `bench: ${cpus().length} cores, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ' ',
      )}, baseline: bare loop on ${shellMode === 'shell' ? HEADLESS_SHELL : 'full Chromium (no headless shell installed)'}${existsSync('/usr/bin/time') ? '' : ' (no /usr/bin/time: no CPU times)'}`,
  );
  await small();
  if (values.documents) {
    const copies = Number(values.documents);
    if (!Number.isInteger(copies) || copies < 1)
      throw new Error(`--documents must be a whole number, not "${values.documents}"`);
    await large(copies, Number(values['large-runs'] ?? (copies > 20 ? 1 : runs)));
  }
  log(
    `\nload at the end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (ratios are only meaningful on an otherwise idle machine)`,
  );
  return 0;
}
