// Beyond one machine: the CI workflow that spreads the shards, the merge that refuses
// an incomplete set, a browser reached by its DevTools HTTP URL, and the sealed server
// that launched browsers print from.
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  NoOperationTraceWriter,
  convertWorkflowTemplate,
  parseWorkflow,
} from '@actions/workflow-parser';
import { build } from '../scripts/build.ts';
import { Printer } from '../scripts/io/browser.ts';
import { SEALED_CSP, startSealedServer } from '../scripts/io/sealed-server.ts';
import { ROOT, fixtureProject, remoteChromium, runMain, tempDir } from './helpers.ts';
import { readPdf } from './pdf-read.ts';

/** GitHub's own parser (the one behind its editor support): syntax, schema and expressions. */
async function workflowErrors(content: string): Promise<string[]> {
  const parsed = parseWorkflow({ name: 'editions.yml', content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (parsed.value) await convertWorkflowTemplate(parsed.context, parsed.value);
  return [...errors, ...parsed.context.errors.getErrors().map((e) => e.message)].filter(
    (e, i, all) => all.indexOf(e) === i,
  );
}

test('the editions workflow validates: a matrix of shards, then one job that merges, verifies and uploads', async () => {
  const yaml = await readFile(join(ROOT, '.github', 'workflows', 'editions.yml'), 'utf8');
  assert.deepEqual(await workflowErrors(yaml), []);
  assert.match(yaml, /npm run build -- --shard "\$SHARD"/);
  assert.match(yaml, /SHARD: \$\{\{ matrix\.shard \}\}\/\$\{\{ inputs\.shards \|\| 4 \}\}/);
  assert.match(yaml, /npm run build -- --index-only/);
  assert.match(yaml, /sha256sum -c SHA256SUMS/);
  // The validator is no rubber stamp: a job that needs a job that does not exist, an unknown key.
  assert.notDeepEqual(await workflowErrors(yaml.replace('needs: shard', 'needs: shards')), []);
  assert.notDeepEqual(
    await workflowErrors(yaml.replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest')),
    [],
  );
});

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
    1,
    'the partial set lists the one edition built',
  );
  assert.equal((await runMain(root, ['build', '--lang', 'en', '--shard', '2/2'])).code, 0);
  const whole = await runMain(root, ['build', '--index-only']);
  assert.equal(whole.code, 0, whole.stderr);
  assert.equal(whole.stderr, '');
  assert.match(
    await readFile(join(root, 'dist', 'SHA256SUMS'), 'utf8'),
    /^[0-9a-f]{64} {2}en\/cooperation-statement\.pdf\n[0-9a-f]{64} {2}en\/training-programme\.pdf\n$/,
  );
});

test('--browser-ws that cannot be reached says so, naming the URL (not "install Chromium")', async (t) => {
  const root = await fixtureProject(t);
  for (const url of ['http://127.0.0.1:9', 'ws://127.0.0.1:9/devtools/browser/x']) {
    const r = await runMain(root, ['build', '--lang', 'en', '--force', '--browser-ws', url]);
    assert.equal(r.code, 2, url);
    assert.ok(r.stderr.startsWith(`error: could not reach the browser at ${url}: `), r.stderr);
    assert.doesNotMatch(r.stderr, /apt-get/);
  }
  const bad = await runMain(root, ['build', '--lang', 'en', '--browser-ws', '127.0.0.1:9222']);
  assert.equal(bad.code, 2);
  assert.match(
    bad.stderr,
    /^error: --browser-ws must be a ws:\/\/, wss:\/\/, http:\/\/ or https:\/\/ URL, not "127\.0\.0\.1:9222"/,
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

test('the sealed server serves only under its folders, with a CSP that allows nothing else', async (t) => {
  const dir = await tempDir('sealed-', t);
  const other = await tempDir('other-', t);
  await mkdir(join(dir, 'en'));
  await writeFile(join(dir, 'en', 'page.html'), '<p>x</p>');
  await writeFile(join(other, 'secret.css'), 'secret');
  const server = await startSealedServer();
  try {
    const url = server.urlFor(join(dir, 'en', 'page.html'), dir);
    const ok = await fetch(url);
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('content-security-policy'), SEALED_CSP);
    assert.match(SEALED_CSP, /default-src 'none'/);
    assert.equal(await ok.text(), '<p>x</p>');
    const base = url.slice(0, url.indexOf('/en/page.html'));
    const origin = new URL(url).origin;
    for (const probe of [
      `${base}/../${other.slice(1)}/secret.css`,
      `${base}/%2e%2e/%2e%2e${other}/secret.css`,
      `${origin}${other}/secret.css`,
      `${origin}/etc/passwd`,
      `${base}/en`,
    ]) {
      assert.equal((await fetch(probe)).status, 404, probe);
    }
    assert.equal((await fetch(url, { method: 'POST' })).status, 405);
    assert.throws(
      () => server.urlFor(join(other, 'secret.css'), dir),
      /is not under the allowed folder/,
    );
    assert.ok(server.owns(url));
    assert.ok(!server.owns('file:///etc/passwd'));
  } finally {
    await server.close();
  }
});
