// translate-toolkit's pofilter against npm run check, over the PO export of every
// language: (1) on the translations as they are, every pofilter finding is of a test the
// README explains as not applying to our texts, and check finds nothing there; (2) with
// one defect of each kind put into a translation of each language, each defect that
// pofilter finds, check finds too, under the rule the README's table names.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, runMain, tempDir, type Scope } from './helpers.ts';

const has = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const DOCUMENT = 'joint-declaration';

/** pofilter tests that flag our correct texts, each with why (the README's table says more). */
const NOT_APPLYING: Record<string, string> = {
  xmltags: 'an ordinal <sup> the language writes as "20." is dropped on purpose (check: markup)',
  doublequoting: 'each language has its own quotation marks („…“, «…»); check counts them (quotes)',
  puncspacing: 'a comma after an emphasised word (*Tudva*, hogy) is the language’s punctuation',
  acronyms: '"DECLARE" is a word in capitals, not an acronym',
  startpunc: 'Turkish puts the emphasised verb at the end of the sentence',
  startcaps: 'Turkish starts the sentence with the name, English with "with"',
  sentencecount: 'an ordinal full stop (20. évfordulója) is no sentence end',
  doublewords: 'Albanian "të të gjithë" is grammatical (check: repeated-word needs 3 letters)',
};

/** `edit` applied to the longest stretch of a text outside *emphasis* (markup stays whole). */
function plain(text: string, edit: (part: string) => string): string {
  const parts = text.split(/(\*[^*]+\*)/);
  const longest = parts.reduce(
    (a, p, i) => (i % 2 === 0 && p.length > (parts[a] ?? '').length ? i : a),
    0,
  );
  return parts.map((p, i) => (i === longest ? edit(p) : p)).join('');
}

/** Each defect: how it is put into a translation, the pofilter test and the check rule that find it. */
const DEFECTS: Array<{
  test: string;
  rule: string;
  make: (text: string, english: string) => string;
  /** What the English of the segment must have. */
  needs?: RegExp;
}> = [
  // pofilter's numbers test looks for the English's numbers in the translation.
  {
    test: 'numbers',
    rule: 'numbers',
    make: (t) => t.replace(/\d+/, (n) => `${Number(n) + 1}`),
    needs: /\d/,
  },
  { test: 'endpunc', rule: 'punctuation', make: (t) => `${t}!` },
  {
    test: 'brackets',
    rule: 'brackets',
    make: (t) => plain(t, (p) => p.replace(/ (\p{L}+)/u, ' ($1')),
  },
  {
    test: 'doublespacing',
    rule: 'double-space',
    make: (t) => plain(t, (p) => p.replace(/(\p{L}) (\p{L})/u, '$1  $2')),
  },
  {
    test: 'doublequoting',
    rule: 'quotes',
    make: (t) => plain(t, (p) => p.replace(/ (\p{L}+)/u, ' "$1"')),
  },
  {
    test: 'xmltags',
    rule: 'markup',
    make: (t) => plain(t, (p) => p.replace(/ (\p{L}+)/u, ' <b>$1</b>')),
  },
  { test: 'urls', rule: 'markup', make: (t) => `${t} https://example.org/selec` },
  { test: 'unchanged', rule: 'untranslated', make: (_, english) => english },
  {
    test: 'doublewords',
    rule: 'repeated-word',
    make: (t) => plain(t, (p) => p.replace(/ (\p{L}{4,})/u, ' $1 $1')),
  },
  { test: 'startwhitespace', rule: 'whitespace', make: (t) => ` ${t}` },
  { test: 'endwhitespace', rule: 'whitespace', make: (t) => `${t} ` },
  { test: 'tabs', rule: 'whitespace', make: (t) => plain(t, (p) => p.replace(' ', '\t')) },
  { test: 'long', rule: 'length', make: (t) => Array<string>(20).fill(t).join(' ') },
  { test: 'short', rule: 'length', make: (t) => (t.split(' ')[1] ?? t).slice(0, 8) },
];

/** A project with the real document and translations (the registry's languages, whatever they are). */
async function project(t: Scope): Promise<string> {
  const root = await tempDir('pofilter-', t);
  await cp(join(ROOT, 'source', `${DOCUMENT}.md`), join(root, 'source', `${DOCUMENT}.md`));
  await cp(join(ROOT, 'translations'), join(root, 'translations'), { recursive: true });
  return root;
}

/** The stored languages of the registry (not English, not derived). */
async function languages(root: string): Promise<string[]> {
  const registry = JSON.parse(
    await readFile(join(root, 'translations', 'languages.json'), 'utf8'),
  ) as {
    languages: Array<{ code: string; derivedFrom?: string }>;
  };
  return registry.languages.filter((l) => l.code !== 'en' && !l.derivedFrom).map((l) => l.code);
}

/** key → the pofilter tests that flag it, for one language's PO export. */
async function pofilter(
  root: string,
  lang: string,
  tests: readonly string[] = [],
): Promise<Map<string, Set<string>>> {
  const po = join(root, `${lang}.po`);
  const r = await runMain(root, [
    'po',
    'export',
    '--lang',
    lang,
    '--document',
    DOCUMENT,
    '--out',
    `${lang}.po`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  const out = join(root, `${lang}.filtered.po`);
  const args = ['--nofuzzy', `--language=${lang}`, ...tests.flatMap((x) => ['-t', x]), po, out];
  const run = spawnSync('pofilter', args, { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const found = new Map<string, Set<string>>();
  for (const block of (await readFile(out, 'utf8')).split('\n\n')) {
    const key = /^msgctxt "[^/"]*\/([^"]*)"/m.exec(block)?.[1];
    if (!key) continue;
    for (const m of block.matchAll(/^# \(pofilter\) (\w+)/gm))
      found.set(key, (found.get(key) ?? new Set()).add(m[1] ?? ''));
  }
  return found;
}

/** key → the check rules that flag it, for one language. */
async function check(root: string, lang: string): Promise<Map<string, Set<string>>> {
  const r = await runMain(root, ['check', '--lang', lang, '--no-spelling', '--format', 'json']);
  const { findings } = JSON.parse(r.stdout) as {
    findings: Array<{ document: string; key: string; rule: string }>;
  };
  const found = new Map<string, Set<string>>();
  for (const f of findings.filter((f) => f.document === DOCUMENT))
    found.set(f.key, (found.get(f.key) ?? new Set()).add(f.rule));
  return found;
}

test('pofilter on every language as translated: only tests that do not apply to our texts, where check is silent', async (t) => {
  if (!has('pofilter'))
    return t.skip('pofilter (translate-toolkit) not installed; npm run setup installs it');
  const root = await project(t);
  for (const lang of await languages(root)) {
    const found = await pofilter(root, lang);
    const checked = await check(root, lang);
    for (const [key, tests] of found)
      for (const name of tests) {
        assert.ok(
          name in NOT_APPLYING,
          `${lang} ${key}: pofilter ${name} is neither explained nor found by check`,
        );
        assert.ok(
          !checked.has(key),
          `${lang} ${key}: check ${[...(checked.get(key) ?? [])].join(', ')}`,
        );
      }
  }
});

test('a defect of each kind in each language: what pofilter finds, check finds', async (t) => {
  if (!has('pofilter'))
    return t.skip('pofilter (translate-toolkit) not installed; npm run setup installs it');
  const root = await project(t);
  const english = new Map<string, string>();
  for (const line of (await readFile(join(root, 'source', `${DOCUMENT}.md`), 'utf8')).split('\n')) {
    const m = /^(.*\S) \{#([\w.-]+)\}$/.exec(line);
    if (m) english.set(m[2] ?? '', (m[1] ?? '').replace(/^#+ /, ''));
  }
  for (const lang of await languages(root)) {
    const before = await pofilter(root, lang);
    const file = join(root, 'translations', lang, `${DOCUMENT}.json`);
    const resource = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    // Each defect into a segment of its own (long enough, not one pofilter already flags
    // for that test), the translations restored between the rounds.
    const left = [...DEFECTS];
    while (left.length > 0) {
      const used = new Set<string>();
      const placed = left.splice(0).flatMap((d) => {
        const key = [...english.keys()].find(
          (k) =>
            !used.has(k) &&
            !k.startsWith('meta.') &&
            !before.get(k)?.has(d.test) &&
            (resource[k] ?? '').split(' ').length > 6 &&
            (d.needs?.test(english.get(k) ?? '') ?? true),
        );
        if (key === undefined) return (left.push(d), []);
        used.add(key);
        return [{ ...d, key }];
      });
      assert.ok(placed.length > 0, `${lang}: no segment for ${left.map((d) => d.test).join(', ')}`);
      const changed = { ...resource };
      for (const d of placed)
        changed[d.key] = d.make(resource[d.key] ?? '', english.get(d.key) ?? '');
      await writeFile(file, `${JSON.stringify(changed, null, 2)}\n`);
      const found = await pofilter(
        root,
        lang,
        placed.map((d) => d.test),
      );
      const checked = await check(root, lang);
      for (const d of placed) {
        assert.ok(
          found.get(d.key)?.has(d.test),
          `${lang} ${d.key}: pofilter ${d.test} finds the defect`,
        );
        assert.ok(
          checked.get(d.key)?.has(d.rule),
          `${lang} ${d.key}: check ${d.rule} finds what pofilter ${d.test} finds (check: ${[...(checked.get(d.key) ?? [])].join(', ')})`,
        );
      }
    }
    await writeFile(file, `${JSON.stringify(resource, null, 2)}\n`);
  }
});
