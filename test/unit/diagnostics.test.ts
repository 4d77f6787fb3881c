// Each case a new user tried that used to pass silently: now a located, actionable
// message with a stable rule id and the documented exit code. On the fixture project.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { LOCK_FILE } from '../../scripts/io/lock.ts';
import { readRegistry } from '../../scripts/io/registry.ts';
import { parseRegistry } from '../../scripts/languages.ts';
import { didYouMean, suggest } from '../../scripts/stages/suggest.ts';
import { FIXTURE, fixtureProject, runMain } from '../helpers.ts';

const DOC = 'cooperation-statement';
const SOURCE = `source/${DOC}.md`;
const LANGUAGES = readRegistry(FIXTURE).languages;
type Finding = {
  severity: string;
  rule: string;
  lang: string;
  key: string;
  message: string;
  file?: string;
  line?: number;
};
async function checkJson(
  root: string,
  lang: string,
): Promise<{ code: number; findings: Finding[] }> {
  const r = await runMain(root, ['check', '--lang', lang, '--no-spelling', '--format', 'json']);
  return { code: r.code, findings: (JSON.parse(r.stdout) as { findings: Finding[] }).findings };
}

async function editJson(file: string, change: (v: Record<string, string>) => void): Promise<void> {
  const values = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
  change(values);
  await writeFile(file, `${JSON.stringify(values, null, 2)}\n`);
}

test('a misspelled ui.json key is an error at its line, with the key it meant; the missing one too', async (t) => {
  const root = await fixtureProject(t);
  await editJson(join(root, 'translations/hr/ui.json'), (v) => {
    v['recordStatuss'] = v['recordStatus'] ?? 'x';
    delete v['recordStatus'];
  });
  const { code, findings } = await checkJson(root, 'hr');
  assert.equal(code, 1);
  const unknown = findings.find((f) => f.rule === 'ui-unknown-key');
  assert.ok(unknown, JSON.stringify(findings));
  assert.equal(unknown.file, 'translations/hr/ui.json');
  const text = await readFile(join(root, 'translations/hr/ui.json'), 'utf8');
  assert.equal(unknown.line, text.split('\n').findIndex((l) => l.includes('"recordStatuss"')) + 1);
  assert.match(
    unknown.message,
    /unknown interface key "recordStatuss".* Did you mean "recordStatus"\?/,
  );
  const missing = findings.find((f) => f.rule === 'ui-missing-key');
  assert.match(missing?.message ?? '', /missing and shown in English \(fallback\): recordStatus\b/);
});

test('a registry language whose translations folder is gone is an error, not an English edition', async (t) => {
  const root = await fixtureProject(t);
  await rm(join(root, 'translations', 'hr'), { recursive: true });
  const { code, findings } = await checkJson(root, 'hr');
  assert.equal(code, 1);
  assert.deepEqual(
    findings.map((f) => [f.rule, f.file, f.message]),
    [
      [
        'language-folder-missing',
        'translations/hr/',
        'translations/hr/ is missing: the Croatian edition would be English only',
      ],
    ],
  );
});

test('check reports orphaned keys (as build does), with the key it may have meant', async (t) => {
  const root = await fixtureProject(t);
  await editJson(join(root, `translations/el/${DOC}.json`), (v) => {
    v['recognisingg'] = v['recognising'] ?? '';
  });
  const { code, findings } = await checkJson(root, 'el');
  assert.equal(code, 1, 'an orphan is an error: the build would not publish the edition');
  const orphan = findings.find((f) => f.rule === 'orphaned');
  assert.equal(orphan?.key, 'recognisingg');
  assert.ok((orphan?.line ?? 0) > 1, 'the line of the key');
  assert.match(
    orphan?.message ?? '',
    /matches no segment of source\/cooperation-statement\.md \(orphaned translation\)\. Did you mean "recognising"\?/,
  );
});

test('a truncated or foreign XLIFF file is refused with exit 2 and nothing is written', async (t) => {
  const root = await fixtureProject(t);
  assert.equal(
    (await runMain(root, ['xliff', 'export', '--lang', 'hr', '--out', 'hr.xlf'])).code,
    0,
  );
  const full = await readFile(join(root, 'hr.xlf'), 'utf8');
  const before = await readFile(join(root, `translations/hr/${DOC}.json`), 'utf8');
  for (const cut of cutPoints(full)) {
    await writeFile(join(root, 'cut.xlf'), full.slice(0, cut));
    const r = await runMain(root, ['xliff', 'import', 'cut.xlf']);
    assert.equal(r.code, 2, `cut at ${cut}`);
    assert.match(
      r.stderr,
      /^error: cut\.xlf(:\d+)*: (the XLIFF file is truncated \(it ends before <\/xliff>\)|not a well-formed XLIFF file)/,
      `cut at ${cut}`,
    );
  }
  await writeFile(join(root, 'page.xlf'), '<!doctype html><html><body>x</body></html>');
  const foreign = await runMain(root, ['xliff', 'import', 'page.xlf']);
  assert.equal(foreign.code, 2);
  assert.match(
    foreign.stderr,
    /^error: page\.xlf:1: not an XLIFF file \(its root element is <html>\)/,
  );
  assert.equal(await readFile(join(root, `translations/hr/${DOC}.json`), 'utf8'), before);
});

/** Where to cut an XLIFF file: the end of every 7th line, and inside a tag. */
function cutPoints(full: string): number[] {
  const ends = [...full.matchAll(/\n/g)].map((m) => (m.index ?? 0) + 1);
  return [...ends.filter((_, i) => i % 7 === 4), full.indexOf('<target') + 4];
}

test(
  'a truncated XLIFF file is reported at a line wherever it was cut',
  {
    todo: 'scripts/stages/exchange/xliff-common.ts: when the XML parser fails without a position, the message has no line (about a third of the cut points)',
  },
  async (t) => {
    const root = await fixtureProject(t);
    await runMain(root, ['xliff', 'export', '--lang', 'hr', '--out', 'hr.xlf']);
    const full = await readFile(join(root, 'hr.xlf'), 'utf8');
    for (const cut of cutPoints(full)) {
      await writeFile(join(root, 'cut.xlf'), full.slice(0, cut));
      const r = await runMain(root, ['xliff', 'import', 'cut.xlf']);
      assert.match(r.stderr, /^error: cut\.xlf:\d+/, `cut at ${cut}`);
    }
  },
);

test('"mark --key" without --document finds the document that has the key', async (t) => {
  const root = await fixtureProject(t);
  await writeFile(
    join(root, 'source', 'other.md'),
    '---\nid: other\ntitle: Other\nplace: Sofia\ndate: 2020-01-02\nissuer: SELEC\n---\n\n# Other {#heading}\n\nA quote. {#quote}\n',
  );
  const r = await runMain(root, ['mark', '--lang', 'hr', '--key', 'recognising']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stdout,
    /^hr\/cooperation-statement: 0 segments marked up to date \(1 checked\)$/m,
  );
  assert.doesNotMatch(r.stdout, /training-programme|other/);
  // A key that several documents have is marked in each of them that has it translated.
  const both = await runMain(root, ['mark', '--lang', 'hr', '--key', 'heading']);
  assert.deepEqual(both.stdout.match(/^hr\/\S+(?=:)/gm), [
    'hr/cooperation-statement',
    'hr/other',
    'hr/training-programme',
  ]);
  assert.match(both.stdout, /^hr\/other: 0 segments marked up to date \(0 checked\)$/m);
  const typo = await runMain(root, ['mark', '--lang', 'hr', '--key', 'recognisin']);
  assert.equal(typo.code, 2);
  assert.match(
    typo.stderr,
    /^error: no document in source\/ has a segment "recognisin"\. Did you mean "recognising"\?/,
  );
  const doc = await runMain(root, ['mark', '--lang', 'hr', '--document', 'cooperation-statemen']);
  assert.equal(doc.code, 2);
  assert.match(
    doc.stderr,
    /^error: no document with the id "cooperation-statemen"\. Did you mean "cooperation-statement"\?/,
  );
});

test('"date: 12 May 2026" is quoted whole, located, with the ISO date to write', async (t) => {
  const root = await fixtureProject(t);
  const src = await readFile(join(root, SOURCE), 'utf8');
  await writeFile(join(root, SOURCE), src.replace(/^date: .*$/m, 'date: 12 May 2026'));
  const line = src.split('\n').findIndex((l) => l.startsWith('date:')) + 1;
  const r = await runMain(root, ['coverage']);
  assert.equal(r.code, 2);
  assert.equal(
    r.stderr,
    `error: ${SOURCE}:${line}: the front-matter field "date" must be an ISO date such as 2019-10-31, not "12 May 2026"\n  Write the date of adoption as YYYY-MM-DD (for "12 May 2026" write: date: 2026-05-12).\n`,
  );
});

test('YAML errors name file:line:column', async (t) => {
  const root = await fixtureProject(t);
  const src = await readFile(join(root, SOURCE), 'utf8');
  await writeFile(join(root, SOURCE), src.replace(/^title: (.*)$/m, 'title: "$1'));
  const r = await runMain(root, ['coverage']);
  assert.equal(r.code, 2);
  assert.match(
    r.stderr,
    /^error: source\/cooperation-statement\.md:\d+:\d+: the YAML front matter is malformed/,
  );
});

test('a --lang typo gets "did you mean", in every command that takes --lang', async (t) => {
  const root = await fixtureProject(t);
  for (const cmd of [['build'], ['coverage'], ['check'], ['mark']]) {
    const r = await runMain(root, [...cmd, '--lang', 'sr-cyrl']);
    assert.equal(r.code, 2, cmd[0]);
    assert.equal(
      r.stderr.split('\n')[0],
      'error: unknown language code: sr-cyrl. Did you mean "sr-Cyrl" (Serbian (Cyrillic), српски (ћирилица))?',
      cmd[0],
    );
  }
});

test('build --format json: one JSON object with rule ids; --strict says which findings it failed on', async (t) => {
  const root = await fixtureProject(t);
  // A translation file of a document that does not exist (a typo in its name): a warning.
  await writeFile(join(root, 'translations/el/cooperation-statment.json'), '{}\n');
  // --index-only prints nothing: the diagnostics and the exit code are what is tested here.
  const r = await runMain(root, ['build', '--index-only', '--lang', 'el', '--format', 'json']);
  const report = JSON.parse(r.stdout) as {
    exitCode: number;
    diagnostics: Array<{ rule: string; file?: string; lang?: string; message: string }>;
  };
  assert.equal(r.code, report.exitCode);
  const found = report.diagnostics.find((d) => d.rule === 'orphaned-file');
  assert.deepEqual(
    [found?.file, found?.lang],
    ['translations/el/cooperation-statment.json', 'el'],
    r.stdout,
  );
  assert.match(
    found?.message ?? '',
    /matches no document in source\/ \(orphaned file\)\. Did you mean "cooperation-statement"\?/,
  );
  const plain = await runMain(root, ['build', '--index-only', '--lang', 'el']);
  assert.equal(plain.code, 0, 'a warning alone does not fail');
  const strict = await runMain(root, ['build', '--index-only', '--lang', 'el', '--strict']);
  assert.equal(strict.code, 1);
  assert.match(
    strict.stderr,
    /^--strict: failing on 1 finding:\n {2}warning: translations\/el\/cooperation-statment\.json: \[el\] translations\/el\/cooperation-statment\.json matches no document/m,
  );
});

test('registry entries are validated field by field, naming the file, the line and the entry', () => {
  const good = { languages: LANGUAGES.slice(0, 3) };
  const bad = (change: (l: Record<string, unknown>) => void): string => {
    const data = structuredClone(good) as unknown as { languages: Array<Record<string, unknown>> };
    change(data.languages[2] as Record<string, unknown>);
    try {
      parseRegistry(JSON.stringify(data, null, 2));
    } catch (err) {
      return (err as Error).message;
    }
    return 'accepted';
  };
  const code = LANGUAGES[2]?.code ?? '';
  assert.match(
    bad((l) => (l['script'] = 'Latin')),
    new RegExp(
      `^translations/languages\\.json:\\d+: languages\\[2\\] \\(${code}\\): "script" must be an ISO 15924 script code in title case \\(e\\.g\\. "Latn", "Cyrl", "Geor", "Hebr"\\), not "Latin"\\. Did you mean "Latn"\\?$`,
    ),
  );
  assert.match(
    bad((l) => (l['hyphenation'] = 'xx-nothing')),
    /"hyphenation" names no pattern file of the hyphen package/,
  );
  assert.match(
    bad((l) => (l['nativName'] = 'x')),
    /"nativName" is not a field of a language\. Did you mean "nativeName"\?/,
  );
  assert.match(
    bad((l) => (l['code'] = LANGUAGES[1]?.code)),
    /"code" ".*" is listed twice/,
  );
  assert.match(
    bad((l) => (l['code'] = 'Croatian')),
    /"code" must be a BCP 47 code/,
  );
  assert.match(
    bad((l) => (l['intlLocale'] = 'not a locale!')),
    /"intlLocale" must be a locale Intl accepts/,
  );
  assert.equal(
    bad(() => undefined),
    'accepted',
  );
  assert.equal(suggest('hrr', ['hr', 'hu']), 'hr');
  assert.equal(didYouMean('zzzz', ['hr', 'hu']), '');
});

test('two builds at once: the second is refused naming the holder pid; a stale lock is recovered', async (t) => {
  const root = await fixtureProject(t);
  await mkdir(join(root, 'dist'), { recursive: true });
  const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], {
    stdio: 'ignore',
  });
  try {
    await writeFile(join(root, 'dist', LOCK_FILE), `${holder.pid}\n`);
    const r = await runMain(root, ['build', '--index-only']);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      new RegExp(
        `^error: another build \\(pid ${holder.pid}\\) is writing .*dist\\n {2}Wait for it to finish, or stop it \\(kill ${holder.pid}\\)`,
      ),
    );
  } finally {
    holder.kill('SIGKILL');
  }
  await new Promise((resolve) => holder.once('exit', resolve));
  const stale = await runMain(root, ['build', '--index-only']);
  assert.equal(stale.code, 0, stale.stderr);
  await assert.rejects(readFile(join(root, 'dist', LOCK_FILE)), 'the lock is released');
});

test('a broken languages.json stops every command with the file, line, entry and field, exit 2', async (t) => {
  const root = await fixtureProject(t);
  const file = join(root, 'translations', 'languages.json');
  const text = await readFile(file, 'utf8');
  const code = LANGUAGES[1]?.code ?? '';
  const at = text.indexOf(`"code": "${code}"`);
  await writeFile(
    file,
    `${text.slice(0, at)}${text.slice(at).replace(/"script": "\w+"/, '"script": "Cyrillic"')}`,
  );
  const line = text.slice(0, at).split('\n').length;
  for (const argv of [
    ['coverage'],
    ['check'],
    ['mark', '--lang', 'hr'],
    ['review', '--list'],
    ['xliff', 'export', '--lang', 'hr'],
    ['build', '--index-only'],
  ]) {
    const r = await runMain(root, argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.equal(
      r.stderr.split('\n')[0],
      `error: translations/languages.json:${line}: languages[1] (${code}): "script" must be an ISO 15924 script code in title case (e.g. "Latn", "Cyrl", "Geor", "Hebr"), not "Cyrillic". Did you mean "Cyrl"?`,
      argv.join(' '),
    );
  }
});
