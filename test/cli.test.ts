// The CLI as a user meets it: exit codes, messages with file:line, no stack traces,
// and the coverage state transitions on real files in a temporary copy.
import assert from 'node:assert/strict';
import { readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../scripts/cli.ts';
import { LANGUAGES } from './project-registry.ts';
import { tempProject } from './helpers.ts';

async function run(
  cwd: string,
  ...argv: string[]
): Promise<{ code: number; out: string; err: string }> {
  return runEnv(cwd, {}, ...argv);
}

async function runEnv(
  cwd: string,
  env: NodeJS.ProcessEnv,
  ...argv: string[]
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env,
    cwd,
  });
  return { code, out, err };
}

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
      documents: Record<string, { stale: number; missing: number; percent: number }>;
    }
  >;
};
async function coverage(cwd: string): Promise<Cov> {
  const r = await run(cwd, 'coverage', '--format', 'json');
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as Cov;
}

const SOURCE = 'source/joint-declaration.md';
const SIGNED = `{"document":"joint-declaration","status":"reviewed","by":"A. Reviewer, translator","date":"2026-01-31","source":"${'a'.repeat(64)}","translation":"${'b'.repeat(64)}"}`;

test('--help of every command, and unknown options and codes exit 2 with a hint', async () => {
  const root = await tempProject();
  for (const cmd of ['build', 'coverage', 'check', 'mark', 'review', 'xliff']) {
    const r = await run(root, cmd, '--help');
    assert.equal(r.code, 0, cmd);
    assert.match(r.out, /^Usage: npm run /, cmd);
  }
  const bad = await run(root, 'build', '--lang', 'xx,el');
  assert.equal(bad.code, 2);
  assert.equal(bad.err.split('\n')[0], 'error: unknown language code: xx');
  const opt = await run(root, 'build', '--frobnicate');
  assert.equal(opt.code, 2);
  assert.match(opt.err, /Unknown option '--frobnicate'/);
});

test('the real translations: every registry language reported, nothing stale or orphaned, --fail-under agrees with the JSON', async () => {
  const root = await tempProject();
  const cov = await coverage(root);
  assert.deepEqual(
    Object.keys(cov.languages),
    LANGUAGES.map((l) => l.code),
  );
  for (const [code, c] of Object.entries(cov.languages)) {
    // Missing is allowed (a new document or language shows English until translated); stale or orphaned is not.
    assert.deepEqual([c.stale, c.orphaned], [0, 0], code);
    assert.equal(c.translated + c.missing, c.total, code);
  }
  const complete = Object.values(cov.languages).every((c) => c.translated === c.total);
  assert.equal((await run(root, 'coverage', '--fail-under', '100')).code, complete ? 0 : 1);
});

test('rewording an English paragraph makes it stale in every language, with a diff on the review page', async () => {
  const root = await tempProject();
  const src = await readFile(join(root, SOURCE), 'utf8');
  await writeFile(
    join(root, SOURCE),
    src.replace('is an increasing threat to the security', 'is a growing threat to the security'),
  );
  const before = await coverage(await tempProject());
  const cov = await coverage(root);
  const { loadProject } = await import('../scripts/io/project.ts');
  const project = await loadProject(root);
  for (const [code, c] of Object.entries(cov.languages)) {
    if (code === 'en') continue;
    // Languages that translated the paragraph see it stale; one that has not (a new language) still misses it.
    const translatedIt = project.resources[code]?.['joint-declaration']?.['knowing'] !== undefined;
    assert.equal(c.stale, translatedIt ? 1 : 0, code);
    assert.equal(c.missing, before.languages[code]?.missing, code);
  }
  const failing = await run(root, 'coverage', '--fail-under', '100', '--lang', 'hr');
  assert.equal(failing.code, 1);
  const hrDoc = cov.languages['hr']?.documents?.['joint-declaration'];
  assert.match(
    failing.err,
    new RegExp(
      `^coverage of hr/joint-declaration is ${hrDoc?.percent.toFixed(1).replace('.', '\\.')}%, below 100%$`,
      'm',
    ),
  );
  // The build says so and the review page shows what changed.
  const { Printer } = await import('../scripts/io/browser.ts');
  const { build } = await import('../scripts/build.ts');
  const printer = new Printer();
  try {
    await build({ root, printer, langs: ['hr'] });
  } finally {
    await printer.close();
  }
  const review = await readFile(
    join(root, 'reports', 'review', 'hr', 'joint-declaration.html'),
    'utf8',
  );
  const row = /<tr id="seg-knowing" data-status="stale">[\s\S]*?<\/tr>/.exec(review)?.[0] ?? '';
  assert.match(row, /<del>an<\/del><ins>a<\/ins>/);
  assert.match(row, /<del>increasing<\/del><ins>growing<\/ins>/);
  // Marking it up to date is deliberate: a command, for one key of one language.
  const mark = await run(root, 'mark', '--lang', 'hr', '--key', 'knowing');
  assert.equal(mark.code, 0, mark.err);
  const after = await coverage(root);
  assert.equal(after.languages['hr']?.stale, 0);
  assert.equal(after.languages['el']?.stale, 1);
});

test('inserting a paragraph adds one missing segment per language and changes nothing else', async () => {
  const root = await tempProject();
  const before = await coverage(root);
  const src = await readFile(join(root, SOURCE), 'utf8');
  await writeFile(
    join(root, SOURCE),
    src.replace('DECLARE: {#declare}', 'A new recital. {#new-recital}\n\nDECLARE: {#declare}'),
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

test('deleting a translation key makes that segment missing; an unknown key is orphaned', async () => {
  const root = await tempProject();
  const file = join(root, 'translations', 'el', 'joint-declaration.json');
  const values = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
  delete values['mindful'];
  values['no-such-key'] = 'κείμενο';
  await writeFile(file, JSON.stringify(values, null, 2));
  const cov = await coverage(root);
  assert.deepEqual([cov.languages['el']?.missing, cov.languages['el']?.orphaned], [1, 1]);
  assert.deepEqual([cov.languages['tr']?.missing, cov.languages['tr']?.orphaned], [0, 0]);
});

test('bad input: a message naming the file and line, exit 2, no stack trace', async () => {
  const cases: Array<{ name: string; edit: (root: string) => Promise<void>; expect: RegExp }> = [
    {
      name: 'malformed YAML',
      edit: async (r) =>
        writeFile(
          join(r, SOURCE),
          (await readFile(join(r, SOURCE), 'utf8')).replace(
            'place: Bucharest',
            'place: [Bucharest',
          ),
        ),
      expect: /^error: source\/joint-declaration\.md:\d+:\d+: the YAML front matter is malformed/,
    },
    {
      name: 'missing field',
      edit: async (r) =>
        writeFile(
          join(r, SOURCE),
          (await readFile(join(r, SOURCE), 'utf8')).replace(/^issuer: .*\n/m, ''),
        ),
      expect:
        /^error: source\/joint-declaration\.md(:\d+)?: the front matter lacks the required field "issuer"/,
    },
    {
      name: 'invalid JSON',
      edit: async (r) =>
        writeFile(
          join(r, 'translations/hu/joint-declaration.json'),
          '{\n  "heading": "x",\n  "knowing" "y"\n}\n',
        ),
      expect: /^error: translations\/hu\/joint-declaration\.json:3:13: not valid JSON/,
    },
    {
      name: 'unknown language folder',
      edit: async (r) => mkdir(join(r, 'translations', 'xx')).then(() => undefined),
      expect: /^error: translations\/xx\/ is not a language of the registry/,
    },
    {
      name: 'derived language stored',
      edit: async (r) => mkdir(join(r, 'translations', 'sr-Latn')).then(() => undefined),
      expect: /^error: translations\/sr-Latn\/ should not exist: sr-Latn is generated from sr-Cyrl/,
    },
    {
      name: 'empty source',
      edit: async (r) => writeFile(join(r, SOURCE), ''),
      expect: /^error: source\/joint-declaration\.md(:\d+)? is empty/,
    },
    {
      name: 'id outside dist',
      edit: async (r) =>
        writeFile(
          join(r, SOURCE),
          (await readFile(join(r, SOURCE), 'utf8')).replace('id: joint-declaration', 'id: ../../x'),
        ),
      expect:
        /^error: source\/joint-declaration\.md(:\d+)?: the document id "\.\.\/\.\.\/x" is not allowed/,
    },
    {
      name: 'sign-off history not JSON',
      edit: async (r) =>
        writeFile(
          join(r, 'translations/tr/signoffs.jsonl'),
          `${SIGNED}\n{"document": "joint-declaration",, }\n`,
        ),
      expect: /^error: translations\/tr\/signoffs\.jsonl:2:34: not valid JSON/,
    },
    {
      name: 'sign-off without signer',
      edit: async (r) =>
        writeFile(
          join(r, 'translations/tr/signoffs.jsonl'),
          `${SIGNED.replace('"by":"A. Reviewer, translator"', '"by":" "')}\n`,
        ),
      expect:
        /^error: translations\/tr\/signoffs\.jsonl:1: "by" is empty: a sign-off names who signed/,
    },
    {
      name: 'sign-off with a bad date',
      edit: async (r) =>
        writeFile(
          join(r, 'translations/tr/signoffs.jsonl'),
          `${SIGNED.replace('2026-01-31', '2026-02-31x')}\n`,
        ),
      expect: /^error: translations\/tr\/signoffs\.jsonl:1: "date" must be a date YYYY-MM-DD/,
    },
    {
      name: 'legacy review.json not JSON',
      edit: async (r) =>
        writeFile(join(r, 'translations/tr/review.json'), '{"status": "draft",\n  "reviews": [}'),
      expect: /^error: translations\/tr\/review\.json:2:15: not valid JSON/,
    },
  ];
  for (const c of cases) {
    const root = await tempProject();
    await c.edit(root);
    const r = await run(root, 'coverage');
    assert.equal(r.code, 2, `${c.name}: ${r.err}`);
    assert.match(r.err, c.expect, c.name);
    assert.ok(!/\n\s+at /.test(r.err), `${c.name}: stack trace printed`);
  }
});

test('a BOM and CRLF in a source are normalized with a warning, not an error', async () => {
  const root = await tempProject();
  const src = await readFile(join(root, SOURCE), 'utf8');
  await writeFile(join(root, SOURCE), `\uFEFF${src.replace(/\n/g, '\r\n')}`);
  const r = await run(root, 'coverage');
  assert.equal(r.code, 0, r.err);
  const { loadProject } = await import('../scripts/io/project.ts');
  const warnings = (await loadProject(root)).diagnostics.map(
    (d) => `${d.severity}: ${d.location?.file}: ${d.message}`,
  );
  assert.deepEqual(warnings, [
    'warning: source/joint-declaration.md: removed a UTF-8 byte order mark (normalized; fix the file to silence this)',
    'warning: source/joint-declaration.md: converted CRLF line ends to LF (normalized; fix the file to silence this)',
  ]);
  const registry = await readFile(join(root, 'translations', 'languages.json'), 'utf8');
  await rm(join(root, 'translations'), { recursive: true });
  const r2 = await run(root, 'coverage');
  assert.equal(r2.code, 2);
  // The registry is the project's own input: without it, that is what is named.
  assert.match(
    r2.err,
    /^error: cannot read translations\/languages\.json: ENOENT\n  Run the command/,
  );
  await mkdir(join(root, 'translations'));
  await writeFile(join(root, 'translations', 'languages.json'), registry);
  const r3 = await run(root, 'coverage');
  assert.equal(r3.code, 2);
  assert.match(r3.err, /^error: translations\/en\/ui\.json is missing/);
});

test('npm run build twice: the second run is a no-op that needs no browser at all', async () => {
  const root = await tempProject();
  const first = await run(root, 'build', '--lang', 'en,tr');
  assert.equal(first.code, 0, first.err);
  // A browser that cannot exist: the no-op must not even look for one.
  const second = await runEnv(
    root,
    { PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chromium' },
    'build',
    '--lang',
    'en,tr',
  );
  assert.equal(second.code, 0, second.err);
  assert.match(second.out, /^nothing changed since the last build/);
  // Any input change ends the no-op.
  const tr = join(root, 'translations', 'tr', 'joint-declaration.json');
  await writeFile(
    tr,
    (await readFile(tr, 'utf8')).replace('Ortak Bildiri', 'Ortak Bildiri (düzeltme)'),
  );
  const third = await runEnv(
    root,
    { PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chromium' },
    'build',
    '--lang',
    'en,tr',
  );
  assert.equal(third.code, 2);
  assert.match(third.err, /^error: Chromium could not be started/);
});

test('--out over the project itself is refused', async () => {
  const root = await tempProject();
  for (const out of ['.', 'source', '..']) {
    const r = await run(root, 'build', '--out', out);
    assert.equal(r.code, 2, out);
    assert.match(r.err, /would put the editions over the project's own files/);
  }
});

test('a PDF that is gone or not the one recorded is left out of the index, with a warning', async () => {
  const root = await tempProject();
  assert.equal((await run(root, 'build', '--lang', 'en,el')).code, 0);
  await rm(join(root, 'dist', 'el', 'joint-declaration.pdf'));
  const r = await run(root, 'build', '--index-only');
  assert.equal(r.code, 0, r.err);
  assert.match(
    r.err,
    /warning: \[el\] dist\/el\/joint-declaration\.pdf is missing or not the one recorded/,
  );
  const sums = await readFile(join(root, 'dist', 'SHA256SUMS'), 'utf8');
  assert.deepEqual(
    sums
      .trim()
      .split('\n')
      .map((l) => l.split('  ')[1]),
    ['en/joint-declaration.pdf'],
  );
});

test('check covers the interface strings: planted markup in ui.json is an error naming the key', async () => {
  const root = await tempProject();
  const ui = join(root, 'translations', 'hr', 'ui.json');
  const values = JSON.parse(await readFile(ui, 'utf8')) as Record<string, string>;
  values['page'] = `${values['page']} </style><script>alert(1)</script>`;
  await writeFile(ui, JSON.stringify(values, null, 2));
  const r = await run(root, 'check', '--lang', 'hr', '--no-spelling');
  assert.equal(r.code, 1);
  assert.match(r.out, /^error: translations\/hr\/ui\.json:\d+:\d+ \[hr\] ui#page markup: /m);
  assert.equal((await run(await tempProject(), 'check', '--no-spelling')).code, 0);
});
