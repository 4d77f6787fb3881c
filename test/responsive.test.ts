// The reader's side in real Chromium, at a phone's 390 × 844 (mobile, touch) and a
// desktop's 1280 × 800: nothing scrolls sideways, the download page is a list of
// compact cards on the phone and a table on the desktop, review rows stack, every
// page has a skip link and a focus ring and passes axe; the sitemap and the
// Open Graph tags name every edition in its language.
import assert from 'node:assert/strict';
import { access, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page, Viewport } from 'puppeteer-core';
import { build, type BuildResult } from '../scripts/build.ts';
import { CHROMIUM_ARGS, findChromium } from '../scripts/io/browser.ts';
import { SOURCE_LANGUAGE } from '../scripts/languages.ts';
import { LANGUAGES, language } from './project-registry.ts';
import { ogLocale } from '../scripts/stages/web-meta.ts';
import { ROOT, axeViolations, fixtureProject, tempDir, usePrinter } from './helpers.ts';

const BASE = 'https://example.org/editions/';
const PHONE: Viewport = {
  width: 390,
  height: 844,
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 1,
};
const DESKTOP: Viewport = { width: 1280, height: 800, deviceScaleFactor: 1 };

let out: string;
let reports: string;
let result: BuildResult;
const printer = await usePrinter();
let browser: Browser;
let page: Page;

before(async () => {
  out = await tempDir('web-');
  reports = await tempDir('web-reports-');
  result = await build({ root: ROOT, outDir: out, reportsDir: reports, printer, baseUrl: BASE });
  const puppeteer = (await import('puppeteer-core')).default;
  browser = await puppeteer.launch({
    executablePath: findChromium(),
    args: CHROMIUM_ARGS,
    headless: true,
    pipe: true,
  });
  page = await browser.newPage();
});
after(async () => {
  await browser?.close();
});

const documents = (): string[] => [...new Set(result.editions.map((e) => e.document))];
const editionPages = (): string[] => result.editions.map((e) => `${e.lang}/${e.document}.html`);
const reviewPages = (): string[] =>
  result.editions
    .filter((e) => e.lang !== SOURCE_LANGUAGE)
    .map((e) => `review/${e.lang}/${e.document}.html`);

async function open(rel: string, viewport: Viewport): Promise<void> {
  await page.setViewport(viewport);
  // The coverage dashboard and review pages are reports, beside the release.
  const internal = /^(coverage|review)\//.test(rel);
  await page.goto(`file://${join(internal ? reports : out, rel)}`, { waitUntil: 'load' });
  // Measure with the page's own fonts, not the fallback shown while they load.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

test('the build wrote every edition', () => {
  assert.equal(result.failed, 0);
  assert.equal(result.editions.length, LANGUAGES.length * documents().length);
  assert.equal(result.sitemap, true);
});

test('at 390 and 1280 px no page scrolls sideways and no table is wider than its container', async () => {
  const pages = ['index.html', 'coverage/index.html', ...editionPages(), ...reviewPages()];
  for (const viewport of [PHONE, DESKTOP]) {
    for (const rel of pages) {
      await open(rel, viewport);
      const m = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        inner: window.innerWidth,
        tables: [...document.querySelectorAll('table')].map((t) => ({
          width: t.getBoundingClientRect().width,
          room: t.parentElement?.clientWidth ?? 0,
        })),
      }));
      assert.equal(m.inner, viewport.width, `${rel}: viewport`);
      assert.ok(
        m.scroll <= m.inner,
        `${rel} at ${viewport.width} px scrolls sideways: ${m.scroll} px wide`,
      );
      for (const t of m.tables)
        assert.ok(
          t.width <= t.room + 0.5,
          `${rel} at ${viewport.width} px: a table is ${t.width} px wide in ${t.room} px`,
        );
    }
  }
});

test('the download page: a compact card per edition at 390 px, a table row at 1280 px, the checksum prefix with the full value on demand', async () => {
  const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as {
    editions: Array<{ lang: string; document: string; sha256: string }>;
  };
  const rows = async () =>
    page.evaluate(() =>
      [...document.querySelectorAll('table.editions tbody tr')].map((r) => ({
        id: r.id,
        height: r.getBoundingClientRect().height,
        display: getComputedStyle(r).display,
        name: r.querySelector('th[scope=row] [lang]')?.textContent ?? '',
        nameLang: r.querySelector('th[scope=row] [lang]')?.getAttribute('lang') ?? '',
        summary: r.querySelector('.checksum summary')?.textContent ?? '',
        full: r.querySelector('.checksum details > code')?.textContent ?? '',
        links: [...r.querySelectorAll('a')].map((a) => a.getBoundingClientRect().right),
      })),
    );
  await open('index.html', PHONE);
  const phone = await rows();
  assert.equal(phone.length, LANGUAGES.length * documents().length);
  for (const r of phone) {
    assert.ok(r.height <= 160, `${r.id}: ${r.height} px tall at 390 px`);
    assert.notEqual(r.display, 'table-row', `${r.id} is still a table row at 390 px`);
    assert.equal(r.name, language(r.nameLang).nativeName, `${r.id}: named in its own language`);
    for (const right of r.links)
      assert.ok(right <= PHONE.width, `${r.id}: a link is off screen at ${right} px`);
  }
  for (const e of manifest.editions) {
    const row = phone.find((r) => r.id === `${e.document}-${e.lang}`);
    assert.ok(row, `no row for ${e.lang}/${e.document}`);
    assert.equal(row.full, e.sha256, `${e.lang}: full checksum on demand`);
    assert.ok(
      row.summary.includes(e.sha256.slice(0, 8)) && !row.summary.includes(e.sha256),
      `${e.lang}: the summary shows a prefix only: ${row.summary}`,
    );
  }
  // Opened, the full checksum wraps inside the card.
  await page.evaluate(() =>
    document.querySelectorAll('details').forEach((d) => d.setAttribute('open', '')),
  );
  assert.ok(
    await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    'an opened checksum scrolls sideways',
  );

  await open('index.html', DESKTOP);
  for (const r of await rows()) assert.equal(r.display, 'table-row', `${r.id} at 1280 px`);
});

test('a review page stacks English above the translation at 390 px and keeps them side by side at 1280 px', async () => {
  const cells = async () =>
    page.evaluate(() =>
      // Rows of two cells: English and translation (a segment's terms row spans both).
      [...document.querySelectorAll('table.review tbody tr')]
        .filter((r) => r.querySelectorAll('td').length === 2)
        .map((r) => {
          const [en, tr] = [...r.querySelectorAll('td')].map((td) => td.getBoundingClientRect());
          return { id: r.id, enBottom: en?.bottom ?? 0, enTop: en?.top ?? 0, trTop: tr?.top ?? -1 };
        }),
    );
  const rel = reviewPages()[0] ?? assert.fail('no review page');
  await open(rel, PHONE);
  const phone = await cells();
  assert.ok(phone.length > 0);
  for (const c of phone)
    assert.ok(
      c.trTop >= c.enBottom - 0.5,
      `${rel} ${c.id}: translation not below the English at 390 px`,
    );
  await open(rel, DESKTOP);
  for (const c of await cells())
    assert.ok(Math.abs(c.trTop - c.enTop) < 0.5, `${rel} ${c.id}: not side by side at 1280 px`);
});

test('edition text is ragged-right on a phone, justified on a wide screen and in print', async () => {
  const align = async () =>
    page.evaluate(
      () => getComputedStyle(document.querySelector('article') ?? document.body).textAlign,
    );
  for (const rel of editionPages()) {
    await open(rel, PHONE);
    // "start": ragged on the end side, the right in these left-to-right editions.
    assert.equal(await align(), 'start', `${rel} at 390 px`);
    await page.emulateMediaType('print');
    assert.equal(await align(), 'justify', `${rel} printed`);
    await page.emulateMediaType('screen');
    await open(rel, DESKTOP);
    assert.equal(await align(), 'justify', `${rel} at 1280 px`);
  }
});

test('every page starts with a skip link to its content and shows where the focus is', async () => {
  for (const rel of [
    'index.html',
    'coverage/index.html',
    editionPages()[0] ?? '',
    reviewPages()[0] ?? '',
  ]) {
    for (const viewport of [PHONE, DESKTOP]) {
      await open(rel, viewport);
      await page.keyboard.press('Tab');
      const f = await page.evaluate(() => {
        const el = document.activeElement as HTMLAnchorElement | null;
        const r = el?.getBoundingClientRect();
        const style = el ? getComputedStyle(el) : undefined;
        const target = el?.getAttribute('href')?.startsWith('#')
          ? document.getElementById(el.getAttribute('href')?.slice(1) ?? '')
          : null;
        return {
          tag: el?.tagName,
          first: el === document.querySelector('a[href]'),
          target: target?.tagName,
          left: r?.left ?? -1,
          right: r?.right ?? 1e9,
          outline: style?.outlineStyle,
          outlineWidth: parseFloat(style?.outlineWidth ?? '0'),
        };
      });
      assert.equal(f.tag, 'A', `${rel}: Tab does not land on a link`);
      assert.ok(f.first, `${rel}: the first link is not what Tab reaches first`);
      assert.equal(f.target, 'MAIN', `${rel}: the skip link does not lead to <main>`);
      assert.ok(
        f.left >= 0 && f.right <= viewport.width,
        `${rel} at ${viewport.width} px: the focused skip link is off screen`,
      );
      assert.ok(
        f.outline !== 'none' && f.outlineWidth >= 2,
        `${rel}: no visible focus ring (${f.outline} ${f.outlineWidth}px)`,
      );
    }
  }
});

test('axe-core finds no violation at 390 and 1280 px', async () => {
  const run = (): Promise<string[]> => axeViolations(page);
  const translated = editionPages().find((p) => !p.startsWith(`${SOURCE_LANGUAGE}/`)) ?? '';
  for (const rel of [
    'index.html',
    'coverage/index.html',
    `${SOURCE_LANGUAGE}/${documents()[0]}.html`,
    translated,
    reviewPages()[0] ?? '',
  ]) {
    for (const viewport of [PHONE, DESKTOP]) {
      await open(rel, viewport);
      assert.deepEqual(await run(), [], `${rel} at ${viewport.width} px`);
    }
  }
});

test('sitemap.xml: a <url> per HTML edition with an xhtml:link per language and x-default, under the base URL', async () => {
  const xml = await readFile(join(out, 'sitemap.xml'), 'utf8');
  await page.goto('about:blank');
  // Chromium's own XML parser reads it as a search engine would, namespaces included.
  const parsed = await page.evaluate((text) => {
    const d = new DOMParser().parseFromString(text, 'application/xml');
    const SM = 'http://www.sitemaps.org/schemas/sitemap/0.9';
    const XHTML = 'http://www.w3.org/1999/xhtml';
    return {
      error: d.getElementsByTagName('parsererror').length,
      root: `${d.documentElement.namespaceURI} ${d.documentElement.localName}`,
      urls: [...d.documentElement.children].map((u) => ({
        tag: `${u.namespaceURI} ${u.localName}`,
        loc: [...u.getElementsByTagNameNS(SM, 'loc')].map((l) => l.textContent ?? ''),
        links: [...u.getElementsByTagNameNS(XHTML, 'link')].map((l) => ({
          rel: l.getAttribute('rel'),
          hreflang: l.getAttribute('hreflang') ?? '',
          href: l.getAttribute('href') ?? '',
        })),
      })),
    };
  }, xml);
  assert.equal(parsed.error, 0, 'sitemap.xml is not well-formed');
  assert.equal(parsed.root, 'http://www.sitemaps.org/schemas/sitemap/0.9 urlset');
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'));
  const expected = result.editions.map((e) => `${BASE}${e.lang}/${e.document}.html`);
  assert.deepEqual(parsed.urls.map((u) => u.loc[0]).sort(), [...expected].sort());
  for (const u of parsed.urls) {
    assert.equal(u.tag, 'http://www.sitemaps.org/schemas/sitemap/0.9 url');
    assert.equal(u.loc.length, 1);
    const doc = /\/([^/]+)\.html$/.exec(u.loc[0] ?? '')?.[1] ?? '';
    const langs = result.editions.filter((e) => e.document === doc).map((e) => e.lang);
    assert.deepEqual(
      u.links.map((l) => l.hreflang),
      [...langs, 'x-default'],
      `${u.loc[0]}: alternates`,
    );
    for (const l of u.links) {
      assert.equal(l.rel, 'alternate');
      const code = l.hreflang === 'x-default' ? SOURCE_LANGUAGE : l.hreflang;
      assert.equal(l.href, `${BASE}${code}/${doc}.html`);
    }
  }
});

test('each edition has a canonical URL, a description and Open Graph tags in its language', async () => {
  for (const e of result.editions) {
    await open(`${e.lang}/${e.document}.html`, DESKTOP);
    const head = await page.evaluate(() => {
      // No named helper in here: the test runner's transform would wrap it in a function the page does not have.
      const og: Record<string, string[]> = {};
      for (const m of document.querySelectorAll('meta[property]'))
        og[m.getAttribute('property') ?? ''] = [
          ...(og[m.getAttribute('property') ?? ''] ?? []),
          m.getAttribute('content') ?? '',
        ];
      return {
        lang: document.documentElement.lang,
        title: document.title,
        description:
          document.querySelector('meta[name=description]')?.getAttribute('content') ?? '',
        canonical: [...document.querySelectorAll('link[rel=canonical]')].map((l) =>
          l.getAttribute('href'),
        ),
        alternates: [...document.querySelectorAll('link[rel=alternate][hreflang]')].map(
          (l) => `${l.getAttribute('hreflang')} ${l.getAttribute('href')}`,
        ),
        ogTitle: og['og:title'] ?? [],
        ogDescription: og['og:description'] ?? [],
        ogUrl: og['og:url'] ?? [],
        ogLocale: og['og:locale'] ?? [],
        ogAlternate: og['og:locale:alternate'] ?? [],
      };
    });
    const lang = language(e.lang);
    const url = `${BASE}${e.lang}/${e.document}.html`;
    assert.equal(head.lang, e.lang);
    assert.deepEqual(head.canonical, [url], `${e.lang}: canonical`);
    assert.deepEqual(head.ogUrl, [url]);
    assert.deepEqual(head.ogTitle, [head.title], `${e.lang}: og:title`);
    assert.ok(head.description.length > 20, `${e.lang}: meta description`);
    assert.deepEqual(head.ogDescription, [head.description], `${e.lang}: og:description`);
    assert.deepEqual(head.ogLocale, [ogLocale(lang)]);
    assert.match(head.ogLocale[0] ?? '', /^[a-z]{2,3}_[A-Z]{2}$/);
    const others = new Set(LANGUAGES.map(ogLocale).filter((l) => l !== ogLocale(lang)));
    assert.deepEqual(new Set(head.ogAlternate), others, `${e.lang}: og:locale:alternate`);
    assert.deepEqual(head.alternates, [
      ...LANGUAGES.map((l) => `${l.code} ${BASE}${l.code}/${e.document}.html`),
      `x-default ${BASE}${SOURCE_LANGUAGE}/${e.document}.html`,
    ]);
  }
  // Translations describe themselves in their own words, not in English.
  const en = await readFile(join(out, SOURCE_LANGUAGE, `${documents()[0]}.html`), 'utf8');
  const enDescription = /<meta name="description" content="([^"]*)"/.exec(en)?.[1];
  for (const e of result.editions.filter(
    (x) => x.lang !== SOURCE_LANGUAGE && x.counts.missing === 0 && x.document === documents()[0],
  )) {
    const html = await readFile(join(out, e.lang, `${e.document}.html`), 'utf8');
    assert.notEqual(
      /<meta property="og:description" content="([^"]*)"/.exec(html)?.[1],
      enDescription,
      `${e.lang}: og:description is the English`,
    );
  }
});

test('without a base URL: no sitemap (an old one is removed), no canonical, relative alternates', async (t) => {
  // The mechanics of --base-url: on the fixture project.
  const root = await fixtureProject(t);
  const dir = join(root, 'dist');
  const ids = (await readdir(join(root, 'source'))).map((f) => f.replace(/\.md$/, ''));
  const first = await build({ root, printer, langs: [SOURCE_LANGUAGE] });
  assert.equal(first.sitemap, false);
  await assert.rejects(access(join(dir, 'sitemap.xml')));
  const html = await readFile(join(dir, SOURCE_LANGUAGE, `${ids[0]}.html`), 'utf8');
  assert.doesNotMatch(html, /rel="canonical"|og:url/);
  assert.match(
    html,
    new RegExp(`<link rel="alternate" hreflang="x-default" href="\\.\\./${SOURCE_LANGUAGE}/`),
  );
  assert.match(html, /<meta property="og:locale" content="[a-z]+_[A-Z]+">/);

  const withBase = await build({ root, printer, langs: [SOURCE_LANGUAGE], baseUrl: BASE });
  assert.equal(withBase.sitemap, true);
  const xml = await readFile(join(dir, 'sitemap.xml'), 'utf8');
  // Only what is built is listed.
  assert.equal(xml.match(/<url>/g)?.length, ids.length);

  await build({ root, printer, langs: [SOURCE_LANGUAGE] });
  await assert.rejects(
    access(join(dir, 'sitemap.xml')),
    'a sitemap of another address stayed behind',
  );
});
