// The CLI as a user meets it, without a browser: exit codes, messages with file:line,
// no stack traces, and the coverage state transitions on the fixture project's files.
import assert from 'node:assert/strict';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadProject } from '../../scripts/io/project.ts';
import { fixtureProject, runMain } from '../helpers.ts';

type Cov = {
  languages: Record<
    string,
    {
      total: number;
      translated: number;
      stale: number;
      missing: number;
      orphaned: number;
      percent: number;
    }
  >;
};
async function coverage(cwd: string): Promise<Cov> {
  const r = await runMain(cwd, ['coverage', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Cov;
}

const DOC = 'cooperation-statement';
const SOURCE = `source/${DOC}.md`;
const SIGNED = `{"document":"${DOC}","status":"reviewed","by":"A. Reviewer, translator","date":"2026-01-31","source":"${'a'.repeat(64)}","translation":"${'b'.repeat(64)}"}`;

test('--help of every command, and unknown options and codes exit 2 with a hint', async (t) => {
  const root = await fixtureProject(t);
  for (const cmd of ['build', 'coverage', 'check', 'mark', 'review', 'xliff', 'add-language']) {
    const r = await runMain(root, [cmd, '--help']);
    assert.equal(r.code, 0, cmd);
    assert.match(r.stdout, /^Usage: npm run /, cmd);
  }
  // The help names the codes of this project's registry, not of the real one.
  assert.match(
    (await runMain(root, ['build', '--help'])).stdout,
    /codes: en hr sr-Cyrl sr-Latn el\n/,
  );
  const bad = await runMain(root, ['build', '--lang', 'xx,el']);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.split('\n')[0], 'error: unknown language code: xx');
  const opt = await runMain(root, ['build', '--frobnicate']);
  assert.equal(opt.code, 2);
  assert.match(opt.stderr, /Unknown option '--frobnicate'/);
  const unknown = await runMain(root, ['buidl']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /^error: unknown command "buidl"\n {2}Use one of: build, coverage,/);
});

test('the fixture as it is: every registry language reported, one segment missing in el, nothing stale', async (t) => {
  const root = await fixtureProject(t);
  const cov = await coverage(root);
  assert.deepEqual(Object.keys(cov.languages), ['en', 'hr', 'sr-Cyrl', 'sr-Latn', 'el']);
  for (const [code, c] of Object.entries(cov.languages)) {
    assert.deepEqual(
      [c.total, c.translated, c.stale, c.missing, c.orphaned],
      code === 'el' ? [27, 26, 0, 1, 0] : [27, 27, 0, 0, 0],
      code,
    );
  }
  assert.equal((await runMain(root, ['coverage', '--fail-under', '100', '--lang', 'hr'])).code, 0);
  const failing = await runMain(root, ['coverage', '--fail-under', '100']);
  assert.equal(failing.code, 1);
  assert.equal(failing.stderr, 'coverage of el/training-programme is 92.3%, below 100%\n');
});

test('rewording an English paragraph makes it stale in every language; mark makes it current for one', async (t) => {
  const root = await fixtureProject(t);
  const src = await readFile(join(root, SOURCE), 'utf8');
  await writeFile(join(root, SOURCE), src.replace('at national borders', 'at state borders'));
  const cov = await coverage(root);
  for (const [code, c] of Object.entries(cov.languages))
    assert.deepEqual(
      [c.stale, c.missing],
      code === 'en' ? [0, 0] : [1, code === 'el' ? 1 : 0],
      code,
    );
  const failing = await runMain(root, ['coverage', '--fail-under', '100', '--lang', 'hr']);
  assert.equal(failing.code, 1);
  assert.equal(failing.stderr, `coverage of hr/${DOC} is 92.8%, below 100%\n`);
  // Marking it up to date is deliberate: a command, for one key of one language.
  const mark = await runMain(root, ['mark', '--lang', 'hr', '--key', 'recognising']);
  assert.equal(mark.code, 0, mark.stderr);
  assert.deepEqual(mark.stdout.split('\n').slice(0, 2), [
    `hr/${DOC}: 1 segment marked up to date (1 checked)`,
    '  Recital 1 · recognising',
  ]);
  const after = await coverage(root);
  assert.equal(after.languages['hr']?.stale, 0);
  assert.equal(after.languages['el']?.stale, 1);
  assert.equal(after.languages['sr-Latn']?.stale, 1, 'sr-Latn follows sr-Cyrl, still stale');
});

test('inserting a paragraph adds one missing segment per language and changes nothing else', async (t) => {
  const root = await fixtureProject(t);
  const before = await coverage(root);
  const src = await readFile(join(root, SOURCE), 'utf8');
  await writeFile(
    join(root, SOURCE),
    src.replace(
      '## Commitments {#commitments}',
      'A new recital. {#new-recital}\n\n## Commitments {#commitments}',
    ),
  );
  const after = await coverage(root);
  for (const [code, c] of Object.entries(after.languages)) {
    const b = before.languages[code];
    assert.ok(b);
    assert.equal(c.total, b.total + 1, code);
    if (code === 'en') continue;
    assert.deepEqual(
      [c.translated, c.stale, c.missing],
      [b.translated, b.stale, b.missing + 1],
      code,
    );
  }
});

test('deleting a translation key makes that segment missing; an unknown key is orphaned', async (t) => {
  const root = await fixtureProject(t);
  const file = join(root, 'translations', 'el', `${DOC}.json`);
  const values = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
  delete values['recognising'];
  values['no-such-key'] = 'κείμενο';
  await writeFile(file, JSON.stringify(values, null, 2));
  const cov = await coverage(root);
  // el already misses one segment of the other document.
  assert.deepEqual([cov.languages['el']?.missing, cov.languages['el']?.orphaned], [2, 1]);
  assert.deepEqual([cov.languages['hr']?.missing, cov.languages['hr']?.orphaned], [0, 0]);
});

test('bad input: a message naming the file and line, exit 2, no stack trace', async (t) => {
  const edit = (from: string | RegExp, to: string) => async (r: string) =>
    writeFile(join(r, SOURCE), (await readFile(join(r, SOURCE), 'utf8')).replace(from, to));
  const cases: Array<{ name: string; edit: (root: string) => Promise<void>; expect: RegExp }> = [
    {
      name: 'malformed YAML',
      edit: edit('place: Sofia', 'place: [Sofia'),
      expect:
        /^error: source\/cooperation-statement\.md:\d+:\d+: the YAML front matter is malformed/,
    },
    {
      name: 'missing field',
      edit: edit(/^issuer: .*\n/m, ''),
      expect:
        /^error: source\/cooperation-statement\.md(:\d+)?: the front matter lacks the required field "issuer"/,
    },
    {
      name: 'invalid JSON',
      edit: async (r) =>
        writeFile(
          join(r, `translations/hr/${DOC}.json`),
          '{\n  "heading": "x",\n  "intro" "y"\n}\n',
        ),
      expect: /^error: translations\/hr\/cooperation-statement\.json:3:11: not valid JSON/,
    },
    {
      name: 'unknown language folder',
      edit: async (r) => mkdir(join(r, 'translations', 'xx')).then(() => undefined),
      expect: /^error: translations\/xx\/ is not a language of the registry/,
    },
    {
      name: 'a language of the real registry that this project does not have',
      edit: async (r) => mkdir(join(r, 'translations', 'tr')).then(() => undefined),
      expect: /^error: translations\/tr\/ is not a language of the registry/,
    },
    {
      name: 'derived language stored',
      edit: async (r) => mkdir(join(r, 'translations', 'sr-Latn')).then(() => undefined),
      expect: /^error: translations\/sr-Latn\/ should not exist: sr-Latn is generated from sr-Cyrl/,
    },
    {
      name: 'empty source',
      edit: async (r) => writeFile(join(r, SOURCE), ''),
      expect: /^error: source\/cooperation-statement\.md(:\d+)? is empty/,
    },
    {
      name: 'id outside dist',
      edit: edit(`id: ${DOC}`, 'id: ../../x'),
      expect:
        /^error: source\/cooperation-statement\.md(:\d+)?: the document id "\.\.\/\.\.\/x" is not allowed/,
    },
    {
      name: 'sign-off history not JSON',
      edit: async (r) =>
        writeFile(
          join(r, 'translations/el/signoffs.jsonl'),
          `${SIGNED}\n{"document": "${DOC}",, }\n`,
        ),
      expect: /^error: translations\/el\/signoffs\.jsonl:2:38: not valid JSON/,
    },
    {
      name: 'sign-off without signer',
      edit: async (r) =>
        writeFile(
          join(r, 'translations/el/signoffs.jsonl'),
          `${SIGNED.replace('"by":"A. Reviewer, translator"', '"by":" "')}\n`,
        ),
      expect:
        /^error: translations\/el\/signoffs\.jsonl:1: "by" is empty: a sign-off names who signed/,
    },
    {
      name: 'sign-off with a bad date',
      edit: async (r) =>
        writeFile(
          join(r, 'translations/el/signoffs.jsonl'),
          `${SIGNED.replace('2026-01-31', '2026-02-31x')}\n`,
        ),
      expect: /^error: translations\/el\/signoffs\.jsonl:1: "date" must be a date YYYY-MM-DD/,
    },
    {
      name: 'legacy review.json not JSON',
      edit: async (r) =>
        writeFile(join(r, 'translations/el/review.json'), '{"status": "draft",\n  "reviews": [}'),
      expect: /^error: translations\/el\/review\.json:2:15: not valid JSON/,
    },
  ];
  for (const c of cases) {
    const root = await fixtureProject(t);
    await c.edit(root);
    const r = await runMain(root, ['coverage']);
    assert.equal(r.code, 2, `${c.name}: ${r.stderr}`);
    assert.match(r.stderr, c.expect, c.name);
    assert.ok(!/\n\s+at /.test(r.stderr), `${c.name}: stack trace printed`);
  }
});

test('a BOM and CRLF in a source are normalized with a warning, not an error; a missing ui.json is one', async (t) => {
  const root = await fixtureProject(t);
  const src = await readFile(join(root, SOURCE), 'utf8');
  await writeFile(join(root, SOURCE), `\uFEFF${src.replace(/\n/g, '\r\n')}`);
  const r = await runMain(root, ['coverage']);
  assert.equal(r.code, 0, r.stderr);
  const warnings = (await loadProject(root)).diagnostics.map(
    (d) => `${d.severity}: ${d.location?.file}: ${d.message}`,
  );
  assert.deepEqual(warnings, [
    `warning: ${SOURCE}: removed a UTF-8 byte order mark (normalized; fix the file to silence this)`,
    `warning: ${SOURCE}: converted CRLF line ends to LF (normalized; fix the file to silence this)`,
  ]);
  await rm(join(root, 'translations', 'en', 'ui.json'));
  const r2 = await runMain(root, ['coverage']);
  assert.equal(r2.code, 2);
  assert.match(r2.stderr, /^error: translations\/en\/ui\.json is missing/);
  await rm(join(root, 'translations', 'languages.json'));
  const r3 = await runMain(root, ['coverage']);
  assert.equal(r3.code, 2);
  assert.match(
    r3.stderr,
    /^error: cannot read translations\/languages\.json: ENOENT\n {2}Run the command from the project folder/,
  );
});

test('--out over the project itself is refused before any browser is looked for', async (t) => {
  const root = await fixtureProject(t);
  for (const out of ['.', 'source', '..']) {
    const r = await runMain(root, ['build', '--out', out], {
      PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chromium',
    });
    assert.equal(r.code, 2, out);
    assert.match(r.stderr, /would put the editions over the project's own files/);
  }
});

test('check covers the interface strings: planted markup in ui.json is an error naming the key', async (t) => {
  const root = await fixtureProject(t);
  // The control: the fixture as it is passes.
  assert.equal((await runMain(root, ['check', '--no-spelling'])).code, 0);
  const ui = join(root, 'translations', 'hr', 'ui.json');
  const values = JSON.parse(await readFile(ui, 'utf8')) as Record<string, string>;
  values['page'] = `${values['page']} </style><script>alert(1)</script>`;
  await writeFile(ui, JSON.stringify(values, null, 2));
  const r = await runMain(root, ['check', '--lang', 'hr', '--no-spelling']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^error: translations\/hr\/ui\.json:\d+:\d+ \[hr\] ui#page markup: /m);
});
