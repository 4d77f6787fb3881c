// The PDF post-processing steps on real Chromium output: a fixture document with
// headings, lists, a table, a block quote, links and emphasis (test/fixtures/pdf-project),
// plus the Joint Declaration, built twice from clean in a temporary project (en and a
// hyphenated language), then each step checked on the raw print of the same pages. The
// real translations are used: the text layer needs a long hyphenated text whose lines
// end in broken words, which the fixture project's short documents do not give.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { build } from '../scripts/build.ts';
import { Printer } from '../scripts/io/browser.ts';
import { readIcc } from '../scripts/io/icc.ts';
import { LANGUAGES } from './project-registry.ts';
import { finalizePdf, type PdfMetadata } from '../scripts/stages/finalize-pdf.ts';
import { markArtifacts } from '../scripts/stages/pdf/artifacts.ts';
import { applyEdits, pageFonts, tokenize } from '../scripts/stages/pdf/content.ts';
import { checkConformance, RULES } from '../scripts/stages/pdf/conformance.ts';
import {
  catalog,
  dictOf,
  lookup,
  pages,
  readPdf,
  writePdf,
  type PdfFile,
} from '../scripts/stages/pdf/file.ts';
import { isName, isRef, name, str, type PdfDict } from '../scripts/stages/pdf/objects.ts';
import { structElems } from '../scripts/stages/pdf/structure.ts';
import { cleanTextLayer } from '../scripts/stages/pdf/text-layer.ts';
import { ROOT, tempDir } from './helpers.ts';

const FIXTURE = 'mixed-content';
const DOC = 'joint-declaration';
// A language with hyphenation patterns, so that the PDFs carry soft hyphens.
const HYPHENATED = LANGUAGES.find((l) => l.code !== 'en' && !l.derivedFrom)?.code ?? 'hr';
const LANGS = ['en', HYPHENATED];

const dists: string[] = [];
const raw = new Map<string, Uint8Array>();
const done = new Map<string, Uint8Array>();
const again = new Map<string, Uint8Array>();
let icc: Uint8Array;

/** The mixed-content fixture and the Joint Declaration with the real translations. */
async function pdfProject(): Promise<string> {
  const dir = await tempDir('pdf-');
  await cp(join(ROOT, 'translations'), join(dir, 'translations'), { recursive: true });
  await mkdir(join(dir, 'source'));
  await cp(
    join(ROOT, 'test', 'fixtures', 'pdf-project', 'source', `${FIXTURE}.md`),
    join(dir, 'source', `${FIXTURE}.md`),
  );
  await cp(join(ROOT, 'source', `${DOC}.md`), join(dir, 'source', `${DOC}.md`));
  return dir;
}

before(async () => {
  icc = await readIcc();
  // Two clean builds, each on a browser of its own: Chromium's node IDs differ between runs.
  for (let i = 0; i < 2; i++) {
    const root = await pdfProject();
    const printer = new Printer();
    try {
      const r = await build({ root, printer, langs: LANGS, allowIncomplete: true });
      assert.equal(r.failed, 0);
    } finally {
      await printer.close();
    }
    dists.push(join(root, 'dist'));
  }
  const printer = new Printer();
  try {
    for (const lang of LANGS) {
      for (const doc of [FIXTURE, DOC]) {
        const dist = dists[0] as string;
        raw.set(
          `${lang}/${doc}`,
          await printer.print({ htmlPath: join(dist, lang, `${doc}.html`), allow: dist }),
        );
        // Printed again on the same browser: its DOM node numbers (and so the /ID values) have moved on.
        if (doc === FIXTURE)
          again.set(
            `${lang}/${doc}`,
            await printer.print({ htmlPath: join(dist, lang, `${doc}.html`), allow: dist }),
          );
        done.set(`${lang}/${doc}`, new Uint8Array(await readFile(join(dist, lang, `${doc}.pdf`))));
      }
    }
  } finally {
    await printer.close();
  }
});

const rawOf = (key: string): Uint8Array => raw.get(key) ?? assert.fail(`no raw print of ${key}`);
const doneOf = (key: string): Uint8Array => done.get(key) ?? assert.fail(`no built PDF of ${key}`);
const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

const META: PdfMetadata = {
  title: 'Mixed Content Test Document',
  author: 'SELEC',
  subject: 'A test',
  keywords: ['SELEC'],
  lang: 'en',
  date: new Date('2021-03-15T00:00:00Z'),
  producer: 'selec-editions',
};

test('two clean builds of a document with a table, lists, a quote and links give byte-identical PDFs, HTML and XML', async () => {
  const [a, b] = dists as [string, string];
  let compared = 0;
  for (const lang of LANGS) {
    for (const f of await readdir(join(a, lang))) {
      assert.ok(
        (await readFile(join(a, lang, f))).equals(await readFile(join(b, lang, f))),
        `${lang}/${f} differs between two clean builds`,
      );
      compared++;
    }
  }
  // Two documents a language, each an HTML, a PDF and an Akoma Ntoso XML file.
  assert.equal(compared, LANGS.length * 6);
  const table = latin1(rawOf(`en/${FIXTURE}`));
  assert.match(
    table,
    /\/ID \(node\d+\)/,
    'Chromium wrote no structure element IDs for the table: the test would prove nothing',
  );
  // Two prints on one browser differ in those IDs; after post-processing they are equal.
  for (const [key, second] of again) {
    const ids = (b: Uint8Array) =>
      latin1(b)
        .match(/\(node\d+\)/g)
        ?.join();
    if (ids(second) === ids(rawOf(key))) continue;
    const one = await finalizePdf(rawOf(key), META, { icc });
    const two = await finalizePdf(second, META, { icc });
    assert.ok(
      Buffer.from(one.bytes).equals(Buffer.from(two.bytes)),
      `${key}: two prints on one browser differ after post-processing`,
    );
    compared++;
  }
  assert.ok(
    compared > LANGS.length * 6,
    'no second print had other IDs: the same-browser case was not tested',
  );
});

test('text layer: the soft-hyphen spans go, the line-end breaks are listed, no U+00AD reaches pdftotext', async (t) => {
  const key = `${HYPHENATED}/${DOC}`;
  const pdf = readPdf(rawOf(key));
  let removed = 0;
  const words: string[] = [];
  for (const { page } of pages(pdf)) {
    const c = page.entries.get('Contents');
    if (!isRef(c)) continue;
    lookup(pdf, c.num);
    const s = latin1(pdf.objects.get(c.num)?.stream ?? new Uint8Array());
    const r = cleanTextLayer(tokenize(s), pageFonts(pdf, page));
    removed += r.removed;
    words.push(...r.breaks);
    const after = applyEdits(s, r.edits);
    assert.ok(!/ActualText\s*<FEFF00AD>/i.test(after), 'a soft-hyphen span is left');
  }
  assert.ok(removed > 0, 'the raw print has no soft-hyphen spans: nothing was tested');
  assert.ok(
    words.length > 0 && words.every((w) => /^[\p{L}\p{M}]+-[\p{L}\p{M}]*$/u.test(w)),
    `line-end breaks: ${words.join(' ')}`,
  );
  const dir = await tempDir('pdftext-', t);
  await writeFile(join(dir, 'raw.pdf'), rawOf(key));
  await writeFile(join(dir, 'done.pdf'), doneOf(key));
  const before = execFileSync('pdftotext', [join(dir, 'raw.pdf'), '-'], { encoding: 'utf8' });
  const after = execFileSync('pdftotext', [join(dir, 'done.pdf'), '-'], { encoding: 'utf8' });
  assert.ok(
    before.includes('\u00ad'),
    'the raw print has no U+00AD in pdftotext: nothing was tested',
  );
  assert.ok(!after.includes('\u00ad'), 'U+00AD in pdftotext output');
  // Each broken word comes out whole: pdftotext joins the hyphenated line end.
  for (const w of words)
    if (!w.endsWith('-'))
      assert.ok(after.includes(w.replace('-', '')), `"${w.replace('-', '')}" not found whole`);
  // The report the build wrote lists the same words.
  const report = await readFile(
    join(dists[0] as string, '..', 'reports', 'hyphenation', HYPHENATED, `${DOC}.txt`),
    'utf8',
  );
  assert.deepEqual(
    report
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((l) => l.split('\t')[1]),
    words,
  );
});

test('every page renders identically before and after post-processing', async (t) => {
  const dir = await tempDir('render-', t);
  for (const key of raw.keys()) {
    const base = key.replace('/', '-');
    await writeFile(join(dir, `${base}-raw.pdf`), rawOf(key));
    await writeFile(join(dir, `${base}-done.pdf`), doneOf(key));
    execFileSync('pdftoppm', [
      '-r',
      '50',
      '-gray',
      join(dir, `${base}-raw.pdf`),
      join(dir, `${base}-raw`),
    ]);
    execFileSync('pdftoppm', [
      '-r',
      '50',
      '-gray',
      join(dir, `${base}-done.pdf`),
      join(dir, `${base}-done`),
    ]);
    const rawPages = (await readdir(dir)).filter((f) => f.startsWith(`${base}-raw-`)).sort();
    const donePages = (await readdir(dir)).filter((f) => f.startsWith(`${base}-done-`)).sort();
    assert.equal(donePages.length, rawPages.length, `${key}: page count`);
    assert.ok(rawPages.length > 0);
    for (const [i, f] of rawPages.entries()) {
      const a = await readFile(join(dir, f));
      const b = await readFile(join(dir, donePages[i] as string));
      assert.ok(a.equals(b), `${key} page ${i + 1} renders differently`);
    }
  }
});

test('artifacts: nothing painted is left untagged; the footer is a pagination artifact; rules leave the tree', () => {
  const key = `en/${FIXTURE}`;
  assert.ok(
    checkConformance(rawOf(key)).some((f) => f.rule === 'tagged-content'),
    'the raw print has no untagged content: nothing was tested',
  );
  const pdf = readPdf(rawOf(key));
  const { page } = pages(pdf)[0] ?? assert.fail('no page');
  const c = page.entries.get('Contents');
  assert.ok(isRef(c));
  lookup(pdf, c.num);
  const s = latin1(pdf.objects.get(c.num)?.stream ?? new Uint8Array());
  const r = markArtifacts(tokenize(s), 842, () => true);
  const after = applyEdits(s, r.edits);
  assert.match(after, /\/Artifact <<\/Type \/Pagination \/Subtype \/Footer>> BDC/);
  assert.match(after, /\/Artifact <<\/Type \/Background>> BDC/);
  assert.ok(
    r.decorative.length > 0,
    'no paint-only tagged sequence (rules, borders) became an artifact',
  );
  const findings = checkConformance(doneOf(key));
  assert.deepEqual(
    findings.filter((f) => f.rule === 'tagged-content' || f.rule === 'parent-tree'),
    [],
  );
});

test('structure: RoleMap for Chromium types, IDs renumbered, headers still resolve, link descriptions, record as a table', () => {
  const pdf = readPdf(doneOf(`en/${FIXTURE}`));
  const root =
    dictOf(pdf, catalog(pdf).entries.get('StructTreeRoot')) ?? assert.fail('no structure tree');
  const roles = dictOf(pdf, root.entries.get('RoleMap'));
  assert.ok(
    isName(roles?.entries.get('Em'), 'Span') && isName(roles?.entries.get('Strong'), 'Span'),
    'Em and Strong mapped to Span',
  );
  const elems = structElems(pdf);
  const ids = elems.map((e) => e.elem.entries.get('ID')).filter((v) => v !== undefined);
  assert.ok(ids.length >= 3);
  assert.deepEqual(
    ids.map((v) => (v as { bytes: string }).bytes),
    ids.map((_, i) => `node${String(i + 1).padStart(8, '0')}`),
  );
  const types = elems.map((e) => (e.elem.entries.get('S') as { name: string }).name);
  for (const t of ['Table', 'TR', 'TH', 'TD', 'L', 'LI', 'BlockQuote', 'Link', 'H1', 'H2'])
    assert.ok(types.includes(t), `no ${t} in the structure tree`);
  // The edition record: a table of its own after the article.
  assert.ok(types.filter((t) => t === 'Table').length >= 2, 'the edition record is not a table');
  assert.deepEqual(checkConformance(doneOf(`en/${FIXTURE}`)), []);
});

test('English fallback segments of a translated edition carry /Lang (en) in the structure tree', () => {
  const pdf = readPdf(doneOf(`${HYPHENATED}/${FIXTURE}`));
  const langs = structElems(pdf)
    .map((e) => e.elem.entries.get('Lang'))
    .filter((v) => v !== undefined)
    .map((v) => (v as { bytes: string }).bytes);
  assert.ok(langs.includes(HYPHENATED), 'the document language');
  assert.ok(
    langs.filter((l) => l === 'en').length >= 5,
    'fallback segments in English are marked /Lang (en)',
  );
});

test('metadata: XMP in the edition language with pdfaid, pdfuaid and its extension schema; sRGB output intent; /ID', async () => {
  const out = await finalizePdf(
    rawOf(`${HYPHENATED}/${FIXTURE}`),
    { ...META, lang: HYPHENATED, title: 'Naslov <&>' },
    { icc },
  );
  const s = latin1(out.bytes);
  const xmp = Buffer.from(
    /<\?xpacket begin[\s\S]*?<\?xpacket end="r"\?>/.exec(
      Buffer.from(out.bytes).toString('utf8'),
    )?.[0] ?? '',
    'utf8',
  ).toString('utf8');
  assert.match(
    xmp,
    /<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Naslov &lt;&amp;&gt;<\/rdf:li>/,
  );
  assert.match(xmp, new RegExp(`<dc:language><rdf:Bag><rdf:li>${HYPHENATED}</rdf:li>`));
  for (const tag of [
    'dc:creator',
    'dc:description',
    'xmp:CreateDate',
    'xmp:ModifyDate',
    'pdf:Producer',
    'pdfaid:part',
    'pdfaid:conformance',
    'pdfuaid:part',
    'pdfaExtension:schemas',
  ])
    assert.ok(xmp.includes(`<${tag}>`), tag);
  assert.match(s, /\/S \/GTS_PDFA1/);
  assert.match(s, /\/ID \[<[0-9A-F]{32}> <[0-9A-F]{32}>\]/);
  assert.ok(s.startsWith('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'));
  assert.deepEqual(checkConformance(out.bytes), []);
  // Equal inputs, equal bytes; another date, another /ID.
  assert.ok(
    Buffer.from(
      (
        await finalizePdf(
          rawOf(`${HYPHENATED}/${FIXTURE}`),
          { ...META, lang: HYPHENATED, title: 'Naslov <&>' },
          { icc },
        )
      ).bytes,
    ).equals(Buffer.from(out.bytes)),
  );
  const other = latin1(
    (
      await finalizePdf(
        rawOf(`${HYPHENATED}/${FIXTURE}`),
        { ...META, lang: HYPHENATED, date: new Date('2022-01-01T00:00:00Z') },
        { icc },
      )
    ).bytes,
  );
  assert.notEqual(/\/ID \[(<[0-9A-F]+>)/.exec(other)?.[1], /\/ID \[(<[0-9A-F]+>)/.exec(s)?.[1]);
});

/** Breaks one rule in a good file: each mutation must be flagged by exactly the rule it breaks. */
const MUTATIONS: Record<string, (pdf: PdfFile, bytes: () => string) => string | void> = {
  header: (_pdf, bytes) => bytes().replace('%PDF-1.7\n%\xe2\xe3\xcf\xd3', '%PDF-1.7\n%abcd'),
  'trailer-id': (_pdf, bytes) =>
    bytes().replace(/\/ID \[<[0-9A-F]+> <[0-9A-F]+>\]/, (m) => ' '.repeat(m.length)),
  'no-encrypt': (_pdf, bytes) => bytes().replace('trailer\n<<', 'trailer\n<</Encrypt 1 0 R\n'),
  'output-intent': (pdf) => void catalog(pdf).entries.delete('OutputIntents'),
  xmp: (pdf) => void catalog(pdf).entries.delete('Metadata'),
  pdfaid: (_pdf, bytes) =>
    bytes().replace('<pdfaid:part>2</pdfaid:part>', '<pdfaid:part>1</pdfaid:part>'),
  pdfuaid: (_pdf, bytes) =>
    bytes().replace('<pdfuaid:part>1</pdfuaid:part>', '<pdfuaid:part>2</pdfuaid:part>'),
  'xmp-extension': (_pdf, bytes) =>
    bytes().replace(
      '<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/',
      '<pdfaSchema:namespaceURI>http://www.aiim.org/pdfxx/ns/id/',
    ),
  'info-matches-xmp': (pdf) =>
    void dictOf(pdf, pdf.trailer.entries.get('Info'))?.entries.set('Title', str('Another title')),
  marked: (pdf) =>
    void catalog(pdf).entries.set('MarkInfo', {
      kind: 'dict',
      entries: new Map([['Marked', false]]),
    }),
  title: (pdf) => void catalog(pdf).entries.delete('ViewerPreferences'),
  lang: (pdf) => void catalog(pdf).entries.delete('Lang'),
  'role-map': (pdf) =>
    void dictOf(pdf, catalog(pdf).entries.get('StructTreeRoot'))?.entries.delete('RoleMap'),
  'tagged-content': (_pdf, bytes) => bytes(),
  'parent-tree': (pdf) =>
    void dictOf(pdf, catalog(pdf).entries.get('StructTreeRoot'))?.entries.set('ParentTree', {
      kind: 'dict',
      entries: new Map([['Nums', []]]),
    }),
  'tables-lists': (pdf) => {
    const td = structElems(pdf).find((e) => isName(e.elem.entries.get('S'), 'TD'));
    td?.elem.entries.set('S', name('LI'));
  },
  'ids-unique': (pdf) => {
    const th = structElems(pdf).filter((e) => e.elem.entries.has('ID'));
    th[1]?.elem.entries.set('ID', str('node00000001'));
  },
  tabs: (pdf) => void pages(pdf).forEach(({ page }) => page.entries.delete('Tabs')),
  links: (pdf) =>
    void pages(pdf).forEach(({ page }) =>
      (Array.isArray(page.entries.get('Annots'))
        ? (page.entries.get('Annots') as unknown[])
        : []
      ).forEach((a) => dictOf(pdf, a as never)?.entries.delete('Contents')),
    ),
  'annotation-flags': (pdf) =>
    void pages(pdf).forEach(({ page }) =>
      (Array.isArray(page.entries.get('Annots'))
        ? (page.entries.get('Annots') as unknown[])
        : []
      ).forEach((a) => dictOf(pdf, a as never)?.entries.set('F', 2)),
    ),
  'no-javascript': (pdf) =>
    void catalog(pdf).entries.set('OpenAction', {
      kind: 'dict',
      entries: new Map([['S', name('JavaScript')]]),
    }),
  'fonts-embedded': (pdf) => {
    for (const [, o] of pdf.objects)
      if (o.raw?.includes('/FontDescriptor') && o.raw.includes('/FontFile2'))
        o.raw = o.raw.replace(/\/FontFile2 \d+ 0 R/, '');
  },
  'to-unicode': (pdf) => {
    for (const [, o] of pdf.objects)
      if (o.raw?.includes('/ToUnicode')) o.raw = o.raw.replace(/\/ToUnicode \d+ 0 R/, '');
  },
  // The rules a seal brings are broken on a sealed file (see SEALED below).
  form: (pdf) => {
    const form = dictOf(pdf, catalog(pdf).entries.get('AcroForm'));
    form?.entries.set('NeedAppearances', true);
  },
  'form-described': (pdf) => {
    const form = dictOf(pdf, catalog(pdf).entries.get('AcroForm'));
    const fields = form?.entries.get('Fields');
    for (const f of Array.isArray(fields) ? fields : []) dictOf(pdf, f)?.entries.delete('TU');
  },
  'signature-byte-range': (_pdf, bytes) => `${bytes()}\n`,
  // The ContentInfo says id-data instead of id-signedData.
  'signature-cms': (_pdf, bytes) =>
    bytes().replace(/(\/Contents <3082....)06092A864886F70D010702/, '$106092A864886F70D010701'),
};

/** Rules checked on a sealed file: the good file sealed with a throwaway key. */
const SEALED = new Set(['form', 'form-described', 'signature-byte-range', 'signature-cms']);

async function sealed(bytes: Uint8Array): Promise<Uint8Array> {
  const dir = await tempDir('finalize-seal-');
  const { makeSealKey, PASSPHRASE } = await import('./seal-keys.ts');
  const { loadSealKey } = await import('../scripts/io/seal-key.ts');
  const { sealPdf } = await import('../scripts/services/seal.ts');
  const seal = await makeSealKey(dir);
  const key = await loadSealKey(seal.p12, { SELEC_SEAL_PASSPHRASE: PASSPHRASE }, new Date());
  const date = new Date('2019-10-31T00:00:00Z');
  return (await sealPdf(bytes, { date, description: 'test' }, { key })).bytes;
}

test('the conformance checker flags a PDF that breaks each rule it claims', async () => {
  assert.deepEqual(
    Object.keys(MUTATIONS).sort(),
    RULES.map((r) => r.id).sort(),
    'every rule has a mutation that breaks it',
  );
  const unsealed = doneOf(`en/${FIXTURE}`);
  assert.deepEqual(checkConformance(unsealed), []);
  const sealedGood = await sealed(unsealed);
  assert.deepEqual(checkConformance(sealedGood), [], 'a sealed file passes too');
  for (const rule of RULES) {
    const good = SEALED.has(rule.id) ? sealedGood : unsealed;
    let bytes: Uint8Array;
    if (rule.id === 'tagged-content') {
      // Unwrap the artifacts again: the footer and background become untagged content.
      bytes = Buffer.from(unwrapArtifacts(good));
    } else {
      const pdf = readPdf(good);
      const mutate = MUTATIONS[rule.id] as (pdf: PdfFile, bytes: () => string) => string | void;
      const asText = mutate(pdf, () => latin1(good));
      bytes =
        asText === undefined
          ? writePdf(pdf, { uncompressed: xmpObjects(pdf) })
          : Buffer.from(asText, 'latin1');
    }
    const findings = checkConformance(bytes);
    assert.ok(
      findings.some((f) => f.rule === rule.id),
      `${rule.id}: not flagged (got ${JSON.stringify(findings)})`,
    );
  }
});

function xmpObjects(pdf: PdfFile): Set<number> {
  const m = catalog(pdf).entries.get('Metadata');
  return new Set(isRef(m) ? [m.num] : []);
}

function unwrapArtifacts(bytes: Uint8Array): Uint8Array {
  const pdf = readPdf(bytes);
  for (const { page } of pages(pdf)) {
    const c = page.entries.get('Contents');
    if (!isRef(c)) continue;
    lookup(pdf, c.num);
    const o = pdf.objects.get(c.num) as { stream?: Uint8Array; value?: PdfDict };
    const s = latin1(o.stream ?? new Uint8Array());
    o.stream = Buffer.from(
      s.replace(/\/Artifact <<\/Type \/(Pagination|Background)[^>]*>> BDC\n([\s\S]*?)\nEMC/g, '$2'),
      'latin1',
    );
  }
  return writePdf(pdf, { uncompressed: xmpObjects(pdf) });
}
