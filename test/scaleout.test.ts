// Beyond one machine, with real Chromium: the merge that refuses an incomplete set of
// shards, and a browser reached by its DevTools HTTP URL. (The workflow, an unreachable
// browser URL and the sealed server need none: test/unit/scaleout.test.ts.)
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { build } from '../scripts/build.ts';
import { Printer } from '../scripts/io/browser.ts';
import { fixtureProject, remoteChromium, runMain } from './helpers.ts';
import { readPdf } from './pdf-read.ts';

test('--index-only refuses a set with a missing shard, naming it; --allow-partial publishes what is there', async (t) => {
  const root = await fixtureProject(t);
  // The two English editions in two shards: one each.
  assert.equal((await runMain(root, ['build', '--lang', 'en', '--shard', '1/2'])).code, 0);
  const refused = await runMain(root, ['build', '--index-only']);
  assert.equal(refused.code, 2);
  assert.match(
    refused.stderr,
    /^error: shard manifest missing: dist\/shards\/2-of-2\.json; the set is incomplete and was not published\n {2}Run the missing shard/,
  );
  const partial = await runMain(root, ['build', '--index-only', '--allow-partial']);
  assert.equal(partial.code, 0, partial.stderr);
  assert.match(
    partial.stderr,
    /warning: publishing a partial set: dist\/shards\/2-of-2\.json missing/,
  );
  assert.equal(
    (await readFile(join(root, 'dist', 'SHA256SUMS'), 'utf8')).trim().split('\n').length,
    2,
    'the partial set lists the one edition built: its PDF and its XML',
  );
  assert.equal((await runMain(root, ['build', '--lang', 'en', '--shard', '2/2'])).code, 0);
  const whole = await runMain(root, ['build', '--index-only']);
  assert.equal(whole.code, 0, whole.stderr);
  assert.equal(whole.stderr, '');
  assert.match(
    await readFile(join(root, 'dist', 'SHA256SUMS'), 'utf8'),
    /^[0-9a-f]{64} {2}en\/cooperation-statement\.pdf\n[0-9a-f]{64} {2}en\/cooperation-statement\.akn\.xml\n[0-9a-f]{64} {2}en\/training-programme\.pdf\n[0-9a-f]{64} {2}en\/training-programme\.akn\.xml\n$/,
  );
});

test('--browser-ws accepts the DevTools HTTP URL (http://host:port) of a running Chromium', async (t) => {
  const chrome = await remoteChromium(t);
  try {
    const { port } = chrome;
    const root = await fixtureProject(t);
    const remote = new Printer({ browserWSEndpoint: `http://127.0.0.1:${port}` });
    try {
      assert.equal((await build({ root, printer: remote, langs: ['hr'] })).printed, 2);
    } finally {
      await remote.close();
    }
    const pdf = await readPdf(
      await readFile(join(root, 'dist', 'hr', 'cooperation-statement.pdf')),
    );
    assert.equal(pdf.lang, 'hr');
    assert.ok(pdf.text.includes('Izjava o regionalnoj suradnji'));
  } finally {
    await chrome.stop();
  }
});
