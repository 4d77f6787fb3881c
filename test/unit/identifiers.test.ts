// Identifiers (ELI-style), the legal status of an edition and its JSON-LD, as pure functions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_ELI_TEMPLATE, eIdOf, identifiersOf } from '../../scripts/stages/identifiers.ts';
import { editionJsonLd } from '../../scripts/stages/json-ld.ts';
import { legalStatusOf } from '../../scripts/stages/legal-status.ts';
import { parsePolicy } from '../../scripts/stages/policy.ts';
import { REGISTRY } from '../project-registry.ts';
import { doc } from '../helpers.ts';

const FRONT = (extra: string) =>
  `---\nid: demo\ntitle: Demo\nplace: Sofia\ndate: 2019-10-31\nissuer: I\n${extra}---\n`;
const BODY = '\n# Demo {#heading}\n\nFirst {#first}\n';

test('identifiers: work, expression, manifestation, provision; relative without a base URL', () => {
  const d = doc(BODY, FRONT('type: declaration\n')).doc;
  const rel = identifiersOf(d);
  assert.equal(rel.work, 'eli/selec/declaration/2019-10-31/demo');
  assert.equal(rel.expression('hr'), 'eli/selec/declaration/2019-10-31/demo/hr');
  assert.equal(rel.manifestation('hr', 'pdf'), 'eli/selec/declaration/2019-10-31/demo/hr/pdf');
  assert.equal(
    rel.provision('hr', 'first'),
    'eli/selec/declaration/2019-10-31/demo/hr/html#seg-first',
  );
  const abs = identifiersOf(d, '{base}eli/x/{type}/{year}/{id}', 'https://s.example/');
  assert.equal(abs.expression('en'), 'https://s.example/eli/x/declaration/2019/demo/en');
  assert.equal(identifiersOf(doc(BODY, FRONT('')).doc).work, 'eli/selec/doc/2019-10-31/demo');
  // A released version: ELI point in time, the version's date between the work and the language.
  assert.equal(
    rel.pointInTime('hr', '2026-12-06'),
    'eli/selec/declaration/2019-10-31/demo/2026-12-06/hr',
  );
  assert.equal(eIdOf('meta.title'), 'meta__title');
  assert.equal(eIdOf('art-1-1-b'), 'art-1-1-b');
});

test('the identifier template comes from publication.json, checked', () => {
  assert.equal(parsePolicy(undefined).identifier, DEFAULT_ELI_TEMPLATE);
  assert.equal(parsePolicy('{"identifier": "{base}eli/{id}"}').identifier, '{base}eli/{id}');
  assert.throws(
    () => parsePolicy('{\n"identifier": "{base}eli/{nr}"\n}'),
    /publication\.json:2: "identifier"/,
  );
});

test('legal status and JSON-LD: authentic, official and unofficial translations, two authentic texts', () => {
  const one = doc(BODY, FRONT('')).doc;
  const two = doc(BODY, FRONT('authentic: [en, hr]\n')).doc;
  assert.deepEqual(two.meta.authentic, ['en', 'hr']);
  assert.equal(legalStatusOf(one, 'en', undefined), 'authentic');
  assert.equal(legalStatusOf(one, 'hr', { effective: 'approved' }), 'official-translation');
  assert.equal(legalStatusOf(one, 'hr', { effective: 'reviewed' }), 'translation');
  assert.equal(legalStatusOf(two, 'hr', undefined), 'authentic');
  const input = { registry: REGISTRY, title: 'Demo', issuer: 'I', baseUrl: 'https://s.example/' };
  const hr = editionJsonLd({ ...input, doc: one, lang: 'hr', legal: 'official-translation' });
  assert.equal(hr['@type'], 'Legislation');
  assert.equal(hr['legislationLegalValue'], 'https://schema.org/OfficialLegalValue');
  assert.deepEqual(hr['translationOfWork'], {
    '@id': 'https://s.example/eli/selec/doc/2019-10-31/demo/en',
  });
  const en = editionJsonLd({ ...input, doc: one, lang: 'en', legal: 'authentic' });
  const translations = en['workTranslation'] as Array<{ '@id': string }>;
  assert.equal(translations.length, REGISTRY.languages.length - 1);
  assert.equal(en['translationOfWork'], undefined);
  // With two authentic texts, neither is a translation of the other.
  const enTwo = editionJsonLd({ ...input, doc: two, lang: 'en', legal: 'authentic' });
  assert.ok(
    !(enTwo['workTranslation'] as Array<{ '@id': string }>).some((t) => t['@id'].endsWith('/hr')),
  );
  assert.throws(() => doc(BODY, FRONT('authentic: [en, EN]\n')), /"EN" is not a language code/);
});
