// The plan phase: an edition whose inputs did not change since the last build, and whose
// files are intact, is neither rendered nor printed again; every input it is made from
// does bring it back, and what its rendering said is said again when it is skipped.
import assert from 'node:assert/strict';
import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { build, type BuildEvent, type BuildResult } from '../scripts/build.ts';
import { fixtureProject, usePrinter } from './helpers.ts';

const printer = await usePrinter();
let root: string;
before(async () => {
  root = await fixtureProject();
});

const LANGS = ['en', 'hr', 'sr-Cyrl', 'sr-Latn'];
const DOC = 'cooperation-statement';
const OTHER = 'training-programme';
/** The editions of `langs` of the documents `docs`, as "lang/document", sorted. */
const of = (langs: readonly string[], docs: readonly string[] = [DOC, OTHER]): string[] =>
  langs.flatMap((l) => docs.map((d) => `${l}/${d}`)).sort();

/** One build of LANGS: the editions it rendered (the start event's count), those it printed ("lang/document"), its warnings. */
async function run(): Promise<{
  rendered: number;
  printed: string[];
  warnings: string[];
  result: BuildResult;
}> {
  const events: BuildEvent[] = [];
  const result = await build({ root, printer, langs: LANGS, onEvent: (e) => events.push(e) });
  const start = events.find((e) => e.type === 'start');
  assert.ok(start && start.type === 'start');
  const printed = events
    .flatMap((e) =>
      e.type === 'edition' && e.result === 'printed' ? [`${e.lang}/${e.document}`] : [],
    )
    .sort();
  const warnings = events.flatMap((e) =>
    e.type === 'diagnostic' && e.diagnostic.severity === 'warning'
      ? [`${e.diagnostic.rule}:${e.diagnostic.key ?? ''}`]
      : [],
  );
  return { rendered: start.toPrint, printed, warnings, result };
}

async function edit(rel: string, change: (text: string) => string): Promise<void> {
  const file = join(root, rel);
  await writeFile(file, change(await readFile(file, 'utf8')));
}

/** The first key of a body segment (not the front matter's meta.* strings). */
async function firstKey(rel: string): Promise<string> {
  return (
    Object.keys(JSON.parse(await readFile(join(root, rel), 'utf8')) as Record<string, string>).find(
      (k) => !k.startsWith('meta.'),
    ) ?? ''
  );
}

test('a build with nothing changed renders and prints nothing', async () => {
  const first = await run();
  assert.equal(first.rendered, of(LANGS).length);
  assert.deepEqual(first.printed, of(LANGS));
  const second = await run();
  assert.equal(second.rendered, 0);
  assert.deepEqual(second.printed, []);
  assert.equal(second.result.failed, 0);
});

test('each input brings back exactly the editions made from it', async () => {
  const doc = DOC;
  const key = await firstKey(`translations/hr/${doc}.json`);
  const cases: Array<{ what: string; change: () => Promise<void>; expect: string[] }> = [
    {
      what: 'a Croatian translation',
      change: () =>
        edit(`translations/hr/${doc}.json`, (t) =>
          t.replace(`"${key}": "`, `"${key}": "Izmjena: `),
        ),
      expect: of(['hr'], [DOC]),
    },
    {
      what: 'a Serbian (Cyrillic) translation: its Latin edition follows',
      change: () =>
        edit(`translations/sr-Cyrl/${doc}.json`, (t) =>
          t.replace(`"${key}": "`, `"${key}": "Измена: `),
        ),
      expect: of(['sr-Cyrl', 'sr-Latn'], [DOC]),
    },
    {
      what: 'the Croatian interface strings',
      change: () => edit('translations/hr/ui.json', (t) => t.replace(/": "/, '": "Izmjena ')),
      expect: of(['hr']),
    },
    {
      what: 'the English interface strings, every language falls back to',
      change: () => edit('translations/en/ui.json', (t) => t.replace(/": "/, '": "Changed ')),
      expect: of(LANGS),
    },
    {
      what: 'the English source',
      change: () => edit(`source/${doc}.md`, (t) => t.replace(/\n\n([A-Z])/, '\n\nChanged: $1')),
      expect: of(LANGS, [DOC]),
    },
    {
      what: 'the Croatian hyphenation exceptions',
      change: () =>
        appendFile(join(root, 'translations/hr/hyphenation.txt'), '\nsje-ver-no-is-toč-ne\n'),
      expect: of(['hr']),
    },
  ];
  for (const c of cases) {
    await c.change();
    const { rendered, printed } = await run();
    assert.equal(
      rendered,
      c.expect.length,
      `${c.what}: rendered ${rendered} editions, expected ${c.expect.join(', ')}`,
    );
    assert.ok(
      printed.every((e) => c.expect.includes(e)),
      `${c.what}: printed ${printed.join(', ')}`,
    );
  }
});

test('a skipped edition says again what its rendering said, so --strict still fails on it', async () => {
  // Unsafe HTML in the English: the English edition is published without it, with a warning
  // (a translation without it would differ in markup, an error the gate keeps out).
  const source = `source/${DOC}.md`;
  const original = await readFile(join(root, source), 'utf8');
  const line = original.split('\n').find((l) => /^[A-Z][a-z]+ .*\{#[\w-]+\}$/.test(l)) ?? '';
  const key = /\{#([\w-]+)\}$/.exec(line)?.[1] ?? '';
  await edit(source, (t) => t.replace(line, line.replace(' {#', ' <iframe src="x"></iframe> {#')));
  try {
    const first = await run();
    assert.ok(first.warnings.includes(`html-removed:${key}`), first.warnings.join('\n'));
    const second = await run();
    assert.equal(second.rendered, 0);
    assert.ok(
      second.warnings.includes(`html-removed:${key}`),
      'the warning is gone when the edition is not rendered again',
    );
  } finally {
    await writeFile(join(root, source), original);
    await run();
  }
});

test('an edition whose HTML or PDF was removed or altered is rendered again and restored', async () => {
  const html = join(root, 'dist', 'hr', `${DOC}.html`);
  const before = await readFile(html, 'utf8');
  await writeFile(html, before.replace('</body>', '<p>tampered</p></body>'));
  const tampered = await run();
  assert.equal(tampered.rendered, 1);
  assert.deepEqual(
    tampered.printed,
    [],
    'the page rendered again is the one its PDF was printed from',
  );
  assert.equal(await readFile(html, 'utf8'), before);
  await rm(join(root, 'dist', 'en', `${DOC}.pdf`));
  const removed = await run();
  assert.equal(removed.rendered, 1);
  assert.deepEqual(removed.printed, [`en/${DOC}`]);
});
