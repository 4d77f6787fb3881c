// Each case a new user tried that used to pass silently: now a located, actionable
// message with a stable rule id and the documented exit code.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../scripts/cli.ts';
import { LOCK_FILE } from '../scripts/io/lock.ts';
import { parseRegistry } from '../scripts/languages.ts';
import { LANGUAGES } from './project-registry.ts';
import { didYouMean, suggest } from '../scripts/stages/suggest.ts';
import { tempProject } from './helpers.ts';

async function run(
  cwd: string,
  ...argv: string[]
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: {},
    cwd,
  });
  return { code, out, err };
}

const SOURCE = 'source/joint-declaration.md';
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
  const r = await run(root, 'check', '--lang', lang, '--no-spelling', '--format', 'json');
  return { code: r.code, findings: (JSON.parse(r.out) as { findings: Finding[] }).findings };
}

async function editJson(file: string, change: (v: Record<string, string>) => void): Promise<void> {
  const values = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
  change(values);
  await writeFile(file, `${JSON.stringify(values, null, 2)}\n`);
}

test('a misspelled ui.json key is an error at its line, with the key it meant; the missing one too', async () => {
  const root = await tempProject();
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

test('a registry language whose translations folder is gone is an error, not an English edition', async () => {
  const root = await tempProject();
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

test('check reports orphaned keys (as build does), with the key it may have meant', async () => {
  const root = await tempProject();
  await editJson(join(root, 'translations/el/joint-declaration.json'), (v) => {
    v['knowingg'] = v['knowing'] ?? '';
  });
  const { code, findings } = await checkJson(root, 'el');
  assert.equal(code, 1, 'an orphan is an error: the build would not publish the edition');
  const orphan = findings.find((f) => f.rule === 'orphaned');
  assert.equal(orphan?.key, 'knowingg');
  assert.ok((orphan?.line ?? 0) > 1, 'the line of the key');
  assert.match(
    orphan?.message ?? '',
    /matches no segment of source\/joint-declaration\.md \(orphaned translation\)\. Did you mean "knowing"\?/,
  );
});

test('a truncated or foreign XLIFF file is refused with exit 2 and nothing is written', async () => {
  const root = await tempProject();
  assert.equal((await run(root, 'xliff', 'export', '--lang', 'hr', '--out', 'hr.xlf')).code, 0);
  const full = await readFile(join(root, 'hr.xlf'), 'utf8');
  const before = await readFile(join(root, 'translations/hr/joint-declaration.json'), 'utf8');
  await writeFile(join(root, 'cut.xlf'), full.slice(0, Math.floor(full.length / 2)));
  const cut = await run(root, 'xliff', 'import', 'cut.xlf');
  assert.equal(cut.code, 2);
  assert.match(
    cut.err,
    /^error: cut\.xlf:\d+(:\d+)?: (the XLIFF file is truncated \(it ends before <\/xliff>\)|not a well-formed XLIFF file)/,
  );
  await writeFile(join(root, 'page.xlf'), '<!doctype html><html><body>x</body></html>');
  const foreign = await run(root, 'xliff', 'import', 'page.xlf');
  assert.equal(foreign.code, 2);
  assert.match(foreign.err, /not an XLIFF file|not a well-formed XLIFF file/);
  assert.equal(
    await readFile(join(root, 'translations/hr/joint-declaration.json'), 'utf8'),
    before,
  );
});

test('"mark --key" without --document finds the document that has the key', async () => {
  const root = await tempProject();
  await writeFile(
    join(root, 'source', 'other.md'),
    '---\nid: other\ntitle: Other\nplace: Sofia\ndate: 2020-01-02\nissuer: SELEC\n---\n\n# Other {#heading}\n\nA quote. {#quote}\n',
  );
  const r = await run(root, 'mark', '--lang', 'hr', '--key', 'knowing');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^hr\/joint-declaration: \d+ segments? marked up to date \(1 checked\)$/m);
  const typo = await run(root, 'mark', '--lang', 'hr', '--key', 'knowin');
  assert.equal(typo.code, 2);
  assert.match(
    typo.err,
    /^error: no document in source\/ has a segment "knowin"\. Did you mean "knowing"\?/,
  );
  const doc = await run(root, 'mark', '--lang', 'hr', '--document', 'joint-declaratio');
  assert.equal(doc.code, 2);
  assert.match(
    doc.err,
    /^error: no document with the id "joint-declaratio"\. Did you mean "joint-declaration"\?/,
  );
});

test('"date: 12 May 2026" is quoted whole, located, with the ISO date to write', async () => {
  const root = await tempProject();
  const src = await readFile(join(root, SOURCE), 'utf8');
  await writeFile(join(root, SOURCE), src.replace(/^date: .*$/m, 'date: 12 May 2026'));
  const line = src.split('\n').findIndex((l) => l.startsWith('date:')) + 1;
  const r = await run(root, 'coverage');
  assert.equal(r.code, 2);
  assert.equal(
    r.err,
    `error: ${SOURCE}:${line}: the front-matter field "date" must be an ISO date such as 2019-10-31, not "12 May 2026"\n  Write the date of adoption as YYYY-MM-DD (for "12 May 2026" write: date: 2026-05-12).\n`,
  );
});

test('YAML errors name file:line:column', async () => {
  const root = await tempProject();
  const src = await readFile(join(root, SOURCE), 'utf8');
  await writeFile(join(root, SOURCE), src.replace(/^title: (.*)$/m, 'title: "$1'));
  const r = await run(root, 'coverage');
  assert.equal(r.code, 2);
  assert.match(
    r.err,
    /^error: source\/joint-declaration\.md:\d+:\d+: the YAML front matter is malformed/,
  );
});

test('a --lang typo gets "did you mean", in every command that takes --lang', async () => {
  const root = await tempProject();
  for (const cmd of [['build'], ['coverage'], ['check'], ['mark']]) {
    const r = await run(root, ...cmd, '--lang', 'sr-cyrl');
    assert.equal(r.code, 2, cmd[0]);
    assert.equal(
      r.err.split('\n')[0],
      'error: unknown language code: sr-cyrl. Did you mean "sr-Cyrl" (Serbian (Cyrillic), српски (ћирилица))?',
      cmd[0],
    );
  }
});

test('build --format json: one JSON object with rule ids; --strict says which findings it failed on', async () => {
  const root = await tempProject();
  // A translation file of a document that does not exist (a typo in its name): a warning.
  await writeFile(join(root, 'translations/tr/joint-declaraton.json'), '{}\n');
  // --index-only prints nothing: the diagnostics and the exit code are what is tested here.
  const r = await run(root, 'build', '--index-only', '--lang', 'tr', '--format', 'json');
  const report = JSON.parse(r.out) as {
    exitCode: number;
    diagnostics: Array<{ rule: string; file?: string; lang?: string; message: string }>;
  };
  assert.equal(r.code, report.exitCode);
  const found = report.diagnostics.find((d) => d.rule === 'orphaned-file');
  assert.deepEqual(
    [found?.file, found?.lang],
    ['translations/tr/joint-declaraton.json', 'tr'],
    r.out,
  );
  assert.match(
    found?.message ?? '',
    /matches no document in source\/ \(orphaned file\)\. Did you mean "joint-declaration"\?/,
  );
  const plain = await run(root, 'build', '--index-only', '--lang', 'tr');
  assert.equal(plain.code, 0, 'a warning alone does not fail');
  const strict = await run(root, 'build', '--index-only', '--lang', 'tr', '--strict');
  assert.equal(strict.code, 1);
  assert.match(
    strict.err,
    /^--strict: failing on 1 finding:\n {2}warning: translations\/tr\/joint-declaraton\.json: \[tr\] translations\/tr\/joint-declaraton\.json matches no document/m,
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
      `^translations/languages\\.json:\\d+: languages\\[2\\] \\(${code}\\): "script" must be one of Latn, Cyrl, Grek, not "Latin"\\. Did you mean "Latn"\\?$`,
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

test('two builds at once: the second is refused naming the holder pid; a stale lock is recovered', async () => {
  const root = await tempProject();
  await mkdir(join(root, 'dist'), { recursive: true });
  const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], {
    stdio: 'ignore',
  });
  try {
    await writeFile(join(root, 'dist', LOCK_FILE), `${holder.pid}\n`);
    const r = await run(root, 'build', '--index-only');
    assert.equal(r.code, 2);
    assert.match(
      r.err,
      new RegExp(
        `^error: another build \\(pid ${holder.pid}\\) is writing .*dist\\n {2}Wait for it to finish, or stop it \\(kill ${holder.pid}\\)`,
      ),
    );
  } finally {
    holder.kill('SIGKILL');
  }
  await new Promise((resolve) => holder.once('exit', resolve));
  const stale = await run(root, 'build', '--index-only');
  assert.equal(stale.code, 0, stale.err);
  await assert.rejects(readFile(join(root, 'dist', LOCK_FILE)), 'the lock is released');
});

test('a broken languages.json stops every command with the file, line, entry and field, exit 2', async () => {
  const { scratchRepo, runCli } = await import('./helpers.ts');
  const dir = await scratchRepo();
  const file = join(dir, 'translations', 'languages.json');
  const text = await readFile(file, 'utf8');
  const code = LANGUAGES[1]?.code ?? '';
  const at = text.indexOf(`"code": "${code}"`);
  await writeFile(
    file,
    `${text.slice(0, at)}${text.slice(at).replace(/"script": "\w+"/, '"script": "Cyrillic"')}`,
  );
  const r = await runCli(dir, ['coverage']);
  assert.equal(r.code, 2);
  const line = text.slice(0, at).split('\n').length;
  assert.equal(
    r.err.split('\n')[0],
    `error: translations/languages.json:${line}: languages[1] (${code}): "script" must be one of Latn, Cyrl, Grek, not "Cyrillic"`,
  );
});
