// stages/suggest.ts: "did you mean" for a mistyped code, id, key or field.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { didYouMean, distance, suggest } from '../../scripts/stages/suggest.ts';

test('distance: insertions, deletions, substitutions and a swap of neighbours count one each; case does not count', () => {
  assert.equal(distance('hr', 'hr'), 0);
  assert.equal(distance('HR', 'hr'), 0);
  assert.equal(distance('hr', 'hrr'), 1);
  assert.equal(distance('knowing', 'knowin'), 1);
  assert.equal(distance('hu', 'hr'), 1);
  assert.equal(distance('rh', 'hr'), 1, 'a swap is one edit, not two');
  assert.equal(distance('preamble', 'pramble'), 1);
  assert.equal(distance('', 'abc'), 3);
  assert.equal(distance('kitten', 'sitting'), 3);
});

test('suggest: the closest candidate within a third of the word (at least one letter), never a whole other word', () => {
  assert.equal(suggest('hrr', ['hr', 'hu']), 'hr');
  assert.equal(suggest('sr-cyrl', ['en', 'sr-Cyrl', 'sr-Latn']), 'sr-Cyrl');
  assert.equal(suggest('recognisin', ['heading', 'recognising', 'intro']), 'recognising');
  // The first of equally close candidates.
  assert.equal(suggest('hx', ['hr', 'hu']), 'hr');
  // Too far: two edits in a six-letter word is a third, three is not.
  assert.equal(suggest('apprve', ['approved']), 'approved');
  assert.equal(suggest('aprve', ['approved']), undefined);
  // A one-letter word may be one edit away, but not be replaced entirely.
  assert.equal(suggest('x', ['y']), undefined);
  assert.equal(suggest('zzzz', ['hr', 'hu']), undefined);
  assert.equal(suggest('hr', []), undefined);
});

test('didYouMean: a sentence to append, or nothing', () => {
  assert.equal(didYouMean('hrr', ['hr', 'hu']), ' Did you mean "hr"?');
  assert.equal(didYouMean('zzzz', ['hr', 'hu']), '');
  assert.equal(didYouMean('sr', ['en', 'sr-Cyrl', 'sr-Latn']), '');
});
