// Integration: the legal status of each edition, from the document's `authentic:` and the
// sign-offs, in all five places (the HTML notice, the PDF's XMP, the edition record, the
// manifest, the download page) and in the JSON-LD; built with real Chromium in a scratch
// copy of the fixture project: an authentic edition, a draft translation, an approved
// one, and a document authentic in two languages. An unknown authentic language is an
// error at its line.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { build, type BuildResult } from '../scripts/build.ts';
import { loadProject } from '../scripts/io/project.ts';
import type { Manifest } from '../scripts/stages/manifest.ts';
import { fixtureProject, usePrinter } from './helpers.ts';

const printer = await usePrinter();
let root: string;
let result: BuildResult;
let manifest: Manifest;
let approvedLang: string;
let twoDoc: string;
let second: string;
const BASE = 'https://selec.example/';

before(async () => {
  root = await fixtureProject();
  const project = await loadProject(root);
  // The fixture's approved edition (a current approval in its history), and a document
  // made authentic in English and the first other stored language.
  const approved = project.registry.languages.find((l) =>
    (project.signoffs[l.code] ?? []).some((e) => e.status === 'approved'),
  );
  assert.ok(approved, 'the fixture has an approved translation');
  approvedLang = approved.code;
  const doc = project.documents.find(
    (d) => d.doc.id !== project.signoffs[approvedLang]?.[0]?.document,
  );
  assert.ok(doc);
  twoDoc = doc.doc.id;
  second =
    project.registry.languages.find(
      (l) => l.code !== 'en' && !l.derivedFrom && l.code !== approvedLang,
    )?.code ?? '';
  const file = join(root, 'source', `${twoDoc}.md`);
  const text = await readFile(file, 'utf8');
  await writeFile(file, text.replace(/^date: (.*)$/m, `date: $1\nauthentic: [en, ${second}]`));
  await writeFile(join(root, 'publication.json'), '{"default": {"minTranslated": 0}}');
  result = await build({ root, printer, baseUrl: BASE });
  manifest = JSON.parse(await readFile(join(root, 'dist', 'manifest.json'), 'utf8')) as Manifest;
});

const html = (lang: string, doc: string) =>
  readFile(join(root, 'dist', lang, `${doc}.html`), 'utf8');
const xmp = (lang: string, doc: string) =>
  execFileSync('pdfinfo', ['-meta', join(root, 'dist', lang, `${doc}.pdf`)], { encoding: 'utf8' });
const ui = async (lang: string) =>
  JSON.parse(await readFile(join(root, 'translations', lang, 'ui.json'), 'utf8')) as Record<
    string,
    string
  >;
function jsonLd(page: string): Record<string, unknown> {
  const m = /<script type="application\/ld\+json">\n([\s\S]*?)\n<\/script>/.exec(page);
  assert.ok(m, 'the edition embeds JSON-LD');
  return JSON.parse(m[1] ?? '') as Record<string, unknown>;
}

/** The five places agree on `status` for one edition. */
async function says(lang: string, doc: string, status: string, label: string, value: string) {
  const page = await html(lang, doc);
  const words = (await ui(lang === 'sr-Latn' ? 'sr-Cyrl' : lang))[label] ?? '?';
  assert.match(
    page,
    new RegExp(`<main id="text" data-legal-status="${status}">`),
    `${lang}/${doc}`,
  );
  assert.ok(page.includes(`</th><td>${words}</td>`), `${lang}/${doc}: the record says ${words}`);
  assert.ok(
    xmp(lang, doc).includes(`<rdf:li xml:lang="${lang}">${words}</rdf:li></rdf:Alt></dc:rights>`),
    `${lang}/${doc} XMP`,
  );
  const entry = manifest.editions.find((e) => e.lang === lang && e.document === doc);
  assert.equal(entry?.legalStatus, status, `${lang}/${doc} manifest`);
  const index = await readFile(join(root, 'dist', 'index.html'), 'utf8');
  const row = new RegExp(`<tr id="${doc}-${lang}">[\\s\\S]*?<td class="status">([^<]*)</td>`).exec(
    index,
  );
  assert.ok(row?.[1]?.startsWith(value), `${lang}/${doc} index: ${row?.[1]}`);
  const ld = jsonLd(page);
  assert.equal(
    ld['legislationLegalValue'],
    {
      authentic: 'https://schema.org/AuthoritativeLegalValue',
      'official-translation': 'https://schema.org/OfficialLegalValue',
      translation: 'https://schema.org/UnofficialLegalValue',
    }[status],
  );
  return { page, ld };
}

test('the build publishes every edition (none held back)', () => {
  assert.deepEqual(result.withheld, []);
});

test('an authentic edition, a draft and an approved translation say what they are everywhere', async () => {
  const other =
    manifest.editions.find((e) => e.lang === approvedLang && e.document !== twoDoc)?.document ?? '';
  const { page, ld } = await says('en', other, 'authentic', 'legalAuthentic', 'Authentic text');
  assert.ok(page.includes(`data-review="original">${(await ui('en'))['noticeAuthentic']}</p>`));
  assert.equal(ld['@id'], `${BASE}eli/selec/doc/${String(ld['legislationDate'])}/${other}/en`);
  assert.equal(
    ld['legislationIdentifier'],
    `${BASE}eli/selec/doc/${String(ld['legislationDate'])}/${other}`,
  );
  assert.ok(Array.isArray(ld['workTranslation']));
  const official = await says(
    approvedLang,
    other,
    'official-translation',
    'legalOfficial',
    'Official translation — approved',
  );
  assert.deepEqual(official.ld['translationOfWork'], { '@id': String(ld['@id']) });
  assert.equal(official.ld['inLanguage'], approvedLang);
  await says(second, other, 'translation', 'legalTranslation', 'Translation, not official — draft');
  assert.ok(
    xmp('en', other).includes(`<dc:identifier>${BASE}eli/selec/doc/`),
    'the XMP identifier',
  );
});

test('a document authentic in two languages builds two authentic editions, each naming both', async () => {
  for (const lang of ['en', second]) {
    const { page } = await says(lang, twoDoc, 'authentic', 'legalAuthentic', 'Authentic text');
    const texts = (await ui(lang))['authenticTexts'] ?? '?';
    assert.ok(page.includes(texts.split('{{')[0] ?? '?'), `${lang}: "${texts}"`);
  }
  // A translation of it names both authentic texts instead of "only the English".
  const third =
    manifest.editions.find((e) => e.document === twoDoc && !['en', second].includes(e.lang))
      ?.lang ?? '';
  const page = await html(third, twoDoc);
  assert.match(page, /data-review="draft">[^<]*: [^<]*, [^<]*\.<\/p>/);
});

test('an unknown authentic language is an error at its line, and the document is not published', async (t) => {
  const dir = await fixtureProject(t);
  const project = await loadProject(dir);
  const doc = project.documents[0]?.doc;
  assert.ok(doc);
  const file = join(dir, 'source', `${doc.id}.md`);
  const text = (await readFile(file, 'utf8')).replace(
    /^date: (.*)$/m,
    'date: $1\nauthentic: [en, xx]',
  );
  await writeFile(file, text);
  const r = await build({ root: dir, printer, langs: ['en'] });
  const d = r.diagnostics.find((x) => x.rule === 'authentic-unknown');
  const line = text.split('\n').findIndex((l) => l.startsWith('authentic:')) + 1;
  assert.deepEqual(d?.location, { file: `source/${doc.id}.md`, line });
  assert.ok(r.withheld.some((w) => w.document === doc.id && w.kind === 'error'));
});
