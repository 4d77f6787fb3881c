// The QA checks of translations: each rule fires on a planted defect, with its rule id
// and a message that names the problem; real segments written correctly pass.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import nspell from 'nspell';
import {
  checkSegment,
  type CheckInput,
  type CheckOptions,
  type Finding,
} from '../../scripts/stages/check.ts';
import { adaptForNspell, loadSpeller } from '../../scripts/io/spelling.ts';

const NAMES: CheckOptions = { properNames: new Set(['SELEC', 'Interpol']) };

function check(
  partial: Partial<CheckInput> & Pick<CheckInput, 'english' | 'translation'>,
  options: CheckOptions = NAMES,
): Finding[] {
  return checkSegment(
    { lang: 'ro', script: 'Latn', document: 'joint-declaration', key: 'k', ...partial },
    options,
  );
}

function only(findings: Finding[], rule: string): Finding {
  const hits = findings.filter((f) => f.rule === rule);
  assert.equal(
    hits.length,
    1,
    `expected one ${rule} finding, got ${JSON.stringify(findings, null, 1)}`,
  );
  const hit = hits[0] as Finding;
  assert.doesNotMatch(hit.message, /\n/);
  return hit;
}

const PREAMBLE_EN =
  'We, the Ministers of Interior, Chiefs of Police and Chiefs of Customs from the Member States of Southeast European Law Enforcement Center (Republic of Albania, Bosnia and Herzegovina, Republic of Bulgaria, Hellenic Republic, Hungary, Republic of Moldova, Montenegro, Republic of North Macedonia, Romania, Republic of Serbia, and Republic of Turkey), convened in Bucharest, on the occasion of the 20<sup>th</sup> anniversary of SELEC at the high-level Conference on “Strengthening Cooperation in the Fight Against Trans-Border Serious and Organized Crime in Southeast Europe”, to proclaim our shared engagement to strengthen the cooperation in the fight against trans-border serious and organized crime in Southeast Europe';
const PREAMBLE_SR =
  'Ми, министри унутрашњих послова, руководиоци полиције и руководиоци царинских служби из држава чланица Центра за спровођење закона у Југоисточној Европи (Република Албанија, Босна и Херцеговина, Република Бугарска, Хеленска Република, Мађарска, Република Молдавија, Црна Гора, Република Северна Македонија, Румунија, Република Србија и Република Турска), окупљени у Букурешту, поводом 20. годишњице SELEC, на конференцији на високом нивоу на тему „Јачање сарадње у борби против прекограничног тешког и организованог криминала у Југоисточној Европи“, да бисмо прогласили нашу заједничку посвећеност јачању сарадње у борби против прекограничног тешког и организованог криминала у Југоисточној Европи';
const ADOPTED_EN = 'Adopted in Bucharest, on 31<sup>st</sup> of October, 2019';

test('real segments with the ordinal written "20." or "31." give no finding', () => {
  assert.deepEqual(
    check({
      lang: 'sr-Cyrl',
      script: 'Cyrl',
      key: 'preamble',
      english: PREAMBLE_EN,
      translation: PREAMBLE_SR,
    }),
    [],
  );
  assert.deepEqual(
    check({
      lang: 'hr',
      key: 'adopted',
      english: ADOPTED_EN,
      translation: 'Usvojeno u Bukureštu 31. listopada 2019. godine',
    }),
    [],
  );
  assert.deepEqual(
    check({
      lang: 'mk',
      script: 'Cyrl',
      english: 'on the 20<sup>th</sup> anniversary of SELEC',
      translation: 'по повод 20-тата годишнина од SELEC',
    }),
    [],
  );
  assert.deepEqual(
    check({
      english: 'on the 20<sup>th</sup> anniversary',
      translation: 'cu ocazia celei de-a 20-a aniversări',
    }),
    [],
  );
});

test('a finding carries the language, document, key, file and line of its segment', () => {
  const [f] = check({
    key: 'knowing',
    english: '*Knowing* that',
    translation: 'Știind că',
    file: 'translations/ro/joint-declaration.json',
    line: 9,
  });
  assert.deepEqual(f, {
    severity: 'error',
    rule: 'markup',
    lang: 'ro',
    document: 'joint-declaration',
    key: 'knowing',
    message:
      'markup differs from the English: missing emphasis *…* (English 1, translation 0); expected the same markup as the English',
    file: 'translations/ro/joint-declaration.json',
    line: 9,
  });
});

test('markup: dropped emphasis, link or tag, and a <sup> that follows no number', () => {
  assert.match(
    only(check({ english: '**Knowing** that', translation: 'Știind că' }), 'markup').message,
    /missing strong emphasis \*\*…\*\* \(English 1, translation 0\)/,
  );
  assert.match(
    only(
      check({ english: 'see [the site](https://www.selec.org)', translation: 'vezi site-ul' }),
      'markup',
    ).message,
    /missing link to https:\/\/www\.selec\.org/,
  );
  assert.match(
    only(check({ english: 'a <abbr>SELEC</abbr> b', translation: 'a SELEC b' }), 'markup').message,
    /missing <abbr>/,
  );
  const extra = only(
    check({
      english: 'the 20<sup>th</sup> anniversary',
      translation: 'a 20-a aniversare<sup>a</sup>',
    }),
    'markup',
  );
  assert.match(extra.message, /unexpected <sup> \(English 0, translation 1\)/);
  assert.match(
    only(
      check({ english: 'the 20th anniversary', translation: 'a 20<sup>a</sup> aniversare' }),
      'markup',
    ).message,
    /unexpected <sup> after a number/,
  );
});

test('unclosed-emphasis: an opening * never closed, in the translation or the English', () => {
  const tr = only(
    check({ english: '*Knowing* that crime', translation: '*Știind că criminalitatea' }),
    'unclosed-emphasis',
  );
  assert.equal(tr.severity, 'error');
  assert.match(
    tr.message,
    /^the translation opens emphasis "\*" before "Știind" and never closes it/,
  );
  const en = only(
    check({ english: '*Knowing that crime', translation: '*Știind* că criminalitatea' }),
    'unclosed-emphasis',
  );
  assert.match(en.message, /^the English opens emphasis "\*" before "Knowing"/);
  assert.match(
    only(check({ english: 'a **b** c', translation: 'a **b c' }), 'unclosed-emphasis').message,
    /opens emphasis "\*\*" before "b"/,
  );
});

test('numbers: "20" where the English has "21"', () => {
  const f = only(check({ english: 'in its 20 years', translation: 'în cei 21 de ani' }), 'numbers');
  assert.equal(
    f.message,
    'numbers differ from the English: missing 20, unexpected 21; expected the same numbers as the English',
  );
});

test('placeholders: {{place}} dropped', () => {
  const f = only(
    check({
      english: 'Adopted in {{place}} on $t(date)',
      translation: 'Adoptată la București la $t(date)',
    }),
    'placeholders',
  );
  assert.match(f.message, /missing \{\{place\}\}/);
});

test('script: a Latin "a" (U+0061) inside a Cyrillic word, and a Latin word', () => {
  const findings = check({
    lang: 'bg',
    script: 'Cyrl',
    english: 'cooperation in Europe with Interpol, SELEC and {{place}}',
    translation: 'сътрудничество в Еurope с Interpol, SELEC и {{place}}, сaрадња',
  });
  const script = findings.filter((f) => f.rule === 'script').map((f) => f.message);
  assert.deepEqual(script, [
    '"Еurope" mixes scripts: Latin "u" (U+0075), Latin "r" (U+0072), Latin "o" (U+006F), Latin "p" (U+0070), Latin "e" (U+0065) inside a Cyrillic word; expected Cyrillic letters only',
    '"сaрадња" mixes scripts: Latin "a" (U+0061) inside a Cyrillic word; expected Cyrillic letters only',
  ]);
  const latin = only(
    check({ lang: 'el', script: 'Grek', english: 'the region', translation: 'την region' }),
    'script',
  );
  assert.equal(
    latin.message,
    '"region" is not written in Greek script; expected a Greek word (foreign words only as capital acronyms or listed proper names)',
  );
  assert.deepEqual(
    check({
      lang: 'mk',
      script: 'Cyrl',
      english: 'see [PDF](https://x.org/a.pdf) <span class="note">x</span>',
      translation: 'види [PDF](https://x.org/a.pdf) <span class="note">х</span>',
    }),
    [],
  );
});

test('untranslated: a copy of the English, unless it is only names and numbers', () => {
  const f = only(check({ english: 'DECLARE:', translation: 'DECLARE:' }), 'untranslated');
  assert.match(f.message, /identical to the English/);
  assert.deepEqual(check({ english: 'SELEC', translation: 'SELEC' }), []);
  assert.deepEqual(check({ english: 'Interpol, 2019', translation: 'Interpol, 2019' }), []);
});

test('punctuation: a lost final full stop is a warning; a Greek ";" answers "?"', () => {
  const f = only(
    check({ english: 'we express our readiness.', translation: 'ne exprimăm disponibilitatea' }),
    'punctuation',
  );
  assert.equal(f.severity, 'warning');
  assert.equal(
    f.message,
    'the translation ends without final punctuation; expected "." as in the English',
  );
  assert.deepEqual(check({ english: 'DECLARE:', translation: 'DECLARĂM:' }), []);
  assert.deepEqual(check({ english: '“Knowing.”', translation: '„Știind.”' }), []);
  assert.deepEqual(
    check({ lang: 'el', script: 'Grek', english: 'Why?', translation: 'Γιατί;' }),
    [],
  );
  // A translation ending with a placeholder gets its final mark from the value (a
  // Croatian long date ends with "."): not a lost full stop.
  const date = (translation: string) =>
    check({
      lang: 'hr',
      english: 'Translation approved by {{by}} on {{date, longdate}}.',
      translation,
    }).filter((x) => x.rule === 'punctuation');
  assert.deepEqual(date('Odobreni prijevod – {{by}}, {{date, longdate}}'), []);
  assert.equal(date('Odobreni prijevod – {{by}}, datum {{date, longdate}} je').length, 1);
});

test('length: a translation under half of a long English is a warning', () => {
  const f = only(
    check({
      english: 'the organized criminal groups threaten the socio-economic development',
      translation: 'grupurile amenință',
    }),
    'length',
  );
  assert.equal(f.severity, 'warning');
  assert.match(
    f.message,
    /^the translation has 18 characters for 69 in the English \(26%\); expected between 50% and 220%/,
  );
});

test('spelling: every unknown word in one warning; names, acronyms, numbers and sentence starts pass', () => {
  const known = new Set(['am', 'văzut', 'și', 'la', 'de', 'ani', 'criminalitatea', 'cooperare']);
  const spell = (w: string): boolean => known.has(w);
  const f = only(
    check(
      {
        english: 'We saw SELEC and Interpol in Bucharest at 20 years. Cooperation',
        translation:
          'Am văzut SELEC și Interpol la Bucurști de 20-a ani. Cooperare critminalitatea',
      },
      { ...NAMES, spell },
    ),
    'spelling',
  );
  assert.equal(f.severity, 'warning');
  assert.equal(
    f.message,
    'unknown to the ro dictionary: "Bucurști", "critminalitatea"; expected correct spelling, or add a proper name or term to the project word list',
  );
  assert.deepEqual(check({ english: 'x', translation: 'la' }, { ...NAMES, spell }), []);
});

test('spelling: the label of a reference link is no word of the text; its link counts as markup', () => {
  const links = {
    convention: { href: 'https://www.selec.org/convention', title: '' },
    art: { href: 'https://www.selec.org/convention#article-3', title: '' },
  };
  const known = new Set(['acționează', 'conform', 'Convenției', 'în', 'special', 'articolului']);
  const spell = (w: string): boolean => known.has(w);
  const input = {
    english:
      'They act under the [SELEC Convention][convention], in particular its [Article 3][art].',
    translation:
      'Acționează conform [Convenției SELEC][convention], în special [articolului 3][art].',
  };
  assert.deepEqual(check({ ...input, links }, { ...NAMES, spell }), []);
  // Without the document's definitions the labels would be words: what the check must not do.
  assert.match(
    only(check(input, { ...NAMES, spell }), 'spelling').message,
    /^unknown to the ro dictionary: "convention", "art";/,
  );
  // A translation that drops a link is told so, as with inline links.
  assert.match(
    only(
      check(
        {
          ...input,
          links,
          translation: 'Acționează conform Convenției SELEC, în special [articolului 3][art].',
        },
        { ...NAMES, spell },
      ),
      'markup',
    ).message,
    /^markup differs from the English: missing link to https:\/\/www\.selec\.org\/convention /,
  );
});

test('romanian-cedilla: ş instead of ș', () => {
  const f = only(
    check({ english: 'Knowing that', translation: 'Ştiind că aşa' }),
    'romanian-cedilla',
  );
  assert.equal(
    f.message,
    'cedilla letters in "Ştiind", "aşa": "Ş" (U+015E) instead of "Ș" (U+0218), "ş" (U+015F) instead of "ș" (U+0219); expected the comma-below letters of Romanian',
  );
  assert.deepEqual(check({ lang: 'tr', english: 'Bucharest', translation: 'Bükreş' }), []);
});

test('empty: a blank translation is one error and nothing else', () => {
  assert.deepEqual(
    check({ english: 'Joint Declaration', translation: '  ' }).map((f) => [
      f.severity,
      f.rule,
      f.message,
    ]),
    [
      [
        'error',
        'empty',
        'the translation is empty; expected a translation of the English or no entry at all',
      ],
    ],
  );
});

test('loadSpeller: a real dictionary knows a word and not garbage; no dictionary → undefined', async () => {
  const en = await loadSpeller('en', ['SELEC']);
  assert.ok(en);
  assert.equal(en('cooperation'), true);
  assert.equal(en('Cooperation'), true);
  assert.equal(en('xqzvbwk'), false);
  assert.equal(en('SELEC'), true);
  const hr = await loadSpeller('hr', []);
  assert.ok(hr);
  assert.equal(hr('zakona'), true); // an inflected form: needs the AF aliases expanded
  assert.equal(hr('zakonnna'), false);
  assert.equal(await loadSpeller('sq', []), undefined);
  assert.equal(await loadSpeller('cnr', []), undefined);
});

test('adaptForNspell: a flag naming a prefix and a suffix class keeps both (dictionary-ro)', () => {
  const aff = 'SET UTF-8\nSFX K Y 1\nSFX K 0 a .\nPFX K Y 1\nPFX K 0 re .\n';
  const dic = '1\nafirm/K\n';
  assert.equal(nspell({ aff, dic }).correct('afirma'), false); // what nspell alone does
  const speller = nspell(adaptForNspell(aff, dic));
  assert.equal(speller.correct('afirma'), true);
  assert.equal(speller.correct('reafirm'), true);
});
