import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runExample, specExamples } from './commonmark.ts';

// Where the editions deliberately differ from CommonMark, by example number and why.
// Everything else in the spec (short of raw HTML and images) must come out as it says.
const DELIBERATE: Record<number, string> = {
  // A document is published text: one that is only a link reference definition is refused.
  207: 'a document with no text is refused ("has front matter but no text")',
  // GitHub Flavored Markdown is on: a bare web or mail address is a link (GFM extended autolinks).
  602: 'GFM autolinks the address inside "<https://… bim>"',
  608: 'GFM autolinks the address inside "< https://… >"',
  611: 'GFM autolinks a bare https:// address',
  612: 'GFM autolinks a bare e-mail address',
};

test('every CommonMark example without raw HTML or images keeps its text and structure, but the listed deliberate differences', (t) => {
  const examples = specExamples();
  assert.ok(examples.length > 500, `the spec package gave ${examples.length} examples`);
  const outcomes = examples.map(runExample);
  const failed = outcomes.filter((o) => o.failure !== undefined);
  t.diagnostic(`kept ${examples.length - failed.length} of ${examples.length} examples`);
  const unexpected = failed
    .filter((o) => !(o.example.number in DELIBERATE))
    .map(
      (o) =>
        `example ${o.example.number} (${o.example.section}) ${JSON.stringify(o.example.markdown)}: ${o.failure ?? ''}`,
    );
  assert.deepEqual(unexpected, []);
  // A listed difference that no longer differs is taken off the list.
  const healed = Object.keys(DELIBERATE)
    .map(Number)
    .filter(
      (n) => examples.some((e) => e.number === n) && !failed.some((o) => o.example.number === n),
    );
  assert.deepEqual(healed, []);
});

test('the measure can fail: a changed expectation is caught by text and by structure', () => {
  const example = specExamples().find((e) => e.markdown === '- a\n  - b\n');
  assert.ok(example, 'the spec has its nested-list example');
  assert.equal(runExample(example).failure, undefined);
  assert.match(
    runExample({ ...example, html: example.html.replace('<li>b', '<li>x') }).failure ?? '',
    /^text:/,
  );
  // The same text, flattened into one list: only the structure tells.
  assert.match(
    runExample({ ...example, html: '<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n' }).failure ?? '',
    /^structure:/,
  );
});
