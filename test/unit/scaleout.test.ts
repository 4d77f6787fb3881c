// Scale-out without a browser: the CI workflow that spreads the shards, a browser URL
// that cannot be reached, and the sealed server that launched browsers print from.
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  NoOperationTraceWriter,
  convertWorkflowTemplate,
  parseWorkflow,
} from '@actions/workflow-parser';
import { SEALED_CSP, startSealedServer } from '../../scripts/io/sealed-server.ts';
import { ROOT, fixtureProject, runMain, tempDir } from '../helpers.ts';

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
