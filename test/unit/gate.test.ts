// The pure parts of the publication gate: what blocks which edition, the policy, the
// Markdown mistakes of a text, language suggestions and grouped warnings.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupWarnings } from '../../scripts/commands/build-report.ts';
import type { Diagnostic } from '../../scripts/errors.ts';
import { readRegistry } from '../../scripts/io/registry.ts';
import { markdownProblems } from '../../scripts/stages/check.ts';
import { blockedEditions } from '../../scripts/stages/gate.ts';
import type { Edition } from '../../scripts/stages/merge.ts';
import { DEFAULT_POLICY, heldBack, parsePolicy, policyOf } from '../../scripts/stages/policy.ts';
import { suggestLanguages } from '../../scripts/stages/suggest.ts';
import { FIXTURE } from '../helpers.ts';

const registry = readRegistry(FIXTURE);
const lang = (code: string) => registry.get(code);
const derived = registry.languages.find((l) => l.derivedFrom);

test('blockedEditions: an error blocks its edition, its language or its document; a warning only with strict', () => {
  const editions = registry.languages.flatMap((l) =>
    ['a', 'b'].map((document) => ({ lang: l, document })),
  );
  const ids = (m: Map<string, unknown>) => [...m.keys()].sort();
  const edition: Diagnostic = { severity: 'error', message: 'x', lang: 'hr', document: 'a' };
  assert.deepEqual(ids(blockedEditions(editions, [edition], false)), ['hr/a']);
  const language: Diagnostic = { severity: 'error', message: 'x', lang: 'hr' };
  assert.deepEqual(ids(blockedEditions(editions, [language], false)), ['hr/a', 'hr/b']);
  const source: Diagnostic = { severity: 'error', message: 'x', document: 'b' };
  assert.deepEqual(
    ids(blockedEditions(editions, [source], false)),
    registry.codes.map((c) => `${c}/b`).sort(),
  );
  const warning: Diagnostic = { severity: 'warning', message: 'x', lang: 'hr', document: 'a' };
  assert.deepEqual(ids(blockedEditions(editions, [warning], false)), []);
  assert.deepEqual(ids(blockedEditions(editions, [warning], true)), ['hr/a']);
  if (derived?.derivedFrom) {
    const own: Diagnostic = {
      severity: 'error',
      message: 'x',
      lang: derived.derivedFrom.code,
      document: 'a',
    };
    assert.deepEqual(
      ids(blockedEditions(editions, [own], false)),
      [`${derived.derivedFrom.code}/a`, `${derived.code}/a`].sort(),
      'a derived edition shares the findings of its source',
    );
  }
});

test('the policy: defaults, per document, and located mistakes with "did you mean"', () => {
  assert.deepEqual(parsePolicy(undefined).default, DEFAULT_POLICY);
  const p = parsePolicy(
    '{"default": {"minTranslated": 90}, "documents": {"d": {"requireSignoff": "approved"}}}',
  );
  assert.deepEqual(policyOf(p, 'd'), {
    minTranslated: 90,
    requireSignoff: 'approved',
    allowStale: true,
    requireVerifiedSignoff: false,
  });
  assert.deepEqual(policyOf(p, 'other'), { ...DEFAULT_POLICY, minTranslated: 90 });
  assert.throws(
    () => parsePolicy('{\n  "default": {\n    "alowStale": false\n  }\n}'),
    /publication\.json:3: "alowStale" \(in default\) is not a policy field\. Did you mean "allowStale"\?/,
  );
  assert.throws(
    () => parsePolicy('{"default": {"minTranslated": 140}}'),
    /a percent from 0 to 100/,
  );
  assert.throws(() => parsePolicy('{"default": '), /publication\.json.*not valid JSON/);
});

test('heldBack: the reasons an edition is not published; none for the English or a complete one', () => {
  const edition = (code: string, counts: Partial<Edition['counts']>) =>
    ({
      lang: lang(code),
      counts: { total: 10, translated: 10, stale: 0, missing: 0, orphaned: 0, ...counts },
    }) as unknown as Edition;
  assert.deepEqual(
    heldBack(edition('en', { translated: 0, missing: 10 }), undefined, DEFAULT_POLICY),
    [],
  );
  assert.deepEqual(heldBack(edition('hr', {}), undefined, DEFAULT_POLICY), []);
  assert.deepEqual(
    heldBack(edition('hr', { translated: 7, missing: 3 }), undefined, DEFAULT_POLICY),
    ['70.0% translated, the policy asks 100%'],
  );
  const strict = {
    minTranslated: 100,
    requireSignoff: 'approved' as const,
    allowStale: false,
    requireVerifiedSignoff: false,
  };
  assert.deepEqual(heldBack(edition('hr', { translated: 9, stale: 1 }), undefined, strict), [
    '1 passage translated from an older English',
    'not approved (draft); the policy asks an approval',
  ]);
});

test('markdownProblems: emphasis never closed, a label with no definition, an anchor to nowhere', () => {
  const targets = { labels: new Set(['convention']), anchors: new Set(['seg-art-1']) };
  assert.deepEqual(
    markdownProblems('*Mindful* of [it][convention], see [1](#seg-art-1)', 'the English', targets),
    [],
  );
  const [emphasis] = markdownProblems('*Mindful that', 'the English', targets);
  assert.match(
    emphasis ?? '',
    /^the English opens emphasis "\*" before "Mindful" and never closes it/,
  );
  assert.deepEqual(markdownProblems('see [Article 5][art-55]', 'the translation', targets), [
    'the translation refers to the link label "[art-55]", which no definition has; expected one of [convention]',
  ]);
  assert.match(
    markdownProblems('see [Article 3](#seg-art-3-titel)', 'the English', targets).join(),
    /links to "#seg-art-3-titel", which is no place of the page/,
  );
});

test('suggestLanguages: codes people type, names and countries, typos; only codes of the registry', () => {
  const serbian = registry.codes.filter((c) => c.startsWith('sr-'));
  assert.deepEqual(suggestLanguages('sr', registry.languages), serbian);
  assert.deepEqual(suggestLanguages('rs', registry.languages), serbian);
  assert.deepEqual(suggestLanguages('SR-CYRL', registry.languages), ['sr-Cyrl']);
  assert.deepEqual(suggestLanguages('gr', registry.languages), ['el']);
  assert.deepEqual(suggestLanguages('Greek', registry.languages), ['el']);
  assert.deepEqual(suggestLanguages('hrvatski', registry.languages), ['hr']);
  assert.deepEqual(suggestLanguages('hrr', registry.languages), ['hr']);
  // Albanian is not in the fixture's registry: nothing is invented.
  assert.deepEqual(suggestLanguages('al', registry.languages), []);
  assert.deepEqual(suggestLanguages('de', registry.languages), []);
});

test('groupWarnings: three or more of one rule and language on one line, with count and keys', () => {
  const w = (key: string, lang = 'el'): Diagnostic => ({
    severity: 'warning',
    rule: 'ui-untranslated',
    message: `"${key}" is not translated`,
    location: { file: `translations/${lang}/ui.json` },
    lang,
    key,
  });
  const lines = groupWarnings([w('a'), w('b'), w('c'), w('d', 'hr')]);
  assert.deepEqual(lines, [
    'warning: [el] 3 × ui-untranslated (translations/el/ui.json): a, b, c; first: "a" is not translated; --verbose lists each',
    'warning: translations/hr/ui.json: [hr] "d" is not translated',
  ]);
});
