// The Akoma Ntoso stage without a browser: every edition of the real Joint Declaration and
// of the legal-act fixture rendered and validated against the vendored OASIS schema with
// xmllint, the same eIds in every language, the FRBR identification of an authentic text
// and of a translation, the parts of a text and what is wrong with them.
import assert from 'node:assert/strict';
import { copyFile, cp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { loadProject } from '../../scripts/io/project.ts';
import {
  iso6392,
  numLabel,
  partsFindings,
  partsOf,
  renderAkomaNtoso,
} from '../../scripts/stages/akoma-ntoso.ts';
import { mergeAll } from '../../scripts/stages/editions.ts';
import { eIdsOf, validate } from '../akn.ts';
import { doc, FRONT, ROOT, tempDir } from '../helpers.ts';

/** Every edition of the project under `root` as XML, written to `out`: lang → { file, xml }. */
async function renderAll(
  root: string,
  out: string,
): Promise<Map<string, { file: string; xml: string }>> {
  const project = await loadProject(root);
  const files = new Map<string, { file: string; xml: string }>();
  for (const edition of mergeAll(project, project.registry.languages)) {
    const xml = renderAkomaNtoso(edition);
    const file = join(out, `${edition.lang.code}-${edition.doc.id}.akn.xml`);
    await writeFile(file, xml);
    files.set(`${edition.lang.code}/${edition.doc.id}`, { file, xml });
  }
  return files;
}

let real: Map<string, { file: string; xml: string }>;
let legal: Map<string, { file: string; xml: string }>;
let out: string;

before(async () => {
  out = await tempDir('akn-');
  real = await renderAll(ROOT, out);
  // The legal-act fixture with the real registry and interface strings, one point translated.
  const legalRoot = await tempDir('akn-legal-');
  await mkdir(join(legalRoot, 'source'));
  await copyFile(
    join(ROOT, 'test', 'fixtures', 'legal-act.md'),
    join(legalRoot, 'source', 'legal-act.md'),
  );
  await cp(join(ROOT, 'translations'), join(legalRoot, 'translations'), { recursive: true });
  await writeFile(
    join(legalRoot, 'translations', 'hr', 'legal-act.json'),
    JSON.stringify({ 'art-1-2-b-i': 'sprječavanje i otkrivanje kaznenih djela;' }),
  );
  legal = await renderAll(legalRoot, out);
});

test('every XML edition of the Joint Declaration and of the legal act validates against the OASIS schema', () => {
  const jd = [...real].filter(([id]) => id.endsWith('/joint-declaration'));
  assert.equal(jd.length, 13, 'one XML edition per registry language');
  assert.equal(legal.size, 13);
  const r = validate([...jd, ...legal].map(([, v]) => v.file));
  assert.equal(r.status, 0, r.output);
});

test('the same provisions have the same eIds in every language', () => {
  for (const [set, id] of [
    [real, 'joint-declaration'],
    [legal, 'legal-act'],
  ] as const) {
    const en = eIdsOf(set.get(`en/${id}`)?.xml ?? '');
    assert.ok(en.length > 10, `${id} has eIds`);
    for (const [key, v] of set)
      if (key.endsWith(`/${id}`)) assert.deepEqual(eIdsOf(v.xml), en, key);
  }
  assert.ok(eIdsOf(real.get('hr/joint-declaration')?.xml ?? '').includes('knowing'));
  assert.ok(eIdsOf(legal.get('hr/legal-act')?.xml ?? '').includes('art-1-2-b-i'));
});

test('a broken file fails validation, and xmllint says where', async () => {
  const en = real.get('en/joint-declaration')?.xml ?? '';
  const broken = [
    // An operative paragraph among the recitals, and a date that is no date.
    en.replace(
      '<recital eId="knowing">',
      '<paragraph eId="x"><content><p/></content></paragraph><recital eId="knowing">',
    ),
    en.replace('<FRBRdate date="2019-10-31"', '<FRBRdate date="31 October 2019"'),
    en.replace(/<mainBody[^]*<\/mainBody>\n/, ''),
  ];
  for (const [i, xml] of broken.entries()) {
    assert.notEqual(xml, en);
    const file = join(out, `broken-${i}.akn.xml`);
    await writeFile(file, xml);
    const r = validate([file]);
    assert.notEqual(r.status, 0, `broken-${i} must not validate`);
    assert.match(r.output, /fails to validate/);
  }
});

test('the Joint Declaration maps to statement: preface, recitals, enacting formula, operative paragraphs, conclusions', () => {
  const hr = real.get('hr/joint-declaration')?.xml ?? '';
  assert.match(hr, /<statement name="declaration">/);
  assert.match(hr, /<preface xml:lang="hr">\n<p eId="heading" class="title"><docTitle>/);
  assert.match(hr, /<recitals>\n<recital eId="preamble"><p>/);
  assert.match(hr, /<recital eId="knowing"><p><i>Znajući<\/i> /);
  assert.match(hr, /<formula name="enactingFormula">\n<p eId="declare">/);
  assert.match(hr, /<mainBody xml:lang="hr">\n<paragraph eId="welcome"><content><p><i>/);
  assert.match(hr, /<conclusions xml:lang="hr">\n<p eId="adopted">/);
  const en = real.get('en/joint-declaration')?.xml ?? '';
  assert.match(
    en,
    /Adopted in <location refersTo="#tlc.place">Bucharest<\/location>, on 31<sup>st<\/sup>/,
  );
});

test('FRBR: the authentic English is authoritative; a translation is not and points to it; Serbian scripts share srp', () => {
  const en = real.get('en/joint-declaration')?.xml ?? '';
  const work = 'eli/selec/declaration/2019-10-31/joint-declaration';
  assert.match(en, new RegExp(`<FRBRWork>\\n<FRBRthis value="${work}"/>`));
  assert.match(
    en,
    /<FRBRauthoritative value="true"\/>\n<FRBRlanguage language="eng"\/>\n<\/FRBRExpression>/,
  );
  assert.match(en, new RegExp(`<FRBRthis value="${work}/en/xml"/>`));
  for (const code of ['hr', 'sr-Cyrl', 'sr-Latn', 'el']) {
    const x = real.get(`${code}/joint-declaration`)?.xml ?? '';
    assert.match(x, /<FRBRauthoritative value="false"\/>/, code);
    assert.ok(x.includes(`<FRBRtranslation href="${work}/en" fromLanguage="eng"`), code);
    assert.ok(x.includes(`<FRBRthis value="${work}/${code}"/>`), code);
    assert.ok(x.includes(`<mainBody xml:lang="${code}">`), code);
  }
  assert.match(real.get('sr-Cyrl/joint-declaration')?.xml ?? '', /<FRBRlanguage language="srp"\/>/);
  assert.match(real.get('sr-Latn/joint-declaration')?.xml ?? '', /<FRBRlanguage language="srp"\/>/);
  assert.deepEqual(
    ['en', 'sq', 'bs', 'hr', 'sr-Cyrl', 'sr-Latn', 'cnr', 'bg', 'el', 'hu', 'ro', 'mk', 'tr'].map(
      iso6392,
    ),
    ['eng', 'sqi', 'bos', 'hrv', 'srp', 'srp', 'cnr', 'bul', 'ell', 'hun', 'ron', 'mkd', 'tur'],
  );
  assert.equal(iso6392('xx'), 'und');
});

test('the legal act maps to articles with num and heading, paragraphs, nested points, and a ref', () => {
  const en = legal.get('en/legal-act')?.xml ?? '';
  assert.match(en, /<doc name="doc">/);
  assert.match(
    en,
    /<article eId="art-1-title">\n<num>Article 1<\/num>\n<heading eId="art-1-subject">Definitions<\/heading>/,
  );
  assert.match(
    en,
    /<paragraph eId="art-1-2"><num>2\.<\/num>\n<intro><p>In this Agreement:<\/p><\/intro>/,
  );
  assert.match(
    en,
    /<point eId="art-1-2-b"><num>\(b\)<\/num>\n<intro>.*<\/intro>\n<point eId="art-1-2-b-i"><num>\(i\)<\/num>/,
  );
  assert.match(en, /<ref href="#art-2-title">Article 2<\/ref>/);
  assert.match(
    en,
    /<a href="https:\/\/www\.selec\.org\/" title="Convention on the Southeast European Law Enforcement Center">/,
  );
  assert.match(en, /<blockContainer class="blockquote">\n<p eId="art-2-1-note">/);
  assert.match(
    legal.get('hr/legal-act')?.xml ?? '',
    /<point eId="art-1-2-b-i"><num>\(i\)<\/num><content><p>sprječavanje/,
  );
});

test('parts: without them a leading heading is the preface; a key that opens nothing, or parts out of order, are errors', () => {
  const plain = doc('# T {#t}\n\nOne. {#one}\n\nTwo. {#two}\n');
  const p = partsOf(plain.doc, plain.segmented.blocks);
  assert.deepEqual([p.preface.length, p.preamble.length, p.body.length], [1, 0, 2]);
  assert.deepEqual(partsFindings(plain.doc, plain.segmented.blocks), []);
  const front = (parts: string) => FRONT.replace(/---\n$/, `parts: ${parts}\n---\n`);
  const named = doc(
    '# T {#t}\n\nOne. {#one}\n\nTwo. {#two}\n',
    front('{ preamble: one, body: two }'),
  );
  const q = partsOf(named.doc, named.segmented.blocks);
  assert.deepEqual([q.preface.length, q.preamble.length, q.body.length], [1, 1, 1]);
  const wrong = doc(
    '# T {#t}\n\nOne. {#one}\n\nTwo. {#two}\n',
    front('{ preamble: two, body: one, conclusions: nine }'),
  );
  const found = partsFindings(wrong.doc, wrong.segmented.blocks);
  assert.deepEqual(
    found.map((d) => [d.rule, d.severity]),
    [
      ['parts', 'error'],
      ['parts', 'error'],
    ],
  );
  assert.match(found[0]?.message ?? '', /body \("one"\) does not come after/);
  assert.match(found[1]?.message ?? '', /conclusions names "nine", which opens no top-level block/);
  assert.equal(found[0]?.location?.line, FRONT.split('\n').length - 1);
  assert.throws(() => doc('# T {#t}\n', front('[a, b]')), /"parts" names no part/);
  assert.throws(
    () => doc('# T {#t}\n', front('{ recitals: t }')),
    /"parts: recitals" is not a part name/,
  );
});

test('list numbers as the list shows them', () => {
  assert.equal(numLabel(3, {}), '3.');
  assert.equal(numLabel(2, { style: 'lower-alpha', parens: true }), '(b)');
  assert.equal(numLabel(4, { style: 'lower-roman', parens: true }), '(iv)');
  assert.equal(numLabel(9, { style: 'upper-roman' }), 'IX.');
});
