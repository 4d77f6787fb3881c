// The dev server with real Chromium: an edit on disk reloads the open edition, a bad
// edit shows its file and line, the review page saves a correction, and every way of
// writing or reading around the token, the loopback host or the output folder fails.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { CHROMIUM_ARGS, findChromium } from '../scripts/io/browser.ts';
import { loadProject } from '../scripts/io/project.ts';
import { SOURCE_LANGUAGE, type Language } from '../scripts/languages.ts';
import { lostMarkup } from '../scripts/stages/exchange/inline.ts';
import { placeSegments } from '../scripts/stages/places.ts';
import { startDevServer, type DevServer } from '../scripts/serve/server.ts';
import { axeViolations, fixtureProject, usePrinter } from './helpers.ts';

let root = '';
let out = '';
let server: DevServer;
const printer = await usePrinter();
let browser: Browser;
let languages: readonly Language[] = [];
let lang = '';
let docId = '';
/** A segment whose English has no inline markup: any plain text is a valid translation. */
let key = '';
/** Where that segment stands in its document, e.g. "Courses, point (1)". */
let place = '';
let token = '';
let file = '';

before(async () => {
  // Removed when the process exits, after the server that watches it is closed.
  root = await fixtureProject();
  out = join(root, '.cache', 'dev');
  const project = await loadProject(root);
  languages = project.registry.languages;
  const own = languages.find(
    (l) =>
      l.code !== SOURCE_LANGUAGE &&
      !l.derivedFrom &&
      project.documents.some(
        (d) => Object.keys(project.resources[l.code]?.[d.doc.id] ?? {}).length > 0,
      ),
  );
  assert.ok(own, 'the project has a translated document');
  lang = own.code;
  const loaded = project.documents.find(
    (d) => Object.keys(project.resources[lang]?.[d.doc.id] ?? {}).length > 0,
  );
  assert.ok(loaded);
  docId = loaded.doc.id;
  const seg = loaded.segmented.segments.find(
    (s) =>
      project.resources[lang]?.[docId]?.[s.key] !== undefined &&
      lostMarkup(s.text, 'plain') === undefined &&
      !s.key.startsWith('meta'),
  );
  assert.ok(seg, 'a translated segment without markup');
  key = seg.key;
  place = placeSegments(loaded.segmented.blocks, loaded.segmented.segments).get(key) ?? '';
  assert.ok(place, `a place for ${key}`);
  file = join(root, 'translations', lang, `${docId}.json`);
  // PDFs are not reprinted here: the tests are about the HTML, the review API and the guard.
  server = await startDevServer({ root, out, port: 0, langs: [lang], print: false, printer });
  const page = await fetch(`${server.url}${lang}/${docId}.html`);
  token = /"token":"([0-9a-f]+)"/.exec(await page.text())?.[1] ?? '';
  assert.ok(token, 'the served page carries the token');
  const puppeteer = (await import('puppeteer-core')).default;
  browser = await puppeteer.launch({
    executablePath: findChromium(),
    args: CHROMIUM_ARGS,
    headless: true,
    pipe: true,
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function setTranslation(text: string): Promise<void> {
  const values = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
  values[key] = text;
  await writeFile(file, `${JSON.stringify(values, null, 2)}\n`);
}

const hasText = (page: Page, text: string) =>
  page.waitForFunction(
    (t: string) => document.body.innerText.includes(t),
    { timeout: 60_000 },
    text,
  );

test('without printing, / lists the HTML editions (no 404 before a print build), and they link back to it', async () => {
  const index = await fetch(server.url);
  assert.equal(index.status, 200);
  const html = await index.text();
  assert.match(html, new RegExp(`href="${lang}/${docId}\\.html"`));
  const edition = await (await fetch(`${server.url}${lang}/${docId}.html`)).text();
  assert.match(
    edition,
    /<a href="\.\.\/index\.html">/,
    'the edition links back to the editions page',
  );
});

test('the served edition reloads with the new text after the translation file changes on disk; dist HTML has no dev script', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}${lang}/${docId}.html`, { waitUntil: 'load' });
  const marker = `Reloaded ${Date.now()}`;
  await setTranslation(marker);
  await hasText(page, marker);
  const onDisk = await readFile(join(out, lang, `${docId}.html`), 'utf8');
  assert.ok(onDisk.includes(marker));
  assert.ok(
    !onDisk.includes('__selecDev') && !onDisk.includes('/__dev/client.js'),
    'the dev script is injected into responses only',
  );
  await page.close();
});

test('a bad edit shows its file and line over the last good page; fixing it clears the message', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}${lang}/${docId}.html`, { waitUntil: 'load' });
  const good = await readFile(file, 'utf8');
  await writeFile(file, good.replace(/",\n/, '"\n'));
  const alert = await page.waitForSelector('.dev-problem:not([hidden])', { timeout: 60_000 });
  const message = await alert?.evaluate((e) => e.textContent ?? '');
  assert.match(message ?? '', new RegExp(`translations/${lang}/${docId}\\.json:\\d+:\\d+`));
  assert.ok(await page.$(`[data-status]`), 'the last good edition is still shown');
  await writeFile(file, good);
  await page.waitForSelector('.dev-problem[hidden]', { timeout: 60_000 });
  await page.close();
});

test('on the review page a reviewer checks, saves a correction (the JSON and the edition change) and approves it, recorded as npm run review records it; axe finds nothing', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}review/${lang}/${docId}.html`, { waitUntil: 'load' });
  await page.waitForSelector('html[data-dev-ready]');
  const toggle = await page.waitForSelector(`[id="seg-${key}"] button[aria-controls]`);
  // The segment is named by its place, the key beside it, on the page and in the editor.
  assert.equal(await page.$eval(`[id="seg-${key}"] .place`, (e) => e.textContent), place);
  assert.equal(await toggle?.evaluate((e) => e.textContent), `Edit ${place} · ${key}`);
  // Keyboard only: focus the button and press Enter.
  await toggle?.focus();
  await page.keyboard.press('Enter');
  const area = `[id="dev-edit-${key}-text"]`;
  await page.waitForSelector(`${area}:focus`);
  const corrected = `Corrected ${Date.now()}`;
  await page.$eval(area, (e) => ((e as HTMLTextAreaElement).value = ''));
  await page.type(area, corrected);
  assert.deepEqual(await axeViolations(page), []);
  await page.click(`[id="dev-edit-${key}"] button:nth-of-type(1)`); // Check
  await page.waitForFunction(
    (k: string) =>
      /QA findings|warning|error/.test(
        document.getElementById(`dev-edit-${k}`)?.querySelector('.dev-findings')?.textContent ?? '',
      ),
    { timeout: 150_000 },
    key,
  );
  const edition = await browser.newPage();
  await edition.goto(`${server.url}${lang}/${docId}.html`, { waitUntil: 'load' });
  // A page behind another tab gets no clicks: bring the review page forward.
  await page.bringToFront();
  await page.click(`[id="dev-edit-${key}"] button:nth-of-type(2)`); // Save
  await hasText(edition, corrected);
  const saved = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
  assert.equal(saved[key], corrected);
  const record = JSON.parse(
    await readFile(join(root, 'translations', lang, `${docId}.source.json`), 'utf8'),
  ) as Record<string, { en: string }>;
  const project = await loadProject(root);
  assert.equal(
    record[key]?.en,
    project.documents.find((d) => d.doc.id === docId)?.segmented.segments.find((s) => s.key === key)
      ?.text,
    'recorded as made from the current English',
  );
  // The review page itself reloads with the saved text; then sign off.
  await hasText(page, corrected);
  await page.waitForSelector('html[data-dev-ready]');
  await page.type('#dev-signoff-name', 'Ana Reviewer');
  await page.type('#dev-signoff-role', 'translation reviewer');
  await page.select('#dev-signoff-status', 'approved');
  await page.click('.dev-signoff button[type=submit]');
  // Every segment is up to date after the save: the approval is recorded as "npm run review" records it.
  await page.waitForFunction(
    () =>
      /approved by Ana Reviewer, translation reviewer/.test(
        document.querySelector('.dev-signoff [role=status]')?.textContent ?? '',
      ),
    { timeout: 60_000 },
  );
  const history = await readFile(join(root, 'translations', lang, 'signoffs.jsonl'), 'utf8');
  assert.match(history, /"status":"approved","by":"Ana Reviewer, translation reviewer"/);
  await edition.close();
  await page.close();
});

interface Reply {
  status: number;
  body: string;
}

/** A raw request: the path as written, any Host and Origin. */
function send(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        method,
        path,
        headers: { host: `127.0.0.1:${server.port}`, ...headers },
      },
      (res) => {
        let data = '';
        res.on('data', (c: Buffer) => (data += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) =>
      err.code === 'ECONNRESET' || err.code === 'EPIPE'
        ? resolve({ status: 413, body: '' })
        : reject(err),
    );
    req.end(body);
  });
}

const save = (text: string, headers: Record<string, string>, extra: Record<string, unknown> = {}) =>
  send(
    'POST',
    '/__api/save',
    { 'content-type': 'application/json', ...headers },
    JSON.stringify({ lang, document: docId, key, text, ...extra }),
  );

async function refused(expected: number, reply: Promise<Reply>): Promise<void> {
  const before = await readFile(file, 'utf8');
  const r = await reply;
  assert.equal(r.status, expected, r.body);
  assert.equal(await readFile(file, 'utf8'), before, 'nothing written');
}

test('a save with the token from the loopback origin writes (the control for the refusals below)', async () => {
  const r = await save('Control text', {
    'x-selec-token': token,
    origin: `http://127.0.0.1:${server.port}`,
  });
  assert.equal(r.status, 200, r.body);
  assert.equal(
    (JSON.parse(await readFile(file, 'utf8')) as Record<string, string>)[key],
    'Control text',
  );
});

test('no token → 403, nothing written', async () => {
  await refused(403, save('No token', {}));
});

test('a wrong token → 403, nothing written', async () => {
  await refused(
    403,
    save('Wrong token', { 'x-selec-token': token.replace(/./, (c) => (c === 'a' ? 'b' : 'a')) }),
  );
});

test('a cross-origin Origin header → 403, nothing written', async () => {
  await refused(
    403,
    save('Cross origin', { 'x-selec-token': token, origin: 'http://evil.example' }),
  );
});

test('a Host header that is not the loopback server (DNS rebinding) → 403, nothing written', async () => {
  await refused(
    403,
    save('Rebound', { 'x-selec-token': token, host: `evil.example:${server.port}` }),
  );
  assert.equal((await send('GET', `/${lang}/${docId}.html`, { host: 'evil.example' })).status, 403);
});

test('a body over the limit → 413, nothing written', async () => {
  await refused(413, save('x'.repeat(300 * 1024), { 'x-selec-token': token }));
});

test('writes only to a known language folder, document and segment', async () => {
  const t = { 'x-selec-token': token };
  const derived = languages.find((l) => l.derivedFrom)?.code;
  for (const extra of [
    { lang: SOURCE_LANGUAGE },
    { lang: '../en' },
    { lang: 'xx' },
    ...(derived ? [{ lang: derived }] : []),
    { document: '../../package' },
    { document: 'no-such-document' },
    { key: '__proto__' },
    { key: 'no-such-key' },
  ]) {
    await refused(400, save('Anywhere', t, extra));
  }
});

test('paths out of the served folder → 404: .., encoded %2e%2e, absolute, NUL, a symlink out', async () => {
  await writeFile(join(root, 'secret.txt'), 'secret');
  await symlink(join(root, 'secret.txt'), join(out, 'link.txt'));
  await symlink(root, join(out, 'linkdir'));
  for (const path of [
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E%2Fsecret.txt',
    '/..%2fsecret.txt',
    `/${encodeURIComponent(join(root, 'secret.txt'))}`,
    '/index.html%00',
    '/link.txt',
    '/linkdir/secret.txt',
    '/.cache',
  ]) {
    const r = await send('GET', path);
    assert.equal(r.status, 404, path);
    assert.ok(!r.body.includes('secret'), path);
  }
  assert.equal(
    (await send('GET', `/${lang}/${docId}.html`)).status,
    200,
    'the control: a file inside is served',
  );
});

test('a stale segment is marked up to date through the API', async () => {
  const recordFile = join(root, 'translations', lang, `${docId}.source.json`);
  const records = JSON.parse(await readFile(recordFile, 'utf8')) as Record<
    string,
    { sha: string; en: string }
  >;
  records[key] = { sha: '0'.repeat(64), en: 'An older English' };
  await writeFile(recordFile, `${JSON.stringify(records, null, 2)}\n`);
  // Signing is refused while it is stale, the segment named by its place.
  const signoff = await send(
    'POST',
    '/__api/signoff',
    { 'content-type': 'application/json', 'x-selec-token': token },
    JSON.stringify({ lang, document: docId, status: 'approved', name: 'A', role: 'reviewer' }),
  );
  assert.equal(signoff.status, 409, signoff.body);
  assert.ok(
    (JSON.parse(signoff.body) as { error: string }).error.includes(`${place} · ${key} (stale)`),
    signoff.body,
  );
  const r = await send(
    'POST',
    '/__api/mark',
    { 'content-type': 'application/json', 'x-selec-token': token },
    JSON.stringify({ lang, document: docId, key }),
  );
  assert.equal(r.status, 200, r.body);
  const after = JSON.parse(await readFile(recordFile, 'utf8')) as Record<
    string,
    { sha: string; en: string }
  >;
  assert.notEqual(after[key]?.sha, '0'.repeat(64));
});

test('a correction that drops the markup of the stored translation is refused (422), nothing written', async () => {
  const t = { 'x-selec-token': token };
  assert.equal(
    (await save('An *emphasised* word', t)).status,
    200,
    'the control: markup added and saved',
  );
  await refused(422, save('An emphasised word', t));
});
