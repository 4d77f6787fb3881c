// The registry belongs to the project: the CLI run on a scratch copy of the fixture whose
// registry was edited (a language removed, one added with add-language in that root)
// builds and reports exactly that project's languages, with real Chromium.
import assert from 'node:assert/strict';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixtureProject, runMain } from './helpers.ts';

const DOCS = ['cooperation-statement', 'training-programme'];

async function coverageCodes(root: string): Promise<string[]> {
  const r = await runMain(root, ['coverage', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return Object.keys((JSON.parse(r.stdout) as { languages: object }).languages);
}

/** The editions of dist/: its language folders, and "lang/document" of the manifest. */
async function built(root: string): Promise<{ folders: string[]; manifest: string[] }> {
  const dist = join(root, 'dist');
  const skip = new Set([
    ...['assets', 'coverage', 'review', 'hyphenation', 'shards', 'xliff'],
    ...['pagefind', 'compare'],
  ]);
  const folders = (await readdir(dist, { withFileTypes: true }))
    .filter((e) => e.isDirectory() && !skip.has(e.name))
    .map((e) => e.name)
    .sort();
  const manifest = (
    JSON.parse(await readFile(join(dist, 'manifest.json'), 'utf8')) as {
      editions: Array<{ lang: string; document: string }>;
    }
  ).editions.map((e) => `${e.lang}/${e.document}`);
  return { folders, manifest };
}

test('a language removed from the registry: no edition, no report, no index row for it', async (t) => {
  const root = await fixtureProject(t);
  const file = join(root, 'translations', 'languages.json');
  const registry = JSON.parse(await readFile(file, 'utf8')) as {
    languages: Array<{ code: string }>;
  };
  registry.languages = registry.languages.filter((l) => l.code !== 'el');
  await writeFile(file, `${JSON.stringify(registry, null, 2)}\n`);
  // Its folder goes too: a folder the registry does not know is an error.
  await rm(join(root, 'translations', 'el'), { recursive: true });
  const codes = ['en', 'hr', 'sr-Cyrl', 'sr-Latn'];
  assert.deepEqual(await coverageCodes(root), codes);
  const r = await runMain(root, ['build']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /built 8 of 8 editions \(8 printed\)/);
  const { folders, manifest } = await built(root);
  assert.deepEqual(folders, [...codes].sort());
  assert.deepEqual(
    manifest,
    DOCS.flatMap((d) => codes.map((c) => `${c}/${d}`)),
  );
  const index = await readFile(join(root, 'dist', 'index.html'), 'utf8');
  assert.doesNotMatch(index, /hreflang="el"|Ελληνικά/);
  const hr = await readFile(join(root, 'dist', 'hr', `${DOCS[0]}.html`), 'utf8');
  assert.doesNotMatch(hr, /hreflang="el"/, 'the language switcher has no el');
  assert.match(hr, /hreflang="sr-Latn"/);
  const bad = await runMain(root, ['build', '--lang', 'el']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^error: unknown language code: el\b/);
});

test('a language added with add-language in that root is reported, built (in English until translated) and linked', async (t) => {
  const root = await fixtureProject(t);
  const added = await runMain(root, [
    'add-language',
    'mk',
    '--name',
    'Macedonian',
    '--native',
    'македонски',
    '--script',
    'Cyrl',
  ]);
  assert.equal(added.code, 0, added.stderr);
  assert.deepEqual(await coverageCodes(root), ['en', 'hr', 'sr-Cyrl', 'sr-Latn', 'el', 'mk']);
  const r = await runMain(root, ['build', '--lang', 'en,mk']);
  assert.equal(r.code, 0, r.stderr);
  const { folders, manifest } = await built(root);
  assert.deepEqual(folders, ['en', 'mk']);
  assert.deepEqual(
    manifest,
    DOCS.flatMap((d) => [`en/${d}`, `mk/${d}`]),
  );
  const mk = await readFile(join(root, 'dist', 'mk', `${DOCS[0]}.html`), 'utf8');
  assert.match(mk, /^<!doctype html>\n<html lang="mk"/i);
  // Nothing translated yet: the English, marked as such, in every segment.
  assert.match(mk, /data-status="missing" lang="en" class="fallback"/);
  assert.doesNotMatch(mk, /data-status="translated"/);
  const en = await readFile(join(root, 'dist', 'en', `${DOCS[0]}.html`), 'utf8');
  assert.match(en, /hreflang="mk"/, 'the other editions link the new one');
  // The real project's languages are not this project's.
  const tr = await runMain(root, ['coverage', '--lang', 'tr']);
  assert.equal(tr.code, 2);
});
