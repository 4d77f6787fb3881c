// Footnotes (GFM "[^label]") from the source to every output but the PDF (test/legal.test.ts
// prints those): segments numbered by first reference, located errors for what cannot
// work, HTML references linked both ways, the QA rule, the place a translator sees, and
// the exchange formats carrying each reference as a code, there and back.
import assert from 'node:assert/strict';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { UserError } from '../../scripts/errors.ts';
import { runXliff } from '../../scripts/commands/xliff.ts';
import { checkSegment } from '../../scripts/stages/check.ts';
import { toParts, fromParts } from '../../scripts/stages/exchange/inline.ts';
import { placeSegments } from '../../scripts/stages/places.ts';
import { renderInline } from '../../scripts/stages/sanitize.ts';
import { wrapAbbreviations } from '../../scripts/stages/abbreviations.ts';
import { FIXTURE as PROJECT, doc, tempDir } from '../helpers.ts';

// FRONT is 7 lines: the body's first line is line 8.
const BODY = `
# Demo {#heading}

## Article 1 {#art-1}

1. The Parties cooperate.[^oj] {#art-1-1}
2. They meet yearly.[^oj] Reports are public.[^rep] {#art-1-2}

Done in Bucharest.[^rep] {#done}

[^rep]: Published on the website
  of SELEC. {#fn-reports}

[^oj]: Official Journal, 2019.
`;

function refusal(body: string): UserError {
  try {
    doc(body);
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  assert.fail('expected a UserError');
}

test('notes are segments numbered by first reference, keyed by {#key} or fn-<label>, after the body', () => {
  const { segmented } = doc(BODY);
  assert.deepEqual(
    segmented.notes.map((n) => [n.label, n.key, n.number, n.ref]),
    [
      ['oj', 'fn-oj', 1, 'art-1-1'],
      ['rep', 'fn-reports', 2, 'art-1-2'],
    ],
  );
  const notes = segmented.segments.filter((s) => s.kind === 'note');
  assert.deepEqual(
    notes.map((s) => [s.key, s.text, s.line]),
    [
      ['fn-oj', 'Official Journal, 2019.', 21],
      ['fn-reports', 'Published on the website\nof SELEC.', 18],
    ],
  );
  // The definitions are no paragraphs of the body; the text keeps its references.
  assert.equal(segmented.segments.at(-3)?.key, 'done');
  assert.equal(segmented.segments.find((s) => s.key === 'done')?.line, 16);
  assert.match(
    segmented.segments.find((s) => s.key === 'art-1-2')?.text ?? '',
    /\[\^oj\].*\[\^rep\]/,
  );
  const places = placeSegments(segmented.blocks, segmented.segments, segmented.notes);
  assert.equal(places.get('fn-oj'), 'Footnote 1, referenced in Article 1(1)');
  assert.equal(places.get('fn-reports'), 'Footnote 2, referenced in Article 1(2)');
});

test('a definition inside a fenced code block stays code', () => {
  const { segmented } = doc('\nText {#t}\n\n```\n[^x]: not a note\n```\n');
  assert.deepEqual(segmented.notes, []);
  assert.ok(segmented.blocks.some((b) => b.type === 'code' && b.text.includes('[^x]: not a note')));
});

test('what cannot work is refused at its line, saying what to write', () => {
  const missing = refusal('\nText.[^nowhere] {#t}\n');
  assert.equal(missing.location?.file, 'source/demo.md');
  assert.equal(missing.location?.line, 9);
  assert.match(missing.message, /"\[\^nowhere\]" has no note/);
  assert.match(missing.hint ?? '', /\[\^nowhere\]: the text of the note/);

  const twice = refusal('\nText.[^a] {#t}\n\n[^a]: One.\n\n[^a]: Two.\n');
  assert.equal(twice.location?.line, 13);
  assert.match(twice.message, /defined twice \(first on line 11\)/);

  const nested = refusal('\nText.[^a] {#t}\n\n[^a]: See also[^b].\n\n[^b]: Two.\n');
  assert.match(nested.message, /refers to another note/);

  const empty = refusal('\nText.[^a] {#t}\n\n[^a]:\n');
  assert.match(empty.message, /has no text/);
});

test('abbreviations: the definition is taken out, its expansion a segment; each use marked in the HTML, not in links or code', () => {
  const { segmented } = doc(
    '\nSELEC meets; [SELEC](https://x.org) and `SELEC` do not count. {#t}\n\n*[SELEC]: Southeast European Law Enforcement Center\n*[EU]: European Union {#abbr-union}\n',
  );
  assert.deepEqual(segmented.abbreviations, [
    { abbr: 'SELEC', key: 'abbr-selec' },
    { abbr: 'EU', key: 'abbr-union' },
  ]);
  const seg = segmented.segments.find((s) => s.key === 'abbr-selec');
  assert.deepEqual(
    [seg?.kind, seg?.text, seg?.line],
    ['abbr', 'Southeast European Law Enforcement Center', 11],
  );
  // EU is defined but never used: a warning at its line.
  const unused = segmented.diagnostics.find((d) => d.rule === 'abbreviation-unused');
  assert.equal(unused?.location?.line, 12);
  assert.ok(
    segmented.blocks.every((b) => b.type === 'paragraph'),
    'no definition is a block',
  );
  const html = wrapAbbreviations(
    renderInline('SELEC-a i [SELEC](https://x.org) `SELEC` SELECT EU.').html,
    [
      { abbr: 'SELEC', title: 'Centar "SELEC"' },
      { abbr: 'EU', title: 'Europska unija' },
    ],
  );
  assert.equal(
    html,
    '<abbr title="Centar &quot;SELEC&quot;">SELEC</abbr>-a i <a href="https://x.org">SELEC</a> <code>SELEC</code> SELECT <abbr title="Europska unija">EU</abbr>.',
  );
  const twice = refusal('\nSELEC. {#t}\n\n*[SELEC]: One\n*[SELEC]: Two\n');
  assert.equal(twice.location?.line, 12);
  assert.match(twice.message, /defined twice \(first on line 11\)/);
  const empty = refusal('\nSELEC. {#t}\n\n*[SELEC]:\n');
  assert.match(empty.message, /has no expansion/);
  assert.match(empty.hint ?? '', /\*\[SELEC\]: Southeast European Law Enforcement Center/);
});

test('a note nobody refers to is a warning at its line, and no segment', () => {
  const { segmented } = doc('\nText. {#t}\n\n[^lost]: Nobody reads me.\n');
  assert.deepEqual(segmented.notes, []);
  assert.ok(!segmented.segments.some((s) => s.kind === 'note'));
  const w = segmented.diagnostics.find((d) => d.rule === 'note-unused');
  assert.equal(w?.location?.line, 11);
});

test('HTML: a reference is its number, linked to the note; the first one carries the id the note links back to', () => {
  const { segmented } = doc(BODY);
  const notes = segmented.notes;
  const first = renderInline(
    'They meet.[^oj] Again.[^oj] *Public*.[^rep]',
    {},
    {
      notes,
      segment: 'art-1-2',
    },
  ).html;
  assert.equal(
    first,
    'They meet.<sup class="note-ref"><a href="#seg-fn-oj">1</a></sup> Again.<sup class="note-ref"><a href="#seg-fn-oj">1</a></sup> <em>Public</em>.<sup class="note-ref"><a href="#seg-fn-reports" id="ref-fn-reports">2</a></sup>',
  );
  // Elsewhere (a comparison page) the number alone; a code span keeps the syntax; an
  // unknown label stays as written (npm run check reports it).
  assert.equal(
    renderInline('A.[^oj] `[^oj]` B.[^zz]', {}, { notes }).html,
    'A.<sup class="note-ref">1</sup> <code>[^oj]</code> B.[^zz]',
  );
  // A translator cannot smuggle in the private-use marks the renderer uses.
  assert.equal(renderInline('x\uE0001\uE001', {}, { notes }).html, 'x1');
  assert.equal(renderInline('y\uE0021\uE003', {}, { notes }).html, 'y1');
});

test('check: a translation must keep the references of the English, labels unchanged', () => {
  const base = {
    lang: 'sr-Cyrl',
    script: 'Cyrl' as const,
    document: 'demo',
    key: 'art-1-2',
    english: 'They meet yearly.[^oj] Reports are public.[^rep]',
  };
  const ok = checkSegment(
    { ...base, translation: 'Састају се годишње.[^oj] Извештаји су јавни.[^rep]' },
    { properNames: new Set() },
  );
  assert.deepEqual(
    ok.map((f) => f.rule),
    [],
    'the Latin labels are no foreign words in a Cyrillic text',
  );
  const lost = checkSegment(
    { ...base, translation: 'Састају се годишње.[^oj] Извештаји су јавни.[^izv]' },
    { properNames: new Set() },
  );
  const finding = lost.find((f) => f.rule === 'notes');
  assert.equal(finding?.severity, 'error');
  assert.match(finding?.message ?? '', /missing \[\^rep\], unexpected \[\^izv\]/);
});

test('exchange: a reference is a code that comes back as written', () => {
  const md = 'The Parties[^oj] and *the Center[^rep]*.';
  const parts = toParts(md);
  assert.deepEqual(parts[1], { code: 'ph', id: '1', kind: 'note', text: '[^oj]' });
  assert.equal(fromParts(parts), md);
});

async function xliff(root: string, ...args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const io = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: () => undefined },
    env: {},
    cwd: root,
  };
  const code = await runXliff(args, io, 'xliff2');
  return { code, stdout };
}

test('exchange: each note is a unit named by its place; its reference a code; a translation comes back with both', async (t) => {
  const root = await tempDir('notes-xliff-', t);
  await cp(fileURLToPath(new URL('../fixtures/xliff-project/', import.meta.url)), root, {
    recursive: true,
  });
  await cp(
    join(PROJECT, 'translations', 'languages.json'),
    join(root, 'translations', 'languages.json'),
  );
  await cp(
    fileURLToPath(new URL('../fixtures/legal-act.md', import.meta.url)),
    join(root, 'source', 'legal-act.md'),
  );
  const args = ['--lang', 'hr', '--document', 'legal-act'];
  const x12 = (await xliff(root, 'export', ...args, '--format', 'xliff12', '--out', '-')).stdout;
  assert.match(
    x12,
    /<trans-unit id="fn-convention">\s*<source>Convention of the Southeast European Law Enforcement Center, signed in Bucharest on 9 December 2009\.<\/source>[\s\S]*?<note>Footnote 1, referenced in Article 1\(1\) · fn-convention<\/note>/,
  );
  assert.match(
    x12,
    /<trans-unit id="art-1-1">\s*<source>[^<]*<bpt[^>]*>[\s\S]*?<ph id="\d+" ctype="x-footnote-ref">\[\^convention\]<\/ph><\/source>/,
  );
  const po = (await xliff(root, 'export', ...args, '--format', 'po', '--out', '-')).stdout;
  assert.match(po, /#\. Footnote 2, referenced in Article 2\(1\) · fn-liaison\n/);
  // The expansion of an abbreviation is named by the abbreviation.
  assert.match(
    po,
    /#\. Abbreviation SELEC · abbr-selec\nmsgctxt "legal-act\/abbr-selec"\nmsgid "Southeast European Law Enforcement Center"/,
  );

  // The translator fills two units in XLIFF 2.0, the reference placed as the code it is.
  const file = join(root, 'legal-act.hr.xlf');
  await xliff(root, 'export', ...args, '--format', 'xliff2', '--out', file);
  let text = await readFile(file, 'utf8');
  const fill = (key: string, target: string): void => {
    const re = new RegExp(
      `(<unit id="${key}"[\\s\\S]*?)<segment state="initial">(\\s*<source>[\\s\\S]*?</source>)`,
    );
    assert.match(text, re, key);
    text = text.replace(re, `$1<segment state="translated">$2<target>${target}</target>`);
  };
  const ph = /<unit id="art-2-1"[\s\S]*?<source>[^<]*(<ph [^>]*\/>)<\/source>/.exec(text)?.[1];
  assert.ok(ph, 'the reference of art-2-1 is a placeholder');
  fill('art-2-1', `Stranke razmjenjuju operativne informacije putem časnika za vezu.${ph}`);
  fill('fn-liaison', 'Države članice upućuju časnike za vezu u sjedište SELEC-a.');
  await writeFile(file, text);
  const back = await xliff(root, 'import', file);
  assert.equal(back.code, 0, back.stdout);
  const saved = JSON.parse(
    await readFile(join(root, 'translations', 'hr', 'legal-act.json'), 'utf8'),
  );
  assert.equal(
    saved['art-2-1'],
    'Stranke razmjenjuju operativne informacije putem časnika za vezu.[^liaison]',
  );
  assert.equal(saved['fn-liaison'], 'Države članice upućuju časnike za vezu u sjedište SELEC-a.');
});

test('the front matter asks for the list of abbreviations with "abbreviations: list", and nothing else', () => {
  const front = (value: string): string =>
    `---\nid: demo\ntitle: Demo\nplace: Bucharest\ndate: 2019-10-31\nissuer: Test\nabbreviations: ${value}\n---\n`;
  assert.equal(doc('\nSELEC. {#t}\n', front('list')).doc.meta.abbreviationList, true);
  try {
    doc('\nSELEC. {#t}\n', front('yes'));
    assert.fail('expected a UserError');
  } catch (e) {
    assert.ok(e instanceof UserError);
    assert.equal(e.location?.line, 7);
    assert.match(e.hint ?? '', /abbreviations: list/);
  }
});

test('labels match whatever their case; any label makes a key (fn-<label> in key letters); a definition may be indented up to three spaces', () => {
  const { segmented } = doc(
    '\n| Party {#h1} | Note {#h2} |\n|---|---|\n| Albania[^Note_One] {#c1} | x[^note_one] {#c2} |\n\n   [^NOTE_ONE]: In a table cell.\n',
  );
  assert.deepEqual(
    segmented.notes.map((n) => [n.key, n.number, n.ref]),
    [['fn-note-one', 1, 'c1']],
  );
  const html = renderInline('x[^note_one]', {}, { notes: segmented.notes, segment: 'c2' }).html;
  assert.equal(html, 'x<sup class="note-ref"><a href="#seg-fn-note-one">1</a></sup>');
  const unnamed = refusal('\nText.[^пример] {#t}\n\n[^пример]: Cyrillic label.\n');
  assert.match(unnamed.message, /cannot name its segment/);
  assert.match(unnamed.hint ?? '', /\{#fn-1\}/);
  const named = doc('\nText.[^пример] {#t}\n\n[^пример]: Cyrillic label. {#fn-example}\n');
  assert.equal(named.segmented.notes[0]?.key, 'fn-example');
});
