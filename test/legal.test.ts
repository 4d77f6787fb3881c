// The sample legal text (test/fixtures/legal-act.md: articles with numbered paragraphs,
// points (a)–(c), sub-points (i)–(ii), a quote and reference links) built in every
// edition of the registry: the nesting survives into the HTML, the PDF's text and its
// structure tree, and a translation keyed per point lands in its place.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFile, cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { build } from '../scripts/build.ts';
import { LANGUAGES } from './project-registry.ts';
import { ROOT, tempDir, usePrinter } from './helpers.ts';

let dir: string;
const printer = await usePrinter();
const ID = 'legal-act';
const html = (code: string): Promise<string> =>
  readFile(join(dir, 'dist', code, `${ID}.html`), 'utf8');
const pdf = (code: string): string => join(dir, 'dist', code, `${ID}.pdf`);

before(async () => {
  // The legal text with the real translations' registry and interface strings.
  dir = await tempDir('legal-');
  await mkdir(join(dir, 'source'));
  await copyFile(join(ROOT, 'test', 'fixtures', `${ID}.md`), join(dir, 'source', `${ID}.md`));
  await cp(join(ROOT, 'translations'), join(dir, 'translations'), { recursive: true });
  // One point and one sub-point translated: segments stay flat, keyed per point.
  await writeFile(
    join(dir, 'translations', 'hr', `${ID}.json`),
    JSON.stringify({
      'art-1-2-b-i': 'sprječavanje i otkrivanje kaznenih djela;',
      'art-1-2-a': '"Stranka" znači državu članicu SELEC-a;',
    }),
  );
  // The fixture is translated in part: published marked, as --allow-incomplete does.
  await build({ root: dir, outDir: join(dir, 'dist'), printer, allowIncomplete: true });
});

test('every edition of the legal text keeps its points nested: (a)–(c) inside paragraph 2, (i)–(ii) inside point (b)', async () => {
  for (const lang of LANGUAGES) {
    const page = await html(lang.code);
    const article = /<article>([\s\S]*)<\/article>/.exec(page)?.[1] ?? '';
    assert.match(
      article,
      /<li><p id="seg-art-1-2"[^>]*>[^<]*<\/p>\n<ol type="a" class="lower-alpha parens"><li id="seg-art-1-2-a"/,
      lang.code,
    );
    assert.match(
      article,
      /<li><p id="seg-art-1-2-b"[^>]*>[^<]*<\/p>\n<ol type="i" class="lower-roman parens"><li id="seg-art-1-2-b-i"[^>]*>[^<]*<\/li><li id="seg-art-1-2-b-ii"/,
      lang.code,
    );
    assert.match(article, /<blockquote><p id="seg-art-2-1-note"/, lang.code);
    assert.match(
      article,
      /<a title="Convention on the Southeast European Law Enforcement Center" href="https:\/\/www.selec.org\/">/,
      `${lang.code}: the reference link resolves`,
    );
    assert.doesNotMatch(
      article,
      /\[convention\]|\[art-2\]|\{#|\{\./,
      `${lang.code}: no definition, key or numbering line shows as text`,
    );
  }
});

test('a translated point shows in its place, between untranslated points of the same list', async () => {
  const page = (await html('hr')).replace(/\u00ad/g, '');
  assert.match(
    page,
    /<li id="seg-art-1-2-a" data-status="stale"[^>]*>"Stranka" znači državu članicu SELEC-a;<\/li>/,
  );
  assert.match(
    page,
    /<li id="seg-art-1-2-b-i" data-status="stale"[^>]*>sprječavanje i otkrivanje kaznenih djela;<\/li><li id="seg-art-1-2-b-ii" data-status="missing"/,
  );
});

test('the PDF prints the points as (a)–(c) and (i)–(ii) and tags them as lists inside list items', () => {
  const text = execFileSync('pdftotext', ['-layout', pdf('en'), '-'], { encoding: 'utf8' }).replace(
    /\u00ad/g,
    '',
  );
  for (const label of ['(a)', '(b)', '(c)', '(i)', '(ii)'])
    assert.ok(text.includes(label), `the English PDF shows ${label}`);
  // (i) sits further right than (a): it is printed nested, not flat.
  const indent = (label: string): number =>
    text
      .split('\n')
      .find((l) => l.trimStart().startsWith(label))
      ?.search(/\S/) ?? -1;
  assert.ok(
    indent('(i)') > indent('(a)') && indent('(a)') > indent('1.'),
    `indents 1. ${indent('1.')}, (a) ${indent('(a)')}, (i) ${indent('(i)')}`,
  );
  const tree = execFileSync('pdfinfo', ['-struct', pdf('en')], { encoding: 'utf8' });
  const depthOf = (line: string): number => line.search(/\S/);
  const lines = tree.split('\n');
  const lists = lines.filter((l) => /^\s*L \(block\)/.test(l)).map(depthOf);
  // Three levels of lists, each deeper one under an LI of the one above.
  const nested = lines.filter(
    (l, i) =>
      /^\s*L \(block\)/.test(l) &&
      lines
        .slice(0, i)
        .reverse()
        .find((p) => depthOf(p) < depthOf(l))
        ?.trim()
        .startsWith('LI'),
  );
  assert.equal(nested.length, 2, tree);
  assert.equal(new Set(lists).size, 3);
});

test('print shows what the HTML shows: a link visible with its address, the quote set apart, every link described', async () => {
  const { checkConformance } = await import('../scripts/stages/pdf/conformance.ts');
  const layout = execFileSync('pdftotext', ['-layout', pdf('en'), '-'], { encoding: 'utf8' });
  assert.match(
    layout,
    /SELEC Convention <https:\/\/www\.selec\.org\/>/,
    'the external address is printed',
  );
  const indent = (words: string): number => {
    const line = layout.split('\n').find((l) => l.includes(words)) ?? '';
    return line.length - line.trimStart().length;
  };
  assert.ok(
    indent('A request may be refused') > indent('Each Party shall designate'),
    'the quote is indented beyond the paragraph it sits in',
  );
  for (const lang of LANGUAGES) {
    const bytes = await readFile(pdf(lang.code));
    assert.deepEqual(checkConformance(bytes), [], `${lang.code}: links have descriptions`);
  }
});
