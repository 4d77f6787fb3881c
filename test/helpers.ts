// Shared helpers of the tests: small in-memory documents and a temporary project.
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument, type SourceDocument } from '../scripts/stages/parse.ts';
import { segmentDocument, type Segmented } from '../scripts/stages/segment.ts';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

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

/** A copy of the project's source/ and translations/ in a temporary folder. */
export async function tempProject(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'selec-'));
  await cp(join(ROOT, 'source'), join(dir, 'source'), { recursive: true });
  await cp(join(ROOT, 'translations'), join(dir, 'translations'), { recursive: true });
  return dir;
}

/**
 * A scratch copy of the whole project (code, package.json, source, translations, tests)
 * with node_modules linked: commands run there see its own language registry.
 */
export async function scratchRepo(): Promise<string> {
  const { symlink } = await import('node:fs/promises');
  const dir = await mkdtemp(join(tmpdir(), 'selec-repo-'));
  for (const entry of [
    'package.json',
    'README.md',
    'tsconfig.json',
    'scripts',
    'source',
    'translations',
    'test',
    'vendor',
  ]) {
    await cp(join(ROOT, entry), join(dir, entry), { recursive: true });
  }
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** Runs `scripts/cli.ts` of the scratch copy `dir` as a child process, as `npm run <script> -- …` does. */
export async function runCli(
  dir: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; out: string; err: string }> {
  const { spawn } = await import('node:child_process');
  const { pathToFileURL } = await import('node:url');
  const child = spawn(
    process.execPath,
    [
      '--import',
      pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href,
      join(dir, 'scripts', 'cli.ts'),
      ...args,
    ],
    { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  return { code, out, err };
}

/**
 * A Chromium with remote debugging on 127.0.0.1, as --browser-ws users run one: its port,
 * its DevTools path, and a stop() that kills it (SIGKILL: a headless shell busy closing
 * its pages can outlive SIGTERM and hold the test process).
 */
export async function remoteChromium(): Promise<{ port: string; path: string; stop: () => void }> {
  const { spawn } = await import('node:child_process');
  const { readFile } = await import('node:fs/promises');
  const { CHROMIUM_ARGS, findChromium } = await import('../scripts/io/browser.ts');
  const profile = await mkdtemp(join(tmpdir(), 'selec-remote-'));
  const chrome = spawn(
    findChromium(),
    [
      ...CHROMIUM_ARGS,
      '--remote-debugging-address=127.0.0.1',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { stdio: 'ignore' },
  );
  let active = '';
  for (let i = 0; i < 100 && !active.includes('\n'); i++) {
    active = await readFile(join(profile, 'DevToolsActivePort'), 'utf8').catch(() => '');
    if (!active.includes('\n')) await new Promise((r) => setTimeout(r, 100));
  }
  const [port = '', path = ''] = active.trim().split('\n');
  return { port, path, stop: () => void chrome.kill('SIGKILL') };
}
