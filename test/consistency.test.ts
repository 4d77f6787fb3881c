// dist/ is always one consistent release: builds interrupted at random points (SIGINT of
// the build, SIGKILL of Chromium) leave each edition's HTML and PDF at one version, and
// the manifest, SHA256SUMS, zip and index describing exactly the files on disk.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { constants } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { unzipSync } from 'fflate';
import { LOCK_FILE } from '../scripts/io/lock.ts';
import { readRegistry } from '../scripts/io/registry.ts';
import { FIXTURE, ROOT, TSX_LOADER, fixtureProject } from './helpers.ts';

const LANGUAGES = readRegistry(FIXTURE).languages;
// A sample of the fixture's registry: the source language, a derived one, two others.
const SAMPLE = [
  ...new Set(
    [LANGUAGES[0], LANGUAGES.find((l) => l.derivedFrom), ...LANGUAGES.slice(1, 3)]
      .filter((l) => l !== undefined)
      .map((l) => l.code),
  ),
];

function build(root: string): {
  child: ReturnType<typeof spawn>;
  output: () => string;
  exit: Promise<number | null>;
} {
  const child = spawn(
    process.execPath,
    ['--import', TSX_LOADER, join(ROOT, 'scripts', 'cli.ts'), 'build', '--lang', SAMPLE.join(',')],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return {
    child,
    output: () => out,
    // As a shell reports it: a process ended by SIGINT after its build (its handlers gone,
    // nothing left to clean up) exits 130 too.
    exit: new Promise((resolve) =>
      child.on('exit', (c, signal) =>
        resolve(c ?? (signal ? 128 + constants.signals[signal] : null)),
      ),
    ),
  };
}

/** Every process under `pid` whose command line names Chromium. */
function chromiumUnder(pid: number): number[] {
  const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,comm='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/));
  const out: number[] = [];
  const todo = [pid];
  for (let p = todo.pop(); p !== undefined; p = todo.pop()) {
    for (const [child, parent, comm] of rows) {
      if (Number(parent) === p) {
        todo.push(Number(child));
        if (/chrom/i.test(comm ?? '')) out.push(Number(child));
      }
    }
  }
  return out;
}

/** Writes version `v` into the title of every English document and of every translation: both the HTML <title> and the PDF /Title show it. */
async function setVersion(root: string, v: number): Promise<void> {
  const mark = (title: string): string => `${title.replace(/ \[\d+\]$/, '')} [${v}]`;
  for (const name of await readdir(join(root, 'source'))) {
    const file = join(root, 'source', name);
    const src = await readFile(file, 'utf8');
    await writeFile(
      file,
      src.replace(/^title: (.*)$/m, (_, title: string) => `title: ${mark(title)}`),
    );
  }
  for (const dir of await readdir(join(root, 'translations'), { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const name of await readdir(join(root, 'translations', dir.name))) {
      if (!name.endsWith('.json') || name.endsWith('.source.json') || name === 'ui.json') continue;
      const file = join(root, 'translations', dir.name, name);
      const values = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
      if (values['meta.title'] === undefined) continue;
      values['meta.title'] = mark(values['meta.title']);
      await writeFile(file, `${JSON.stringify(values, null, 2)}\n`);
    }
  }
}

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const versionOf = (title: string): string => /\[(\d+)\]/.exec(title)?.[1] ?? 'none';

/** The invariants of a release; returns the version of each edition on disk. */
async function assertConsistent(dist: string, context: string): Promise<Record<string, string>> {
  const manifest = JSON.parse(await readFile(join(dist, 'manifest.json'), 'utf8')) as {
    editions: Array<{
      lang: string;
      document: string;
      html: string;
      pdf: string;
      sha256: string;
      bytes: number;
      xml: string;
      xmlSha256: string;
    }>;
  };
  const sums = (await readFile(join(dist, 'SHA256SUMS'), 'utf8'))
    .trim()
    .split('\n')
    .filter(Boolean);
  assert.deepEqual(
    sums,
    manifest.editions.flatMap((e) => [`${e.sha256}  ${e.pdf}`, `${e.xmlSha256}  ${e.xml}`]),
    `${context}: SHA256SUMS is the manifest`,
  );
  const zip = unzipSync(await readFile(join(dist, 'selec-editions.zip')));
  assert.deepEqual(
    Object.keys(zip).sort(),
    manifest.editions.flatMap((e) => [e.pdf, e.xml]).sort(),
    `${context}: the zip holds the manifest's PDFs and XML editions`,
  );
  const index = await readFile(join(dist, 'index.html'), 'utf8');
  assert.deepEqual(
    [...index.matchAll(/<code>([0-9a-f]{64})<\/code>/g)].map((m) => m[1]).sort(),
    manifest.editions.map((e) => e.sha256).sort(),
    `${context}: the index lists the manifest's checksums`,
  );
  const versions: Record<string, string> = {};
  for (const e of manifest.editions) {
    const pdf = await readFile(join(dist, e.pdf));
    assert.equal(sha(pdf), e.sha256, `${context}: ${e.pdf} is the one recorded`);
    assert.equal(pdf.length, e.bytes, `${context}: ${e.pdf} bytes`);
    assert.equal(sha(zip[e.pdf] ?? new Uint8Array()), e.sha256, `${context}: ${e.pdf} in the zip`);
    const html = await readFile(join(dist, e.html), 'utf8');
    const htmlVersion = versionOf(/<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '');
    const pdfVersion = versionOf(
      /^Title:\s*(.*)$/m.exec(
        execFileSync('pdfinfo', [join(dist, e.pdf)], { encoding: 'utf8' }),
      )?.[1] ?? '',
    );
    assert.equal(
      htmlVersion,
      pdfVersion,
      `${context}: ${e.lang}/${e.document} HTML at version ${htmlVersion}, PDF at ${pdfVersion}`,
    );
    versions[`${e.lang}/${e.document}`] = pdfVersion;
  }
  const left: string[] = [];
  for (const entry of await readdir(dist, { recursive: true }))
    if (/(^|\/)\.staged\.|\.tmp$/.test(String(entry)) || String(entry) === LOCK_FILE)
      left.push(String(entry));
  assert.deepEqual(left, [], `${context}: staged, temporary or lock files left`);
  return versions;
}

test('builds interrupted at random points (SIGINT, SIGKILL of Chromium) leave dist/ one consistent release', async (t) => {
  const root = await fixtureProject(t);
  const documents = (await readdir(join(root, 'source'))).map((f) => f.replace(/\.md$/, ''));
  const dist = join(root, 'dist');
  await setVersion(root, 0);
  const first = build(root);
  assert.equal(await first.exit, 0, first.output());
  const start = await assertConsistent(dist, 'first build');
  assert.deepEqual(
    Object.keys(start).sort(),
    SAMPLE.flatMap((c) => documents.map((id) => `${c}/${id}`)).sort(),
  );
  const modes = ['SIGINT', 'SIGKILL-chromium', 'SIGINT', 'SIGKILL-chromium'] as const;
  for (const [round, mode] of modes.entries()) {
    const v = round + 1;
    await setVersion(root, v);
    const b = build(root);
    // Wait for printing to start, then a random part of a print's time.
    for (let i = 0; i < 600 && !/printing \d+ PDF/.test(b.output()); i++)
      await new Promise((r) => setTimeout(r, 100));
    const delay = Math.floor(Math.random() * 4000);
    await new Promise((r) => setTimeout(r, delay));
    const context = `round ${v} (${mode} after ${delay} ms)`;
    if (mode === 'SIGINT') b.child.kill('SIGINT');
    else {
      const browsers = chromiumUnder(b.child.pid ?? -1);
      const victim = browsers[Math.floor(Math.random() * browsers.length)];
      if (victim !== undefined) process.kill(victim, 'SIGKILL');
    }
    // SIGKILL of Chromium: 0 (the retry printed it), 1 (the edition failed twice) or 2 (killed while starting).
    const code = await b.exit;
    assert.ok(
      mode === 'SIGINT' ? [0, 130].includes(code ?? -1) : [0, 1, 2].includes(code ?? -1),
      `${context}: exit ${code}\n${b.output()}`,
    );
    const versions = await assertConsistent(dist, context);
    // Every edition is either entirely new or entirely old.
    for (const [edition, version] of Object.entries(versions))
      assert.ok(
        [String(v), start[edition]].includes(version),
        `${context}: ${edition} at ${version}, neither the new nor the old version`,
      );
    if (code === 0)
      assert.deepEqual(
        [...new Set(Object.values(versions))],
        [String(v)],
        `${context}: a build that succeeded published the new version everywhere`,
      );
    // The next round starts from what is on disk: a mix of versions is fine, each edition whole.
    Object.assign(start, versions);
  }
  // And a build left alone afterwards publishes the last version everywhere.
  const finish = build(root);
  assert.equal(await finish.exit, 0, finish.output());
  const after = await assertConsistent(dist, 'the final build');
  assert.deepEqual([...new Set(Object.values(after))], [String(modes.length)]);
});
