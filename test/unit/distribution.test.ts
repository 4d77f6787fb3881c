// The distribution set besides the editions: SHA256SUMS (stages/manifest.ts), the zip of
// every PDF (stages/bundle.ts) and the shard manifests a merge needs (stages/shards.ts).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { unzipSync } from 'fflate';
import { bundleZip } from '../../scripts/stages/bundle.ts';
import { sha256Sums, type ManifestEdition } from '../../scripts/stages/manifest.ts';
import { missingShards } from '../../scripts/stages/shards.ts';
import { tempDir } from '../helpers.ts';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

test('sha256Sums: one line per PDF in manifest order, in the format sha256sum -c verifies', async (t) => {
  const dir = await tempDir('sums-', t);
  const files = { 'en/a.pdf': bytes('%PDF en'), 'hr/a.pdf': bytes('%PDF hr') };
  const editions = Object.entries(files).map(([pdf, b]): ManifestEdition => ({
    lang: pdf.slice(0, 2),
    document: 'a',
    html: pdf.replace('.pdf', '.html'),
    pdf,
    bytes: b.length,
    sha256: sha(b),
    pages: 1,
    status: 'draft',
    key: 'k',
  }));
  const sums = sha256Sums(editions);
  assert.equal(sums, `${sha(files['en/a.pdf'])}  en/a.pdf\n${sha(files['hr/a.pdf'])}  hr/a.pdf\n`);
  for (const [name, b] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), b);
  }
  await writeFile(join(dir, 'SHA256SUMS'), sums);
  assert.equal(
    execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' }),
    'en/a.pdf: OK\nhr/a.pdf: OK\n',
  );
  assert.equal(sha256Sums([]), '');
});

test('bundleZip: every file stored under its name, sorted, dated; the same files give the same bytes', () => {
  const date = new Date('2019-10-31T00:00:00Z');
  const files = [
    { name: 'hr/a.pdf', bytes: bytes('%PDF hr') },
    { name: 'en/a.pdf', bytes: bytes('%PDF en') },
  ];
  const zip = bundleZip(files, date);
  const entries = unzipSync(zip);
  assert.deepEqual(Object.keys(entries), ['en/a.pdf', 'hr/a.pdf']);
  assert.equal(Buffer.from(entries['hr/a.pdf'] ?? []).toString(), '%PDF hr');
  // Given in any order, the archive is byte for byte the same.
  assert.ok(Buffer.from(bundleZip([...files].reverse(), date)).equals(Buffer.from(zip)));
  // Another date, other bytes: the date is in the archive, not the clock.
  assert.ok(!Buffer.from(bundleZip(files, new Date('2020-01-01T00:00:00Z'))).equals(zip));
  // Stored (method 0): the PDF's bytes appear as they are.
  assert.ok(Buffer.from(zip).includes(Buffer.from('%PDF en')));
  assert.equal(Buffer.from(zip).readUInt16LE(8), 0, 'compression method of the first entry');
});

test('missingShards: the manifests a complete set lacks, for each count present', () => {
  assert.deepEqual(missingShards(['1-of-3.json', '3-of-3.json']), ['2-of-3.json']);
  assert.deepEqual(missingShards(['2-of-2.json', 'notes.json']), ['1-of-2.json']);
  assert.deepEqual(missingShards(['1-of-1.json']), []);
  assert.deepEqual(missingShards([]), []);
  // Two sets of different sizes side by side: each is checked.
  assert.deepEqual(missingShards(['1-of-2.json', '4-of-4.json']), [
    '2-of-2.json',
    '1-of-4.json',
    '2-of-4.json',
    '3-of-4.json',
  ]);
  assert.deepEqual(missingShards(['x-of-2.json', '1-of-2.jsonl']), []);
});
