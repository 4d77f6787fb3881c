// Sealed rendering with real Chromium: no request leaves the edition's folder, no
// local file reaches a PDF, whatever the HTML asks for.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, test } from 'node:test';
import { build, type BuildEvent } from '../scripts/build.ts';
import { UserError } from '../scripts/errors.ts';
import { Printer } from '../scripts/io/browser.ts';
import { fixtureProject, tempDir } from './helpers.ts';
import { readPdf } from './pdf-read.ts';

const DOC = 'cooperation-statement';
let server: Server;
let hits: string[] = [];
let base = '';
// Each test its own printer: a page sealed for one test's folder must not serve the next.
let printer: Printer;
beforeEach(() => {
  printer = new Printer();
});
afterEach(async () => {
  await printer.close();
});

before(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'text/css' });
    res.end('body { color: red }');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise((resolve) => server.close(resolve));
});

test('a page asking for remote images, stylesheets, CSS url() and local files makes no request and leaks nothing', async (t) => {
  hits = [];
  const dist = await tempDir('seal-', t);
  await mkdir(join(dist, 'en'));
  const html = `<!doctype html><html lang="en"><head><title>t</title>
<link rel="stylesheet" href="${base}/style.css">
<link rel="stylesheet" href="allowed.css">
<style>@import url("${base}/import.css"); body { background: url("${base}/bg.png"); } @font-face { font-family: X; src: url("${base}/font.woff2"); }</style>
</head><body><p style="font-family: X">Sealed page</p>
<img src="${base}/img.png" alt="">
<iframe src="file:///etc/passwd"></iframe>
<object data="file:///etc/passwd"></object>
<embed src="file:///etc/passwd">
<iframe src="../../../../etc/passwd"></iframe>
<script>fetch("${base}/script")</script>
</body></html>`;
  const file = join(dist, 'en', 'page.html');
  await writeFile(file, html);
  await writeFile(join(dist, 'en', 'allowed.css'), 'p::after { content: " ALLOWED-CSS-LOADED"; }');
  const pdf = await readPdf(await printer.print({ htmlPath: file, allow: dist }));
  assert.deepEqual(hits, []);
  assert.ok(pdf.text.includes('Sealed page'));
  assert.ok(pdf.text.includes('ALLOWED-CSS-LOADED'), 'a file under the allowed folder must load');
  assert.ok(!pdf.text.includes('root:'), 'the PDF carries /etc/passwd');
});

test('remote HTML in a text is sanitized with a warning, and its edition makes no request; in a translation it is refused', async (t) => {
  hits = [];
  const root = await fixtureProject(t);
  const remote = `<img src="${base}/t.png"><link rel="stylesheet" href="${base}/t.css"><span style="background:url(${base}/u.png)">x</span><iframe src="file:///etc/passwd"></iframe>`;
  // In the English: published without it, with a warning naming what was removed.
  const source = join(root, 'source', `${DOC}.md`);
  await writeFile(
    source,
    (await readFile(source, 'utf8')).replace(' {#intro}', ` ${remote} {#intro}`),
  );
  const events: BuildEvent[] = [];
  const result = await build({
    root,
    printer,
    langs: ['en', 'hr'],
    onEvent: (e) => events.push(e),
  });
  assert.equal(result.failed, 0);
  assert.deepEqual(hits, []);
  const warning = events.find(
    (e) =>
      e.type === 'diagnostic' &&
      e.diagnostic.key === 'intro' &&
      e.diagnostic.rule === 'html-removed',
  );
  assert.ok(warning && warning.type === 'diagnostic');
  assert.match(
    warning.diagnostic.message,
    /^removed unsafe or unsupported HTML from segment "intro": <iframe>, <img>, <link>/,
  );
  const html = await readFile(join(root, 'dist', 'en', `${DOC}.html`), 'utf8');
  assert.ok(!html.includes(base));
  const pdf = await readPdf(await readFile(join(root, 'dist', 'en', `${DOC}.pdf`)));
  assert.ok(!pdf.text.includes('root:'));
  // In a translation (markup the English does not have): an error; the edition is not published.
  assert.deepEqual(
    result.withheld.map((w) => [w.lang, w.kind]),
    [['hr', 'error']],
  );
});

test('no browser: one clear error with the install command, and the built editions stay', async (t) => {
  const root = await fixtureProject(t);
  await build({ root, printer, langs: ['en'] });
  const before = await readFile(join(root, 'dist', 'en', `${DOC}.pdf`));
  const broken = new Printer({ executablePath: '/nonexistent/chromium' });
  await assert.rejects(
    build({ root, printer: broken, langs: ['en'], force: true }),
    (err: unknown) => {
      assert.ok(err instanceof UserError);
      assert.match(err.message, /^Chromium could not be started/);
      assert.match(err.hint, /apt-get install -y chromium/);
      return true;
    },
  );
  await broken.close();
  assert.ok(before.equals(await readFile(join(root, 'dist', 'en', `${DOC}.pdf`))));
});

test('an edition whose printing fails twice is reported failed; the others complete', async (t) => {
  const root = await fixtureProject(t);
  let elTries = 0;
  const flaky = {
    print: async (job: { htmlPath: string; allow: string }) => {
      if (job.htmlPath.includes('/el/')) {
        elTries++;
        throw new Error('Target closed (renderer crashed)');
      }
      return printer.print(job);
    },
  };
  const events: BuildEvent[] = [];
  const result = await build({
    root,
    printer: flaky,
    langs: ['en', 'el', 'hr'],
    onEvent: (e) => events.push(e),
  });
  // Two documents: each el edition is tried twice; the four others print.
  assert.equal(elTries, 4, 'retried once each');
  assert.equal(result.failed, 2);
  assert.equal(result.printed, 4);
  const failed = events.find((e) => e.type === 'edition' && e.result === 'failed');
  assert.ok(
    failed &&
      failed.type === 'edition' &&
      failed.lang === 'el' &&
      failed.error === 'Target closed (renderer crashed)',
  );
});

test("a reused page follows each job's folder: B prints, and B cannot read A's files", async (t) => {
  const a = await tempDir('a-', t);
  const b = await tempDir('b-', t);
  await writeFile(join(a, 'secret.css'), 'p::after { content: " SECRET-OF-A"; }');
  await writeFile(
    join(a, 'page.html'),
    '<!doctype html><html lang="en"><title>a</title><p>Page A</p></html>',
  );
  await writeFile(
    join(b, 'page.html'),
    `<!doctype html><html lang="en"><title>b</title><link rel="stylesheet" href="${join(a, 'secret.css')}"><p>Page B</p></html>`,
  );
  const single = new Printer({ concurrency: 1 });
  try {
    assert.ok(
      (
        await readPdf(await single.print({ htmlPath: join(a, 'page.html'), allow: a }))
      ).text.includes('Page A'),
    );
    const pb = await readPdf(await single.print({ htmlPath: join(b, 'page.html'), allow: b }));
    assert.ok(pb.text.includes('Page B'));
    assert.ok(!pb.text.includes('SECRET-OF-A'));
  } finally {
    await single.close();
  }
});
