// Integration: builds every edition of the real project (registry × source/) with real Chromium into a
// temporary dist/, and reads the PDFs back with pdfjs-dist, pdf-lib and poppler.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { build, type BuildResult } from '../scripts/build.ts';
import { Printer } from '../scripts/io/browser.ts';
import { LANGUAGES } from './project-registry.ts';
import { loadProject } from '../scripts/io/project.ts';
import { ROOT } from './helpers.ts';
import { pdfFonts, pdfInfo, readPdf } from './pdf-read.ts';

let out: string;
let printer: Printer;
let result: BuildResult;
// Read, never counted by hand: a new document or language must not break these tests.
const documents = (await loadProject(ROOT)).documents.map((d) => d.doc.id);
const editionPdfs = documents.flatMap((id) => LANGUAGES.map((l) => `${l.code}/${id}.pdf`));

before(async () => {
  out = await mkdtemp(join(tmpdir(), 'selec-dist-'));
  printer = new Printer();
  result = await build({ root: ROOT, outDir: out, printer });
});
after(async () => {
  await printer.close();
});

/** The reference text as a reader sees it: no Markdown, no tags, one space between words. */
async function referenceText(): Promise<string> {
  const ref = await readFile(
    join(ROOT, '..', 'shared', 'reference', 'joint-declaration.en.md'),
    'utf8',
  ).catch(async () => readFile(join(ROOT, 'test', 'fixtures', 'joint-declaration.en.md'), 'utf8'));
  return ref
    .replace(/^#\s+/m, '')
    .replace(/<[^>]+>/g, '')
    .replace(/\*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

test('every edition is built: an HTML and a PDF file per language and document, and the index', async () => {
  assert.equal(result.failed, 0);
  assert.equal(result.editions.length, LANGUAGES.length * documents.length);
  for (const lang of LANGUAGES) {
    const files = await readdir(join(out, lang.code));
    assert.deepEqual(
      files.sort(),
      documents.flatMap((id) => [`${id}.html`, `${id}.pdf`]).sort(),
      lang.code,
    );
  }
  const index = await readFile(join(out, 'index.html'), 'utf8');
  for (const lang of LANGUAGES) {
    assert.ok(
      index.includes(
        `<a href="${lang.code}/joint-declaration.pdf" hreflang="${lang.code}" type="application/pdf">PDF</a>, `,
      ),
      `index links ${lang.code}`,
    );
    assert.ok(index.includes(`>${lang.nativeName}</span>`), `index names ${lang.nativeName}`);
  }
  assert.match(index, /PDF<\/a>, \d+\.\d kB/);
});

test('the English HTML carries the reference text word for word', async () => {
  const html = await readFile(join(out, 'en', 'joint-declaration.html'), 'utf8');
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
  const pdf = await readPdf(await readFile(join(out, 'en', 'joint-declaration.pdf')));
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
    editions: Array<{ lang: string; pages: number; bytes: number }>;
  };
  for (const lang of LANGUAGES) {
    const file = join(out, lang.code, 'joint-declaration.pdf');
    const pdf = await readPdf(await readFile(file));
    const html = await readFile(join(out, lang.code, 'joint-declaration.html'), 'utf8');
    const title = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';
    const entry = manifest.editions.find((e) => e.lang === lang.code);
    assert.ok(pdf.pages >= 1 && pdf.pages <= 4, `${lang.code}: ${pdf.pages} pages`);
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
  for (const lang of LANGUAGES) {
    const fonts = pdfFonts(join(out, lang.code, 'joint-declaration.pdf'));
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
  for (const lang of LANGUAGES) {
    const pdf = await readPdf(await readFile(join(out, lang.code, 'joint-declaration.pdf')));
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
  for (const lang of LANGUAGES.filter((l) => l.code !== 'en')) {
    const pdf = await readPdf(await readFile(join(out, lang.code, 'joint-declaration.pdf')));
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
  const again = await build({ root: ROOT, outDir: out, printer: idle });
  assert.equal(again.printed, 0);
  assert.equal(idle.launched, false);
  await idle.close();
});

test('two clean builds give byte-identical PDFs and HTML', async () => {
  const out2 = await mkdtemp(join(tmpdir(), 'selec-dist-'));
  await build({ root: ROOT, outDir: out2, printer, langs: ['en', 'el', 'sr-Cyrl'] });
  for (const code of ['en', 'el', 'sr-Cyrl']) {
    for (const f of ['joint-declaration.pdf', 'joint-declaration.html']) {
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
  const axeSource = await readFile(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  const browser = await puppeteer.launch({
    executablePath: findChromium(),
    args: CHROMIUM_ARGS,
    headless: true,
    pipe: true,
  });
  try {
    const page = await browser.newPage();
    const run = async (): Promise<string[]> => {
      await page.addScriptTag({ content: axeSource });
      return (await page.evaluate(async () => {
        const axe = (
          globalThis as unknown as {
            axe: {
              run: (
                ctx: unknown,
                opts: unknown,
              ) => Promise<{
                violations: Array<{ id: string; nodes: Array<{ target: string[] }> }>;
              }>;
            };
          }
        ).axe;
        const r = await axe.run(document, { resultTypes: ['violations'] });
        return r.violations.map(
          (v) =>
            `${v.id}: ${v.nodes
              .map((n) => n.target.join(' '))
              .slice(0, 3)
              .join(', ')}`,
        );
      })) as string[];
    };
    // The harness itself must see a violation where there is one.
    await page.setContent(
      '<!doctype html><html><head><title>x</title></head><body><main><img src="data:,"></main></body></html>',
    );
    assert.ok(
      (await run()).some((v) => v.startsWith('html-has-lang') || v.startsWith('image-alt')),
      'axe did not run',
    );
    const pages = [
      ...LANGUAGES.map((l) => `${l.code}/joint-declaration.html`),
      'index.html',
      '../reports/coverage/index.html',
      '../reports/review/el/joint-declaration.html',
    ].map((p) => (p.startsWith('../reports/') ? `${out}-reports/${p.slice(11)}` : join(out, p)));
    for (const path of pages) {
      const rel = path;
      await page.goto(`file://${path}`, { waitUntil: 'load' });
      assert.deepEqual(await run(), [], rel);
    }
  } finally {
    await browser.close();
  }
});

test('the distribution set: SHA256SUMS verifies with sha256sum -c, the zip holds every PDF, the manifest matches', async () => {
  const { execFileSync } = await import('node:child_process');
  const out1 = execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out, encoding: 'utf8' });
  assert.equal(
    out1
      .trim()
      .split('\n')
      .filter((l) => l.endsWith(': OK')).length,
    editionPdfs.length,
  );
  const { unzipSync } = await import('fflate');
  const zip = unzipSync(await readFile(join(out, 'selec-editions.zip')));
  assert.deepEqual(Object.keys(zip).sort(), [...editionPdfs].sort());
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
  const version = createHash('sha256')
    .update(await readFile(join(ROOT, 'source', 'joint-declaration.md'), 'utf8'))
    .digest('hex')
    .slice(0, 12);
  for (const code of ['en', 'bg', 'tr']) {
    const pdf = await readPdf(await readFile(join(out, code, 'joint-declaration.pdf')));
    const last = pdf.pageTexts[pdf.pages - 1] ?? '';
    assert.ok(
      !(pdf.pageTexts[0] ?? '').includes(version) || pdf.pages === 1,
      `${code}: the record is not on the last page only`,
    );
    // The document by its title in the edition's language, not its file id.
    const titles = JSON.parse(
      await readFile(join(ROOT, 'translations', code, 'joint-declaration.json'), 'utf8').catch(
        () => '{}',
      ),
    ) as Record<string, string>;
    const title =
      titles['meta.title'] ??
      /^title: (.*)$/m.exec(
        await readFile(join(ROOT, 'source', 'joint-declaration.md'), 'utf8'),
      )?.[1] ??
      '';
    assert.ok(last.replace(/\s+/g, ' ').includes(title), `${code}: ${title}`);
    assert.ok(!last.includes('joint-declaration'), `${code}: no file id`);
    assert.ok(last.includes(version), `${code}: source version ${version}`);
    assert.ok(last.includes(`(${code})`) || last.includes(`, ${code})`), `${code}: language`);
  }
});

// PDF/A-2 + PDF/UA-1 and the clean text layer, on every edition of the registry.
test('pdftotext of every edition: no U+00AD, and every word of the HTML edition is found', async () => {
  const { execFileSync } = await import('node:child_process');
  for (const lang of LANGUAGES) {
    const text = execFileSync('pdftotext', [join(out, lang.code, 'joint-declaration.pdf'), '-'], {
      encoding: 'utf8',
    });
    assert.ok(!text.includes('\u00ad'), `${lang.code}: U+00AD in pdftotext output`);
    const flat = text.replace(/\s+/g, ' ');
    for (const word of htmlWords(
      await readFile(join(out, lang.code, 'joint-declaration.html'), 'utf8'),
    )) {
      assert.ok(flat.includes(word), `${lang.code}: "${word}" not found by pdftotext`);
    }
  }
});

test('structure text of every edition: whole paragraphs, no footer text, no "wrong type"', async () => {
  const { execFileSync } = await import('node:child_process');
  const { serbianCyrillicToLatin } = await import('../scripts/stages/transliterate.ts');
  const letters = (s: string) => s.replace(/[^\p{L}\p{N}]/gu, '');
  for (const lang of LANGUAGES) {
    const file = join(out, lang.code, 'joint-declaration.pdf');
    const struct = execFileSync('pdfinfo', ['-struct-text', file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The text of the tree's leaves, in order: a paragraph may span several (a <sup>, an <em>).
    const all = letters([...struct.matchAll(/^\s*"(.*)"$/gm)].map((m) => m[1]).join(''));
    const html = await readFile(join(out, lang.code, 'joint-declaration.html'), 'utf8');
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
  for (const lang of LANGUAGES) {
    const file = join(out, lang.code, 'joint-declaration.pdf');
    assert.deepEqual(checkConformance(await readFile(file)), [], lang.code);
    const xmp = execFileSync('pdfinfo', ['-meta', file], { encoding: 'utf8' });
    const html = await readFile(join(out, lang.code, 'joint-declaration.html'), 'utf8');
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
  for (const lang of LANGUAGES) {
    const report = await readFile(
      join(`${out}-reports`, 'hyphenation', lang.code, 'joint-declaration.txt'),
      'utf8',
    );
    const lines = report.split('\n').filter(Boolean);
    assert.match(
      lines[0] ?? '',
      new RegExp(`^# ${lang.code}/joint-declaration\\.pdf: \\d+ words? broken`),
    );
    for (const l of lines.slice(1))
      assert.match(l, /^\d+\t[\p{L}\p{M}]+-[\p{L}\p{M}]*$/u, `${lang.code}: ${l}`);
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
