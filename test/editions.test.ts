// Integration: builds every edition of the real project (registry × source/) with real Chromium into a
// temporary dist/, and reads the PDFs back with pdfjs-dist, pdf-lib and poppler.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { build, type BuildResult } from '../scripts/build.ts';
import { Printer } from '../scripts/io/browser.ts';
import { hyphenatorOf } from '../scripts/io/hyphenation.ts';
import { SOURCE_LANGUAGE } from '../scripts/languages.ts';
import {
  breakPoints,
  hyphenateWord,
  SOFT_HYPHEN,
  splitMarked,
} from '../scripts/stages/hyphenate.ts';
import { LANGUAGES } from './project-registry.ts';
import { loadProject } from '../scripts/io/project.ts';
import { ROOT, axeViolations, tempDir, usePrinter } from './helpers.ts';
import { readGold } from './hyphenation-gold.ts';
import { pdfFonts, pdfInfo, readPdf } from './pdf-read.ts';

let out: string;
let reports: string;
let result: BuildResult;
const printer = await usePrinter();
// Read, never counted by hand: a new document or language must not break these tests.
const documents = (await loadProject(ROOT)).documents.map((d) => d.doc.id);
const editions = documents.flatMap((id) => LANGUAGES.map((lang) => ({ id, lang })));
const editionPdfs = editions.map((e) => `${e.lang.code}/${e.id}.pdf`);
/** The Joint Declaration: the reference text is its English as received. */
const JD = 'joint-declaration';
/** A few editions of the registry: the English, a Cyrillic and a Greek one (whatever it holds). */
const SAMPLE = [
  ...new Set(
    [
      LANGUAGES.find((l) => l.code === SOURCE_LANGUAGE),
      LANGUAGES.find((l) => l.script === 'Cyrl'),
      LANGUAGES.find((l) => l.script === 'Grek'),
    ].flatMap((l) => (l ? [l.code] : [])),
  ),
];

before(async () => {
  out = await tempDir('dist-');
  reports = await tempDir('reports-');
  result = await build({ root: ROOT, outDir: out, reportsDir: reports, printer });
});

/** The reference text (the English as received) as a reader sees it: no Markdown, no tags, one space between words. */
async function referenceText(): Promise<string> {
  const ref = await readFile(join(ROOT, 'test', 'fixtures', 'joint-declaration.en.md'), 'utf8');
  return ref
    .replace(/^#\s+/m, '')
    .replace(/<[^>]+>/g, '')
    .replace(/\*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

test('every edition is built: an HTML, a PDF and an XML file per language and document, and the index', async () => {
  assert.equal(result.failed, 0);
  assert.equal(result.editions.length, LANGUAGES.length * documents.length);
  for (const lang of LANGUAGES) {
    const files = await readdir(join(out, lang.code));
    assert.deepEqual(
      files.sort(),
      documents.flatMap((id) => [`${id}.html`, `${id}.pdf`, `${id}.akn.xml`]).sort(),
      lang.code,
    );
  }
  const index = await readFile(join(out, 'index.html'), 'utf8');
  for (const { id, lang } of editions)
    assert.ok(
      index.includes(
        `<a href="${lang.code}/${id}.pdf" hreflang="${lang.code}" type="application/pdf">PDF</a>, `,
      ),
      `index links ${lang.code}/${id}`,
    );
  for (const lang of LANGUAGES)
    assert.ok(index.includes(`>${lang.nativeName}</span>`), `index names ${lang.nativeName}`);
  assert.match(index, /PDF<\/a>, \d+\.\d kB/);
});

test('the English HTML carries the reference text word for word', async () => {
  const html = await readFile(join(out, SOURCE_LANGUAGE, `${JD}.html`), 'utf8');
  const article = (/<article>([\s\S]*)<\/article>/.exec(html)?.[1] ?? '').replace(/\u00AD/g, '');
  const text = article
    .replace(/<[^>]+>/g, ' ')
    .replace(/\u00AD/g, '')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .replace(/ ([,.:;)])/g, '$1')
    .replace(/(\d) (st|th)\b/g, '$1$2')
    .trim();
  assert.equal(text, await referenceText());
  assert.match(article, /20<sup>th<\/sup>/);
  assert.match(article, /31<sup>st<\/sup>/);
  assert.match(article, /<em>Recalling our goal<\/em>/);
  assert.ok(article.includes('“Strengthening'));
});

test('the English PDF carries the reference text word for word', async () => {
  const pdf = await readPdf(await readFile(join(out, SOURCE_LANGUAGE, `${JD}.pdf`)));
  // Line-end hyphens come from soft hyphens (or a real hyphen at a break): compare without them.
  const flat = (s: string) => s.replace(/-\n/g, '').replace(/-/g, '').replace(/\s+/g, ' ').trim();
  const body = pdf.text.replace(/^Page \d+ of \d+$/gm, '');
  assert.ok(
    flat(body).includes(flat(await referenceText())),
    'reference text not found in the PDF text',
  );
});

test('each PDF: pages, /Lang, outline from the headings, title and metadata of its edition', async () => {
  const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as {
    editions: Array<{ lang: string; document: string; pages: number; bytes: number }>;
  };
  for (const { id, lang } of editions) {
    const file = join(out, lang.code, `${id}.pdf`);
    const pdf = await readPdf(await readFile(file));
    const html = await readFile(join(out, lang.code, `${id}.html`), 'utf8');
    const title = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';
    const entry = manifest.editions.find((e) => e.lang === lang.code && e.document === id);
    assert.ok(pdf.pages >= 1, `${lang.code}/${id}: ${pdf.pages} pages`);
    // The Joint Declaration fits on a few pages in every language.
    if (id === JD) assert.ok(pdf.pages <= 4, `${lang.code}/${id}: ${pdf.pages} pages`);
    assert.equal(entry?.pages, pdf.pages, `${lang.code}: manifest pages`);
    assert.equal(pdf.lang, lang.code, `${lang.code}: /Lang`);
    const heading = /<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1] ?? '';
    assert.equal(pdf.outline[0], heading, `${lang.code}: outline starts with the heading`);
    const info = pdfInfo(file);
    assert.equal(info['Title'], title, `${lang.code}: /Title`);
    assert.equal(info['Tagged'], 'yes');
    assert.equal(info['CreationDate'], '2019-10-31T00:00:00Z');
    assert.equal(info['ModDate'], '2019-10-31T00:00:00Z');
    assert.match(info['Producer'] ?? '', /^selec-editions/);
    assert.match(info['Page size'] ?? '', /\(A4\)/);
    assert.ok((info['Author'] ?? '').includes('SELEC'), `${lang.code}: /Author names the issuer`);
    assert.ok((info['Subject'] ?? '').length > 20, `${lang.code}: /Subject`);
    assert.ok((info['Keywords'] ?? '').includes('SELEC'), `${lang.code}: /Keywords`);
  }
});

test('only the bundled Noto fonts appear in the PDFs, all embedded', () => {
  for (const { id, lang } of editions) {
    const fonts = pdfFonts(join(out, lang.code, `${id}.pdf`));
    assert.ok(fonts.length > 0, lang.code);
    for (const f of fonts) {
      assert.match(
        f.name,
        /^[A-Z]{6}\+Noto(Serif|Sans)-(Regular|Bold|Italic|BoldItalic)$/,
        `${lang.code}: unexpected font ${f.name}`,
      );
      assert.ok(f.embedded, `${lang.code}: ${f.name} not embedded`);
    }
  }
});

test('the running footer is localized on every page: "page X of Y" in the edition language', async () => {
  const { serbianCyrillicToLatin } = await import('../scripts/stages/transliterate.ts');
  for (const { id, lang } of editions) {
    const pdf = await readPdf(await readFile(join(out, lang.code, `${id}.pdf`)));
    const from = lang.derivedFrom?.code ?? lang.code;
    const ui = JSON.parse(await readFile(join(ROOT, 'translations', from, 'ui.json'), 'utf8')) as {
      page: string;
    };
    // An interface string not translated yet is shown in English.
    const page =
      ui.page ||
      (
        JSON.parse(await readFile(join(ROOT, 'translations', 'en', 'ui.json'), 'utf8')) as {
          page: string;
        }
      ).page;
    const label = lang.derivedFrom ? serbianCyrillicToLatin(page) : page;
    pdf.pageTexts.forEach((text, i) => {
      const expected = label
        .replace('{{page}}', String(i + 1))
        .replace('{{pages}}', String(pdf.pages));
      assert.ok(text.includes(expected), `${lang.code} page ${i + 1}: expected "${expected}"`);
    });
  }
});

test('every translated edition says it is unofficial, in its language, on the first page', async () => {
  for (const { id, lang } of editions.filter((e) => e.lang.code !== SOURCE_LANGUAGE)) {
    const pdf = await readPdf(await readFile(join(out, lang.code, `${id}.pdf`)));
    const from = lang.derivedFrom?.code ?? lang.code;
    const ui = JSON.parse(await readFile(join(ROOT, 'translations', from, 'ui.json'), 'utf8')) as {
      unofficial: string;
    };
    const { serbianCyrillicToLatin } = await import('../scripts/stages/transliterate.ts');
    const unofficial =
      ui.unofficial ||
      (
        JSON.parse(await readFile(join(ROOT, 'translations', 'en', 'ui.json'), 'utf8')) as {
          unofficial: string;
        }
      ).unofficial;
    const notice = lang.derivedFrom ? serbianCyrillicToLatin(unofficial) : unofficial;
    const page1 = (pdf.pageTexts[0] ?? '').replace(/\s+/g, ' ');
    assert.ok(page1.includes(notice), `${lang.code}: "${notice}" not on page 1`);
    if (lang.derivedFrom)
      assert.ok(!/[\u0400-\u04FF]/.test(page1), `${lang.code} has Cyrillic on page 1`);
  }
});

test('a second build with nothing changed prints nothing and launches no browser', async () => {
  const idle = new Printer();
  const again = await build({ root: ROOT, outDir: out, reportsDir: reports, printer: idle });
  assert.equal(again.printed, 0);
  assert.equal(idle.launched, false);
  await idle.close();
});

test('two clean builds give byte-identical PDFs and HTML', async () => {
  const out2 = await tempDir('dist-');
  await build({
    root: ROOT,
    outDir: out2,
    reportsDir: await tempDir('reports-'),
    printer,
    langs: SAMPLE,
  });
  for (const code of SAMPLE) {
    for (const f of documents.flatMap((id) => [`${id}.pdf`, `${id}.html`])) {
      assert.ok(
        (await readFile(join(out, code, f))).equals(await readFile(join(out2, code, f))),
        `${code}/${f} differs`,
      );
    }
  }
});

test('axe-core finds no accessibility violation in the editions, the index and the reports', async () => {
  const puppeteer = (await import('puppeteer-core')).default;
  const { findChromium, CHROMIUM_ARGS } = await import('../scripts/io/browser.ts');
  const browser = await puppeteer.launch({
    executablePath: findChromium(),
    args: CHROMIUM_ARGS,
    headless: true,
    pipe: true,
  });
  try {
    const page = await browser.newPage();
    const run = (): Promise<string[]> => axeViolations(page);
    // The harness itself must see a violation where there is one.
    await page.setContent(
      '<!doctype html><html><head><title>x</title></head><body><main><img src="data:,"></main></body></html>',
    );
    assert.ok(
      (await run()).some((v) => v.startsWith('html-has-lang') || v.startsWith('image-alt')),
      'axe did not run',
    );
    const pages = [
      ...editions.map((e) => `${e.lang.code}/${e.id}.html`),
      'index.html',
      'coverage/index.html',
      ...editions
        .filter((e) => e.lang.code !== SOURCE_LANGUAGE)
        .slice(0, 1)
        .map((e) => `review/${e.lang.code}/${e.id}.html`),
    ];
    for (const rel of pages) {
      // The dashboard and the review pages are reports, beside the release.
      const dir = /^(coverage|review)\//.test(rel) ? reports : out;
      await page.goto(`file://${join(dir, rel)}`, { waitUntil: 'load' });
      assert.deepEqual(await run(), [], rel);
    }
  } finally {
    await browser.close();
  }
});

test('the distribution set: SHA256SUMS verifies with sha256sum -c, the zip holds every PDF and XML, the manifest matches', async () => {
  const { execFileSync } = await import('node:child_process');
  const out1 = execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out, encoding: 'utf8' });
  assert.equal(
    out1
      .trim()
      .split('\n')
      .filter((l) => l.endsWith(': OK')).length,
    editionPdfs.length * 2,
    'every PDF and every XML edition',
  );
  const { unzipSync } = await import('fflate');
  const zip = unzipSync(await readFile(join(out, 'selec-editions.zip')));
  const editionXmls = editionPdfs.map((p) => p.replace(/\.pdf$/, '.akn.xml'));
  assert.deepEqual(Object.keys(zip).sort(), [...editionPdfs, ...editionXmls].sort());
  for (const [name, bytes] of Object.entries(zip))
    assert.ok(Buffer.from(bytes).equals(await readFile(join(out, name))), name);
  const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as {
    editions: Array<{
      lang: string;
      document: string;
      pdf: string;
      bytes: number;
      sha256: string;
      pages: number;
      status: string;
    }>;
  };
  assert.deepEqual(
    manifest.editions.map((e) => e.pdf),
    editionPdfs,
  );
  const index = await readFile(join(out, 'index.html'), 'utf8');
  for (const e of manifest.editions) {
    assert.equal(e.bytes, (await readFile(join(out, e.pdf))).length);
    assert.equal(e.status, e.lang === 'en' ? 'original' : 'draft');
    assert.ok(index.includes(`<code>${e.sha256}</code>`), `index shows the checksum of ${e.lang}`);
  }
});

test('the last page carries the edition record: document, language, status, source version', async () => {
  const { createHash } = await import('node:crypto');
  for (const id of documents) {
    const version = createHash('sha256')
      .update(await readFile(join(ROOT, 'source', `${id}.md`), 'utf8'))
      .digest('hex')
      .slice(0, 12);
    for (const code of SAMPLE) {
      const pdf = await readPdf(await readFile(join(out, code, `${id}.pdf`)));
      const last = pdf.pageTexts[pdf.pages - 1] ?? '';
      assert.ok(
        !(pdf.pageTexts[0] ?? '').includes(version) || pdf.pages === 1,
        `${code}/${id}: the record is not on the last page only`,
      );
      // The document by its title in the edition's language, not its file id.
      const values = JSON.parse(
        await readFile(join(ROOT, 'translations', code, `${id}.json`), 'utf8').catch(() => '{}'),
      ) as Record<string, string>;
      const source = await readFile(join(ROOT, 'source', `${id}.md`), 'utf8');
      const title = values['meta.title'] ?? /^title: (.*)$/m.exec(source)?.[1] ?? '';
      assert.ok(last.replace(/\s+/g, ' ').includes(title), `${code}/${id}: ${title}`);
      assert.ok(!last.includes(id), `${code}/${id}: no file id`);
      assert.ok(last.includes(version), `${code}/${id}: source version ${version}`);
      assert.ok(
        last.includes(`(${code})`) || last.includes(`, ${code})`),
        `${code}/${id}: language`,
      );
    }
  }
});

// PDF/A-2 + PDF/UA-1 and the clean text layer, on every edition of the registry.
test('pdftotext of every edition: no U+00AD, and every word of the HTML edition is found', async () => {
  const { execFileSync } = await import('node:child_process');
  for (const { id, lang } of editions) {
    const text = execFileSync('pdftotext', [join(out, lang.code, `${id}.pdf`), '-'], {
      encoding: 'utf8',
    });
    assert.ok(!text.includes('\u00ad'), `${lang.code}: U+00AD in pdftotext output`);
    const flat = text.replace(/\s+/g, ' ');
    for (const word of htmlWords(await readFile(join(out, lang.code, `${id}.html`), 'utf8'))) {
      assert.ok(flat.includes(word), `${lang.code}: "${word}" not found by pdftotext`);
    }
  }
});

test('structure text of every edition: whole paragraphs, no footer text, no "wrong type"', async () => {
  const { execFileSync } = await import('node:child_process');
  const { serbianCyrillicToLatin } = await import('../scripts/stages/transliterate.ts');
  const letters = (s: string) => s.replace(/[^\p{L}\p{N}]/gu, '');
  for (const { id, lang } of editions) {
    const file = join(out, lang.code, `${id}.pdf`);
    const struct = execFileSync('pdfinfo', ['-struct-text', file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The text of the tree's leaves, in order: a paragraph may span several (a <sup>, an <em>).
    const all = letters([...struct.matchAll(/^\s*"(.*)"$/gm)].map((m) => m[1]).join(''));
    const html = await readFile(join(out, lang.code, `${id}.html`), 'utf8');
    for (const m of html.matchAll(/<p id="seg-[^"]*"[^>]*>([\s\S]*?)<\/p>/g)) {
      const para = letters(decode(m[1] ?? ''));
      assert.ok(
        all.includes(para),
        `${lang.code}: paragraph not whole in the structure text: ${para.slice(0, 60)}`,
      );
    }
    const pdf = await readPdf(await readFile(file));
    const ui = JSON.parse(
      await readFile(
        join(ROOT, 'translations', lang.derivedFrom?.code ?? lang.code, 'ui.json'),
        'utf8',
      ),
    ) as { page: string };
    const label = lang.derivedFrom ? serbianCyrillicToLatin(ui.page) : ui.page;
    const footer = label.replace('{{page}}', '1').replace('{{pages}}', String(pdf.pages));
    assert.ok(
      pdf.pageTexts[0]?.includes(footer),
      `${lang.code}: footer "${footer}" not printed: the check would prove nothing`,
    );
    assert.ok(
      !struct.includes(footer),
      `${lang.code}: footer "${footer}" is in the structure text`,
    );
    const errors = execFileSync('pdfinfo', ['-struct', file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    assert.ok(!/wrong type/.test(errors), `${lang.code}: pdfinfo -struct reports a wrong type`);
  }
});

test('every edition passes the PDF/A-2 and PDF/UA-1 checks: XMP, OutputIntent, /ID, RoleMap, artifacts, links', async () => {
  const { execFileSync } = await import('node:child_process');
  const { checkConformance } = await import('../scripts/stages/pdf/conformance.ts');
  for (const { id, lang } of editions) {
    const file = join(out, lang.code, `${id}.pdf`);
    assert.deepEqual(checkConformance(await readFile(file)), [], `${lang.code}/${id}`);
    const xmp = execFileSync('pdfinfo', ['-meta', file], { encoding: 'utf8' });
    const html = await readFile(join(out, lang.code, `${id}.html`), 'utf8');
    const title = decode(/<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '');
    assert.ok(
      xmp.includes(`<rdf:li xml:lang="x-default">${title.replace(/&/g, '&amp;')}</rdf:li>`),
      `${lang.code}: dc:title`,
    );
    assert.ok(
      xmp.includes(`<dc:language><rdf:Bag><rdf:li>${lang.code}</rdf:li>`),
      `${lang.code}: dc:language`,
    );
    assert.match(xmp, /<pdfaid:part>2<\/pdfaid:part>/);
    assert.match(xmp, /<pdfuaid:part>1<\/pdfuaid:part>/);
  }
});

test('the build lists the line-end breaks of every PDF in reports/hyphenation/<lang>/<document>.txt', async () => {
  for (const { id, lang } of editions) {
    const report = await readFile(join(reports, 'hyphenation', lang.code, `${id}.txt`), 'utf8');
    const lines = report.split('\n').filter(Boolean);
    assert.match(lines[0] ?? '', new RegExp(`^# ${lang.code}/${id}\\.pdf: \\d+ words? broken`));
    for (const l of lines.slice(1))
      assert.match(l, /^\d+\t[\p{L}\p{M}]+-[\p{L}\p{M}]*$/u, `${lang.code}: ${l}`);
  }
});

test('the built HTML of an edition carries the soft hyphens of a gold word', () => {
  const hyphenated = LANGUAGES.filter((l) => l.code !== SOURCE_LANGUAGE);
  for (const lang of [hyphenated[0], hyphenated.find((l) => l.derivedFrom)]) {
    if (!lang) continue;
    const h = hyphenatorOf(lang, ROOT);
    // Body text only: headings and the page title are never hyphenated.
    const bodies = documents.map((id) => {
      const html = readFileSync(join(out, lang.code, `${id}.html`), 'utf8');
      // Headings and the edition record (labels and names) are never hyphenated.
      return html
        .slice(html.indexOf('<body'))
        .replace(/<h([1-6])[^>]*>[^]*?<\/h\1>/g, '')
        .replace(/<footer class="record"[^]*?<\/footer>/g, '');
    });
    const body = bodies.join('\n');
    const plain = body.split(SOFT_HYPHEN).join('');
    const inText = (w: string): boolean =>
      new RegExp(`(?<![\\p{L}\\p{M}])${w}(?![\\p{L}\\p{M}])`, 'u').test(plain);
    const g = readGold(lang).find(
      (e) =>
        [...e.word].length >= h.minWordLength &&
        breakPoints(e.word, h).length > 0 &&
        inText(e.word),
    );
    assert.ok(g, `${lang.code}: no gold word that the patterns break is in the edition`);
    const soft = hyphenateWord(g.word, h);
    assert.ok(
      body.includes(soft),
      `${lang.code}: ${g.marked} is not in the HTML with soft hyphens`,
    );
    assert.ok(
      splitMarked(soft.split(SOFT_HYPHEN).join('-')).breaks.every((b) => g.allowed.has(b)),
      `${lang.code}: ${soft} against gold ${g.marked}`,
    );
  }
});

/** The HTML edition's text as a reader of the printed page sees it: words of the masthead and main. */
function htmlWords(html: string): Set<string> {
  const printed =
    (/<p class="issuer">[\s\S]*?<\/p>\s*<p class="dateline">[\s\S]*?<\/p>/.exec(html)?.[0] ?? '') +
    (/<main[\s\S]*<\/main>/.exec(html)?.[0] ?? '');
  return new Set(decode(printed.replace(/<[^>]+>/g, ' ')).match(/[\p{L}\p{M}\p{N}]+/gu) ?? []);
}

function decode(s: string): string {
  return s
    .replace(/\u00ad/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
