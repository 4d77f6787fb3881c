// bench: the build against a bare print loop over the same HTML files, side by side,
// alternating, in one run; the no-op rebuild through `npm run build`; and, with
// --documents N, a synthetic corpus of N documents × every registry language.
//   npm run bench [-- --runs 3] [--documents 100]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';
import { build } from './build.ts';
import { CHROMIUM_ARGS, findChromium, Printer } from './io/browser.ts';
import { LANGUAGES } from './languages.ts';

const ROOT = join(import.meta.dirname, '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, documents: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } } });
if (values.help) {
  console.log('Usage: npm run bench [-- --runs 3] [--documents 100]\n\nCold build vs a bare puppeteer print loop (medians and ratio), the no-op\nrebuild through npm run build, and with --documents N a synthetic corpus of\nN documents × every registry language: cost per PDF, peak memory of the process tree.');
  process.exit(0);
}
const runs = Number(values.runs);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

async function project(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'selec-bench-'));
  await cp(join(ROOT, 'source'), join(dir, 'source'), { recursive: true });
  await cp(join(ROOT, 'translations'), join(dir, 'translations'), { recursive: true });
  return dir;
}

async function htmlFiles(out: string): Promise<string[]> {
  const files: string[] = [];
  for (const d of await readdir(out, { withFileTypes: true })) {
    if (!d.isDirectory() || ['assets', 'coverage', 'review', 'shards'].includes(d.name)) continue;
    for (const f of await readdir(join(out, d.name))) if (f.endsWith('.html')) files.push(join(out, d.name, f));
  }
  return files.sort();
}

/** The baseline: launch Chromium once, print every file with two reused pages. */
async function bareLoop(files: string[], outDir: string): Promise<number> {
  const t0 = performance.now();
  const browser = await puppeteer.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS, headless: true, pipe: true });
  const queue = [...files];
  await Promise.all(
    [0, 1].map(async (w) => {
      const page = await browser.newPage();
      for (let f = queue.shift(); f; f = queue.shift()) {
        await page.goto(pathToFileURL(f).href, { waitUntil: 'load' });
        const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, outline: true, tagged: true });
        await writeFile(join(outDir, `${w}-${files.indexOf(f)}.pdf`), pdf);
      }
    }),
  );
  await browser.close();
  return (performance.now() - t0) / 1000;
}

async function coldBuild(root: string): Promise<{ secs: number; pdfs: number }> {
  await rm(join(root, 'dist'), { recursive: true, force: true });
  const t0 = performance.now();
  const printer = new Printer();
  try {
    const r = await build({ root, printer });
    if (r.failed > 0) throw new Error(`${r.failed} editions failed`);
    return { secs: (performance.now() - t0) / 1000, pdfs: r.printed };
  } finally {
    await printer.close();
  }
}

/**
 * Peak memory of this process and all its descendants, sampled every 250 ms. Each
 * process counts its proportional set size (PSS, /proc/<pid>/smaps_rollup): Chromium's
 * processes share most of their pages, and summing their RSS would count those
 * pages once per process.
 */
function memorySampler(): { stop: () => number } {
  let peak = 0;
  const children = (pid: number): number[] => {
    try {
      return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  const pss = (pid: number): number => {
    try {
      const kb = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1];
      return Number(kb ?? 0) * 1024;
    } catch {
      return 0;
    }
  };
  const sample = () => {
    const tree = [process.pid];
    for (let i = 0; i < tree.length; i++) tree.push(...children(tree[i] ?? 0));
    peak = Math.max(peak, tree.reduce((n, pid) => n + pss(pid), 0));
  };
  const timer = setInterval(sample, 250);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

async function timeCommand(cmd: string, args: string[], cwd: string): Promise<{ secs: number; out: string }> {
  const t0 = performance.now();
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}`))));
  });
  return { secs: (performance.now() - t0) / 1000, out };
}

async function main(): Promise<void> {
  console.log(`bench: ${cpus().length} cores, Chromium ${findChromium()}, ${runs} alternating runs`);
  const root = await project();
  await coldBuild(root); // warm-up, and the HTML files the bare loop prints
  const files = await htmlFiles(join(root, 'dist'));
  const bareOut = await mkdtemp(join(tmpdir(), 'selec-bare-'));
  const bare: number[] = [];
  const cold: number[] = [];
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? ['bare', 'cold'] : ['cold', 'bare'];
    for (const which of order) {
      if (which === 'bare') bare.push(await bareLoop(files, bareOut));
      else cold.push((await coldBuild(root)).secs);
    }
    console.log(`run ${i + 1}: bare loop ${bare.at(-1)?.toFixed(2)} s, cold build ${cold.at(-1)?.toFixed(2)} s`);
  }
  const ratio = median(cold) / median(bare);
  console.log(`cold build of ${files.length} editions: median ${median(cold).toFixed(2)} s; bare print loop: median ${median(bare).toFixed(2)} s; ratio ${ratio.toFixed(3)} (target ≤ 1.15)`);

  // No-op through npm, as a user runs it.
  const tsx = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  await writeFile(join(root, 'package.json'), JSON.stringify({ name: 'bench', private: true, scripts: { build: `node --import ${tsx} ${join(ROOT, 'scripts', 'cli.ts')} build` } }));
  await timeCommand('npm', ['run', '--silent', 'build'], root);
  const noop: number[] = [];
  for (let i = 0; i < 5; i++) {
    const r = await timeCommand('npm', ['run', '--silent', 'build'], root);
    if (!r.out.startsWith('nothing changed')) throw new Error(`the no-op build did work: ${r.out}`);
    noop.push(r.secs);
  }
  console.log(`no-op rebuild (npm run build, nothing changed, no browser): median ${median(noop).toFixed(2)} s of 5 (target ≤ 0.8 s)`);

  if (values.documents) {
    const n = Number(values.documents);
    const big = await project();
    const src = await readFile(join(big, 'source', 'joint-declaration.md'), 'utf8');
    await rm(join(big, 'source', 'joint-declaration.md'));
    for (let d = 1; d <= n; d++) {
      const id = `document-${String(d).padStart(4, '0')}`;
      await writeFile(join(big, 'source', `${id}.md`), src.replace('id: joint-declaration', `id: ${id}`).replace('# Joint Declaration', `# Joint Declaration ${d}`));
    }
    for (const lang of await readdir(join(big, 'translations'))) {
      for (const suffix of ['.json', '.source.json']) {
        const from = join(big, 'translations', lang, `joint-declaration${suffix}`);
        const text = await readFile(from, 'utf8').catch(() => undefined);
        if (text === undefined) continue;
        for (let d = 1; d <= n; d++) await writeFile(join(big, 'translations', lang, `document-${String(d).padStart(4, '0')}${suffix}`), text);
        await rm(from);
      }
    }
    await mkdir(join(big, 'dist'), { recursive: true });
    const mem = memorySampler();
    const t0 = performance.now();
    const printer = new Printer();
    let launches = 0;
    try {
      const r = await build({ root: big, printer });
      if (r.failed > 0) throw new Error(`${r.failed} editions failed`);
    } finally {
      launches = printer.launches;
      await printer.close();
    }
    const secs = (performance.now() - t0) / 1000;
    const peak = mem.stop();
    const perPdf = secs / (n * LANGUAGES.length);
    const base = median(cold) / files.length;
    console.log(`scale: ${n} documents × ${LANGUAGES.length} = ${n * LANGUAGES.length} PDFs in ${secs.toFixed(1)} s: ${(perPdf * 1000).toFixed(0)} ms per PDF vs ${(base * 1000).toFixed(0)} ms in the ${LANGUAGES.length}-edition build, ratio ${(perPdf / base).toFixed(3)} (target ≤ 1.1); peak memory of the process tree ${(peak / 1e9).toFixed(2)} GB (target < 1.5 GB); 2 pages; browser launched ${launches} times`);
    await rm(big, { recursive: true, force: true });
  }
  await rm(root, { recursive: true, force: true });
  await rm(bareOut, { recursive: true, force: true });
}

await main();
