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
      // A translated reference and its translated note.
      'art-2-1': 'Stranke razmjenjuju operativne informacije putem časnika za vezu.[^liaison]',
      'fn-liaison': 'Države članice upućuju časnike za vezu u sjedište SELEC-a.',
      'abbr-selec': 'Centar za provedbu zakona u Jugoistočnoj Europi',
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
    /<li id="seg-art-1-2-a" data-status="stale"[^>]*>"Stranka" znači državu članicu <abbr title="Centar za provedbu zakona u Jugoistočnoj Europi">SELEC<\/abbr>-a;<\/li>/,
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
  const all = tree.split('\n');
  // The text's lists: the list of notes at the end is not one of them.
  const firstNote = all.findIndex((l) => /^\s*Note\b/.test(l));
  const before = all.slice(0, firstNote < 0 ? all.length : firstNote);
  const notesList = before.map((l) => /^\s*L \(block\)/.test(l)).lastIndexOf(true);
  const lines = all.slice(0, notesList < 0 ? all.length : notesList);
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

test('footnotes: a numbered reference linked to its note and back, the notes after the text in every edition', async () => {
  for (const lang of LANGUAGES) {
    const page = (await html(lang.code)).replace(/\u00ad/g, '');
    const article = /<article>([\s\S]*)<\/article>/.exec(page)?.[1] ?? '';
    assert.doesNotMatch(article, /\[\^/, `${lang.code}: no reference or definition shows as text`);
    assert.match(
      article,
      /<sup class="note-ref"><a href="#seg-fn-convention" id="ref-fn-convention">1<\/a><\/sup>/,
      lang.code,
    );
    assert.match(
      article,
      /<sup class="note-ref"><a href="#seg-fn-liaison" id="ref-fn-liaison">2<\/a><\/sup>/,
      lang.code,
    );
    const notes = /<section class="notes"[\s\S]*<\/section>/.exec(article)?.[0] ?? '';
    assert.match(notes, /<h2 id="notes-heading">[^<]+<\/h2>/, lang.code);
    assert.match(
      notes,
      /<ol class="notes"><li><figure id="seg-fn-convention"[^>]*class="note[ "][^>]*>[^<]*Bucharest[^<]*<a class="note-back" href="#ref-fn-convention"[^>]*>\^<\/a><\/figure><\/li>\n<li><figure id="seg-fn-liaison"[^>]*class="note[ "]/,
      lang.code,
    );
  }
  const hr = (await html('hr')).replace(/\u00ad/g, '');
  assert.match(hr, /<h2 id="notes-heading">Bilješke<\/h2>/);
  // An untranslated note is marked as any passage is: one class attribute, both classes.
  assert.match(
    hr,
    /<figure id="seg-fn-convention" data-status="missing" lang="en" class="note fallback"/,
  );
  assert.match(
    hr,
    /časnika za vezu\.<sup class="note-ref"><a href="#seg-fn-liaison" id="ref-fn-liaison">2</,
  );
  assert.match(
    hr,
    /id="seg-fn-liaison"[^>]*>Države članice upućuju časnike za vezu u sjedište <abbr title="[^"]+">SELEC<\/abbr>-a\./,
  );
});

test('footnotes in the PDF: numbered notes after the text, tagged Note with an ID, each reference a Reference around its Link', async () => {
  const { readPdf: parse } = await import('../scripts/stages/pdf/file.ts');
  const { structElems } = await import('../scripts/stages/pdf/structure.ts');
  const { checkConformance } = await import('../scripts/stages/pdf/conformance.ts');
  const text = (code: string): string =>
    execFileSync('pdftotext', [pdf(code), '-'], { encoding: 'utf8' }).replace(/\u00ad/g, '');
  const en = text('en').replace(/-\n/g, '').replace(/\s+/g, ' ');
  const end = en.indexOf('This Article shall apply from the date of entry into force.');
  const first = en.indexOf(
    'Convention of the Southeast European Law Enforcement Center, signed in Bucharest on 9 December 2009.',
  );
  const second = en.indexOf(
    'Liaison officers are seconded to the Headquarters of SELEC by the Member States.',
  );
  assert.ok(end > 0 && first > end && second > first, 'the notes come after the text, in order');
  assert.match(en, /Notes 1\. Convention of the Southeast/);
  assert.match(
    text('hr').replace(/\s+/g, ' '),
    /Države članice upućuju časnike za vezu u sjedište SELEC-a\./,
  );
  for (const lang of LANGUAGES) {
    const bytes = await readFile(pdf(lang.code));
    const elems = structElems(parse(new Uint8Array(bytes)));
    const type = (e: (typeof elems)[number]): string =>
      (e.elem.entries.get('S') as { name?: string } | undefined)?.name ?? '';
    const notes = elems.filter((e) => type(e) === 'Note');
    assert.equal(notes.length, 2, `${lang.code}: two Note elements`);
    const ids = notes.map(
      (n) => (n.elem.entries.get('ID') as { bytes?: string } | undefined)?.bytes,
    );
    assert.ok(
      ids.every((id) => typeof id === 'string' && id !== ''),
      `${lang.code}: each Note has an ID`,
    );
    assert.equal(new Set(ids).size, 2, `${lang.code}: the IDs differ`);
    assert.equal(
      elems.filter((e) => type(e) === 'Figure').length,
      0,
      `${lang.code}: no Figure left`,
    );
    assert.deepEqual(checkConformance(bytes), [], lang.code);
  }
  // poppler reads the same tree: a Reference holding a Link, twice.
  const tree = execFileSync('pdfinfo', ['-struct', pdf('en')], { encoding: 'utf8' }).split('\n');
  const refs = tree.flatMap((l, i) => (/^\s*Reference\b/.test(l) ? [tree[i + 1] ?? ''] : []));
  assert.equal(refs.length, 2, tree.join('\n'));
  for (const next of refs) assert.match(next, /^\s*Link\b/);
  assert.equal(tree.filter((l) => /^\s*Note\b/.test(l)).length, 2);
});

test('an abbreviation is marked wherever the text uses it, its expansion in the language of the edition, in the HTML and as /E in the PDF', async () => {
  const { readPdf: parse } = await import('../scripts/stages/pdf/file.ts');
  const { structElems } = await import('../scripts/stages/pdf/structure.ts');
  const { decodeText, isString } = await import('../scripts/stages/pdf/objects.ts');
  const expansions = async (code: string): Promise<string[]> => {
    const elems = structElems(parse(new Uint8Array(await readFile(pdf(code)))));
    return elems.flatMap(({ elem }) => {
      const e = elem.entries.get('E');
      return isString(e) ? [decodeText(e)] : [];
    });
  };
  for (const lang of LANGUAGES) {
    const article = /<article>([\s\S]*)<\/article>/.exec(await html(lang.code))?.[1] ?? '';
    assert.doesNotMatch(article, /\*\[?SELEC\]?:/, `${lang.code}: the definition is not printed`);
    assert.match(article, /<abbr title="[^"]+">SELEC<\/abbr>/, lang.code);
    const text = execFileSync('pdftotext', [pdf(lang.code), '-'], { encoding: 'utf8' });
    assert.doesNotMatch(text, /\*\[?SELEC\]?:/, `${lang.code}: nor in the PDF`);
  }
  const en = await html('en');
  assert.equal(
    en.match(/<abbr title="Southeast European Law Enforcement Center">SELEC<\/abbr>/g)?.length,
    2,
  );
  assert.match(
    (await html('hr')).replace(/\u00ad/g, ''),
    /<abbr title="Centar za provedbu zakona u Jugoistočnoj Europi">SELEC<\/abbr>-a/,
  );
  // "abbreviations: list" in the front matter: the list after the text, in each language.
  assert.match(
    en,
    /<h2 id="abbreviations-heading">Abbreviations<\/h2>\n<dl class="abbreviations"><dt>SELEC<\/dt><dd id="seg-abbr-selec" data-status="source">/,
  );
  assert.match(
    (await html('hr')).replace(/\u00ad/g, ''),
    /<h2 id="abbreviations-heading">Kratice<\/h2>\n<dl class="abbreviations"><dt>SELEC<\/dt><dd id="seg-abbr-selec"[^>]*>Centar za provedbu zakona u Jugoistočnoj Europi<\/dd>/,
  );
  // Two uses in the text and the entry of the list.
  assert.deepEqual(await expansions('en'), [
    'Southeast European Law Enforcement Center',
    'Southeast European Law Enforcement Center',
    'Southeast European Law Enforcement Center',
  ]);
  assert.ok(
    (await expansions('hr')).includes('Centar za provedbu zakona u Jugoistočnoj Europi'),
    'the Croatian PDF expands SELEC in Croatian',
  );
});
