import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { UserError } from '../../scripts/errors.ts';
import { createTranslator, mergeEdition, type Resources } from '../../scripts/stages/merge.ts';
import {
  numberedHeading,
  placeItems,
  placeLabel,
  placeSegments,
  plainText,
} from '../../scripts/stages/places.ts';
import { renderReviewPage } from '../../scripts/stages/report.ts';
import { doc } from '../helpers.ts';
import { REGISTRY, language } from '../project-registry.ts';

/** Every segment of a document body (front matter of test/helpers) as "key: place". */
function places(body: string): Record<string, string> {
  const { segmented } = doc(body);
  return Object.fromEntries(placeSegments(segmented.blocks, segmented.segments));
}

test('a legal act: articles, their titles, paragraphs and points as lawyers cite them', () => {
  const got = places(`
# Agreement {#heading}

## Article 1 {#art-1}

Definitions {#art-1-title}

1. The terms have the meaning of the Convention. {#art-1-1}

2. In this Agreement: {#art-1-2}
   {.lower-alpha .parens}
   1. "Party" means a Member State; {#art-1-2-a}
   2. "authority" means any authority responsible for: {#art-1-2-b}
      {.lower-roman .parens}
      1. the prevention of offences; {#art-1-2-b-i}
      2. customs law; {#art-1-2-b-ii}

## ARTICLE 2 – Exchange {#art-2}

1. The Parties shall exchange information. {#art-2-1}

   Each Party shall designate one contact point. {#art-2-1-contact}

   > A request may be refused. {#art-2-1-note}

### Exceptions {#art-2-exceptions}

This Article does not apply to classified information. {#art-2-classified}
`);
  assert.deepEqual(got, {
    'meta.title': 'Title',
    'meta.place': 'Place of adoption',
    'meta.issuer': 'Issuer',
    heading: 'Agreement',
    'art-1': 'Article 1',
    'art-1-title': 'Article 1, title',
    'art-1-1': 'Article 1(1)',
    'art-1-2': 'Article 1(2)',
    'art-1-2-a': 'Article 1(2)(a)',
    'art-1-2-b': 'Article 1(2)(b)',
    'art-1-2-b-i': 'Article 1(2)(b)(i)',
    'art-1-2-b-ii': 'Article 1(2)(b)(ii)',
    'art-2': 'Article 2',
    'art-2-1': 'Article 2(1)',
    'art-2-1-contact': 'Article 2(1), subparagraph 2',
    'art-2-1-note': 'Article 2(1), subparagraph 3',
    'art-2-exceptions': 'Article 2, Exceptions',
    'art-2-classified': 'Article 2, Exceptions, paragraph 1',
  });
});

test('a declaration: opening words, recitals, operative formula and paragraphs, closing', () => {
  const got = places(`
# Joint Declaration {#heading}

We, the Ministers, convened in Bucharest {#preamble}

with the support of the partners: {#partners}

- Interpol {#interpol}
- Italy {#italy}

*Knowing* that crime is a threat {#knowing}

*Stressing* that cooperation is needed {#stressing}

DECLARE: {#declare}

*We welcome* the achievements {#welcome}

*We reconfirm* our commitment. {#reconfirm}

Adopted in Bucharest, on 31 October 2019 {#adopted}
`);
  assert.deepEqual(
    [
      got['preamble'],
      got['partners'],
      got['italy'],
      got['knowing'],
      got['stressing'],
      got['declare'],
      got['welcome'],
      got['reconfirm'],
      got['adopted'],
    ],
    [
      'Preamble, paragraph 1',
      'Preamble, paragraph 2',
      'Preamble, paragraph 2, indent 2',
      'Recital 1',
      'Recital 2',
      'Operative formula',
      'Operative paragraph 1',
      'Operative paragraph 2',
      'Closing formula',
    ],
  );
});

test('an EU act: citations, "Whereas:" with numbered recitals, a formula, articles', () => {
  const got = places(`
# Regulation {#heading}

Having regard to the Convention, {#citation-1}

Having regard to the proposal, {#citation-2}

Whereas: {#whereas}

{.decimal .parens}
1. Crime crosses borders. {#recital-1}
2. Cooperation is needed. {#recital-2}

HAVE ADOPTED THIS REGULATION: {#formula}

## Article 1 {#art-1}

This Regulation lays down rules. {#art-1-text}

It applies from 2020. {#art-1-more}
`);
  assert.deepEqual(
    [
      'citation-1',
      'citation-2',
      'whereas',
      'recital-1',
      'recital-2',
      'formula',
      'art-1-text',
      'art-1-more',
    ].map((k) => got[k]),
    [
      'Citation 1',
      'Citation 2',
      'Preamble, paragraph 1',
      'Recital 1',
      'Recital 2',
      'Operative formula',
      'Article 1, paragraph 1',
      'Article 1, paragraph 2',
    ],
  );
});

test('an operative part written as a numbered list after the formula', () => {
  const got = places(`
*Recalling* the Convention {#recalling}

DECLARE: {#declare}

1. We welcome the results; {#welcome}
   {.lower-alpha .parens}
   1. in the region; {#welcome-a}
2. We reconfirm our support. {#reconfirm}
`);
  assert.deepEqual(
    ['recalling', 'declare', 'welcome', 'welcome-a', 'reconfirm'].map((k) => got[k]),
    [
      'Recital 1',
      'Operative formula',
      'Operative paragraph 1',
      'Operative paragraph 1(a)',
      'Operative paragraph 2',
    ],
  );
});

test('sections by their headings: paragraphs, points, indents, a list after a colon', () => {
  const got = places(`
# Joint Training Programme {#heading}

This programme sets out the courses. {#intro}

## Courses offered in 2022 by the Center and its partners {#courses}

3. Analysis {#course-analysis}
4. Detection {#course-documents}

The Member States agree to: {#agree}

- exchange information; {#exchange}
- hold training. {#training}

Other courses may follow. {#other}

- a list after a paragraph without a colon {#loose}

Adopted in Sofia on 12 May 2021. {#adopted}
`);
  assert.deepEqual(
    Object.fromEntries(Object.entries(got).filter(([k]) => !k.startsWith('meta.'))),
    {
      heading: 'Joint Training Programme',
      intro: 'Joint Training Programme, paragraph 1',
      courses: 'Courses offered in 2022 by the…',
      'course-analysis': 'Courses offered in 2022 by the…, point (3)',
      'course-documents': 'Courses offered in 2022 by the…, point (4)',
      agree: 'Courses offered in 2022 by the…, paragraph 1',
      exchange: 'Courses offered in 2022 by the…, paragraph 1, indent 1',
      training: 'Courses offered in 2022 by the…, paragraph 1, indent 2',
      other: 'Courses offered in 2022 by the…, paragraph 2',
      loose: 'Courses offered in 2022 by the…, indent 1',
      adopted: 'Closing formula',
    },
  );
});

test('tables: a cell by its row and its column; the caption; tables counted', () => {
  const got = places(`
# Figures {#heading}

Table: Contributions by member state {#caption}

| Member state {#h-state} | Share {#h-share} | |
|---|---|---|
| Albania {#albania} | 5% {#albania-share} | |
| Albania {#albania-2} | 6% {#albania-2-share} | note {#albania-2-note} |
| | 7% {#nobody-share} | |

| Only {#t2-head} |
|---|
| One {#t2-one} |
`);
  assert.equal(got['caption'], 'Table 1, caption');
  assert.equal(got['h-share'], 'Table 1, header, column Share');
  assert.equal(got['albania'], 'Table 1, row 1, column Member state');
  assert.equal(got['albania-share'], 'Table 1, row 1, column Share');
  assert.equal(got['nobody-share'], 'Table 1, row 3, column Share');
  assert.equal(got['albania-2-note'], 'Table 1, row 2, column 3');
  assert.equal(got['t2-one'], 'Table 2, row One, column Only');
  // Every cell has a place, whatever its header.
  for (const [key, place] of Object.entries(got)) assert.ok(place.length > 0, key);
});

test('"Table 1, row Albania, column Share": a row named once is named by its first cell', () => {
  const got = places(`
| Member state {#h-state} | Share {#h-share} |
|---|---|
| Albania {#albania} | 5% {#albania-share} |
| Bosnia and Herzegovina {#bih} | 6% {#bih-share} |
`);
  assert.equal(got['albania-share'], 'Table 1, row Albania, column Share');
  assert.equal(got['bih-share'], 'Table 1, row Bosnia and Herzegovina, column Share');
  assert.equal(
    placeLabel(new Map(Object.entries(got)), 'albania-share'),
    'Table 1, row Albania, column Share · albania-share',
  );
});

test('a document without headings or structure: plain numbered names, nothing unnamed', () => {
  const got = places(`
First paragraph. {#one}

- a bullet {#bullet}

1. a point {#point}

\`\`\`
code is not a segment
\`\`\`

> quoted {#quoted}

---

Last paragraph. {#two}
`);
  assert.deepEqual(
    ['one', 'bullet', 'point', 'quoted', 'two'].map((k) => got[k]),
    ['Paragraph 1', 'Indent 1', 'Point (1)', 'Paragraph 2', 'Paragraph 3'],
  );
});

test('list numbering follows the list styles of markers.ts and the list start', () => {
  const got = places(`
## Article 7 {#art-7}

{.upper-roman}

27. twenty-seventh {#xxvii}

{.upper-alpha .parens}

27. after z {#aa}
`);
  assert.equal(got['xxvii'], 'Article 7(XXVII)');
  assert.equal(got['aa'], 'Article 7(AA)');
});

test('numbered headings and plain text', () => {
  assert.equal(numberedHeading('Article 5a – Scope'), 'Article 5a');
  assert.equal(numberedHeading('ART. 12'), 'Article 12');
  assert.equal(numberedHeading('CHAPTER II: General provisions'), 'Chapter II');
  assert.equal(numberedHeading('Annex I'), 'Annex I');
  assert.equal(numberedHeading('Title of the act'), undefined);
  assert.equal(numberedHeading('Articles of association'), undefined);
  assert.equal(
    plainText(
      '*Knowing* that [SELEC][c] and [the Convention](https://x) **matter**<sup>th</sup> &amp; \\*',
    ),
    'Knowing that SELEC and the Convention matterth & *',
  );
});

test('a segment the walk does not reach gets a plain name; a key nothing names stays a key', () => {
  const got = placeSegments(
    [{ type: 'paragraph', key: 'known' }],
    [
      { key: 'known', kind: 'paragraph', text: 'Text', line: 3 },
      { key: 'stray', kind: 'cell', text: 'x', line: 9 },
    ],
  );
  assert.deepEqual(Object.fromEntries(got), {
    known: 'Paragraph 1',
    stray: 'Table cell on line 9',
  });
  assert.equal(placeLabel(got, 'unknown'), 'unknown');
  assert.deepEqual(placeItems(got, { stale: ['known'], missing: ['unknown'] }), [
    'Paragraph 1 · known (stale)',
    'unknown (missing)',
  ]);
});

// Random documents built from the structures the pipeline accepts: naming never throws and
// names every segment.
const piece = fc.constantFrom(
  '# Title {#k}',
  '## Article 3 {#k}',
  '### Exceptions {#k}',
  '## Chapter IV {#k}',
  'Definitions {#k}',
  '*Knowing* that x {#k}',
  'Whereas: {#k}',
  '(4) Whereas y {#k}',
  'DECLARE: {#k}',
  'The Parties agree to: {#k}',
  'Done at Brussels on 1 May 2020. {#k}',
  'Plain text. {#k}',
  '1. one {#k}\n2. two {#k}',
  '{.lower-roman .parens}\n1. one {#k}\n   - inner {#k}\n\n     more {#k}',
  '- a {#k}\n- b {#k}',
  '> quoted {#k}\n>\n> - in a quote {#k}',
  '| H {#k} | {#k} |\n|---|---|\n| r {#k} | |',
  'Table: cap {#k}\n\n| A {#k} |\n|---|\n| A {#k} |',
  '```\ncode\n```',
  '---',
);

test('any document of known pieces: every segment named, no exception', () => {
  let named = 0;
  fc.assert(
    fc.property(fc.array(piece, { minLength: 1, maxLength: 14 }), (pieces) => {
      let n = 0;
      const body = `\n${pieces.join('\n\n').replace(/\{#k\}/g, () => `{#k${++n}}`)}\n`;
      let segmented;
      try {
        segmented = doc(body).segmented;
      } catch (err) {
        if (err instanceof UserError) return;
        throw err;
      }
      const got = placeSegments(segmented.blocks, segmented.segments);
      for (const s of segmented.segments) {
        const place = got.get(s.key);
        assert.ok(
          place && place.trim() !== '' && !place.includes('undefined'),
          `${s.key}: ${place}`,
        );
      }
      named++;
    }),
    { numRuns: 300 },
  );
  // Most random documents are valid ones: the property is not vacuous.
  assert.ok(named > 150, `only ${named} of 300 documents were valid`);
});

test('the review page names each segment by its place, the key beside it', () => {
  const { doc: d, segmented } = doc(`
## Article 1 {#art-1}

1. In this Agreement: {#art-1-1}
   {.lower-alpha .parens}
   1. "Party" means a Member State; {#art-1-1-a}

| Member state {#h-state} | Share {#h-share} |
|---|---|
| Albania {#albania} | 5% {#albania-share} |
`);
  const resources: Resources = { en: { ui: {} }, hr: { demo: { 'art-1': 'Članak 1.' } } };
  const edition = mergeEdition(
    d,
    segmented,
    language('hr'),
    createTranslator(resources, REGISTRY),
    {},
    ['art-1'],
  );
  const page = renderReviewPage(edition);
  const row = (key: string) => new RegExp(`<tr id="seg-${key}"[^\n]*</tr>`).exec(page)?.[0];
  assert.match(
    row('art-1-1-a') ?? '',
    /<span class="place">Article 1\(1\)\(a\)<\/span> · <code class="key">art-1-1-a<\/code> · missing/,
  );
  assert.match(
    row('albania-share') ?? '',
    /<span class="place">Table 1, row Albania, column Share<\/span> · <code class="key">albania-share</,
  );
});
