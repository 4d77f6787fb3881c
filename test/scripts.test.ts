// Every script with a bundled font, right to left included: the legal text built in the
// thirteen editions of the registry plus Georgian (ka, Geor) and Hebrew (he, Hebr, right
// to left), whose translations are test/fixtures/scripts/ (written for these tests and
// unreviewed, see its README). Every PDF embeds only the bundled Noto fonts although this
// machine has DejaVu; the Hebrew edition is dir="rtl" with a mirrored layout in real
// Chromium at 390 and 1280 px, its PDF is tagged /Lang (he), reads right to left and
// gives its text in logical order; a script without a bundled font is refused.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFile, cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import type { Browser, Page, Viewport } from 'puppeteer-core';
import { build, type BuildResult } from '../scripts/build.ts';
import { checkConformance } from '../scripts/stages/pdf/conformance.ts';
import { pdfFonts, readPdf } from './pdf-read.ts';
import { axeViolations, ROOT, headlessChromium, runMain, tempDir, usePrinter } from './helpers.ts';

const ID = 'legal-act';
const FIXTURES = join(ROOT, 'test', 'fixtures', 'scripts');
const ADDED = [
  {
    code: 'ka',
    englishName: 'Georgian',
    nativeName: 'ქართული',
    script: 'Geor',
    states: [],
    intlLocale: 'ka',
    hyphenation: 'ka',
  },
  {
    code: 'he',
    englishName: 'Hebrew',
    nativeName: 'עברית',
    script: 'Hebr',
    states: [],
    intlLocale: 'he',
    hyphenation: 'none',
  },
];
/** article, point (a), a heading, the quote, the record's first label and value, the first two languages of the switcher. */
const SELECTORS = [
  'article',
  '#seg-art-1-2-a',
  'article h2',
  'blockquote',
  '.record-fields th',
  '.record-fields td',
  '.languages li',
  '.languages li + li',
];
interface Box {
  left: number;
  right: number;
  top: number;
}
const PHONE: Viewport = { width: 390, height: 844, isMobile: true, hasTouch: true };
const DESKTOP: Viewport = { width: 1280, height: 800 };

let dir: string;
let result: BuildResult;
let codes: string[];
const printer = await usePrinter();
let browser: Browser | undefined;
let page: Page;

const html = (code: string): Promise<string> =>
  readFile(join(dir, 'dist', code, `${ID}.html`), 'utf8');
const pdf = (code: string): string => join(dir, 'dist', code, `${ID}.pdf`);

/** A copy of the registry with `added` at its end, and translations/ with their folders. */
async function projectWith(root: string, added: readonly object[]): Promise<string> {
  await mkdir(join(root, 'source'), { recursive: true });
  await copyFile(join(ROOT, 'test', 'fixtures', `${ID}.md`), join(root, 'source', `${ID}.md`));
  await cp(join(ROOT, 'translations'), join(root, 'translations'), { recursive: true });
  const file = join(root, 'translations', 'languages.json');
  const registry = JSON.parse(await readFile(file, 'utf8')) as { languages: object[] };
  registry.languages.push(...added);
  const text = `${JSON.stringify(registry, null, 2)}\n`;
  await writeFile(file, text);
  return text;
}

before(async () => {
  dir = await tempDir('scripts-');
  await projectWith(dir, ADDED);
  for (const code of ['ka', 'he'])
    await cp(join(FIXTURES, code), join(dir, 'translations', code), { recursive: true });
  // The fixture translations count as made from the English as it is now.
  const marked = await runMain(dir, ['mark', '--lang', 'ka,he']);
  assert.equal(marked.code, 0, marked.stderr);
  // The SELEC languages have no translation of this text: published marked, as in legal.test.ts.
  result = await build({ root: dir, outDir: join(dir, 'dist'), printer, allowIncomplete: true });
  codes = result.editions.map((e) => e.lang);
});
after(async () => {
  await browser?.close();
});

async function open(rel: string, viewport: Viewport): Promise<void> {
  if (!browser) {
    browser = await headlessChromium();
    page = await browser.newPage();
  }
  await page.setViewport({ deviceScaleFactor: 1, ...viewport });
  await page.goto(`file://${join(dir, 'dist', rel)}`, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

test('the registry with ka and he builds every edition', () => {
  assert.equal(result.failed, 0);
  assert.deepEqual(codes.slice(-2), ['ka', 'he']);
  assert.equal(codes.length, 15);
});

test('every PDF embeds only the bundled Noto fonts: Georgian and Hebrew ones where they are written', () => {
  // DejaVu is installed here (fc-list), so a glyph outside the bundled fonts would show as DejaVu.
  for (const code of codes) {
    const fonts = pdfFonts(pdf(code));
    assert.ok(fonts.length > 0, code);
    for (const f of fonts) {
      assert.match(f.name, /^[A-Z]{6}\+Noto(Serif|Sans)/, `${code}: ${f.name}`);
      assert.ok(f.embedded, `${code}: ${f.name} is embedded`);
    }
  }
  const names = (code: string): string =>
    pdfFonts(pdf(code))
      .map((f) => f.name)
      .join(' ');
  assert.match(names('ka'), /NotoSerifGeorgian-Regular/);
  assert.match(names('ka'), /NotoSansGeorgian/);
  assert.match(names('he'), /NotoSerifHebrew-Regular/);
  assert.doesNotMatch(names('en'), /Georgian|Hebrew/);
});

test("fonts.css declares the registry's scripts under the stacks' own family names, and no others", async () => {
  const css = await readFile(join(dir, 'dist', 'assets', 'fonts.css'), 'utf8');
  assert.match(
    css,
    /font-family: 'Noto Serif';\n {2}font-style: normal;\n {2}font-display: swap;\n {2}font-weight: 400;\n {2}src: url\(\.\/fonts\/noto-serif-hebrew-hebrew-400-normal\.woff2\) format\('woff2'\);\n {2}unicode-range: U\+0307-0308,U\+0590-05FF/,
  );
  assert.match(css, /font-family: 'Noto Sans';[^}]*noto-sans-georgian-georgian-700-normal\.woff2/);
  assert.doesNotMatch(css, /arabic|armenian|\.woff\)/);
});

test('he is dir="rtl" and ka dir="ltr"; pages that show them among others give each its direction', async () => {
  assert.match(await html('he'), /<html lang="he" dir="rtl">/);
  assert.match(await html('ka'), /<html lang="ka" dir="ltr">/);
  assert.match(await html('he'), /<a lang="en" dir="ltr" hreflang="en"/);
  assert.match(await html('en'), /<a lang="he" dir="rtl" hreflang="he"/);
  assert.doesNotMatch(await html('en'), /lang="ka" dir=/);
  const index = await readFile(join(dir, 'dist', 'index.html'), 'utf8');
  assert.match(index, /<span lang="he" dir="rtl">עברית<\/span>/);
  const compare = await readFile(join(dir, 'dist', 'compare', ID, 'en-he.html'), 'utf8');
  assert.match(compare, /<div class="col" lang="he" dir="rtl">/);
});

test('the Hebrew edition is mirrored in Chromium at 390 and 1280 px, the Georgian one is not; nothing scrolls sideways', async () => {
  for (const viewport of [PHONE, DESKTOP]) {
    for (const code of ['he', 'ka']) {
      await open(`${code}/${ID}.html`, viewport);
      const { scroll, width } = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        width: document.documentElement.clientWidth,
      }));
      const boxes = await page.evaluate(
        (list) =>
          list.map((sel) => {
            const r = document.querySelector(sel)?.getBoundingClientRect();
            return r ? { left: r.left, right: r.right, top: r.top } : undefined;
          }),
        SELECTORS,
      );
      const [article, point, h2, quote, th, td, first, second] = boxes;
      assert.ok(
        article && point && h2 && quote && th && td && first && second,
        `${code}: every element is there`,
      );
      const m = { scroll, width, article, point, h2, quote, th, td, first, second };
      const at = `${code} at ${viewport.width} px`;
      assert.ok(m.scroll <= m.width, `${at}: scrolls sideways (${m.scroll} > ${m.width})`);
      // The start side: right in Hebrew, left in Georgian.
      const rtl = code === 'he';
      const startGap = (r: Box): number =>
        rtl ? m.article.right - r.right : r.left - m.article.left;
      const endGap = (r: Box): number =>
        rtl ? r.left - m.article.left : m.article.right - r.right;
      assert.ok(startGap(m.point) > 30, `${at}: point (a) indented from the start side`);
      assert.ok(startGap(m.point) > endGap(m.point), `${at}: point (a) is indented on the start`);
      assert.ok(startGap(m.quote) > 10, `${at}: the quote is indented from the start side`);
      assert.ok(Math.abs(startGap(m.h2)) < 1, `${at}: the heading starts at the start side`);
      assert.ok(rtl ? m.th.left > m.td.left : m.th.left < m.td.left, `${at}: record label first`);
      assert.equal(m.first.top, m.second.top, `${at}: first two languages on one row`);
      assert.ok(rtl ? m.first.left > m.second.left : m.first.left < m.second.left, at);
    }
  }
});

test('side by side, each column indents a point from its own start: the Hebrew one from the right', async () => {
  for (const viewport of [PHONE, DESKTOP]) {
    await open(`compare/${ID}/en-he.html`, viewport);
    const gaps = await page.evaluate(() =>
      [...document.querySelectorAll('#seg-art-1-2-b-i .col')].map((col) => {
        const range = document.createRange();
        range.selectNodeContents(col.lastChild ?? col);
        const text = range.getBoundingClientRect();
        const box = col.getBoundingClientRect();
        return {
          dir: col.getAttribute('dir'),
          left: text.left - box.left,
          right: box.right - text.right,
        };
      }),
    );
    const [en, he] = gaps;
    assert.ok(en && he, `${viewport.width} px: two columns`);
    assert.equal(he.dir, 'rtl');
    assert.ok(en.left > 8, `${viewport.width} px: English indented from the left (${en.left})`);
    assert.ok(he.right > 8, `${viewport.width} px: Hebrew indented from the right (${he.right})`);
  }
});

test('axe finds no violation in the Hebrew and Georgian editions and the download page at 390 and 1280 px', async () => {
  for (const viewport of [PHONE, DESKTOP]) {
    for (const rel of [`he/${ID}.html`, `ka/${ID}.html`, 'index.html']) {
      await open(rel, viewport);
      assert.deepEqual(await axeViolations(page), [], `${rel} at ${viewport.width} px`);
    }
  }
});

test('the Georgian and Hebrew PDFs pass the PDF/A-2u and PDF/UA-1 checks, carry /Lang, and the Hebrew one reads right to left', async () => {
  for (const code of codes) assert.deepEqual(checkConformance(await readFile(pdf(code))), [], code);
  for (const code of ['ka', 'he']) {
    const bytes = await readFile(pdf(code));
    assert.equal((await readPdf(bytes)).lang, code);
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    const prefs = doc.catalog.lookup(PDFName.of('ViewerPreferences'), PDFDict);
    const direction = prefs.get(PDFName.of('Direction'))?.toString();
    assert.equal(direction, code === 'he' ? '/R2L' : undefined, code);
  }
});

test('pdftotext reads the Hebrew text in logical order and the Georgian words whole', () => {
  // Poppler marks the direction of each line with embedding controls: not part of the text.
  const text = (code: string): string =>
    execFileSync('pdftotext', [pdf(code), '-'], { encoding: 'utf8' }).replace(
      /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
      '',
    );
  const he = text('he');
  for (const sentence of [
    'הסכם בדבר שיתוף פעולה מבצעי',
    'הצדדים יחליפו מידע מבצעי באמצעות קציני הקישור.',
    'ניתן לדחות בקשה מקום שביצועה יפגע באינטרסים חיוניים.',
  ])
    assert.ok(he.includes(sentence), `he: "${sentence}" in\n${he}`);
  const ka = text('ka');
  assert.doesNotMatch(ka, /\u00ad/, 'no soft hyphen in the Georgian text layer');
  assert.ok(ka.includes('თითოეული მხარე ნიშნავს ერთ საკონტაქტო პუნქტს.'), ka);
});

test('Georgian is hyphenated with its patterns, Hebrew ("hyphenation": "none") is not', async () => {
  const page = async (code: string): Promise<string> => html(code);
  assert.match(await page('ka'), /\u00ad/);
  assert.doesNotMatch(await page('he'), /\u00ad/);
});

test('a registry whose language has a script without a bundled font is refused with its file and line', async (t) => {
  const root = await tempDir('scripts-tibt-', t);
  const text = await projectWith(root, [
    {
      code: 'bo',
      englishName: 'Tibetan',
      nativeName: 'བོད་སྐད་',
      script: 'Tibt',
      states: [],
      intlLocale: 'bo',
      hyphenation: 'none',
    },
  ]);
  const line = text.slice(0, text.indexOf('"code": "bo"')).split('\n').length;
  const r = await runMain(root, ['build', '--allow-incomplete']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(
    r.stderr,
    new RegExp(
      `translations/languages\\.json:${line}: languages\\[13\\] \\(bo\\): "script" Tibt \\(Tibetan\\) has no bundled font`,
    ),
  );
  assert.match(r.stderr, /SCRIPT_FONTS in scripts\/writing-systems\.ts/);
});
