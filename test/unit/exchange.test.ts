import fc from 'fast-check';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cp, readFile, readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { UserError } from '../../scripts/errors.ts';
import { fingerprint } from '../../scripts/stages/merge.ts';
import { FORMATS, detectFormat, type FormatId } from '../../scripts/stages/exchange/formats.ts';
import {
  alignTarget,
  codeIds,
  codeTable,
  fromParts,
  restore,
  toParts,
  type IdPart,
  type Part,
} from '../../scripts/stages/exchange/inline.ts';
import type { ExchangeUnit } from '../../scripts/stages/exchange/model.ts';
import { runXliff } from '../../scripts/commands/xliff.ts';
import { FIXTURE as PROJECT, fixtureProject, runMain, tempDir } from '../helpers.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/xliff-project/', import.meta.url));
const XSD = fileURLToPath(new URL('../fixtures/xsd/', import.meta.url));
const FORMAT_IDS = Object.keys(FORMATS) as FormatId[];

/** The XLIFF fixture (one short document, a partial hr translation) with the fixture project's registry. */
async function project(): Promise<string> {
  const root = await tempDir('exchange-');
  await cp(FIXTURE, root, { recursive: true });
  await cp(
    join(PROJECT, 'translations', 'languages.json'),
    join(root, 'translations', 'languages.json'),
  );
  return root;
}

async function run(
  root: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runXliff(
    args,
    {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      env: {},
      cwd: root,
    },
    'xliff2',
  );
  return { code, stdout, stderr };
}

/** Every file under `root` but dist/, with its bytes. */
async function snapshot(root: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (!entry.isFile() || relative(root, path).startsWith('dist')) continue;
    out.set(relative(root, path), await readFile(path));
  }
  return out;
}

const read = (root: string, path: string): Promise<string> => readFile(join(root, path), 'utf8');
const json = async (root: string, path: string): Promise<Record<string, unknown>> =>
  JSON.parse(await read(root, path)) as Record<string, unknown>;
const fileOf = (format: FormatId): string => `exports/xliff/hr${FORMATS[format].extension}`;
const has = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const missing = (...tools: string[]): string | false => {
  const absent = tools.filter((t) => !has(t));
  return absent.length > 0
    ? `${absent.join(', ')} not installed here (npm run setup installs them; CI always has them)`
    : false;
};

async function edit(root: string, path: string, from: string | RegExp, to: string): Promise<void> {
  const text = await read(root, path);
  assert.ok(
    typeof from === 'string' ? text.includes(from) : from.test(text),
    `${path} contains ${String(from)}`,
  );
  await writeFile(join(root, path), text.replace(from, to));
}

/** Where a unit of "demo" starts in a file of `format`: the line each import message gives. */
const UNIT_START: Record<FormatId, (key: string) => string> = {
  xliff2: (key) => `<unit id="${key}"`,
  xliff12: (key) => `<trans-unit id="${key}"`,
  po: (key) => `msgctxt "demo/${key}"`,
};

/** "<file>:<line>" of a unit in the translator's file, as import messages name it. */
async function placeOf(root: string, file: string, format: FormatId, key: string): Promise<string> {
  const text = await read(root, file);
  const at = text.indexOf(UNIT_START[format](key));
  assert.ok(at >= 0, `${file} has the unit ${key}`);
  return `${file}:${text.slice(0, at).split('\n').length}`;
}

/** The message of the unit "knowing" when its stale translation comes back unconfirmed. */
const stillStale = (place: string): string =>
  `still stale demo knowing (${place}, English at source/demo.md:13): the English changed since it was translated; revise the target, or mark it translated in your tool\n`;

/** Rewords the English of "knowing" (the fixture's translation of it is stale already). */
async function makeStale(root: string): Promise<void> {
  await edit(
    root,
    'source/demo.md',
    '*Knowing* that cooperation is essential',
    '*Knowing* that close cooperation is essential',
  );
}

for (const format of FORMAT_IDS) {
  test(`${format}: export then import of the untouched file leaves the repository byte-identical, stale units included`, async () => {
    const root = await project();
    await makeStale(root);
    const exported = await run(root, 'export', '--lang', 'hr', '--format', format);
    assert.equal(exported.code, 0);
    assert.equal(
      exported.stdout,
      `exported hr to ${fileOf(format)} (${FORMATS[format].name}): 7 units: 4 translated, 0 reviewed, 0 final, 1 stale, 2 not translated\n`,
    );
    assert.equal(
      (await run(root, 'export', '--lang', 'hr', '--format', format, '--out', '-')).stdout,
      await read(root, fileOf(format)),
      'deterministic',
    );
    const before = await snapshot(root);
    const imported = await run(root, 'import', fileOf(format));
    assert.equal(
      imported.stdout,
      `imported ${fileOf(format)} (${FORMATS[format].name}) into translations/hr/: 0 written, 0 confirmed up to date, 4 unchanged, 1 still stale, 0 refused, 0 skipped\n`,
    );
    assert.equal(
      imported.stderr,
      stillStale(await placeOf(root, fileOf(format), format, 'knowing')),
    );
    assert.equal(imported.code, 0);
    assert.deepEqual(await snapshot(root), before);
  });
}

test('a stale unit reaches the translator with its previous English, in each format', async () => {
  const root = await project();
  await makeStale(root);
  const text = async (format: FormatId): Promise<string> =>
    (await run(root, 'export', '--lang', 'hr', '--format', format, '--out', '-')).stdout;
  const x2 = await text('xliff2');
  assert.match(
    x2,
    /<note>The English changed since this was translated\. Previous English: \*Knowing\* that cooperation matters<\/note>\n\s*<\/notes>\n\s*<originalData><data id="s1">\*<\/data><data id="e1">\*<\/data><\/originalData>\n\s*<segment state="initial">\n\s*<source><pc id="1" dataRefEnd="e1" dataRefStart="s1" subType="xlf:i" type="fmt">Knowing<\/pc> that close cooperation is essential<\/source>\n\s*<target><pc id="1" [^>]*>Znajući<\/pc> da je suradnja bitna<\/target>/,
  );
  const x12 = await text('xliff12');
  assert.match(
    x12,
    /<trans-unit id="knowing">\n\s*<source><bpt id="1" ctype="italic">\*<\/bpt>Knowing<ept id="1">\*<\/ept> that close cooperation is essential<\/source>\n\s*<target state="needs-review-translation"><bpt id="1" ctype="italic">\*<\/bpt>Znajući<ept id="1">\*<\/ept> da je suradnja bitna<\/target>\n\s*<note>demo · knowing · source\/demo\.md:13<\/note>\n\s*<note>Recital 1 · knowing<\/note>\n\s*<note>The English changed since this was translated\. Previous English: \*Knowing\* that cooperation matters<\/note>/,
  );
  const po = await text('po');
  assert.match(
    po,
    /#: source\/demo\.md:13\n#\. demo · knowing · source\/demo\.md:13\n#\. Recital 1 · knowing\n#\. Markdown: keep its markup[^\n]*\n#, fuzzy\n#\| msgid "\*Knowing\* that cooperation matters"\nmsgctxt "demo\/knowing"\nmsgid "\*Knowing\* that close cooperation is essential"\nmsgstr "\*Znajući\* da je suradnja bitna"\n/,
  );
  // Untranslated units: 2.0 initial without target, 1.2 an empty target in state "new", PO an empty msgstr.
  assert.match(
    x2,
    /<unit id="commit" canResegment="no">[\s\S]*?<segment state="initial">\n\s*<source>We commit to &amp;amp; work together<\/source>\n\s*<\/segment>/,
  );
  assert.match(
    x12,
    /<trans-unit id="commit">\n\s*<source>We commit to &amp;amp; work together<\/source>\n\s*<target state="new"><\/target>/,
  );
  assert.match(po, /msgctxt "demo\/commit"\nmsgid "We commit to &amp; work together"\nmsgstr ""\n/);
});

const CONFIRM: Record<FormatId, [string | RegExp, string]> = {
  xliff2: [
    /(<unit id="knowing"[\s\S]*?)<segment state="initial">/,
    '$1<segment state="translated">',
  ],
  xliff12: ['<target state="needs-review-translation">', '<target state="translated">'],
  po: ['#, fuzzy\n', ''],
};

for (const format of FORMAT_IDS) {
  test(`${format}: a stale unit marked translated, or changed, is up to date after import`, async () => {
    const root = await project();
    await makeStale(root);
    await run(root, 'export', '--lang', 'hr', '--format', format);
    const [from, to] = CONFIRM[format];
    await edit(root, fileOf(format), from, to);
    const confirmed = await run(root, 'import', fileOf(format));
    assert.match(
      confirmed.stdout,
      /: 0 written, 1 confirmed up to date, 4 unchanged, 0 still stale, 0 refused, 0 skipped\n$/,
    );
    const english = '*Knowing* that close cooperation is essential';
    assert.deepEqual((await json(root, 'translations/hr/demo.source.json'))['knowing'], {
      sha: fingerprint(english),
      en: english,
    });

    // Reword it again, and this time the translator revises the text but leaves the state.
    await edit(root, 'source/demo.md', english, '*Knowing* that close cooperation is vital');
    await run(root, 'export', '--lang', 'hr', '--format', format);
    await edit(root, fileOf(format), 'da je suradnja bitna', 'da je bliska suradnja ključna');
    const written = await run(root, 'import', fileOf(format));
    assert.match(
      written.stdout,
      /: 1 written, 0 confirmed up to date, 4 unchanged, 0 still stale, 0 refused, 0 skipped\n$/,
    );
    assert.equal(
      (await json(root, 'translations/hr/demo.json'))['knowing'],
      '*Znajući* da je bliska suradnja ključna',
    );
    assert.equal(
      ((await json(root, 'translations/hr/demo.source.json'))['knowing'] as { en: string }).en,
      '*Knowing* that close cooperation is vital',
    );
  });
}

const LOSE_CODE: Record<FormatId, [string | RegExp, string, string]> = {
  xliff2: [
    /<target><pc id="1"([^>]*)>Znajući<\/pc>/,
    '<target>Znajući',
    'inline code 1 of the English is missing (*…*)',
  ],
  xliff12: [
    /(Znajući)<ept id="1">\*<\/ept>/,
    '$1',
    'the inline codes are unbalanced: start code 1 is never closed; restore the inline codes (tags) as they are in the source',
  ],
  po: [
    'msgstr "*Znajući* da',
    'msgstr "Znajući da',
    'the markup "*…*" is missing from the translation; keep it',
  ],
};

for (const format of FORMAT_IDS) {
  test(`${format}: a target whose inline codes were lost or broken is refused, naming the unit`, async () => {
    const root = await project();
    await run(root, 'export', '--lang', 'hr', '--format', format);
    const [from, to, message] = LOSE_CODE[format];
    await edit(root, fileOf(format), from, to);
    const before = await snapshot(root);
    const result = await run(root, 'import', fileOf(format));
    assert.equal(result.code, 1);
    const place = await placeOf(root, fileOf(format), format, 'knowing');
    assert.ok(
      result.stderr.startsWith(`refused demo knowing (${place}, English at source/demo.md:13): `),
      result.stderr,
    );
    assert.ok(result.stderr.includes(message), result.stderr);
    assert.deepEqual(await snapshot(root), before);
  });
}

test('an untouched fresh export of the fixture project imports with 0 refused and exit 0, in every format and language', async (t) => {
  const root = await fixtureProject(t);
  for (const lang of ['hr', 'el', 'sr-Cyrl'])
    for (const format of FORMAT_IDS) {
      const file = `fresh-${lang}${FORMATS[format].extension}`;
      const args = ['xliff', 'export', '--lang', lang, '--format', format, '--out', file];
      assert.equal((await runMain(root, args)).code, 0);
      const before = await snapshot(root);
      const imported = await runMain(root, ['xliff', 'import', file]);
      assert.equal(imported.stderr, '', `${file}: nothing refused, skipped or stale`);
      assert.match(
        imported.stdout,
        /: 0 written, 0 confirmed up to date, \d+ unchanged, 0 still stale, 0 refused, 0 skipped\n$/,
      );
      assert.equal(imported.code, 0, file);
      assert.deepEqual(await snapshot(root), before, `${file} changed nothing`);
    }
  // The case that was refused: el has no translation of "requests", whose English has a link.
  assert.match(
    await read(root, 'fresh-el.xliff'),
    /<trans-unit id="requests">\n\s*<source>[^\n]*<bpt id="1" ctype="link">[^\n]*\n\s*<target state="new"><\/target>/,
  );
  // A tool that gives every unit of XLIFF 2.0 an empty target is as untouched.
  await edit(
    root,
    'fresh-el.xlf',
    /(<unit id="requests"[\s\S]*?<\/source>)/,
    '$1<target></target>',
  );
  const empty = await runMain(root, ['xliff', 'import', 'fresh-el.xlf']);
  assert.deepEqual([empty.code, empty.stderr], [0, '']);
});

test('XLIFF 1.2: broken units among good ones are refused, each by name and line; the good ones are imported; exit 1', async (t) => {
  const root = await fixtureProject(t);
  const file = 'hr.xliff';
  await runMain(root, ['xliff', 'export', '--lang', 'hr', '--format', 'xliff12', '--out', file]);
  // Two revised units; in "duration" a closing tag was lost, "course-liaison" has a made-up state.
  await edit(root, file, '>Tečajevi</target>', '>Programi tečajeva</target>');
  await edit(root, file, 'krivotvorenih isprava', 'krivotvorenih dokumenata');
  await edit(root, file, 'pet dana<ept id="1">**</ept>', 'punih pet dana');
  await edit(
    root,
    file,
    /(<trans-unit id="course-liaison"[^>]*>\n\s*<source>[^<]*<\/source>\n\s*<target state=")translated(">)[^<]*/,
    '$1almost-done$2Suradnja s časnicima za vezu SELEC-a',
  );
  const resource = 'translations/hr/training-programme.json';
  const stored = await json(root, resource);
  const result = await runMain(root, ['xliff', 'import', file]);
  assert.equal(
    result.stderr,
    `refused training-programme course-liaison (${await placeOf(root, file, 'xliff12', 'course-liaison')}, English at source/training-programme.md:19): the state "almost-done" is not one of XLIFF 1.2; use new, needs-review-translation, translated, signed-off or final\n` +
      `refused training-programme duration (${await placeOf(root, file, 'xliff12', 'duration')}, English at source/training-programme.md:21): the inline codes are unbalanced: start code 1 is never closed; restore the inline codes (tags) as they are in the source, then save again\n`,
  );
  assert.match(
    result.stdout,
    /: 2 written, 0 confirmed up to date, 23 unchanged, 0 still stale, 2 refused, 0 skipped\n$/,
  );
  assert.equal(result.code, 1);
  assert.deepEqual(await json(root, resource), {
    ...stored,
    courses: 'Programi tečajeva',
    'course-documents': 'Otkrivanje krivotvorenih dokumenata',
  });
});

const REF_EN =
  'They act under the [SELEC Convention][convention], in particular its [Article 3][art].';
const REF_HR =
  'Djeluju na temelju [Konvencije SELEC-a][convention], osobito njezina [članka 3.][art].';

/**
 * The fixture project with a paragraph of reference-style links ("legal-basis"; the labels
 * are defined at the end of the English) and its up-to-date hr translation.
 */
async function withReferenceLinks(t: { after(fn: () => unknown): void }): Promise<string> {
  const root = await fixtureProject(t);
  await edit(
    root,
    'source/cooperation-statement.md',
    /(Adopted in Sofia on 12 May 2021\. \{#adopted\}\n)/,
    `${REF_EN} {#legal-basis}\n\n$1\n[convention]: https://www.selec.org/convention\n[art]: https://www.selec.org/convention#article-3\n`,
  );
  const add = async (path: string, value: unknown): Promise<void> =>
    writeFile(
      join(root, path),
      `${JSON.stringify({ ...(await json(root, path)), 'legal-basis': value }, null, 2)}\n`,
    );
  await add('translations/hr/cooperation-statement.json', REF_HR);
  await add('translations/hr/cooperation-statement.source.json', {
    sha: fingerprint(REF_EN),
    en: REF_EN,
  });
  return root;
}

/** The source and target of a unit as a translation tool shows their text: inline codes left out. */
function translatableText(text: string, format: FormatId, key: string): string[] {
  const unit =
    format === 'xliff2'
      ? new RegExp(`<unit id="${key}"[\\s\\S]*?<source>(.*)</source>\\s*<target>(.*)</target>`)
      : format === 'xliff12'
        ? new RegExp(
            `<trans-unit id="${key}"[\\s\\S]*?<source>(.*)</source>\\s*<target[^>]*>(.*)</target>`,
          )
        : new RegExp(`msgctxt "[^"]*/${key}"\\nmsgid "(.*)"\\nmsgstr "(.*)"`);
  const m = unit.exec(text) ?? assert.fail(`no unit ${key} in the ${format} file`);
  // XLIFF 1.2 codes hold their Markdown, 2.0 codes point to it; either way it is no text.
  const plain = (xml: string): string =>
    xml.replace(/<(bpt|ept|ph)\b[^>]*>[^<]*<\/\1>/g, '').replace(/<[^>]+>/g, '');
  return [m[1] ?? '', m[2] ?? ''].map((x) => (format === 'po' ? x : plain(x)));
}

for (const format of FORMAT_IDS) {
  test(`${format}: reference-style links are inline codes; their labels are never text and come back unchanged`, async (t) => {
    const root = await withReferenceLinks(t);
    const file = `hr${FORMATS[format].extension}`;
    const exportArgs = ['xliff', 'export', '--lang', 'hr', '--format', format, '--out', file];
    assert.equal((await runMain(root, exportArgs)).code, 0);
    const text = await read(root, file);
    if (format === 'po') {
      // PO has no inline codes: the Markdown is the text, and the comment names the labels to keep.
      assert.deepEqual(translatableText(text, format, 'legal-basis'), [REF_EN, REF_HR]);
      assert.match(
        text,
        /#\. Markdown: keep its markup [^\n]* Translate a link's text, never its label: \[…\]\[convention\], \[…\]\[art\]\.\nmsgctxt "cooperation-statement\/legal-basis"/,
      );
    } else {
      assert.deepEqual(translatableText(text, format, 'legal-basis'), [
        'They act under the SELEC Convention, in particular its Article 3.',
        'Djeluju na temelju Konvencije SELEC-a, osobito njezina članka 3..',
      ]);
      assert.match(
        text,
        format === 'xliff2'
          ? /<data id="e1">\]\[convention\]<\/data>/
          : /<ept id="1">\]\[convention\]<\/ept>/,
      );
    }
    if (format !== 'po' && has('xmllint')) {
      const xsd = format === 'xliff2' ? 'xliff_core_2.0.xsd' : 'xliff-core-1.2-strict.xsd';
      const lint = spawnSync('xmllint', ['--noout', '--schema', join(XSD, xsd), join(root, file)]);
      assert.equal(lint.status, 0, String(lint.stderr));
    }
    const before = await snapshot(root);
    const untouched = await runMain(root, ['xliff', 'import', file]);
    assert.deepEqual([untouched.code, untouched.stderr], [0, '']);
    assert.deepEqual(await snapshot(root), before, 'an untouched round trip changes nothing');
    // The translator rewords the text of a link; in 1.2 even the code's Markdown is retyped.
    await edit(root, file, 'Konvencije SELEC-a', 'Konvencije o SELEC-u');
    if (format === 'xliff12')
      await edit(
        root,
        file,
        /(<target[^>]*>[^\n]*<ept id="1">)\]\[convention\]/,
        '$1][konvencija]',
      );
    const revised = await runMain(root, ['xliff', 'import', file]);
    assert.deepEqual([revised.code, revised.stderr], [0, '']);
    assert.match(revised.stdout, /: 1 written, /);
    const resource = 'translations/hr/cooperation-statement.json';
    assert.equal(
      (await json(root, resource))['legal-basis'],
      'Djeluju na temelju [Konvencije o SELEC-u][convention], osobito njezina [članka 3.][art].',
    );
    if (format !== 'po') return;
    // In PO the label is text the translator can change: the import refuses that unit.
    await edit(root, file, 'SELEC-u][convention]', 'SELEC-u][konvencija]');
    const refused = await runMain(root, ['xliff', 'import', file]);
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /^refused cooperation-statement legal-basis \(hr\.po:\d+, English at source\/cooperation-statement\.md:25\): the markup "\[…\]\[convention\]" is missing from the translation; keep it\n$/,
    );
  });
}

test('npm run check does not spell-check the labels of reference links', async (t) => {
  const root = await withReferenceLinks(t);
  const checked = await runMain(root, ['check', '--lang', 'hr', '--format', 'json']);
  const { findings } = JSON.parse(checked.stdout) as { findings: Array<{ key: string }> };
  assert.deepEqual(
    findings.filter((f) => f.key === 'legal-basis'),
    [],
    'no finding for the paragraph of reference links (the labels "convention", "art" are no words)',
  );
});

test('every PO unit whose English has markup carries the comment asking to keep it, and no other', async (t) => {
  const root = await withReferenceLinks(t);
  const text = (await runMain(root, ['po', 'export', '--lang', 'hr', '--out', '-'])).stdout;
  const marked: string[] = [];
  for (const entry of text.split('\n\n').filter((e) => e.includes('\nmsgctxt '))) {
    const key = /^msgctxt "(.*)"$/m.exec(entry)?.[1] ?? '';
    const msgid = /^msgid ((?:".*"\n)+)/m.exec(`${entry}\n`)?.[1] ?? '';
    const markup = /[*_`<>[\]]|\\n|\\\\/.test(msgid);
    if (markup) marked.push(key);
    assert.equal(
      /^#\. Markdown: keep its markup/m.test(entry),
      markup,
      `${key}: ${markup ? 'markup without' : 'a comment without markup'}`,
    );
  }
  assert.deepEqual(marked, [
    'cooperation-statement/recognising',
    'cooperation-statement/legal-basis',
    'training-programme/duration',
    'training-programme/requests',
  ]);
});

test('inline codes: a reference link keeps its label whatever its text; a shortcut or collapsed one becomes full when translated', () => {
  const links = { convention: { href: 'https://e.org/c', title: '' } };
  const md = 'Under the [Convention] and [convention][] and [its text][convention]';
  const parts = toParts(md, links);
  assert.deepEqual(
    parts.flatMap((p) =>
      typeof p === 'string' || p.code === 'ph' ? [] : [[p.open, p.close, p.label]],
    ),
    [
      ['[', ']', 'Convention'],
      ['[', '][]', 'convention'],
      ['[', '][convention]', 'convention'],
    ],
  );
  assert.equal(fromParts(parts), md);
  assert.deepEqual(toParts(md), [md], 'without the definitions, no link and no code');
  const table = codeTable(parts);
  assert.deepEqual(
    restore(
      [
        'Prema ',
        { code: 'pair', id: '1', parts: ['Konvenciji'] },
        ' i ',
        { code: 'pair', id: '2', parts: ['convention'] },
        ' i ',
        { code: 'pair', id: '3', parts: ['njezinu tekstu'] },
      ],
      table,
    ),
    {
      markdown: 'Prema [Konvenciji][Convention] i [convention][] i [njezinu tekstu][convention]',
    },
  );
  // A stored translation's full reference is the same code as the English's shortcut one.
  assert.deepEqual(codeIds(alignTarget(parts, toParts('[Konvencija][convention]', links))), ['1']);
});

test('inline codes: every Markdown comes back from its parts, and through each XLIFF writer and reader', async () => {
  const piece = fc.constantFrom(
    'a',
    ' ',
    'Ж',
    '&',
    '&amp;',
    '<',
    '*',
    '**',
    '_',
    '`',
    '[',
    '](http://x)',
    '<sup>',
    '</sup>',
    '  \n',
    '\n',
    '\\*',
    '<br>',
    '~~',
    '<https://e.org>',
    '20',
  );
  const markdown = fc
    .array(piece, { minLength: 1, maxLength: 12 })
    .map((p) => p.join('').trim())
    .filter((s) => s !== '');
  fc.assert(
    fc.property(markdown, (md) => assert.equal(fromParts(toParts(md)), md)),
    { numRuns: 500 },
  );
  await fc.assert(
    fc.asyncProperty(markdown, markdown, async (source, target) => {
      for (const format of ['xliff2', 'xliff12'] as const) {
        const unit: ExchangeUnit = {
          document: 'd',
          key: 'k',
          source,
          target,
          state: 'translated',
          location: 'source/d.md:1',
          notes: [],
        };
        const back = await FORMATS[format].read(
          await FORMATS[format].write({ srcLang: 'en', trgLang: 'hr', units: [unit] }),
          'f',
        );
        const sourceParts = toParts(source);
        const aligned = alignTarget(sourceParts, toParts(target));
        const table = codeTable(aligned, codeTable(sourceParts));
        const [returned] = back.units;
        assert.deepEqual(restore(returned?.source ?? [], table, codeIds(sourceParts)), {
          markdown: source,
        });
        assert.deepEqual(restore(returned?.target ?? [], table, codeIds(aligned)), {
          markdown: target,
        });
      }
    }),
    { numRuns: 150 },
  );
});

test('inline codes: pairs enclose text, placeholders stand alone, and a code must not repeat or vanish', () => {
  const parts = toParts('*We* meet on the 20<sup>th</sup>  \nin [Bucharest](https://ro.example)');
  assert.deepEqual(parts, [
    { code: 'pair', id: '1', kind: 'em', open: '*', close: '*', parts: ['We'] },
    ' meet on the 20',
    { code: 'pair', id: '2', kind: 'html', open: '<sup>', close: '</sup>', parts: ['th'] },
    { code: 'ph', id: '3', kind: 'br', text: '  \n' },
    'in ',
    {
      code: 'pair',
      id: '4',
      kind: 'link',
      open: '[',
      close: '](https://ro.example)',
      parts: ['Bucharest'],
    },
  ] satisfies Part[]);
  const table = codeTable(parts);
  const target: IdPart[] = [
    { code: 'pair', id: '1', parts: ['Mi'] },
    ' se sastajemo 20',
    { code: 'pair', id: '2', parts: ['.'] },
    { code: 'ph', id: '3' },
    'u ',
    { code: 'pair', id: '4', parts: ['Bukureštu'] },
  ];
  assert.deepEqual(restore(target, table), {
    markdown: '*Mi* se sastajemo 20<sup>.</sup>  \nu [Bukureštu](https://ro.example)',
  });
  assert.deepEqual(restore(target.slice(0, 3), table), {
    error: 'inline codes 3, 4 of the English are missing ("  \\n", […](https://ro.example))',
  });
  assert.deepEqual(restore([...target, { code: 'ph', id: '3' }], table), {
    error: 'inline code 3 is used twice',
  });
  assert.deepEqual(restore([{ code: 'ph', id: '1' }], table, []), {
    error: 'inline code 1 (*…*) must enclose text, not stand alone',
  });
  assert.deepEqual(restore([{ code: 'pair', id: '9', parts: [] }], table, []), {
    error: 'inline code 9 is not in the English',
  });
  // A translation that drops the English's superscript keeps the other codes' ids.
  assert.deepEqual(codeIds(alignTarget(parts, toParts('[u Bukureštu](https://ro.example) *mi*'))), [
    '4',
    '1',
  ]);
});

test(
  'export and import validate: XSDs (xmllint) and msgfmt --check',
  { skip: missing('xmllint', 'msgfmt') },
  async () => {
    const root = await project();
    await makeStale(root);
    for (const format of FORMAT_IDS) await run(root, 'export', '--lang', 'hr', '--format', format);
    const lint = (xsd: string, file: string): string =>
      execFileSync('xmllint', ['--noout', '--schema', join(XSD, xsd), join(root, file)], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    assert.doesNotThrow(() => lint('xliff_core_2.0.xsd', fileOf('xliff2')));
    assert.doesNotThrow(() => lint('xliff-core-1.2-strict.xsd', fileOf('xliff12')));
    const msgfmt = spawnSync('msgfmt', ['--check', '-o', '/dev/null', join(root, fileOf('po'))], {
      encoding: 'utf8',
    });
    assert.equal(msgfmt.status, 0, msgfmt.stderr);
    // The schema check can fail: a 1.2 state that does not exist is refused by the XSD.
    await edit(root, fileOf('xliff12'), 'state="needs-review-translation"', 'state="stale"');
    assert.throws(() => lint('xliff-core-1.2-strict.xsd', fileOf('xliff12')));
  },
);

test(
  'translate-toolkit reads the exports, and its conversions (1.2 ↔ PO) import to the same translations',
  { skip: missing('pocount', 'xliff2po', 'po2xliff') },
  async () => {
    const root = await project();
    await makeStale(root);
    for (const format of ['xliff12', 'po'] as const)
      await run(root, 'export', '--lang', 'hr', '--format', format);
    const count = (file: string): string =>
      execFileSync('pocount', ['--csv', join(root, file)], { encoding: 'utf8' });
    // Translated / fuzzy / untranslated as translate-toolkit sees them: 4 / 1 / 2 in both.
    for (const file of [fileOf('xliff12'), fileOf('po')])
      assert.match(
        count(file),
        /, *4, *\d+, *\d+, *1, *\d+, *2, *\d+, *7, *\d+/,
        `pocount ${file}`,
      );
    execFileSync('xliff2po', [join(root, fileOf('xliff12')), join(root, 'converted.po')], {
      stdio: 'ignore',
    });
    execFileSync('po2xliff', [join(root, fileOf('po')), join(root, 'converted.xliff')], {
      stdio: 'ignore',
    });
    const before = await snapshot(root);
    for (const file of ['converted.po', 'converted.xliff']) {
      const result = await run(root, 'import', file, '--lang', 'hr');
      assert.match(
        result.stdout,
        /: 0 written, 0 confirmed up to date, 4 unchanged, 1 still stale, 0 refused, 0 skipped\n$/,
        `${file}: ${result.stdout}${result.stderr}`,
      );
      const after = await snapshot(root);
      for (const [path, bytes] of before)
        if (!path.startsWith('converted'))
          assert.deepEqual(after.get(path), bytes, `${file} left ${path} unchanged`);
    }
    // A translator's edit in the converted PO comes back as Markdown.
    await edit(
      root,
      'converted.po',
      'msgstr "*Znajući* da je suradnja bitna"',
      'msgstr "*Znajući* da je bliska suradnja bitna"',
    );
    assert.match(
      (await run(root, 'import', 'converted.po', '--lang', 'hr')).stdout,
      /: 1 written,/,
    );
    assert.equal(
      (await json(root, 'translations/hr/demo.json'))['knowing'],
      '*Znajući* da je bliska suradnja bitna',
    );
    // A refusal names the entry's line, also when xliff2po wrapped its msgid.
    await edit(root, 'converted.po', '20<sup>.</sup> obljetnici', '20. obljetnici');
    const refused = await run(root, 'import', 'converted.po', '--lang', 'hr');
    const po = await read(root, 'converted.po');
    const line = po.slice(0, po.indexOf('#: intro\n')).split('\n').length;
    assert.match(po, /#: intro\nmsgid ""\n/);
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      new RegExp(
        `^refused demo intro \\(converted\\.po:${line}, English at source/demo\\.md:11\\): the markup "<sup>…</sup>" is missing`,
        'm',
      ),
    );
  },
);

test('a current sign-off exports up-to-date units as reviewed / signed-off, or final; stale ones stay stale; an outdated one counts for nothing', async () => {
  const root = await project();
  await makeStale(root);
  const states = async (): Promise<string[]> =>
    [
      ...(await run(root, 'export', '--lang', 'hr', '--out', '-')).stdout.matchAll(
        /<unit id="([^"]+)"[\s\S]*?<segment state="([^"]+)">/g,
      ),
    ].map((m) => `${m[1]}=${m[2]}`);
  assert.equal(
    (
      await runMain(root, [
        'review',
        '--lang',
        'hr',
        '--document',
        'demo',
        '--status',
        'reviewed',
        '--by',
        'A. Reviewer, reviser',
        '--force',
        '--note',
        'partial review',
      ])
    ).code,
    0,
  );
  assert.deepEqual(await states(), [
    'meta.title=reviewed',
    'meta.place=reviewed',
    'meta.issuer=initial',
    'heading=reviewed',
    'intro=reviewed',
    'knowing=initial',
    'commit=initial',
  ]);
  const x12 = (await run(root, 'export', '--lang', 'hr', '--format', 'xliff12', '--out', '-'))
    .stdout;
  assert.equal([...x12.matchAll(/state="signed-off"/g)].length, 4);
  assert.equal(
    (
      await runMain(root, [
        'review',
        '--lang',
        'hr',
        '--document',
        'demo',
        '--status',
        'approved',
        '--by',
        'B. Approver, head of service',
        '--force',
        '--note',
        'approved as is',
      ])
    ).code,
    0,
  );
  assert.deepEqual(
    (await states()).filter((s) => s.endsWith('=final')),
    ['meta.title=final', 'meta.place=final', 'heading=final', 'intro=final'],
  );
  // The English changes: the approval is for an earlier version, and nothing is final any more.
  await edit(root, 'source/demo.md', 'agree on the 20', 'agree today on the 20');
  assert.deepEqual(
    (await states()).filter((s) => /=(final|reviewed)$/.test(s)),
    [],
  );
});

test('a target whose English changed since export is refused; --force accepts it', async () => {
  const root = await project();
  await run(root, 'export', '--lang', 'hr');
  await edit(root, fileOf('xliff2'), 'obljetnici &amp; više', 'obljetnici');
  await edit(root, 'source/demo.md', 'agree on the 20', 'agree today on the 20');
  const before = await snapshot(root);
  const refused = await run(root, 'import', fileOf('xliff2'));
  assert.equal(refused.code, 1);
  assert.equal(
    refused.stderr,
    `refused demo intro (${await placeOf(root, fileOf('xliff2'), 'xliff2', 'intro')}, English at source/demo.md:11): the English changed since export; re-export, or use --force\n` +
      stillStale(await placeOf(root, fileOf('xliff2'), 'xliff2', 'knowing')),
  );
  assert.deepEqual(await snapshot(root), before);
  const forced = await run(root, 'import', fileOf('xliff2'), '--force');
  assert.equal(forced.code, 0);
  assert.match(
    forced.stderr,
    /^forced demo intro \(exports\/xliff\/hr\.xlf:\d+, English at source\/demo\.md:11\): the English changed since export/,
  );
  assert.equal(
    (await json(root, 'translations/hr/demo.json'))['intro'],
    'Mi, članovi, sastajemo se u Bukureštu i slažemo o 20<sup>.</sup> obljetnici',
  );
  const english =
    'We, the members, meet in Bucharest & agree today on the 20<sup>th</sup> anniversary';
  assert.deepEqual((await json(root, 'translations/hr/demo.source.json'))['intro'], {
    sha: fingerprint(english),
    en: english,
  });
});

test('a translation without a record gets one when its unchanged export comes back', async () => {
  const root = await project();
  const records = await json(root, 'translations/hr/demo.source.json');
  delete records['meta.place'];
  await writeFile(
    join(root, 'translations/hr/demo.source.json'),
    `${JSON.stringify(records, null, 2)}\n`,
  );
  await run(root, 'export', '--lang', 'hr', '--format', 'po');
  assert.equal((await run(root, 'import', fileOf('po'))).code, 0);
  assert.deepEqual((await json(root, 'translations/hr/demo.source.json'))['meta.place'], {
    sha: fingerprint('Bucharest'),
    en: 'Bucharest',
  });
});

test('units that match no segment are reported and skipped; --document exports one document', async () => {
  const root = await project();
  await run(root, 'export', '--lang', 'hr', '--document', 'demo');
  const file = 'exports/xliff/hr.demo.xlf';
  const extra =
    '<unit id="gone"><segment><source>Gone</source><target>Nema</target></segment></unit></file><file id="ghost"><unit id="x"><segment><source>X</source><target>Y</target></segment></unit></file>';
  await edit(root, file, '</file>', extra);
  const { code, stdout, stderr } = await run(root, 'import', file);
  assert.equal(code, 0);
  const stale = stillStale(await placeOf(root, file, 'xliff2', 'knowing'));
  assert.ok(stderr.startsWith(stale), stderr);
  assert.match(
    stderr.slice(stale.length),
    /^skipped demo gone \(exports\/xliff\/hr\.demo\.xlf:\d+\): no segment has this key in source\/demo\.md\nskipped ghost x \(exports\/xliff\/hr\.demo\.xlf:\d+\): no document in source\/ has this id\n$/,
  );
  assert.match(
    stdout,
    /: 0 written, 0 confirmed up to date, 4 unchanged, 1 still stale, 0 refused, 2 skipped\n$/,
  );
  await assert.rejects(run(root, 'export', '--lang', 'hr', '--document', 'nope'), {
    name: 'UserError',
    message: '--document "nope" is not a document of source/',
  });
});

test('malformed, truncated and foreign files are UserErrors naming the file', async () => {
  const root = await project();
  await writeFile(
    join(root, 'broken.xlf'),
    '<xliff version="2.0" srcLang="en" trgLang="hr">\n  <file id="demo">\n</xliff>\n',
  );
  await assert.rejects(run(root, 'import', 'broken.xlf'), {
    name: 'UserError',
    message: 'broken.xlf:3:8: not a well-formed XLIFF file (Unexpected close tag)',
  });
  await run(root, 'export', '--lang', 'hr', '--format', 'xliff12');
  const whole = await read(root, fileOf('xliff12'));
  await writeFile(join(root, 'cut.xliff'), whole.slice(0, Math.floor(whole.length / 2)));
  await assert.rejects(
    run(root, 'import', 'cut.xliff'),
    (err: unknown) =>
      err instanceof UserError &&
      /^cut\.xliff:\d+(:\d+)?: (the XLIFF file is truncated|not a well-formed XLIFF file)/.test(
        err.message,
      ),
  );
  await writeFile(join(root, 'page.html'), '<html><body/></html>');
  await assert.rejects(run(root, 'import', 'page.html'), {
    name: 'UserError',
    message: 'page.html:1: not an XLIFF file (its root element is <html>)',
  });
  await writeFile(join(root, 'empty.po'), 'msgid ""\nmsgstr ""\n"Language: hr\\n"\n');
  await assert.rejects(run(root, 'import', 'empty.po'), {
    name: 'UserError',
    message: 'empty.po:1: the PO file has no entries with a msgctxt "<document>/<key>" or "<key>"',
  });
  await writeFile(
    join(root, 'open.po'),
    'msgid ""\nmsgstr ""\n"Language: hr\\n"\n\nmsgctxt "demo/heading"\nmsgid "Demo Declaration"\nmsgstr "Demo',
  );
  await assert.rejects(
    run(root, 'import', 'open.po'),
    (err: unknown) =>
      err instanceof UserError && err.message.startsWith('open.po: not a valid PO file'),
  );
  await assert.rejects(run(root, 'import', 'missing.xlf'), {
    name: 'UserError',
    message: 'cannot read missing.xlf: ENOENT',
  });
  assert.equal(detectFormat('\uFEFF  <?xml version="1.0"?><xliff version="1.1">'), 'xliff12');
  assert.equal(detectFormat('msgid ""'), 'po');
});

test('sr-Latn is derived; languages and formats are checked', async () => {
  const root = await project();
  await assert.rejects(
    run(root, 'export', '--lang', 'sr-Latn'),
    (err: unknown) =>
      err instanceof UserError &&
      err.message ===
        '--lang: sr-Latn is generated from sr-Cyrl and has no translation files of its own' &&
      /export --lang sr-Cyrl/.test(err.hint),
  );
  await assert.rejects(run(root, 'export', '--lang', 'xx'), {
    name: 'UserError',
    message: '--lang: "xx" is not a language of the registry',
  });
  await assert.rejects(run(root, 'export', '--lang', 'hr', '--format', 'tmx'), {
    name: 'UserError',
    message: '--format "tmx" is not an exchange format',
  });
  await assert.rejects(run(root, 'export'), {
    name: 'UserError',
    message: 'xliff export needs --lang <code>',
  });
  await run(root, 'export', '--lang', 'hr', '--format', 'po');
  await assert.rejects(run(root, 'import', fileOf('po'), '--lang', 'el'), {
    name: 'UserError',
    message: `${fileOf('po')}:1: the file's target language is "hr", not "el"`,
  });
});

test('--help describes the formats, the states and both commands; npm run po defaults to PO', async () => {
  const root = await project();
  const general = await run(root, '--help');
  assert.equal(general.code, 0);
  assert.match(
    general.stdout,
    /export --lang <code> \[--document <id>\] \[--format xliff2\|xliff12\|po\] \[--out <file>\]/,
  );
  assert.match(
    (await run(root, 'export', '--help')).stdout,
    /stale \(English changed\) +initial +needs-review-translation +#, fuzzy \+ #\| msgid/,
  );
  assert.match(
    (await run(root, 'import', '-h')).stdout,
    /--force +accept targets whose English changed/,
  );
  let stdout = '';
  await runXliff(
    ['export', '--lang', 'hr'],
    {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: () => undefined },
      env: {},
      cwd: root,
    },
    'po',
  );
  assert.match(stdout, /^exported hr to exports\/xliff\/hr\.po \(gettext PO\)/);
  await assert.rejects(run(root, 'frobnicate'), {
    name: 'UserError',
    message: 'unknown xliff command "frobnicate"',
  });
});

test('a nested point reaches the translator named by its place (its list items), in each format', async () => {
  const root = await project();
  await cp(
    fileURLToPath(new URL('../fixtures/legal-act.md', import.meta.url)),
    join(root, 'source', 'legal-act.md'),
  );
  const text = async (format: FormatId): Promise<string> =>
    (
      await run(
        root,
        'export',
        '--lang',
        'hr',
        '--document',
        'legal-act',
        '--format',
        format,
        '--out',
        '-',
      )
    ).stdout;
  assert.match(
    await text('xliff2'),
    /<unit id="art-1-2-b-ii" canResegment="no">\s*<notes>\s*<note>legal-act · art-1-2-b-ii · [^<]*<\/note>\s*<note>Article 1\(2\)\(b\)\(ii\) · art-1-2-b-ii<\/note>/,
  );
  assert.match(
    await text('xliff12'),
    /<trans-unit id="art-1-2-b-ii">[\s\S]*?<note>Article 1\(2\)\(b\)\(ii\) · art-1-2-b-ii<\/note>/,
  );
  assert.match(
    await text('po'),
    /#\. Article 1\(2\)\(b\)\(ii\) · art-1-2-b-ii\nmsgctxt "legal-act\/art-1-2-b-ii"\nmsgid "the enforcement of customs law;"/,
  );
  // The place replaces the keys of the items above (the note a unit has without its blocks).
  assert.doesNotMatch(await text('xliff2'), /Inside list item/);
  assert.match(await text('po'), /#\. Article 2\(1\), subparagraph 2 · art-2-1-contact\n/);
});
