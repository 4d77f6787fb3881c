// Hyphenation: every language's gold list (zero wrong breaks), the project's exceptions,
// Turkish dotted İ. (The soft hyphens in a built edition: test/editions.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SOURCE_LANGUAGE } from '../../scripts/languages.ts';
import { LANGUAGES } from '../project-registry.ts';
import {
  EXCEPTIONS_FILE,
  hyphenatorOf,
  loadPatterns,
  readExceptionsText,
} from '../../scripts/io/hyphenation.ts';
import {
  breakPoints,
  hyphenateWord,
  lower,
  parseDic,
  parseExceptions,
  type Hyphenator,
} from '../../scripts/stages/hyphenate.ts';
import { UserError } from '../../scripts/errors.ts';
import { ROOT, tempDir } from '../helpers.ts';
import { readGold } from '../hyphenation-gold.ts';

const HYPHENATED = LANGUAGES.filter((l) => l.code !== SOURCE_LANGUAGE);

/** Parts of the word between the breaks that have no vowel: never a syllable. */
function voiceless(word: string, breaks: number[], h: Hyphenator): string[] {
  if (h.vowels === undefined) return [];
  const letters = [...lower(word, h.locale)];
  const edges = [0, ...breaks, letters.length];
  const vowels = h.vowels;
  return edges
    .slice(1)
    .map((end, i) => letters.slice(edges[i], end).join(''))
    .filter((part) => ![...part].some((l) => vowels.includes(l)));
}

for (const lang of HYPHENATED) {
  test(`${lang.code}: the gold list has no wrong break (${lang.hyphenation})`, (t) => {
    const gold = readGold(lang);
    assert.ok(
      gold.length >= 50,
      `${lang.code}: the gold list has ${gold.length} words, at least 50 are wanted`,
    );
    const h = hyphenatorOf(lang, ROOT);
    const wrong: string[] = [];
    let found = 0;
    let allowed = 0;
    for (const g of gold) {
      const produced =
        [...hyphenateWord(g.word, h, '-')].length === [...g.word].length
          ? []
          : breakPoints(g.word, h);
      const bad = produced.filter((b) => !g.allowed.has(b));
      const mute = voiceless(g.word, produced, h);
      if (bad.length > 0 || mute.length > 0)
        wrong.push(`line ${g.line}: gold ${g.marked}, produced ${hyphenateWord(g.word, h, '-')}`);
      found += produced.length - bad.length;
      allowed += g.allowed.size;
    }
    t.diagnostic(
      `${lang.code}: ${gold.length} words, ${found} of ${allowed} allowed breaks found, ${wrong.length} wrong`,
    );
    assert.deepEqual(
      wrong,
      [],
      `${lang.code}: wrong breaks against test/fixtures/hyphenation/${lang.code}.txt`,
    );
  });
}

test('the gold lists mark real words: each letter of the word, hyphens only between letters', () => {
  for (const lang of HYPHENATED) {
    for (const g of readGold(lang))
      assert.match(g.marked, /^[\p{L}\p{M}]+(-[\p{L}\p{M}]+)*$/u, `${lang.code}.txt:${g.line}`);
  }
});

test('an exception in translations/<lang>/hyphenation.txt overrides the patterns', async (t) => {
  const lang = HYPHENATED.find((l) => !l.derivedFrom);
  assert.ok(lang);
  const h = hyphenatorOf(lang, ROOT);
  // A gold word the patterns break, given instead one break the patterns do not make.
  const g = readGold(lang).find(
    (e) => [...e.word].length >= 8 && breakPoints(e.word, h).length > 0,
  );
  assert.ok(g, `no gold word of ${lang.code} is broken by the patterns`);
  const patterns = breakPoints(g.word, h);
  const letters = [...g.word];
  const mine = [2, 3, 4, 5].find((b) => !patterns.includes(b)) ?? 2;
  const marked = letters.slice(0, mine).join('') + '-' + letters.slice(mine).join('');
  // A project whose only file is that exception list.
  const root = await tempDir('hyphenation-', t);
  await mkdir(join(root, 'translations', lang.code), { recursive: true });
  await writeFile(
    join(root, 'translations', lang.code, EXCEPTIONS_FILE),
    `# a comment\n${marked.toLocaleUpperCase(lang.intlLocale)}  # any case\n`,
  );
  const ex = hyphenatorOf(lang, root);
  assert.deepEqual(breakPoints(g.word, ex), [mine]);
  assert.equal(hyphenateWord(g.word, ex, '-'), marked);
  // The other words keep their patterns.
  const other = readGold(lang).find((e) => e.word !== g.word && breakPoints(e.word, h).length > 0);
  if (other) assert.deepEqual(breakPoints(other.word, ex), breakPoints(other.word, h));
});

test('a malformed exception line is reported with its file, line and column', () => {
  assert.throws(
    () => parseExceptions('ok-word\nnot a word\n', 'translations/xx/hyphenation.txt', 'en'),
    (e: unknown) =>
      e instanceof UserError &&
      /^translations\/xx\/hyphenation\.txt:2:1: "not a word"/.test(e.message),
  );
});

test('a derived edition uses its source language exceptions, transliterated', () => {
  for (const lang of LANGUAGES.filter((l) => l.derivedFrom)) {
    const source = LANGUAGES.find((l) => l.code === lang.derivedFrom?.code);
    assert.ok(source);
    const own = parseExceptions(readExceptionsText(ROOT, source).text, 'x', source.intlLocale);
    const derived = parseExceptions(readExceptionsText(ROOT, lang).text, 'x', lang.intlLocale);
    assert.equal(derived.size, own.size);
    const h = hyphenatorOf(lang, ROOT);
    for (const [word, breaks] of derived)
      assert.deepEqual(breakPoints(word, h), breaks, `${lang.code}: ${word}`);
  }
});

test('Turkish: capital dotted İ lowercases to one letter, so the breaks stay in place', () => {
  const tr = LANGUAGES.find((l) => l.intlLocale.startsWith('tr'));
  if (!tr) return;
  assert.equal(lower('İSTANBUL IRMAK', 'tr'), 'istanbul ırmak');
  const h = hyphenatorOf(tr, ROOT);
  const upper = hyphenateWord('İNTERPOL', h, '-');
  assert.equal(upper.toLocaleLowerCase('tr'), hyphenateWord('interpol', h, '-'));
  assert.equal(hyphenateWord('İnterpol', h, '-'), 'İn-ter-pol');
});

test('a .dic: charset line skipped, NEXTLEVEL starts the word level, a non-standard pattern never breaks', () => {
  const dic = [
    'UTF-8',
    'LEFTHYPHENMIN 1',
    'RIGHTHYPHENMIN 1',
    "1'.",
    'NEXTLEVEL',
    'a1b',
    's1sz/sz=sz,1,3',
    '% a comment',
    '.x2',
  ].join('\n');
  const patterns = parseDic(dic, 'x.dic');
  assert.equal(patterns.leftMin, 1);
  const h: Hyphenator = {
    patterns,
    locale: 'hu',
    exceptions: new Map(),
    minWordLength: 1,
    cache: new Map(),
  };
  assert.deepEqual(breakPoints('abab', h), [1, 3]);
  assert.deepEqual(
    breakPoints('assz', h),
    [],
    'a soft hyphen cannot write hosz-szú, so no break there',
  );
  assert.deepEqual(
    breakPoints("ab'", h),
    [1],
    "the compound level (1'. before NEXTLEVEL) is left out",
  );
  assert.throws(
    () => parseDic('UTF-8\n123\n', 'y.dic'),
    /^UserError: y\.dic:2: "123" is not a hyphenation pattern|y\.dic:2/,
  );
});

test("our engine gives the `hyphen` package's own breaks on its patterns (lowercase words of the translations)", () => {
  const require = createRequire(import.meta.url);
  for (const lang of HYPHENATED.filter((l) => !l.hyphenation.endsWith('.dic'))) {
    const pkg = require(`hyphen/${lang.hyphenation}`) as {
      hyphenateSync: (w: string, o: { hyphenChar: string; minWordLength: number }) => string;
    };
    const h: Hyphenator = {
      patterns: loadPatterns(lang.hyphenation),
      locale: lang.intlLocale,
      exceptions: new Map(),
      minWordLength: 1,
      cache: new Map(),
    };
    const source = lang.derivedFrom?.code ?? lang.code;
    const dir = join(ROOT, 'translations', source);
    const words = new Set<string>();
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
      for (const w of readFileSync(join(dir, f), 'utf8').match(/[\p{Ll}]{7,}/gu) ?? [])
        words.add(w);
    }
    assert.ok(words.size > 0);
    for (const w of words)
      assert.equal(
        hyphenateWord(w, h, '-'),
        pkg.hyphenateSync(w, { hyphenChar: '-', minWordLength: 1 }),
        `${lang.code}: ${w}`,
      );
  }
});
