// The CLI's build as a user meets it, with real Chromium on the fixture project: the review
// page's diff of a reworded paragraph, the no-op second build, and an index that leaves
// out a PDF that is gone. (What needs no browser is in test/unit/cli.test.ts.)
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { build } from '../scripts/build.ts';
import { fixtureProject, runMain, usePrinter } from './helpers.ts';

const DOC = 'cooperation-statement';
const printer = await usePrinter();

test('a reworded English paragraph is stale in the build, with a diff on the review page; mark makes it current', async (t) => {
  const root = await fixtureProject(t);
  const source = join(root, 'source', `${DOC}.md`);
  await writeFile(
    source,
    (await readFile(source, 'utf8')).replace('at national borders', 'at state borders'),
  );
  const result = await build({ root, printer, langs: ['hr'] });
  assert.equal(result.failed, 0);
  const stale = result.editions.find((e) => e.document === DOC)?.counts.stale;
  assert.equal(stale, 1);
  const review = await readFile(join(root, 'reports', 'review', 'hr', `${DOC}.html`), 'utf8');
  const row = /<tr id="seg-recognising" data-status="stale">[\s\S]*?<\/tr>/.exec(review)?.[0] ?? '';
  assert.match(row, /<del>national<\/del><ins>state<\/ins>/);
  const html = await readFile(join(root, 'dist', 'hr', `${DOC}.html`), 'utf8');
  assert.match(html, /id="seg-recognising" data-status="stale"/);
  assert.equal((await runMain(root, ['mark', '--lang', 'hr', '--key', 'recognising'])).code, 0);
  await build({ root, printer, langs: ['hr'] });
  assert.match(
    await readFile(join(root, 'dist', 'hr', `${DOC}.html`), 'utf8'),
    /id="seg-recognising" data-status="translated"/,
  );
});

test('npm run build twice: the second run is a no-op that needs no browser at all', async (t) => {
  const root = await fixtureProject(t);
  // The fixture's el has a segment left untranslated: published marked, so 4 editions print.
  const first = await runMain(root, ['build', '--lang', 'en,el', '--allow-incomplete']);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /built 4 of 4 editions \(4 printed\)/);
  // A browser that cannot exist: the no-op must not even look for one.
  const noBrowser = { PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chromium' };
  const second = await runMain(root, ['build', '--lang', 'en,el', '--allow-incomplete'], noBrowser);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, /^nothing changed since the last build/);
  // Any input change ends the no-op.
  const el = join(root, 'translations', 'el', `${DOC}.json`);
  await writeFile(el, (await readFile(el, 'utf8')).replace('Δεσμεύσεις', 'Δεσμεύσεις (διόρθωση)'));
  const third = await runMain(root, ['build', '--lang', 'en,el', '--allow-incomplete'], noBrowser);
  assert.equal(third.code, 2);
  assert.match(third.stderr, /^error: Chromium could not be started/);
});

test('a PDF that is gone or not the one recorded is left out of the index, with a warning', async (t) => {
  const root = await fixtureProject(t);
  const built = await runMain(root, ['build', '--lang', 'en,el', '--allow-incomplete']);
  assert.equal(built.code, 0, built.stderr);
  await rm(join(root, 'dist', 'el', `${DOC}.pdf`));
  const r = await runMain(root, ['build', '--index-only']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    /warning: \[el\] dist\/el\/cooperation-statement\.pdf is missing or not the one recorded/,
  );
  const sums = await readFile(join(root, 'dist', 'SHA256SUMS'), 'utf8');
  assert.deepEqual(
    sums
      .trim()
      .split('\n')
      .map((l) => l.split('  ')[1]),
    [
      'en/cooperation-statement.pdf',
      'en/cooperation-statement.akn.xml',
      'en/training-programme.pdf',
      'en/training-programme.akn.xml',
      'el/training-programme.pdf',
      'el/training-programme.akn.xml',
    ],
  );
});
