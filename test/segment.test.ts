import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../scripts/errors.ts';
import { doc } from './helpers.ts';

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
    [['meta.title', 'meta', 3], ['meta.place', 'meta', 4], ['meta.issuer', 'meta', 6], ['heading', 'heading', 9], ['knowing', 'paragraph', 11], ['stressing', 'paragraph', 13], ['item-1', 'item', 16], ['item-2', 'item', 17], ['cell-a', 'cell', 19], ['cell-b', 'cell', 19], ['cell-c', 'cell', 21], ['cell-d', 'cell', 21]],
  );
  assert.equal(segmented.segments.find((s) => s.key === 'knowing')?.text, '*Knowing* that one');
  assert.equal(segmented.segments.find((s) => s.key === 'stressing')?.text, '*Stressing* that two\ncontinues here');
  assert.deepEqual(segmented.blocks.map((b) => b.type), ['heading', 'paragraph', 'paragraph', 'list', 'table']);
  assert.deepEqual(segmented.diagnostics, []);
});

test('inserting a paragraph changes no other key; rewording keeps the key', () => {
  const before = doc(BODY).segmented.segments.map((s) => s.key);
  const inserted = doc(BODY.replace('*Stressing*', 'A new paragraph {#new}\n\n*Stressing*')).segmented.segments.map((s) => s.key);
  assert.deepEqual(inserted.filter((k) => k !== 'new'), before);
  const reworded = doc(BODY.replace('that one', 'that a reworded one')).segmented.segments;
  assert.deepEqual(reworded.map((s) => s.key), before);
  assert.equal(reworded.find((s) => s.key === 'knowing')?.text, '*Knowing* that a reworded one');
});

test('a block without a key gets one from its first words and a warning saying how to pin it', () => {
  const { segmented } = doc('\nWe welcome the results\n');
  const seg = segmented.segments.at(-1);
  assert.equal(seg?.key, 'we-welcome-the-results');
  assert.equal(segmented.diagnostics[0]?.message, 'paragraph has no key; using "we-welcome-the-results" for now. Add " {#we-welcome-the-results}" at its end so that rewording it keeps its translations.');
  assert.equal(segmented.diagnostics[0]?.location?.line, 9);
});

test('a key used twice is an error naming both lines', () => {
  assert.throws(() => doc('\nOne {#same}\n\nTwo {#same}\n'), (err: unknown) => {
    assert.ok(err instanceof UserError);
    assert.equal(err.message, 'source/demo.md:11: the segment key "{#same}" is used twice (first on line 9)');
    return true;
  });
});

test('a document with front matter and no text is refused', () => {
  assert.throws(() => doc('\n\n'), /has front matter but no text/);
});

test('nested lists are refused rather than flattened into one segment', () => {
  assert.throws(() => doc('\n- parent {#p}\n  - child {#c}\n'), /source\/demo\.md:9: nested lists are not supported/);
});

test('a made-up key never takes a key written later in the source', () => {
  const { segmented } = doc('\nWe welcome the results\n\nOther {#we-welcome-the-results}\n');
  assert.deepEqual(segmented.segments.filter((s) => s.kind !== 'meta').map((s) => s.key), ['we-welcome-the-results-2', 'we-welcome-the-results']);
});
