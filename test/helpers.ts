// Shared helpers of the tests: small in-memory documents; scratch projects (copies of the
// fixture project of test/fixtures/project, or of the whole repository); the CLI run
// in-process or as a child process; the printer of the build tests; and the clean-up of
// all of them.
import { rmSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Page } from 'puppeteer-core';
import type { Printer, PrinterOptions } from '../scripts/io/browser.ts';
import { parseDocument, type SourceDocument } from '../scripts/stages/parse.ts';
import { segmentDocument, type Segmented } from '../scripts/stages/segment.ts';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The fixture project: its own registry, two short documents, their translations. */
export const FIXTURE = join(ROOT, 'test', 'fixtures', 'project');

export const FRONT = `---
id: demo
title: Demo Declaration
place: Bucharest
date: 2019-10-31
issuer: Test Issuer
---
`;

export function doc(body: string, front = FRONT): { doc: SourceDocument; segmented: Segmented } {
  const d = parseDocument('source/demo.md', front + body);
  return { doc: d, segmented: segmentDocument(d) };
}

// ── Clean-up ───────────────────────────────────────────────────────────────────

/** What registers a clean-up: a test's context (t.after) or node:test's after at top level. */
export interface Scope {
  after(fn: () => unknown): void;
}

const fileScoped = new Set<string>();
let exitHook = false;

/**
 * Removes `dir` after the test `t` when given; else when the test file's process exits,
 * after every after() hook, so that a server or watcher is closed before its folder goes.
 */
function removeLater(dir: string, t?: Scope): string {
  if (t) {
    t.after(() => rm(dir, { recursive: true, force: true }));
    return dir;
  }
  fileScoped.add(dir);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const d of fileScoped) rmSync(d, { recursive: true, force: true });
    });
  }
  return dir;
}

/** An empty temporary folder (named selec-<prefix>…), removed after `t` or with the process. */
export async function tempDir(prefix = '', t?: Scope): Promise<string> {
  return removeLater(await mkdtemp(join(tmpdir(), `selec-${prefix}`)), t);
}

// ── Projects ───────────────────────────────────────────────────────────────────

/** Copies the fixture project (source/, translations/ with its registry) into `dir`. */
export async function copyFixture(dir: string): Promise<void> {
  await cp(FIXTURE, dir, { recursive: true });
}

/**
 * A scratch copy of the fixture project in a temporary folder; returns its path. Removed
 * after the test `t`, or when the process exits (a copy made in before() or at top level).
 * @example const root = await fixtureProject(t); await runMain(root, ['coverage'])
 */
export async function fixtureProject(t?: Scope): Promise<string> {
  const dir = await tempDir('fixture-', t);
  await copyFixture(dir);
  return dir;
}

/**
 * A scratch copy of the whole repository (code, package.json, source, translations,
 * tests) with node_modules linked: the README's commands and the test files run there
 * as in a checkout.
 */
export async function scratchRepo(t?: Scope): Promise<string> {
  const dir = await tempDir('repo-', t);
  for (const entry of [
    'package.json',
    'README.md',
    'tsconfig.json',
    'scripts',
    'source',
    'translations',
    'terms',
    'test',
    'vendor',
  ]) {
    await cp(join(ROOT, entry), join(dir, entry), { recursive: true });
  }
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

// ── The CLI ────────────────────────────────────────────────────────────────────

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI in-process (`main` of scripts/cli.ts) on the project at `root`, with string
 * buffers for its output, `env` for its environment and `now` for its clock.
 * @example const r = await runMain(root, ['coverage', '--format', 'json']); JSON.parse(r.stdout)
 */
export async function runMain(
  root: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  now?: Date,
): Promise<CliResult> {
  const { main } = await import('../scripts/cli.ts');
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env,
    cwd: root,
    ...(now ? { now: () => now } : {}),
  });
  return { code, stdout, stderr };
}

/** The loader that lets a child `node` run the TypeScript CLI. */
export const TSX_LOADER = pathToFileURL(
  join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs'),
).href;

/** Runs `scripts/cli.ts` of the scratch copy `dir` as a child process, as `npm run <script> -- …` does. */
export async function runCli(
  dir: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; out: string; err: string }> {
  const { spawn } = await import('node:child_process');
  const child = spawn(
    process.execPath,
    ['--import', TSX_LOADER, join(dir, 'scripts', 'cli.ts'), ...args],
    { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  return { code, out, err };
}

// ── Browsers ───────────────────────────────────────────────────────────────────

/**
 * A Printer for build tests, closed after the test `t`, or after the file when none is
 * given (then call it at the top level of the file: an after() made inside a before()
 * hook would run at the end of that hook).
 */
export async function usePrinter(options: PrinterOptions = {}, t?: Scope): Promise<Printer> {
  const { Printer } = await import('../scripts/io/browser.ts');
  const printer = new Printer(options);
  (t ?? { after }).after(() => printer.close());
  return printer;
}

/**
 * A Chromium with remote debugging on 127.0.0.1, as --browser-ws users run one: its port,
 * its DevTools path, and a stop() that kills it with its whole process group (Debian's
 * chromium-headless-shell is a shell script: killing its pid alone leaves the browser).
 */
export async function remoteChromium(
  t?: Scope,
): Promise<{ port: string; path: string; stop: () => Promise<void> }> {
  const { spawn } = await import('node:child_process');
  const { readFile } = await import('node:fs/promises');
  const { CHROMIUM_ARGS, findChromium } = await import('../scripts/io/browser.ts');
  const profile = await tempDir('remote-', t);
  const chrome = spawn(
    findChromium(),
    [
      ...CHROMIUM_ARGS,
      '--remote-debugging-address=127.0.0.1',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { stdio: 'ignore', detached: true },
  );
  const exited = new Promise((resolve) => chrome.once('exit', resolve));
  let active = '';
  for (let i = 0; i < 100 && !active.includes('\n'); i++) {
    active = await readFile(join(profile, 'DevToolsActivePort'), 'utf8').catch(() => '');
    if (!active.includes('\n')) await new Promise((r) => setTimeout(r, 100));
  }
  const [port = '', path = ''] = active.trim().split('\n');
  const stop = async (): Promise<void> => {
    if (chrome.pid === undefined) return;
    try {
      // SIGKILL: a headless shell busy closing its pages can outlive SIGTERM.
      process.kill(-chrome.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await exited;
  };
  return { port, path, stop };
}

// ── A release folder served as a web server would ─────────────────────────────

/** A headless Chromium of the machine (the project's launch arguments), for tests that read pages; close it in an after(). */
export async function headlessChromium(): Promise<import('puppeteer-core').Browser> {
  const { CHROMIUM_ARGS, findChromium } = await import('../scripts/io/browser.ts');
  const puppeteer = (await import('puppeteer-core')).default;
  return puppeteer.launch({
    executablePath: findChromium(),
    args: CHROMIUM_ARGS,
    headless: true,
    pipe: true,
  });
}

/**
 * `dir` served over HTTP on 127.0.0.1 under `prefix` (e.g. "/editions/"), and a headless
 * Chromium to read it with. Call close() from an after() at the top level of the file.
 */
export async function servedRelease(
  dir: string,
  prefix = '/',
): Promise<{
  base: string;
  browser: import('puppeteer-core').Browser;
  close: () => Promise<void>;
}> {
  const { createServer } = await import('node:http');
  const { extname } = await import('node:path');
  const types: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.json': 'application/json',
  };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(prefix) || path.includes('..')) return void res.writeHead(404).end();
    readFile(join(dir, path.slice(prefix.length)))
      .then((b) =>
        res
          .writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' })
          .end(b),
      )
      .catch(() => res.writeHead(404).end());
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const browser = await headlessChromium();
  const close = async (): Promise<void> => {
    await browser.close();
    await new Promise((ok) => server.close(ok));
  };
  const port = (server.address() as { port: number }).port;
  return { base: `http://127.0.0.1:${port}${prefix}`, browser, close };
}

// ── Accessibility ──────────────────────────────────────────────────────────────

let axeSource: string | undefined;

/**
 * The axe-core violations of the page open in `page`, one line each: the rule and up to
 * three of the elements it names ("image-alt: main > img"). Empty when there are none.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  axeSource ??= await readFile(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run: (
            d: Document,
            o: object,
          ) => Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }>;
        };
      }
    ).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map(
      (v) =>
        `${v.id}: ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
  });
}
