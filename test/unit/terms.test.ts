import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { UserError } from '../../scripts/errors.ts';
import { readTbx, writeTbx } from '../../scripts/stages/tbx.ts';
import {
  checkTerms,
  formatTermbase,
  parseTermbase,
  termbaseComment,
  termFor,
  termsIn,
  type Termbase,
} from '../../scripts/stages/terms.ts';
import { ROOT, runMain, tempDir } from '../helpers.ts';

const XSD = fileURLToPath(new URL('../fixtures/xsd/', import.meta.url));
const REPO_TERMBASE = join(ROOT, 'terms', 'termbase.json');
const has = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

const repo = async (): Promise<Termbase> => parseTermbase(await readFile(REPO_TERMBASE, 'utf8'));

/** The rules and the offending text of the problems of one segment. */
async function problems(lang: string, english: string, translation: string): Promise<string[]> {
  return checkTerms(await repo(), lang, english, translation).map((p) => `${p.rule} ${p.entry.id}`);
}

const CONVENTION =
  'in full compliance with the Convention on the Southeast European Law Enforcement Center';
const CENTRE = 'the capacity of the Southeast European Law Enforcement Center';

test('Slavic case endings: a required term in any case passes, a forbidden variant or a missing term is named', async () => {
  // hr, instrumental "Konvencijom"; genitive "Centra" inside the title.
  assert.deepEqual(
    await problems(
      'hr',
      CONVENTION,
      'u potpunosti u skladu s Konvencijom Centra za provedbu zakona u jugoistočnoj Europi',
    ),
    [],
  );
  // The Serbian title in a Croatian text: forbidden, and the Croatian one is missing.
  assert.deepEqual(
    await problems(
      'hr',
      CONVENTION,
      'u skladu s Konvencijom o Centru za provedbu zakona u jugoistočnoj Europi',
    ),
    ['term-missing selec-convention', 'term-forbidden selec-convention'],
  );
  // Upper-case "Jugoistočnoj" where Narodne novine has lower case: forbidden (case kept).
  assert.deepEqual(
    await problems('hr', CENTRE, 'kapacitet Centra za provedbu zakona u Jugoistočnoj Europi'),
    ['term-missing selec-name', 'term-forbidden selec-name'],
  );
  // mk, definite "Центарот"; bg, the outdated draft name is forbidden.
  assert.deepEqual(
    await problems(
      'mk',
      CENTRE,
      'капацитетот на Центарот за спроведување на законот во Југоисточна Европа',
    ),
    [],
  );
  assert.deepEqual(
    await problems(
      'bg',
      CENTRE,
      'капацитета на Центъра за прилагане на закона в Югоизточна Европа',
    ),
    ['term-missing selec-name', 'term-forbidden selec-name'],
  );
});

test('sr-Latn uses the sr-Cyrl terms transliterated, case rules included', async () => {
  const tb = await repo();
  const entry = tb.entries.find((e) => e.id === 'selec-name');
  assert.ok(entry);
  assert.equal(
    termFor(entry, 'sr-Latn')?.term,
    'Centar za sprovođenje zakona u jugoistočnoj Evropi',
  );
  assert.deepEqual(
    await problems(
      'sr-Latn',
      CENTRE,
      'kapacitet Centra za sprovođenje zakona u jugoistočnoj Evropi',
    ),
    [],
  );
  assert.deepEqual(
    await problems(
      'sr-Latn',
      CENTRE,
      'kapacitet Centra za sprovođenje zakona u Jugoistočnoj Evropi',
    ),
    ['term-missing selec-name', 'term-forbidden selec-name'],
  );
});

test('Hungarian and Turkish suffixes, with and without a hyphen or apostrophe, pass', async () => {
  assert.deepEqual(
    await problems(
      'hu',
      `${CENTRE} and SELEC`,
      'együttműködés a Délkelet-európai Rendészeti Központtal és a SELEC-kel',
    ),
    [],
  );
  assert.deepEqual(await problems('hu', CENTRE, 'a Délkelet-Európai Rendészeti Központnak'), [
    'term-missing selec-name',
    'term-forbidden selec-name',
  ]);
  assert.deepEqual(
    await problems(
      'tr',
      `${CENTRE} and the Member States of SELEC`,
      'Güneydoğu Avrupa Kanun Uygulama Merkezinin ve SELEC’in Üye Devletlerinin kapasitesi',
    ),
    [],
  );
  assert.deepEqual(
    await problems('tr', CENTRE, 'Güneydoğu Avrupa Hukuk Uygulama Merkezinin kapasitesi'),
    ['term-missing selec-name'],
  );
});

test('Greek: the accent moves with the case ending (κράτη μέλη, κρατών μελών); a wrong word is missed', async () => {
  const english = 'the Member States of the region';
  assert.deepEqual(await problems('el', english, 'τα κράτη μέλη της περιοχής'), []);
  assert.deepEqual(await problems('el', english, 'των κρατών μελών της περιοχής'), []);
  assert.deepEqual(await problems('el', english, 'οι χώρες μέλη της περιοχής'), [
    'term-missing member-states',
  ]);
});

test('word order: a form with "…" lets other words stand between (sq, ro)', async () => {
  assert.deepEqual(
    await problems(
      'ro',
      'serious and organized crime',
      'criminalității grave și organizate transfrontaliere',
    ),
    [],
  );
  assert.deepEqual(
    await problems(
      'sq',
      'trans-border serious and organized crime',
      'krimit ndërkufitar të rëndë dhe të organizuar',
    ),
    [],
  );
});

test('a variant inside an allowed form is no variant (Republika e Maqedonisë së Veriut)', async () => {
  const english = 'Republic of North Macedonia';
  assert.deepEqual(await problems('sq', english, 'Republika e Maqedonisë së Veriut'), []);
  assert.deepEqual(await problems('sq', english, 'Republika e Maqedonisë'), [
    'term-missing state-north-macedonia',
    'term-forbidden state-north-macedonia',
  ]);
});

test('English terms are found with their markup and case rules: "law enforcement" is not the Centre\'s name', async () => {
  const tb = await repo();
  const ids = (english: string): string[] => termsIn(tb, english).map((e) => e.id);
  assert.ok(ids('*Recalling* the **SELEC Convention**').includes('selec-convention'));
  assert.ok(ids('actions of law enforcement').includes('law-enforcement'));
  assert.ok(!ids('the Southeast European Law Enforcement Center').includes('law-enforcement'));
});

test('the current Joint Declaration translations have no term problem (no false alarm)', async () => {
  const tb = await repo();
  const source = await readFile(join(ROOT, 'source', 'joint-declaration.md'), 'utf8');
  // A smoke check of the seed: the termbase finds terms in the Joint Declaration.
  assert.ok(termsIn(tb, source).length >= 10);
  // The full check runs over every language in test/termbase.test.ts (npm run check).
});

test('the termbase file is canonical, and every verified term cites a source', async () => {
  const text = await readFile(REPO_TERMBASE, 'utf8');
  const tb = parseTermbase(text);
  assert.equal(formatTermbase(tb, termbaseComment(text)), text);
  for (const e of tb.entries)
    for (const [lang, t] of Object.entries(e.langs))
      if (t.status === 'verified') assert.ok(t.source && t.source.length > 10, `${e.id} ${lang}`);
});

test('a mistake in the termbase is a UserError naming the entry and its line', () => {
  const text =
    '{\n  "entries": [\n    {\n      "id": "x",\n      "en": ["a"],\n      "langs": { "hr": { "term": "b", "forms": ["b"], "status": "verified" } }\n    }\n  ]\n}\n';
  assert.throws(
    () => parseTermbase(text, 'terms/termbase.json'),
    (err: unknown) =>
      err instanceof UserError &&
      err.reason === 'entry "x": hr: verified without a "source"' &&
      err.location?.line === 4,
  );
});

test('TBX: the export validates against the ISO 30042:2019 core schema and imports back to the same termbase', async (t) => {
  const text = await readFile(REPO_TERMBASE, 'utf8');
  const tb = parseTermbase(text);
  const tbx = writeTbx(tb);
  assert.match(tbx, /<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca"/);
  assert.match(tbx, /<termNote type="administrativeStatus">deprecatedTerm-admn-sts<\/termNote>/);
  assert.equal(formatTermbase(readTbx(tbx, 'x.tbx'), termbaseComment(text)), text);
  if (!has('xmllint')) return t.skip('xmllint not installed');
  const dir = await tempDir('tbx-', t);
  await writeFile(join(dir, 'terms.tbx'), tbx);
  execFileSync(
    'xmllint',
    ['--noout', '--schema', join(XSD, 'tbx', 'TBX_core.xsd'), join(dir, 'terms.tbx')],
    {
      stdio: 'pipe',
    },
  );
  // The schema does reject a broken file: a conceptEntry without its required id.
  await writeFile(join(dir, 'bad.tbx'), tbx.replace(/<conceptEntry id="[^"]*">/, '<conceptEntry>'));
  const bad = spawnSync('xmllint', [
    '--noout',
    '--schema',
    join(XSD, 'tbx', 'TBX_core.xsd'),
    join(dir, 'bad.tbx'),
  ]);
  assert.notEqual(bad.status, 0);
});

test('npm run terms: export, then import of the untouched file leaves the termbase byte-identical; a changed term comes in', async (t) => {
  const dir = await tempDir('terms-', t);
  await runMain(dir, ['terms', 'list']).then((r) =>
    assert.equal(r.stdout, '0 entries in terms/termbase.json\n'),
  );
  const text = await readFile(REPO_TERMBASE, 'utf8');
  await writeFile(join(dir, 'seed.json'), text);
  const { mkdir } = await import('node:fs/promises');
  await mkdir(join(dir, 'terms'));
  await writeFile(join(dir, 'terms', 'termbase.json'), text);
  const exported = await runMain(dir, ['terms', 'export', '--out', 'out.tbx']);
  assert.equal(exported.code, 0);
  const imported = await runMain(dir, ['terms', 'import', 'out.tbx']);
  assert.match(imported.stdout, /\(0 new\); terms\/termbase\.json unchanged\n$/);
  assert.equal(await readFile(join(dir, 'terms', 'termbase.json'), 'utf8'), text);
  const tbx = await readFile(join(dir, 'out.tbx'), 'utf8');
  await writeFile(
    join(dir, 'changed.tbx'),
    tbx.replace(
      'Délkelet-európai Rendészeti Központ</term>',
      'Délkelet-európai Rendészeti Központ (SELEC)</term>',
    ),
  );
  const again = await runMain(dir, ['terms', 'import', 'changed.tbx']);
  assert.match(again.stdout, /terms\/termbase\.json updated\n$/);
  const hu = parseTermbase(
    await readFile(join(dir, 'terms', 'termbase.json'), 'utf8'),
  ).entries.find((e) => e.id === 'selec-name')?.langs['hu'];
  assert.equal(hu?.term, 'Délkelet-európai Rendészeti Központ (SELEC)');
  assert.equal(hu?.status, 'verified');
  const broken = await runMain(dir, ['terms', 'import', 'seed.json']);
  assert.equal(broken.code, 2);
  assert.match(broken.stderr, /seed\.json.*not well-formed XML/);
});

test('the review page lists the terms of each segment, with their status and source, and flags a problem', async () => {
  const { loadProject } = await import('../../scripts/io/project.ts');
  const { mergeAll } = await import('../../scripts/stages/editions.ts');
  const { renderReviewPage } = await import('../../scripts/stages/report.ts');
  const project = await loadProject(ROOT);
  const hr = project.registry.find('hr');
  assert.ok(hr);
  const edition = mergeAll(project, [hr]).find((e) => e.doc.id === 'joint-declaration');
  assert.ok(edition);
  const html = renderReviewPage(edition, '', undefined, await repo());
  const recalling = /<tr class="terms" data-terms="recalling">[\s\S]*?<\/tr>/.exec(html)?.[0] ?? '';
  assert.match(
    recalling,
    /Convention on the Southeast European Law Enforcement Center<\/span> → <span lang="hr">Konvencija Centra za provedbu zakona u jugoistočnoj Europi<\/span> <small>\(verified: Zakon o potvrđivanju/,
  );
  assert.doesNotMatch(html, /data-term="term-/);
  // The same segment with the Serbian title: the problem is shown on the page.
  const seg = edition.segments.get('recalling');
  assert.ok(seg);
  edition.segments.set('recalling', {
    ...seg,
    text: seg.text.replace('Konvencije Centra', 'Konvencije o Centru'),
  });
  const flagged = renderReviewPage(edition, '', undefined, await repo());
  assert.match(
    flagged,
    /data-terms="recalling">.*Terms \(\d+\) — 1 to check.*<strong data-term="term-forbidden">term-forbidden<\/strong>/,
  );
});

test('the dev server editor gets the terms of each segment, and its check reports term problems', async () => {
  const { reviewApi } = await import('../../scripts/serve/review-api.ts');
  const list = (await reviewApi(ROOT, 'segments', { lang: 'hr', document: 'joint-declaration' }))
    .body as { segments: Array<{ key: string; terms: Array<{ english: string; term: string }> }> };
  const recalling = list.segments.find((s) => s.key === 'recalling');
  assert.ok(
    recalling?.terms.some(
      (t) => t.term === 'Konvencija Centra za provedbu zakona u jugoistočnoj Europi',
    ),
  );
  const checked = (
    await reviewApi(ROOT, 'check', {
      lang: 'hr',
      document: 'joint-declaration',
      key: 'affirming',
      text: '*Potvrđujući* svoju predanost održavanju kapaciteta SELEC-a i njegovih zemalja sudionica',
    })
  ).body as { findings: Array<{ rule: string }> };
  assert.ok(checked.findings.some((f) => f.rule === 'term-missing'));
});
