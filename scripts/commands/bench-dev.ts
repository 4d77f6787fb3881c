// bench-dev: edit-to-reload latency of `npm run dev`: the time from writing a
// translation file to its new text being visible in a page open in Chromium.
//   npm run bench:dev [-- --edits 20] [--no-print]
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import puppeteer, { type Page } from 'puppeteer-core';
import { CHROMIUM_ARGS, findChromium, Printer } from '../io/browser.ts';
import { loadProject } from '../io/project.ts';
import { SOURCE_LANGUAGE } from '../languages.ts';
import { startDevServer } from '../serve/server.ts';
import type { Command, Io } from './command.ts';

const HELP = `Usage: npm run bench:dev [-- --edits 20] [--no-print]

Starts the dev server on a scratch copy of the project, opens an edition in Chromium,
writes one translation --edits times and measures the time until the page shows it.
`;

export const benchDev: Command = {
  name: 'bench:dev',
  summary: 'time from a saved translation to the page showing it in the dev server',
  help: () => HELP,
  run,
};

async function run(args: string[], io: Io): Promise<number> {
  const log = (...parts: unknown[]): void => void io.stdout.write(`${parts.join(' ')}\n`);
  const ROOT = join(import.meta.dirname, '..', '..');
  const { values } = parseArgs({
    args,
    options: {
      edits: { type: 'string', default: '20' },
      'no-print': { type: 'boolean', default: false },
    },
  });
  const edits = Number(values.edits);

  const root = await mkdtemp(join(tmpdir(), 'selec-bench-dev-'));
  await cp(join(ROOT, 'source'), join(root, 'source'), { recursive: true });
  await cp(join(ROOT, 'translations'), join(root, 'translations'), { recursive: true });
  const target = await editTarget(root);
  const { lang, docId } = target;

  const printer = new Printer();
  const builds: number[] = [];
  const server = await startDevServer({
    root,
    out: join(root, '.cache', 'dev'),
    port: 0,
    langs: [lang],
    print: !values['no-print'],
    printer,
    onEvent: (e) => void (e.type === 'built' && builds.push(e.ms)),
  });
  const browser = await puppeteer.launch({
    executablePath: findChromium(),
    args: CHROMIUM_ARGS,
    headless: true,
    pipe: true,
  });
  const times: number[] = [];
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}${lang}/${docId}.html`, { waitUntil: 'load' });
    await timeEdits(page, target, edits, times);
  } finally {
    await browser.close();
    await server.close();
    await printer.close();
    await rm(root, { recursive: true, force: true });
  }
  const { median, at } = quantiles(times);
  log(
    `edit-to-reload over ${times.length} edits of ${lang}/${docId} (PDF reprinting ${values['no-print'] ? 'off' : 'on'}): median ${median.toFixed(0)} ms, min ${at(0).toFixed(0)} ms, p90 ${at(0.9).toFixed(0)} ms, max ${at(1).toFixed(0)} ms`,
  );
  log(`HTML builds (ms, from the change to the pages written): ${builds.slice(1).join(' ')}`);
  log(`all (ms): ${times.map((t) => t.toFixed(0)).join(' ')}`);
  return 0;
}

/** The translation the bench edits: one segment of one document in one language. */
interface EditTarget {
  lang: string;
  docId: string;
  key: string;
  /** The translation file written at each edit. */
  file: string;
}

// The first stored translation's first translated segment of the first document (no meta field).
async function editTarget(root: string): Promise<EditTarget> {
  const project = await loadProject(root);
  const lang = project.registry.languages.find(
    (l) => l.code !== SOURCE_LANGUAGE && !l.derivedFrom && project.resources[l.code],
  );
  const loaded = project.documents[0];
  if (!lang || !loaded) throw new Error('no translated document to edit');
  const key = loaded.segmented.segments
    .map((s) => s.key)
    .find(
      (k) =>
        project.resources[lang.code]?.[loaded.doc.id]?.[k] !== undefined && !k.startsWith('meta'),
    );
  if (!key) throw new Error('no translated segment to edit');
  const file = join(root, 'translations', lang.code, `${loaded.doc.id}.json`);
  return { lang: lang.code, docId: loaded.doc.id, key, file };
}

// Writes the segment `edits` times, each time measuring until the open page shows the text.
async function timeEdits(
  page: Page,
  target: EditTarget,
  edits: number,
  times: number[],
): Promise<void> {
  const { file, key } = target;
  for (let i = 0; i < edits; i++) {
    const values = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    const marker = `Edit number ${i} ${Date.now()}`;
    values[key] = marker;
    const started = performance.now();
    await writeFile(file, `${JSON.stringify(values, null, 2)}\n`);
    await page.waitForFunction(
      (m: string) => document.body?.innerText.includes(m),
      { polling: 5, timeout: 60_000 },
      marker,
    );
    times.push(performance.now() - started);
  }
}

// The median of the times, and the value at any quantile (0: min, 1: max).
function quantiles(times: number[]): { median: number; at: (q: number) => number } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const median =
    sorted.length % 2
      ? at(0.5)
      : ((sorted[sorted.length / 2 - 1] ?? 0) + (sorted[sorted.length / 2] ?? 0)) / 2;
  return { median, at };
}
