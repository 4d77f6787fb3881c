// The Akoma Ntoso XML editions of a real build (source/joint-declaration.md with the
// translations in translations/, on Chromium): one per edition beside its HTML and PDF,
// valid against the vendored OASIS schema, the same eIds in every language, and listed in
// the manifest, SHA256SUMS, the zip and the download page.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { unzipSync } from 'fflate';
import { build } from '../scripts/build.ts';
import type { Manifest } from '../scripts/stages/manifest.ts';
import { LANGUAGES } from './project-registry.ts';
import { ROOT, tempDir, usePrinter } from './helpers.ts';
import { eIdsOf, validate } from './akn.ts';

const printer = await usePrinter();
let dir: string;
const dist = (...p: string[]) => join(dir, 'dist', ...p);
const ID = 'joint-declaration';

before(async () => {
  dir = await tempDir('akn-build-');
  await cp(join(ROOT, 'source'), join(dir, 'source'), { recursive: true });
  await cp(join(ROOT, 'translations'), join(dir, 'translations'), { recursive: true });
  const result = await build({ root: dir, printer, allowIncomplete: true });
  assert.equal(result.failed, 0);
});

test('every edition has its XML beside its HTML and PDF, valid against the OASIS schema, with one set of eIds', async () => {
  const files = LANGUAGES.map((l) => dist(l.code, `${ID}.akn.xml`));
  assert.equal(files.length, 13);
  const r = validate(files);
  assert.equal(r.status, 0, r.output);
  const en = eIdsOf(await readFile(files[0] as string, 'utf8'));
  for (const f of files) assert.deepEqual(eIdsOf(await readFile(f, 'utf8')), en, f);
});

test('the XML is in the manifest, SHA256SUMS, the zip and the download page', async () => {
  const manifest = JSON.parse(await readFile(dist('manifest.json'), 'utf8')) as Manifest;
  const sums = await readFile(dist('SHA256SUMS'), 'utf8');
  const zip = unzipSync(await readFile(dist('selec-editions.zip')));
  const index = await readFile(dist('index.html'), 'utf8');
  assert.equal(manifest.editions.length, 13);
  for (const e of manifest.editions) {
    assert.equal(e.xml, `${e.lang}/${ID}.akn.xml`);
    const bytes = await readFile(dist(e.xml));
    assert.equal(e.xmlSha256, createHash('sha256').update(bytes).digest('hex'));
    assert.ok(sums.includes(`${e.xmlSha256}  ${e.xml}\n`), `${e.xml} in SHA256SUMS`);
    assert.deepEqual(zip[e.xml], new Uint8Array(bytes), `${e.xml} in the zip`);
    assert.ok(zip[e.pdf], `${e.pdf} still in the zip`);
    assert.ok(
      index.includes(`<a href="${e.xml}" hreflang="${e.lang}" type="application/akn+xml">`),
      `${e.xml} linked from the index`,
    );
  }
  execFileSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: dist() });
});

test('a build that changes nothing leaves the XML as it was; a lost XML is written again', async () => {
  const file = dist('hr', `${ID}.akn.xml`);
  const before = await stat(file);
  const bytes = await readFile(file);
  await build({ root: dir, printer, allowIncomplete: true });
  assert.equal((await stat(file)).mtimeMs, before.mtimeMs);
  await rm(file);
  const again = await build({ root: dir, printer, allowIncomplete: true });
  assert.equal(again.failed, 0);
  assert.deepEqual(await readFile(file), bytes);
  execFileSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: dist() });
});
