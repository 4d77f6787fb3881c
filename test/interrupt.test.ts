// An interrupted build (SIGINT/SIGTERM) closes Chromium and leaves no partial file.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { ROOT, TSX_LOADER, fixtureProject } from './helpers.ts';

/** PIDs of every process under `pid`. */
function descendants(pid: number): number[] {
  const out: number[] = [];
  const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number));
  const todo = [pid];
  for (let p = todo.pop(); p !== undefined; p = todo.pop()) {
    for (const [child, parent] of rows) {
      if (parent === p && child !== undefined) {
        out.push(child);
        todo.push(child);
      }
    }
  }
  return out;
}

/** Running, not a zombie waiting for a parent that is gone (PID 1 here may reap late). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
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

for (const [signal, exit] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  test(`${signal} during a build: exit ${exit}, no Chromium left, no partial file`, async (t) => {
    const root = await fixtureProject(t);
    const child = spawn(
      process.execPath,
      ['--import', TSX_LOADER, join(ROOT, 'scripts', 'cli.ts'), 'build'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (/\[\s*2\/\d+\]/.test(out)) resolve();
      });
      child.on('exit', () =>
        reject(new Error(`build ended before it could be interrupted: ${out}`)),
      );
    });
    const browserTree = descendants(child.pid ?? -1);
    assert.ok(browserTree.length > 0, 'no Chromium was running under the build');
    child.kill(signal);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    assert.equal(code, exit);
    let left: number[] = [];
    for (let i = 0; i < 50; i++) {
      left = browserTree.filter(alive);
      if (left.length === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(left, [], 'Chromium processes left behind');
    const files = await walk(join(root, 'dist'));
    assert.deepEqual(
      files.filter((f) => f.endsWith('.tmp')),
      [],
    );
    for (const f of files.filter((x) => x.endsWith('.pdf'))) {
      const pdf = await PDFDocument.load(await readFile(f));
      assert.ok(pdf.getPageCount() >= 1, f);
    }
  });
}
