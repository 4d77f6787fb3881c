// Beyond one machine: the CI workflow that spreads the shards, the merge that refuses
// an incomplete set, a browser reached by its DevTools HTTP URL, and the sealed server
// that launched browsers print from.
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  NoOperationTraceWriter,
  convertWorkflowTemplate,
  parseWorkflow,
} from '@actions/workflow-parser';
import { build } from '../scripts/build.ts';
import { main } from '../scripts/cli.ts';
import { Printer } from '../scripts/io/browser.ts';
import { SEALED_CSP, startSealedServer } from '../scripts/io/sealed-server.ts';
import { missingShards } from '../scripts/stages/shards.ts';
import { ROOT, remoteChromium, tempProject } from './helpers.ts';
import { readPdf } from './pdf-read.ts';

async function run(
  cwd: string,
  ...argv: string[]
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: {},
    cwd,
  });
  return { code, out, err };
}

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

test('missingShards names the manifests a complete set lacks', () => {
  assert.deepEqual(missingShards(['1-of-3.json', '3-of-3.json']), ['2-of-3.json']);
  assert.deepEqual(missingShards(['2-of-2.json', 'notes.json']), ['1-of-2.json']);
  assert.deepEqual(missingShards(['1-of-1.json']), []);
  assert.deepEqual(missingShards([]), []);
});

test('--index-only refuses a set with a missing shard, naming it; --allow-partial publishes what is there', async () => {
  const root = await tempProject();
  // One edition, two shards: the first holds it, the second is empty but still part of the set.
  assert.equal((await run(root, 'build', '--lang', 'en', '--shard', '1/2')).code, 0);
  const refused = await run(root, 'build', '--index-only');
  assert.equal(refused.code, 2);
  assert.match(
    refused.err,
    /^error: shard manifest missing: dist\/shards\/2-of-2\.json; the set is incomplete and was not published\n {2}Run the missing shard/,
  );
  const partial = await run(root, 'build', '--index-only', '--allow-partial');
  assert.equal(partial.code, 0, partial.err);
  assert.match(
    partial.err,
    /warning: publishing a partial set: dist\/shards\/2-of-2\.json missing/,
  );
  assert.equal((await run(root, 'build', '--lang', 'en', '--shard', '2/2')).code, 0);
  const whole = await run(root, 'build', '--index-only');
  assert.equal(whole.code, 0, whole.err);
  assert.equal(whole.err, '');
  assert.match(
    await readFile(join(root, 'dist', 'SHA256SUMS'), 'utf8'),
    /^[0-9a-f]{64} {2}en\/joint-declaration\.pdf\n$/,
  );
});

test('--browser-ws that cannot be reached says so, naming the URL (not "install Chromium")', async () => {
  const root = await tempProject();
  for (const url of ['http://127.0.0.1:9', 'ws://127.0.0.1:9/devtools/browser/x']) {
    const r = await run(root, 'build', '--lang', 'en', '--force', '--browser-ws', url);
    assert.equal(r.code, 2, url);
    assert.ok(r.err.startsWith(`error: could not reach the browser at ${url}: `), r.err);
    assert.doesNotMatch(r.err, /apt-get/);
  }
  const bad = await run(root, 'build', '--lang', 'en', '--browser-ws', '127.0.0.1:9222');
  assert.equal(bad.code, 2);
  assert.match(
    bad.err,
    /^error: --browser-ws must be a ws:\/\/, wss:\/\/, http:\/\/ or https:\/\/ URL, not "127\.0\.0\.1:9222"/,
  );
});

test('--browser-ws accepts the DevTools HTTP URL (http://host:port) of a running Chromium', async () => {
  const chrome = await remoteChromium();
  try {
    const { port } = chrome;
    const root = await tempProject();
    const remote = new Printer({ browserWSEndpoint: `http://127.0.0.1:${port}` });
    try {
      assert.equal((await build({ root, printer: remote, langs: ['sq'] })).printed, 1);
    } finally {
      await remote.close();
    }
    const pdf = await readPdf(await readFile(join(root, 'dist', 'sq', 'joint-declaration.pdf')));
    assert.equal(pdf.lang, 'sq');
  } finally {
    chrome.stop();
  }
});

test('the sealed server serves only under its folders, with a CSP that allows nothing else', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'selec-sealed-'));
  const other = await mkdtemp(join(tmpdir(), 'selec-other-'));
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
