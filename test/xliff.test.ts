import fc from 'fast-check';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { UserError } from '../scripts/errors.ts';
import { fingerprint } from '../scripts/stages/merge.ts';
import { asRead, fromXliff, toXliff, type XliffUnit } from '../scripts/stages/xliff.ts';
import { runXliff } from '../scripts/xliff-command.ts';
import { main } from '../scripts/cli.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/xliff-project/', import.meta.url));
const temps: string[] = [];
after(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

async function project(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'xliff-test-'));
  temps.push(root);
  await cp(FIXTURE, root, { recursive: true });
  return root;
}

async function run(root: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runXliff(args, root, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

/** Every file under `root` with its bytes. */
async function snapshot(root: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.set(relative(root, path), await readFile(path));
  }
  return out;
}

const read = (root: string, path: string): Promise<string> => readFile(join(root, path), 'utf8');
const json = async (root: string, path: string): Promise<Record<string, unknown>> => JSON.parse(await read(root, path)) as Record<string, unknown>;
const XLF = 'dist/xliff/hr.xlf';

async function editXliff(root: string, from: string, to: string): Promise<void> {
  const xml = await read(root, XLF);
  assert.ok(xml.includes(from), `the export contains ${from}`);
  await writeFile(join(root, XLF), xml.replace(from, to));
}

test('export then import of the unchanged file leaves every file byte-identical', async () => {
  const root = await project();
  const exported = await run(root, 'export', '--lang', 'hr');
  assert.equal(exported.code, 0);
  assert.equal(exported.stdout, 'exported hr to dist/xliff/hr.xlf: 7 units: 5 translated, 0 reviewed, 2 not translated\n');
  const before = await snapshot(root);
  assert.ok(before.has(join('dist', 'xliff', 'hr.xlf')));
  const imported = await run(root, 'import', XLF);
  assert.deepEqual(imported, { code: 0, stdout: `imported ${XLF} into translations/hr/: 0 written, 5 unchanged, 0 refused, 0 skipped\n`, stderr: '' });
  assert.deepEqual(await snapshot(root), before);
});

test('export is deterministic, carries the text exactly and states each segment', async () => {
  const root = await project();
  const first = await run(root, 'export', '--lang', 'hr', '--out', '-');
  const second = await run(root, 'export', '--lang', 'hr', '--out', '-');
  assert.equal(first.stdout, second.stdout);
  assert.ok(first.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="hr">'));
  assert.ok(first.stdout.endsWith('</xliff>\n'));
  const { srcLang, trgLang, units } = await fromXliff(first.stdout, 'hr.xlf');
  assert.deepEqual([srcLang, trgLang], ['en', 'hr']);
  const byKey = new Map(units.map((u) => [u.key, u]));
  assert.deepEqual(units.map((u) => `${u.document}/${u.key}`), ['demo/meta.title', 'demo/meta.place', 'demo/meta.issuer', 'demo/heading', 'demo/intro', 'demo/knowing', 'demo/commit']);
  assert.deepEqual(byKey.get('meta.issuer'), { document: 'demo', key: 'meta.issuer', source: 'Demo Center', state: 'initial' });
  assert.equal(byKey.get('commit')?.source, 'We commit to &amp; work together');
  assert.equal(byKey.get('intro')?.source, 'We, the members, meet in Bucharest & agree on the 20<sup>th</sup> anniversary');
  assert.equal(byKey.get('intro')?.target, 'Mi, članovi, sastajemo se u Bukureštu i slažemo o 20<sup>.</sup> obljetnici & više');
  assert.equal(byKey.get('knowing')?.state, 'translated');

  // A reviewed language: segments translated from the current English are "reviewed", stale ones stay "translated".
  const signed = await main(['review', '--lang', 'hr', '--document', 'demo', '--status', 'reviewed', '--by', 'A. Reviewer', '--force', '--note', 'partial review'], { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: root });
  assert.equal(signed, 0);
  const reviewed = await fromXliff((await run(root, 'export', '--lang', 'hr', '--out', '-')).stdout, 'hr.xlf');
  assert.deepEqual(Object.fromEntries(reviewed.units.map((u) => [u.key, u.state])), {
    'meta.title': 'reviewed',
    'meta.place': 'reviewed',
    'meta.issuer': 'initial',
    heading: 'reviewed',
    intro: 'reviewed',
    knowing: 'translated',
    commit: 'initial',
  });
});

test('an edited target is written and recorded as made from the current English', async () => {
  const root = await project();
  await run(root, 'export', '--lang', 'hr');
  await editXliff(root, '<target>*Znajući* da je suradnja bitna</target>', '<target>*Znajući* da je suradnja ključna</target>');
  await editXliff(root, '<source>We commit to &amp;amp; work together</source>', '<source>We commit to &amp;amp; work together</source><target>Obvezujemo se &amp;amp; surađivati</target>');
  const { code, stdout } = await run(root, 'import', XLF);
  assert.equal(code, 0);
  assert.equal(stdout, `imported ${XLF} into translations/hr/: 2 written, 4 unchanged, 0 refused, 0 skipped\n`);
  const values = await json(root, 'translations/hr/demo.json');
  assert.equal(values['knowing'], '*Znajući* da je suradnja ključna');
  assert.equal(values['commit'], 'Obvezujemo se &amp; surađivati');
  assert.deepEqual(Object.keys(values), ['meta.title', 'meta.place', 'heading', 'intro', 'knowing', 'commit']);
  const records = await json(root, 'translations/hr/demo.source.json');
  assert.deepEqual(records['knowing'], { sha: fingerprint('*Knowing* that cooperation is essential'), en: '*Knowing* that cooperation is essential' });
  assert.deepEqual(records['commit'], { sha: fingerprint('We commit to &amp; work together'), en: 'We commit to &amp; work together' });
  // Importing the same file again changes nothing.
  const before = await snapshot(root);
  assert.equal((await run(root, 'import', XLF)).stdout, `imported ${XLF} into translations/hr/: 0 written, 6 unchanged, 0 refused, 0 skipped\n`);
  assert.deepEqual(await snapshot(root), before);
});

test('a target whose English changed since export is refused; --force accepts it', async () => {
  const root = await project();
  await run(root, 'export', '--lang', 'hr');
  await editXliff(root, '20&lt;sup&gt;.&lt;/sup&gt; obljetnici &amp; više', '20. obljetnici');
  const md = await read(root, 'source/demo.md');
  await writeFile(join(root, 'source/demo.md'), md.replace('agree on the 20', 'agree today on the 20').replace('# Demo Declaration', '# The Demo Declaration'));
  const before = await snapshot(root);

  const refused = await run(root, 'import', XLF);
  assert.equal(refused.code, 1);
  assert.equal(refused.stderr, 'refused demo intro (source/demo.md:11): the English changed since export; re-export or use --force\n');
  // "heading" changed in English too, but its target is untouched: nothing to refuse or record.
  assert.equal(refused.stdout, `imported ${XLF} into translations/hr/: 0 written, 4 unchanged, 1 refused, 0 skipped\n`);
  assert.deepEqual(await snapshot(root), before);

  const forced = await run(root, 'import', XLF, '--force');
  assert.equal(forced.code, 0);
  assert.match(forced.stderr, /^forced demo intro \(source\/demo\.md:11\): the English changed since export/);
  assert.equal((await json(root, 'translations/hr/demo.json'))['intro'], 'Mi, članovi, sastajemo se u Bukureštu i slažemo o 20. obljetnici');
  const records = await json(root, 'translations/hr/demo.source.json');
  const english = 'We, the members, meet in Bucharest & agree today on the 20<sup>th</sup> anniversary';
  assert.deepEqual(records['intro'], { sha: fingerprint(english), en: english });
  assert.deepEqual(records['heading'], { sha: fingerprint('Demo Declaration'), en: 'Demo Declaration' });
});

test('a translation without a record gets one when its unchanged export comes back', async () => {
  const root = await project();
  const records = await json(root, 'translations/hr/demo.source.json');
  delete records['meta.place'];
  await writeFile(join(root, 'translations/hr/demo.source.json'), `${JSON.stringify(records, null, 2)}\n`);
  const resource = await read(root, 'translations/hr/demo.json');
  await run(root, 'export', '--lang', 'hr');
  assert.equal((await run(root, 'import', XLF)).code, 0);
  assert.equal(await read(root, 'translations/hr/demo.json'), resource);
  assert.deepEqual((await json(root, 'translations/hr/demo.source.json'))['meta.place'], { sha: fingerprint('Bucharest'), en: 'Bucharest' });
});

test('units that match no segment are reported and skipped', async () => {
  const root = await project();
  await run(root, 'export', '--lang', 'hr');
  const extra = '<unit id="gone"><segment><source>Gone</source><target>Nema</target></segment></unit></file><file id="ghost"><unit id="x"><segment><source>X</source><target>Y</target></segment></unit></file>';
  await editXliff(root, '</file>', extra);
  const before = await snapshot(root);
  const { code, stdout, stderr } = await run(root, 'import', XLF);
  assert.equal(code, 0);
  assert.equal(stderr, 'skipped demo gone: no segment has this key in source/demo.md\nskipped ghost x: no document in source/ has this id\n');
  assert.equal(stdout, `imported ${XLF} into translations/hr/: 0 written, 5 unchanged, 0 refused, 2 skipped\n`);
  assert.deepEqual(await snapshot(root), before);
});

test('malformed XML and other files are UserErrors naming the file', async () => {
  const root = await project();
  await writeFile(join(root, 'broken.xlf'), '<xliff version="2.0" srcLang="en" trgLang="hr">\n  <file id="demo">\n</xliff>\n');
  await assert.rejects(run(root, 'import', 'broken.xlf'), (err: unknown) => {
    assert.ok(err instanceof UserError);
    assert.equal(err.message, 'broken.xlf:3:8: not a well-formed XLIFF file (Unexpected close tag)');
    assert.deepEqual(err.location, { file: 'broken.xlf', line: 3, column: 8 });
    return true;
  });
  await writeFile(join(root, 'cut.xlf'), '<xliff version="2.0"');
  await assert.rejects(run(root, 'import', 'cut.xlf'), { name: 'UserError', message: 'cut.xlf: not a well-formed XLIFF file (the XML is incomplete or has no <xliff> root)' });
  await assert.rejects(fromXliff('<xliff version="1.2"><file original="demo"/></xliff>', 'old.xlf'), { name: 'UserError', message: 'old.xlf: XLIFF version "1.2", not 2.0' });
  await assert.rejects(fromXliff('<html><body/></html>', 'page.html'), { name: 'UserError', message: 'page.html: not an XLIFF file (its root element is <html>)' });
  await assert.rejects(run(root, 'import', 'missing.xlf'), { name: 'UserError', message: 'cannot read missing.xlf: ENOENT' });
});

test('sr-Latn is derived: its export and import are refused', async () => {
  const root = await project();
  await assert.rejects(run(root, 'export', '--lang', 'sr-Latn'), (err: unknown) => {
    assert.ok(err instanceof UserError);
    assert.equal(err.message, '--lang: sr-Latn is generated from sr-Cyrl and has no translation files of its own');
    assert.match(err.hint, /export --lang sr-Cyrl/);
    return true;
  });
  const xml = await toXliff('en', 'sr-Latn', [{ document: 'demo', key: 'heading', source: 'Demo Declaration', target: 'Demo deklaracija', state: 'translated' }]);
  await writeFile(join(root, 'sr.xlf'), xml);
  await assert.rejects(run(root, 'import', 'sr.xlf'), { name: 'UserError', message: 'sr.xlf: trgLang: sr-Latn is generated from sr-Cyrl and has no translation files of its own' });
  await assert.rejects(run(root, 'export', '--lang', 'xx'), { name: 'UserError', message: '--lang: "xx" is not a language of the registry' });
  await assert.rejects(run(root, 'export'), { name: 'UserError', message: 'xliff export needs --lang <code>' });
});

test('toXliff and fromXliff round-trip awkward text, numeric keys and states', async () => {
  const units: XliffUnit[] = [
    { document: 'b-doc', key: 'z', source: 'A &amp; B & C < D > E "q" \'s\' <sup>th</sup> {{x}}', target: '  leading blanks\nand a line', state: 'translated' },
    { document: 'b-doc', key: '10', source: 'ten', state: 'translated' },
    { document: 'b-doc', key: '2', source: 'two', target: 'dva', state: 'reviewed' },
    { document: 'a-doc', key: 'only', source: 'Only', state: 'initial' },
  ];
  const xml = await toXliff('en', 'hr', units);
  assert.equal(await toXliff('en', 'hr', units), xml);
  assert.match(xml, /<unit id="z" canResegment="no">\n\s*<segment state="translated">/);
  const back = await fromXliff(xml, 'x.xlf');
  // A unit without target is "initial" whatever it was given; integer-like keys come first.
  const expected = [units[2], { ...units[1], state: 'initial' }, units[0], units[3]];
  assert.deepEqual(back.units, expected);
});

test('any text comes back as written, but for the blanks the package drops (asRead)', async () => {
  // Entities and markup in Markdown are the risk: the XML writer under the package unescapes "&amp;".
  const piece = fc.constantFrom('a', ' ', '\n', '\t', '&', 'amp;', '&amp;', '&#38;', '<', '>', '"', "'", ']]>', 'e\u0301', 'Ж', '😀');
  const text = fc.array(piece, { maxLength: 10 }).map((p) => p.join(''));
  await fc.assert(
    fc.asyncProperty(text, text, async (source, target) => {
      const [unit] = (await fromXliff(await toXliff('en', 'hr', [{ document: 'd', key: 'k', source, target, state: 'translated' }]), 'f.xlf')).units;
      assert.equal(unit?.source, asRead(source).normalize('NFC'));
      assert.equal(unit?.target, asRead(target).normalize('NFC'));
    }),
    { numRuns: 300 },
  );
});

test('fromXliff reads states, groups, and refuses what would lose text', async () => {
  const head = '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="hr"><file id="demo">';
  const tail = '</file></xliff>';
  const grouped = await fromXliff(`${head}<!-- <segment state="bogus"> --><group id="g"><unit id="k"><segment state="final"><source>S</source><target>T</target></segment></unit></group><unit id="n"><segment><source>N</source></segment></unit>${tail}`, 'g.xlf');
  assert.deepEqual(grouped.units, [
    { document: 'demo', key: 'k', source: 'S', target: 'T', state: 'reviewed' },
    { document: 'demo', key: 'n', source: 'N', state: 'initial' },
  ]);
  await assert.rejects(fromXliff(`${head}<unit id="k"><segment><source>One.</source></segment><segment><source>Two.</source></segment></unit>${tail}`, 'split.xlf'), {
    name: 'UserError',
    message: 'split.xlf:1: unit "k" of document "demo" has 2 segments',
  });
  await assert.rejects(fromXliff(`${head}<unit id="k"><segment state="done"><source>S</source></segment></unit>${tail}`, 'state.xlf'), { name: 'UserError', message: 'state.xlf:1: unit "k" of document "demo" has the unknown state "done"' });
  await assert.rejects(fromXliff(`${head}<unit id="k"><segment><source>S</source><target>a<ph id="1"/>b</target></segment></unit>${tail}`, 'inline.xlf'), { name: 'UserError', message: 'inline.xlf:1: unit "k" of document "demo" contains inline XLIFF elements' });
});

test('--help describes both commands', async () => {
  const root = await project();
  const general = await run(root, '--help');
  assert.equal(general.code, 0);
  assert.match(general.stdout, /export --lang <code> \[--out <file>\]/);
  assert.match(general.stdout, /import <file> \[--force\]/);
  assert.match((await run(root, 'export', '--help')).stdout, /--out <file> +where to write \(default: dist\/xliff\/<code>\.xlf; "-" prints it\)/);
  assert.match((await run(root, 'import', '-h')).stdout, /--force +accept refused units too/);
  await assert.rejects(run(root, 'export', '--bogus'), { name: 'UserError' });
  await assert.rejects(run(root, 'frobnicate'), { name: 'UserError', message: 'unknown xliff command "frobnicate"' });
});
