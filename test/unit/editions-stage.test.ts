// stages/editions.ts on the fixture project as loadProject reads it: every edition
// merged, the sign-off of each now, what the manifest says of it, its orphaned keys.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadProject, type Project } from '../../scripts/io/project.ts';
import { editionState, mergeAll, signoffOf } from '../../scripts/stages/editions.ts';
import { translationFindings } from '../../scripts/stages/gate.ts';
import { FIXTURE } from '../helpers.ts';

const project = await loadProject(FIXTURE);
const DOC = 'cooperation-statement';
const OTHER = 'training-programme';

/** The project with one translation replaced (the fixture itself is never written). */
function withTranslation(
  p: Project,
  lang: string,
  doc: string,
  change: (values: Record<string, string>) => void,
): Project {
  const resources = structuredClone(p.resources);
  const values = resources[lang]?.[doc] ?? {};
  change(values);
  return { ...p, resources: { ...resources, [lang]: { ...resources[lang], [doc]: values } } };
}

test('mergeAll: one edition per document and language, documents outer, in registry order', () => {
  const editions = mergeAll(project, project.registry.languages);
  assert.deepEqual(
    editions.map((e) => `${e.doc.id}/${e.lang.code}`),
    [DOC, OTHER].flatMap((d) => ['en', 'hr', 'sr-Cyrl', 'sr-Latn', 'el'].map((l) => `${d}/${l}`)),
  );
  const counts = (doc: string, lang: string) =>
    editions.find((e) => e.doc.id === doc && e.lang.code === lang)?.counts;
  assert.deepEqual(counts(OTHER, 'el'), {
    total: 13,
    translated: 12,
    stale: 0,
    missing: 1,
    orphaned: 0,
  });
  assert.deepEqual(counts(DOC, 'sr-Latn'), {
    total: 14,
    translated: 14,
    stale: 0,
    missing: 0,
    orphaned: 0,
  });
  // Only the languages asked for.
  assert.deepEqual(
    mergeAll(project, [project.registry.get('el')]).map((e) => `${e.doc.id}/${e.lang.code}`),
    [`${DOC}/el`, `${OTHER}/el`],
  );
  // The Latin edition is the transliteration of the Cyrillic one.
  const latin = editions.find((e) => e.doc.id === DOC && e.lang.code === 'sr-Latn');
  assert.equal(latin?.segments.get('commitments')?.text, 'Obaveze');
});

test('signoffOf: the recorded approval is current; sr-Latn follows sr-Cyrl; English and unknown documents have none', () => {
  const approved = signoffOf(project, 'sr-Cyrl', DOC);
  assert.deepEqual(
    [approved?.status, approved?.current, approved?.effective, approved?.entry?.by],
    ['approved', true, 'approved', 'Milica Petrović, sworn translator'],
  );
  assert.deepEqual(signoffOf(project, 'sr-Latn', DOC), approved);
  assert.deepEqual(signoffOf(project, 'hr', DOC), {
    status: 'draft',
    current: true,
    effective: 'draft',
  });
  assert.equal(signoffOf(project, 'en', DOC), undefined);
  assert.equal(signoffOf(project, 'hr', 'no-such-document'), undefined);
  // A changed translation: the approval is for an earlier version, readers see a draft.
  const changed = withTranslation(project, 'sr-Cyrl', DOC, (v) => {
    v['commitments'] = 'Обавезе држава';
  });
  const outdated = signoffOf(changed, 'sr-Latn', DOC);
  assert.deepEqual(
    [outdated?.status, outdated?.current, outdated?.effective],
    ['approved', false, 'draft'],
  );
});

test('editionState: what the manifest says of the original, a draft and an approved edition', () => {
  const [en, hr, srCyrl] = mergeAll(project, ['en', 'hr', 'sr-Cyrl'].map(project.registry.get));
  assert.ok(en && hr && srCyrl);
  assert.deepEqual(editionState(en, signoffOf(project, 'en', DOC)), {
    status: 'original',
    legalStatus: 'authentic',
    percent: 100,
  });
  assert.deepEqual(editionState(hr, signoffOf(project, 'hr', DOC)), {
    status: 'draft',
    legalStatus: 'translation',
    percent: 100,
    review: { status: 'draft', current: true, by: null, date: null },
  });
  const el = mergeAll(project, [project.registry.get('el')]).find((e) => e.doc.id === OTHER);
  assert.ok(el);
  assert.equal(editionState(el, signoffOf(project, 'el', OTHER)).percent, 92.3);
  assert.deepEqual(editionState(srCyrl, signoffOf(project, 'sr-Cyrl', DOC)), {
    status: 'approved',
    legalStatus: 'official-translation',
    percent: 100,
    review: {
      status: 'approved',
      current: true,
      by: 'Milica Petrović, sworn translator',
      date: '2026-12-05',
      signature: 'unsigned',
    },
  });
});

test('orphaned keys: an error per key naming its file, from the gate; none for a derived edition', () => {
  // As loadProject gives it: the Latin resources are derived from the Cyrillic ones.
  const p = withTranslation(
    withTranslation(project, 'sr-Cyrl', DOC, (v) => {
      v['commitmentz'] = 'Обавезе';
    }),
    'sr-Latn',
    DOC,
    (v) => {
      v['commitmentz'] = 'Obaveze';
    },
  );
  const [cyrl, latn] = mergeAll(p, ['sr-Cyrl', 'sr-Latn'].map(p.registry.get));
  assert.ok(cyrl && latn);
  const context = (code: string) => ({
    file: `translations/${code}/${DOC}.json`,
    lines: {},
    records: p.records[code]?.[DOC] ?? {},
    properNames: new Set<string>(),
  });
  const orphans = (e: typeof cyrl, code: string) =>
    translationFindings(e, context(code)).filter((d) => d.rule === 'orphaned');
  const [found] = orphans(cyrl, 'sr-Cyrl');
  assert.equal(found?.severity, 'error');
  assert.equal(found?.key, 'commitmentz');
  assert.deepEqual(found?.location, { file: `translations/sr-Cyrl/${DOC}.json`, line: 1 });
  assert.match(found?.message ?? '', /matches no segment of source\/.*\(orphaned translation\)/);
  assert.deepEqual(latn.orphans, ['commitmentz'], 'the derived edition has the orphan too');
  assert.deepEqual(orphans(latn, 'sr-Latn'), [], 'but it is reported once, for its source');
  const [hr] = mergeAll(project, [project.registry.get('hr')]);
  assert.ok(hr);
  assert.deepEqual(orphans(hr, 'hr'), []);
});
