// Integration: full-text search (issue 29, part 2). A scratch copy of the fixture project
// built with real Chromium; dist/ served over HTTP under a sub-path, as a web server
// would; dist/search.html driven in Chromium: each language searches its own editions,
// English is stemmed, results link to the edition and its provisions, nothing is
// requested outside dist/; the editions' search form is a plain form (no script) that
// the PDFs do not show; the index is built again only when an edition changed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { build } from '../scripts/build.ts';
import type { Manifest } from '../scripts/stages/manifest.ts';
import { axeViolations, fixtureProject, servedRelease, usePrinter } from './helpers.ts';

const printer = await usePrinter();
let root: string;
let dist: string;
let manifest: Manifest;
let served: Awaited<ReturnType<typeof servedRelease>> | undefined;
let base: string;
let browser: Browser;

before(async () => {
  root = await fixtureProject();
  await writeFile(join(root, 'publication.json'), '{"default": {"minTranslated": 0}}');
  dist = join(root, 'dist');
  await build({ root, printer });
  manifest = JSON.parse(await readFile(join(dist, 'manifest.json'), 'utf8')) as Manifest;
  served = await servedRelease(dist, '/editions/');
  base = served.base;
  browser = served.browser;
});

after(async () => {
  await served?.close();
});

/** The result links of a search in `lang`, and every URL the page requested. */
async function search(
  lang: string,
  words: string,
): Promise<{ links: string[]; requests: string[]; title: string }> {
  const page = await browser.newPage();
  const requests: string[] = [];
  page.on('request', (r) => void requests.push(r.url()));
  try {
    await page.goto(`${base}search.html?lang=${lang}&q=${encodeURIComponent(words)}`);
    // Results come after the index of the language has loaded; none within 20 s: none.
    await page.waitForSelector('#results a', { timeout: 20_000 }).catch(() => undefined);
    const links = await page.$$eval('#results a', (as) =>
      as.map((a) => (a as HTMLAnchorElement).href),
    );
    return { links, requests, title: await page.$eval('h1', (h) => h.textContent ?? '') };
  } finally {
    await page.close();
  }
}

/** A word of an edition's text, as the reader sees it. */
async function wordOf(lang: string): Promise<string> {
  const e = manifest.editions.find((x) => x.lang === lang);
  assert.ok(e);
  const text = execFileSync('pdftotext', [join(dist, e.pdf), '-'], { encoding: 'utf8' });
  const words = text.split(/[^\p{L}]+/u).filter((w) => w.length >= 7);
  return words[Math.floor(words.length / 2)] ?? '';
}

test('each language searches its own editions; results link to the edition, under the address dist/ is served at', async () => {
  const langs = [...new Set(manifest.editions.map((e) => e.lang))];
  assert.ok(langs.length >= 2);
  for (const lang of langs) {
    const word = await wordOf(lang);
    const r = await search(lang, word);
    assert.ok(r.links.length > 0, `${lang}: "${word}" finds nothing`);
    for (const link of r.links)
      assert.ok(link.startsWith(`${base}${lang}/`), `${lang}: ${link} is not one of its editions`);
    const outside = r.requests.filter((u) => !u.startsWith(base) && !u.startsWith('data:'));
    assert.deepEqual(outside, [], `${lang}: requests outside dist/`);
    const ui = JSON.parse(
      await readFile(join(root, 'translations', lang, 'ui.json'), 'utf8').catch(() => '{}'),
    ) as Record<string, string>;
    if (ui['search'])
      assert.equal(r.title, ui['search'], `${lang}: the page's heading is in the language`);
  }
});

test('English is stemmed: another form of a word finds it', async () => {
  const r = await search('en', 'cooperating');
  assert.ok(r.links.length > 0, '"cooperating" finds "cooperation"');
});

test('every edition has a plain search form (no script) leading to the search page in its language; the PDF does not show it', async () => {
  for (const e of manifest.editions) {
    const html = await readFile(join(dist, e.html), 'utf8');
    assert.match(
      html,
      /<form class="search" role="search" action="\.\.\/search\.html" method="get"><input type="hidden" name="lang" value="([^"]+)">/,
    );
    assert.equal(/name="lang" value="([^"]+)"/.exec(html)?.[1], e.lang);
    assert.doesNotMatch(html, /pagefind/, 'no search script in an edition');
  }
  const en = manifest.editions.find((e) => e.lang === 'en');
  assert.ok(en);
  const text = execFileSync('pdftotext', [join(dist, en.pdf), '-'], { encoding: 'utf8' });
  assert.doesNotMatch(text, /\bSearch\b/, 'the search form is not printed');
  assert.match(
    await readFile(join(dist, 'index.html'), 'utf8'),
    /<form class="search" role="search" action="search\.html"/,
  );
});

test('the index is built again only when an edition changed', async () => {
  const stamp = join(dist, 'pagefind', 'selec-index.sha256');
  const before = await stat(stamp);
  await build({ root, printer });
  assert.equal((await stat(stamp)).mtimeMs, before.mtimeMs, 'an unchanged build leaves the index');
  // A translation in Latin script, so that a made-up Latin word passes the script check.
  const { loadProject } = await import('../scripts/io/project.ts');
  const latin = (await loadProject(root)).registry.languages.filter(
    (l) => l.script === 'Latn' && l.code !== 'en' && !l.derivedFrom,
  );
  const other = manifest.editions.find((e) => latin.some((l) => l.code === e.lang));
  assert.ok(other, 'a Latin-script translation');
  const file = join(root, 'translations', other.lang, `${other.document}.json`);
  const values = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
  const key = Object.keys(values).find((k) => !k.startsWith('meta.')) ?? '';
  values[key] = `${values[key]} ${'Zzyzxquokka'}`;
  await writeFile(file, `${JSON.stringify(values, null, 2)}\n`);
  await build({ root, printer, allowIncomplete: true });
  assert.notEqual(
    (await stat(stamp)).mtimeMs,
    before.mtimeMs,
    'a changed edition rebuilds the index',
  );
  const r = await search(other.lang, 'Zzyzxquokka');
  assert.ok(r.links.length > 0, 'the new word is found');
  for (const link of r.links)
    assert.ok(link.includes(`/${other.html}`), `${link}: only the changed edition has the word`);
});

test('side by side: every published translation beside the authentic text, aligned by provision, a gap where one is missing; axe finds nothing at 390 and 1280 px', async () => {
  const { loadProject } = await import('../scripts/io/project.ts');
  const project = await loadProject(root);
  for (const e of manifest.editions) {
    const doc = project.documents.find((d) => d.doc.id === e.document);
    assert.ok(doc);
    const authentic = doc.doc.meta.authentic[0] ?? 'en';
    if (e.lang === authentic) continue;
    const rel = `compare/${e.document}/${authentic}-${e.lang}.html`;
    const html = await readFile(join(dist, rel), 'utf8');
    const provisions = doc.segmented.segments.filter((s) => !s.key.startsWith('meta.'));
    assert.equal(
      (html.match(/class="provision /g) ?? []).length,
      provisions.length,
      `${rel}: one row per provision`,
    );
    for (const s of provisions) assert.ok(html.includes(`id="seg-${s.key}"`), `${rel}: ${s.key}`);
    assert.ok(
      html.includes(`<div class="col" lang="${authentic}">`) ||
        html.includes(`lang="${authentic}"`),
    );
    const edition = await readFile(join(dist, e.html), 'utf8');
    assert.ok(edition.includes(`href="../${rel}"`), `${e.html} links to its comparison`);
  }
  // A segment missing from a translation is an empty cell in its column, not a shift.
  const partial = manifest.editions.find((e) => (e.percent ?? 100) < 100 && e.lang !== 'en');
  if (partial) {
    const html = await readFile(
      join(dist, 'compare', partial.document, `en-${partial.lang}.html`),
      'utf8',
    );
    assert.match(html, new RegExp(`<div class="col gap" lang="${partial.lang}">`));
  }
  const first = manifest.editions.find((e) => e.lang !== 'en');
  assert.ok(first);
  const page = await browser.newPage();
  try {
    for (const width of [390, 1280]) {
      await page.setViewport({ width, height: 900 });
      await page.goto(`${base}compare/${first.document}/en-${first.lang}.html`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      assert.ok(overflow <= 0, `${width} px: no sideways scrolling`);
      assert.deepEqual(await axeViolations(page), [], `${width} px`);
    }
  } finally {
    await page.close();
  }
});

test('side by side, any two or three: the choice is in the URL, each column in its language', async () => {
  const langs = [...new Set(manifest.editions.map((e) => e.lang))].slice(0, 3);
  assert.ok(langs.length >= 2);
  const first = manifest.editions.find((e) => e.lang !== 'en');
  assert.ok(first);
  const page = await browser.newPage();
  try {
    const query = langs.map((l) => `langs=${l}`).join('&');
    await page.goto(`${base}compare/${first.document}/en-${first.lang}.html?${query}`);
    await page.waitForFunction(
      (n: number) => document.querySelector('.provision .cols')?.children.length === n,
      { timeout: 20_000 },
      langs.length,
    );
    const columns = await page.$$eval('.provision .cols', (rows) =>
      rows.map((r) => [...r.children].map((c) => c.getAttribute('lang'))),
    );
    assert.ok(columns.length > 0);
    for (const row of columns) assert.deepEqual(row, langs);
  } finally {
    await page.close();
  }
});

test('--bilingual: the authentic text and a translation in two columns, one PDF, PDF/A-2u + PDF/UA-1 with both languages tagged', async () => {
  const { checkConformance } = await import('../scripts/stages/pdf/conformance.ts');
  const { loadProject } = await import('../scripts/io/project.ts');
  const project = await loadProject(root);
  // A translation with a file of its own (not derived), and a body segment translated in it.
  let found: { lang: string; document: string; english: string; translated: string } | undefined;
  for (const e of manifest.editions.filter((x) => x.lang !== 'en')) {
    const values = JSON.parse(
      await readFile(join(root, 'translations', e.lang, `${e.document}.json`), 'utf8').catch(
        () => '{}',
      ),
    ) as Record<string, string>;
    const doc = project.documents.find((d) => d.doc.id === e.document);
    const seg = doc?.segmented.segments.find((s) => !s.key.startsWith('meta.') && values[s.key]);
    if (seg) {
      found = {
        lang: e.lang,
        document: e.document,
        english: seg.text,
        translated: values[seg.key] ?? '',
      };
      break;
    }
  }
  assert.ok(found, 'a translated body segment');
  await build({ root, printer, bilingual: [found.lang], allowIncomplete: true });
  const file = join(dist, 'compare', found.document, `en-${found.lang}.pdf`);
  const bytes = await readFile(file);
  assert.deepEqual(checkConformance(bytes), []);
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  const word = (t: string) =>
    t
      .split(/[^\p{L}]+/u)
      .filter((w) => w.length >= 6)
      .sort((a, b) => b.length - a.length)[0] ?? '';
  assert.ok(text.includes(word(found.english)), `the English "${word(found.english)}" is in it`);
  assert.ok(
    text.includes(word(found.translated)),
    `the translation's "${word(found.translated)}" is in it`,
  );
  const raw = Buffer.from(bytes).toString('latin1');
  assert.match(
    raw,
    new RegExp(`/Lang \\(${found.lang}\\)`),
    'the translation column carries its /Lang',
  );
  const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' })
    .split('\n')
    .slice(2)
    .filter(Boolean);
  assert.ok(
    fonts.every((l) => /\byes\s+yes\s+yes\b/.test(l)),
    'every font embedded, subset, with ToUnicode',
  );
  await build({ root, printer, allowIncomplete: true });
  await assert.rejects(stat(file), 'a build without --bilingual removes it');
});
