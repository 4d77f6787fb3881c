import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../../scripts/errors.ts';
import { doc } from '../helpers.ts';

const BODY = `
# Demo {#heading}

*Knowing* that one {#knowing}

*Stressing* that two
continues here {#stressing}

- first item {#item-1}
- second item {#item-2}

| A {#cell-a} | B {#cell-b} |
|---|---|
| c {#cell-c} | d {#cell-d} |
`;

test('every block and translatable field is a keyed segment, in order, with its line', () => {
  const { segmented } = doc(BODY);
  assert.deepEqual(
    segmented.segments.map((s) => [s.key, s.kind, s.line]),
    [
      ['meta.title', 'meta', 3],
      ['meta.place', 'meta', 4],
      ['meta.issuer', 'meta', 6],
      ['heading', 'heading', 9],
      ['knowing', 'paragraph', 11],
      ['stressing', 'paragraph', 13],
      ['item-1', 'item', 16],
      ['item-2', 'item', 17],
      ['cell-a', 'cell', 19],
      ['cell-b', 'cell', 19],
      ['cell-c', 'cell', 21],
      ['cell-d', 'cell', 21],
    ],
  );
  assert.equal(segmented.segments.find((s) => s.key === 'knowing')?.text, '*Knowing* that one');
  assert.equal(
    segmented.segments.find((s) => s.key === 'stressing')?.text,
    '*Stressing* that two\ncontinues here',
  );
  assert.deepEqual(
    segmented.blocks.map((b) => b.type),
    ['heading', 'paragraph', 'paragraph', 'list', 'table'],
  );
  assert.deepEqual(segmented.diagnostics, []);
});

test('inserting a paragraph changes no other key; rewording keeps the key', () => {
  const before = doc(BODY).segmented.segments.map((s) => s.key);
  const inserted = doc(
    BODY.replace('*Stressing*', 'A new paragraph {#new}\n\n*Stressing*'),
  ).segmented.segments.map((s) => s.key);
  assert.deepEqual(
    inserted.filter((k) => k !== 'new'),
    before,
  );
  const reworded = doc(BODY.replace('that one', 'that a reworded one')).segmented.segments;
  assert.deepEqual(
    reworded.map((s) => s.key),
    before,
  );
  assert.equal(reworded.find((s) => s.key === 'knowing')?.text, '*Knowing* that a reworded one');
});

test('a block without a key gets one from its first words and a warning saying how to pin it', () => {
  const { segmented } = doc('\nWe welcome the results\n');
  const seg = segmented.segments.at(-1);
  assert.equal(seg?.key, 'we-welcome-the-results');
  assert.equal(
    segmented.diagnostics[0]?.message,
    'paragraph has no key; using "we-welcome-the-results" for now. Add " {#we-welcome-the-results}" at its end so that rewording it keeps its translations.',
  );
  assert.equal(segmented.diagnostics[0]?.location?.line, 9);
});

test('a key used twice is an error naming both lines', () => {
  assert.throws(
    () => doc('\nOne {#same}\n\nTwo {#same}\n'),
    (err: unknown) => {
      assert.ok(err instanceof UserError);
      assert.equal(
        err.message,
        'source/demo.md:11: the segment key "{#same}" is used twice (first on line 9)',
      );
      return true;
    },
  );
});

test('a document with front matter and no text is refused', () => {
  assert.throws(() => doc('\n\n'), /has front matter but no text/);
});

test('nested lists keep their nesting; each item is its own text, naming the item it sits in', () => {
  const { segmented } = doc(
    '\n1. Article {#art}\n\n   More of the article. {#art-more}\n   {.lower-alpha .parens}\n   1. point a {#a}\n   2. point b {#b}\n      {.lower-roman .parens}\n      1. sub i {#b-i}\n\n      > quoted {#b-quote}\n',
  );
  const body = segmented.segments
    .filter((s) => s.kind !== 'meta')
    .map((s) => [s.key, s.kind, s.text, s.parent ?? null, s.line]);
  assert.deepEqual(body, [
    ['art', 'item', 'Article', null, 9],
    ['art-more', 'paragraph', 'More of the article.', 'art', 11],
    ['a', 'item', 'point a', 'art', 13],
    ['b', 'item', 'point b', 'art', 14],
    ['b-i', 'item', 'sub i', 'b', 16],
    ['b-quote', 'paragraph', 'quoted', 'b', 18],
  ]);
  const outer = segmented.blocks[0];
  assert.ok(outer?.type === 'list');
  const inner = outer.items[0]?.blocks[1];
  assert.ok(inner?.type === 'list');
  assert.deepEqual([inner.style, inner.parens, inner.start], ['lower-alpha', true, 1]);
  assert.deepEqual(
    inner.items[1]?.blocks.map((b) => b.type),
    ['list', 'blockquote'],
  );
  assert.deepEqual(segmented.diagnostics, []);
});

test('link reference definitions are collected for the whole document and are never segments', () => {
  const { segmented } = doc(
    '\nSee [the convention][conv]. {#see}\n\n- item {#i}\n\n  [conv]: https://example.org/c "Convention"\n',
  );
  assert.deepEqual(segmented.links['conv'], { href: 'https://example.org/c', title: 'Convention' });
  assert.deepEqual(
    segmented.segments.filter((s) => s.kind !== 'meta').map((s) => s.text),
    ['See [the convention][conv].', 'item'],
  );
});

test('a key written without its # is an error naming line and column, with the key it meant', () => {
  assert.throws(
    () => doc('\nFirst {#first}\n\n- the risk item {item-risk}\n'),
    (err: unknown) => {
      assert.ok(err instanceof UserError);
      assert.equal(
        err.message,
        'source/demo.md:11:17: "{item-risk}" looks like a segment key but is not one: did you mean {#item-risk}?',
      );
      assert.deepEqual(err.location, { file: 'source/demo.md', line: 11, column: 17 });
      return true;
    },
  );
  assert.throws(() => doc('\nText { #spaced }\n'), /did you mean \{#spaced\}/);
  // Escaped braces are text.
  assert.equal(doc('\nSet \\{x} {#set}\n').segmented.segments.at(-1)?.text, 'Set \\{x}');
});

test('a key line that would key nothing is an error: on its own line, or under a table', () => {
  assert.throws(
    () => doc('\n# Title\n\n{#title}\n'),
    (err: unknown) => {
      assert.ok(err instanceof UserError);
      assert.equal(
        err.message,
        'source/demo.md:11:1: the key "{#title}" stands on a line of its own and keys no text',
      );
      return true;
    },
  );
  assert.throws(
    () => doc('\n| A {#a} | B {#b} |\n|---|---|\n| c {#c} | d {#d} |\n{#table}\n'),
    (err: unknown) => {
      assert.ok(err instanceof UserError);
      assert.equal(
        err.message,
        'source/demo.md:12:1: a key line under a table becomes an empty table row',
      );
      assert.match(err.hint, /Table: caption \{#key\}/);
      return true;
    },
  );
});

test('a table has a key per cell, an optional keyed caption, and empty cells without segments', () => {
  const { segmented } = doc(
    '\nTable: Contributions {#contrib}\n\n| State {#h-state} | Share {#h-share} |\n|---|---|\n| Albania {#al} | |\n',
  );
  assert.deepEqual(
    segmented.segments.filter((s) => s.kind !== 'meta').map((s) => [s.key, s.kind, s.text]),
    [
      ['contrib', 'caption', 'Contributions'],
      ['h-state', 'cell', 'State'],
      ['h-share', 'cell', 'Share'],
      ['al', 'cell', 'Albania'],
    ],
  );
  assert.deepEqual(segmented.blocks, [
    {
      type: 'table',
      align: [null, null],
      header: ['h-state', 'h-share'],
      rows: [['al', '']],
      caption: 'contrib',
    },
  ]);
});

test('a list numbering line must name a numbering and stand right before a numbered list', () => {
  assert.throws(
    () => doc('\n{.lower-greek}\n\n1. a {#a}\n'),
    /source\/demo\.md:9:1: "\.lower-greek" in "\{\.lower-greek\}" is not a list numbering/,
  );
  assert.throws(
    () => doc('\n{.lower-alpha}\n\nText {#t}\n'),
    /source\/demo\.md:9:1: a list numbering line is not followed by an ordered list/,
  );
  assert.throws(
    () => doc('\nIntro {#intro}\n\n{.upper-roman}\n3. third {#c}\n'),
    /source\/demo\.md:11:1: the list numbering line "\{\.upper-roman\}" is read as text/,
  );
  const { segmented } = doc('\nIntro {#intro}\n\n{.upper-roman}\n\n3. third {#c}\n');
  assert.deepEqual(segmented.blocks[1], {
    type: 'list',
    ordered: true,
    start: 3,
    style: 'upper-roman',
    items: [{ key: 'c', blocks: [] }],
  });
});

test('a made-up key never takes a key written later in the source', () => {
  const { segmented } = doc('\nWe welcome the results\n\nOther {#we-welcome-the-results}\n');
  assert.deepEqual(
    segmented.segments.filter((s) => s.kind !== 'meta').map((s) => s.key),
    ['we-welcome-the-results-2', 'we-welcome-the-results'],
  );
});
