// An interrupted build (SIGINT/SIGTERM) closes Chromium and leaves no partial file.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { ROOT, tempProject } from './helpers.ts';

function chromiumPids(): Set<string> {
  try {
    return new Set(execFileSync('pgrep', ['-f', 'chrom'], { encoding: 'utf8' }).split('\n').filter(Boolean));
  } catch {
    return new Set();
  }
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else out.push(p);
  }
  return out;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} during a build: exit 130, no Chromium left, no partial file`, async () => {
    const root = await tempProject();
    const before = chromiumPids();
    const child = spawn(process.execPath, ['--import', pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href, join(ROOT, 'scripts', 'cli.ts'), 'build'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (/\[\s*2\/13\]/.test(out)) resolve();
      });
      child.on('exit', () => reject(new Error(`build ended before it could be interrupted: ${out}`)));
    });
    child.kill(signal);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    assert.equal(code, 130);
    let left: string[] = [];
    for (let i = 0; i < 20; i++) {
      left = [...chromiumPids()].filter((p) => !before.has(p));
      if (left.length === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(left, [], 'Chromium processes left behind');
    const files = await walk(join(root, 'dist'));
    assert.deepEqual(files.filter((f) => f.endsWith('.tmp')), []);
    for (const f of files.filter((x) => x.endsWith('.pdf'))) {
      const pdf = await PDFDocument.load(await readFile(f));
      assert.ok(pdf.getPageCount() >= 1, f);
    }
  });
}
