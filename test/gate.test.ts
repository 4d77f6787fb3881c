// The publication gate, as a tired publications officer meets it: each ordinary mistake
// is refused or reported with its file and line, and nothing wrong reaches dist/: an
// edition with an error keeps the files it was published with, byte for byte.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { unzipSync } from 'fflate';
import { main } from '../scripts/cli.ts';
import { readRegistry } from '../scripts/io/registry.ts';
import { SOURCE_LANGUAGE } from '../scripts/languages.ts';
import { FIXTURE, ROOT, fixtureProject, tempDir } from './helpers.ts';

// The tests' own project: its registry, its documents (never counted by hand here).
const registry = readRegistry(FIXTURE);
const stored = registry.languages.filter((l) => l.code !== SOURCE_LANGUAGE && !l.derivedFrom);
const [L1, L2] = stored.map((l) => l.code);
const DERIVED = registry.languages.find((l) => l.derivedFrom);
let DOC = '';
let base = '';
const scratch: string[] = [];

async function run(cwd: string, ...argv: string[]) {
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

/** sha256 of every file under dist/ but the build's own state. */
async function snapshot(dist: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const f of await readdir(dist, { recursive: true })) {
    const name = String(f);
    if (name.split('/').some((p) => p.startsWith('.'))) continue;
    const path = join(dist, name);
    if (!(await stat(path)).isFile()) continue;
    out.set(
      name,
      createHash('sha256')
        .update(await readFile(path))
        .digest('hex'),
    );
  }
  return out;
}

/** A copy of the built project (with its dist/) to make one mistake in. */
async function copyOfBuilt(): Promise<string> {
  const dir = await tempDir('gate-');
  scratch.push(dir);
  await cp(base, dir, { recursive: true });
  return dir;
}

const json = async (path: string) =>
  JSON.parse(await readFile(path, 'utf8')) as Record<string, string>;

/** Makes the mistake, builds, and checks that the files of `unchanged` editions stayed as they were. */
async function mistake(
  change: (dir: string) => Promise<void>,
  expect: { code: number; message: RegExp; unchanged: string[] },
  ...args: string[]
): Promise<{ dir: string; out: string; err: string }> {
  const dir = await copyOfBuilt();
  const beforeFiles = await snapshot(join(dir, 'dist'));
  await change(dir);
  const r = await run(dir, 'build', ...args);
  assert.equal(r.code, expect.code, `${r.out}\n${r.err}`);
  assert.match(r.err, expect.message);
  assert.ok(!/\n\s+at /.test(r.err), 'no stack trace');
  const afterFiles = await snapshot(join(dir, 'dist'));
  for (const edition of expect.unchanged)
    for (const ext of ['html', 'pdf'])
      assert.equal(
        afterFiles.get(`${edition}.${ext}`),
        beforeFiles.get(`${edition}.${ext}`),
        `${edition}.${ext} stays as it was published`,
      );
  return { dir, out: r.out, err: r.err };
}

const editionsOf = (...langs: string[]) => langs.map((l) => `${l}/${DOC}`);
const derivedOf = (code: string) =>
  registry.languages.filter((l) => l.derivedFrom?.code === code).map((l) => l.code);

before(async () => {
  base = await fixtureProject();
  scratch.push(base);
  // The fixture publishes its partly translated editions; the officer's project has the defaults.
  await rm(join(base, 'publication.json'), { force: true });
  DOC =
    (await readdir(join(base, 'source')))
      .sort()
      .find((f) => f.endsWith('.md'))
      ?.replace(/\.md$/, '') ?? '';
  const r = await run(base, 'build');
  assert.equal(r.code, 0, r.err);
});

after(async () => {
  for (const d of scratch) await rm(d, { recursive: true, force: true });
});

test('a duplicate key in a translation file: exit 1, file:line, the edition stays as published', async () => {
  const file = `translations/${L1}/${DOC}.json`;
  const { out } = await mistake(
    async (dir) => {
      const text = await readFile(join(dir, file), 'utf8');
      const key = Object.keys(JSON.parse(text) as object)[1] ?? '';
      await writeFile(join(dir, file), text.replace('{\n', `{\n  "${key}": "wrong",\n`));
    },
    {
      code: 1,
      message: new RegExp(`error: ${file}:\\d+:\\d+: \\[${L1}\\] duplicate key`),
      unchanged: editionsOf(L1 ?? ''),
    },
  );
  assert.match(out, new RegExp(`not published: ${L1}/${DOC} \\(json-duplicate-key\\)`));
});

test('a mistyped interface key, and a deleted ui.json: exit 1, the language keeps its editions', async () => {
  const ui = `translations/${L1}/ui.json`;
  await mistake(
    async (dir) => {
      const text = await readFile(join(dir, ui), 'utf8');
      await writeFile(join(dir, ui), text.replace('"recordStatus"', '"recordStatuss"'));
    },
    {
      code: 1,
      message: /unknown interface key "recordStatuss".* Did you mean "recordStatus"\?/,
      unchanged: editionsOf(L1 ?? '', ...derivedOf(L1 ?? '')),
    },
  );
  await mistake(async (dir) => rm(join(dir, `translations/${L2}/ui.json`)), {
    code: 1,
    message: new RegExp(`translations/${L2}/ui.json.* is missing`),
    unchanged: editionsOf(L2 ?? ''),
  });
});

test('a deleted translation file of a published edition is an error, not an English edition', async () => {
  const file = `translations/${L2}/${DOC}.json`;
  const { dir } = await mistake(async (d) => rm(join(d, file)), {
    code: 1,
    message: new RegExp(`${file}.* is missing: the published .* edition would be English only`),
    unchanged: editionsOf(L2 ?? ''),
  });
  const manifest = JSON.parse(await readFile(join(dir, 'dist', 'manifest.json'), 'utf8')) as {
    editions: Array<{ lang: string }>;
    withheld: Array<{ lang: string; kind: string }>;
  };
  assert.ok(
    manifest.editions.some((e) => e.lang === L2),
    'its published entry stays',
  );
  assert.deepEqual(
    manifest.withheld.filter((w) => w.kind === 'error').map((w) => w.lang),
    [L2, ...derivedOf(L2 ?? '')],
    'the manifest says why (a derived edition follows its source)',
  );
});

test('a mistyped translation key: the line of the key and a "did you mean"', async () => {
  const file = `translations/${L1}/${DOC}.json`;
  await mistake(
    async (dir) => {
      const values = await json(join(dir, file));
      const key = Object.keys(values).find((k) => !k.startsWith('meta.')) ?? '';
      const text = await readFile(join(dir, file), 'utf8');
      await writeFile(join(dir, file), text.replace(`"${key}":`, `"${key.slice(0, -1)}":`));
    },
    {
      code: 1,
      message: new RegExp(`error: ${file}:\\d+:\\d+: .*orphaned translation\\)\\. Did you mean "`),
      unchanged: editionsOf(L1 ?? ''),
    },
  );
});

test('a renamed key in the English is recognised as a rename by its text', async () => {
  const src = `source/${DOC}.md`;
  const { err } = await mistake(
    async (dir) => {
      const text = await readFile(join(dir, src), 'utf8');
      const key = /\{#([a-z][\w-]*)\}/.exec(text.slice(text.indexOf('\n#')))?.[1] ?? '';
      await writeFile(join(dir, src), text.replace(`{#${key}}`, `{#${key}-renamed}`));
    },
    {
      code: 1,
      message: /-renamed" \(its English is the text this key was translated from\)/,
      unchanged: editionsOf(...stored.map((l) => l.code)),
    },
  );
  assert.match(err, new RegExp(`translations/${L1}/${DOC}\\.json:\\d+:\\d+:`));
});

test('broken Markdown in the English: unclosed emphasis, an undefined label, a dead anchor', async () => {
  const src = `source/${DOC}.md`;
  const all = editionsOf(...registry.codes);
  const breakParagraph = (replace: (para: string) => string) => async (dir: string) => {
    const text = await readFile(join(dir, src), 'utf8');
    const para = text.split('\n').find((l) => /^[A-Z][a-z]+ .*\{#[\w-]+\}$/.test(l)) ?? '';
    await writeFile(join(dir, src), text.replace(para, replace(para)));
  };
  await mistake(
    breakParagraph((p) => `*${p}`),
    {
      code: 1,
      message: new RegExp(`error: ${src}:\\d+: the English opens emphasis "\\*"`),
      unchanged: all,
    },
  );
  await mistake(
    breakParagraph((p) => p.replace(' ', ' [Article 5][art-55] ')),
    {
      code: 1,
      message: /refers to the link label "\[art-55\]", which no definition has/,
      unchanged: all,
    },
  );
  await mistake(
    breakParagraph((p) => p.replace(' ', ' [Article 3](#seg-art-3-titel) ')),
    {
      code: 1,
      message: /links to "#seg-art-3-titel", which is no place of the page/,
      unchanged: all,
    },
  );
});

test('broken markup in a translation, and a value that is not text', async () => {
  const file = `translations/${L1}/${DOC}.json`;
  const edit = (value: (v: string) => unknown) => async (dir: string) => {
    const values: Record<string, unknown> = await json(join(dir, file));
    const key = Object.keys(values).find((k) => !k.startsWith('meta.')) ?? '';
    values[key] = value(String(values[key]));
    await writeFile(join(dir, file), `${JSON.stringify(values, null, 2)}\n`);
  };
  await mistake(
    edit((v) => `*${v}`),
    {
      code: 1,
      message: new RegExp(`error: ${file}:\\d+:\\d+: \\[${L1}\\] the translation opens emphasis`),
      unchanged: editionsOf(L1 ?? ''),
    },
  );
  await mistake(
    edit(() => 42),
    {
      code: 1,
      message: new RegExp(
        `error: ${file}:\\d+:\\d+: \\[${L1}\\] the value of ".*" is number, not text`,
      ),
      unchanged: editionsOf(L1 ?? ''),
    },
  );
});

test('an unknown front-matter field is an error with "did you mean"', async () => {
  const src = `source/${DOC}.md`;
  await mistake(
    async (dir) => {
      const text = await readFile(join(dir, src), 'utf8');
      await writeFile(join(dir, src), text.replace(/^(id: .*)$/m, '$1\nsubjet: A typo'));
    },
    {
      code: 1,
      message: new RegExp(
        `error: ${src}:\\d+: the front-matter field "subjet" .* Did you mean "subject"\\?`,
      ),
      unchanged: editionsOf(...registry.codes),
    },
  );
});

test('input that cannot be read is refused before anything is written', async () => {
  const file = `translations/${L1}/${DOC}.json`;
  const { dir } = await mistake(async (d) => writeFile(join(d, file), '{ "a": "b", }\n'), {
    code: 2,
    message: new RegExp(`error: ${file}:1:\\d+: not valid JSON`),
    unchanged: editionsOf(...registry.codes),
  });
  assert.ok(dir);
});

test('--strict: a warning keeps its edition out, as an error would', async () => {
  const file = `translations/${L1}/${DOC}.json`;
  const { out } = await mistake(
    async (dir) => {
      const values = await json(join(dir, file));
      const key =
        Object.keys(values).find((k) => !k.startsWith('meta.') && /[.!?]$/.test(values[k] ?? '')) ??
        '';
      values[key] = (values[key] ?? '').replace(/[.!?]$/, '');
      await writeFile(join(dir, file), `${JSON.stringify(values, null, 2)}\n`);
    },
    { code: 1, message: /--strict: failing on/, unchanged: editionsOf(L1 ?? '') },
    '--strict',
  );
  assert.match(out, new RegExp(`not published: ${L1}/${DOC} \\(punctuation\\)`));
});

test('a new document is in preparation: listed without links, out of the zip, the checksums and the sitemap', async () => {
  const dir = await copyOfBuilt();
  const front = (await readFile(join(dir, 'source', `${DOC}.md`), 'utf8')).split('\n---')[0] ?? '';
  const id = 'new-rules';
  await writeFile(
    join(dir, 'source', `${id}.md`),
    `${front.replace(/^id: .*$/m, `id: ${id}`).replace(/^title: .*$/m, 'title: New Rules')}\n---\n\n# New Rules {#heading}\n\nThe Council meets twice a year. {#first}\n`,
  );
  const r = await run(dir, 'build', '--base-url', 'https://example.org/');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, new RegExp(`in preparation, not published: ${id} in ${stored[0]?.code}`));
  const dist = join(dir, 'dist');
  const sums = await readFile(join(dist, 'SHA256SUMS'), 'utf8');
  const zip = Object.keys(unzipSync(await readFile(join(dist, 'selec-editions.zip'))));
  const sitemap = await readFile(join(dist, 'sitemap.xml'), 'utf8');
  const index = await readFile(join(dist, 'index.html'), 'utf8');
  for (const l of stored) {
    const pdf = `${l.code}/${id}.pdf`;
    assert.ok(
      !sums.includes(pdf) && !zip.includes(pdf) && !sitemap.includes(`${l.code}/${id}.html`),
      pdf,
    );
    assert.match(index, new RegExp(`id="${id}-${l.code}">.*in preparation \\(0\\.0%\\)`));
  }
  assert.ok(sums.includes(`${SOURCE_LANGUAGE}/${id}.pdf`), 'the authentic English is published');
  const incomplete = await run(dir, 'build', '--allow-incomplete');
  assert.equal(incomplete.code, 0, incomplete.err);
  assert.ok((await readFile(join(dist, 'SHA256SUMS'), 'utf8')).includes(`${L1}/${id}.pdf`));
  // Removed again: its files leave the release.
  await rm(join(dir, 'source', `${id}.md`));
  const removed = await run(dir, 'build');
  assert.equal(removed.code, 0, removed.err);
  const left = [...(await snapshot(dist)).keys()].filter((f) => f.includes(id));
  assert.deepEqual(left, [], 'a removed document leaves no file');
});

test('a publication policy that asks an approval keeps unsigned translations in preparation', async () => {
  const dir = await copyOfBuilt();
  await writeFile(
    join(dir, 'publication.json'),
    JSON.stringify({ documents: { [DOC]: { requireSignoff: 'approved' } } }),
  );
  const r = await run(dir, 'build');
  assert.equal(r.code, 0, r.err);
  const manifest = JSON.parse(await readFile(join(dir, 'dist', 'manifest.json'), 'utf8')) as {
    editions: Array<{ lang: string; document: string; status: string }>;
    withheld: Array<{ lang: string; document: string; reasons: string[] }>;
  };
  const published = manifest.editions.filter((e) => e.document === DOC);
  const withheld = manifest.withheld.filter((w) => w.document === DOC);
  assert.ok(
    published.some((e) => e.lang === SOURCE_LANGUAGE),
    'the English is published',
  );
  for (const e of published.filter((x) => x.lang !== SOURCE_LANGUAGE))
    assert.equal(e.status, 'approved', `${e.lang}: published only when approved`);
  assert.ok(withheld.length > 0, 'unsigned translations are held back');
  assert.ok(
    withheld.every((w) => /not approved/.test(w.reasons.join())),
    JSON.stringify(withheld),
  );
  assert.equal(published.length + withheld.length, registry.codes.length);
  await writeFile(join(dir, 'publication.json'), '{"default": {"requireSignof": "approved"}}');
  const bad = await run(dir, 'build');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /publication\.json:1: "requireSignof" .* Did you mean "requireSignoff"\?/);
});

test('dist/ is the release: no review page, dashboard or export in it', async () => {
  const files = [...(await snapshot(join(base, 'dist'))).keys()];
  assert.deepEqual(
    files.filter((f) => /^(review|coverage|hyphenation|xliff)\//.test(f)),
    [],
  );
  const reports = await readdir(join(base, 'reports'));
  assert.deepEqual(reports.sort(), ['coverage', 'hyphenation', 'review']);
  const exported = await run(base, 'xliff', 'export', '--lang', L1 ?? '');
  assert.equal(exported.code, 0, exported.err);
  assert.match(exported.out, new RegExp(`exported ${L1} to exports/xliff/${L1}\\.xlf`));
  await stat(join(base, 'exports', 'xliff', `${L1}.xlf`));
  // The review pages reach the release's editions and assets from reports/.
  const page = await readFile(join(base, 'reports', 'review', L1 ?? '', `${DOC}.html`), 'utf8');
  assert.match(page, new RegExp(`href="\\.\\./\\.\\./\\.\\./dist/${L1}/${DOC}\\.html"`));
  assert.match(page, /href="\.\.\/\.\.\/\.\.\/dist\/assets\/pages\.css"/);
});

test('language codes people type get the right suggestion', async () => {
  const cases: Array<[string, string[]]> = [
    ['sr', registry.languages.filter((l) => l.code.startsWith('sr-')).map((l) => l.code)],
    ['al', ['sq']],
    ['gr', ['el']],
    ['me', ['cnr']],
    ['md', ['ro']],
    ['ba', ['bs']],
  ];
  for (const [typed, expected] of cases) {
    const known = expected.filter((c) => registry.find(c));
    if (known.length === 0) continue;
    const r = await run(base, 'coverage', '--lang', typed);
    assert.equal(r.code, 2);
    assert.match(
      r.err.split('\n')[0] ?? '',
      new RegExp(`Did you mean ${known.map((c) => `"${c}" \\(.*`).join(' or ')}\\?$`),
      typed,
    );
  }
});

test('coverage names the keys that are stale or missing, as mark and review say', async () => {
  const dir = await copyOfBuilt();
  const src = `source/${DOC}.md`;
  const text = await readFile(join(dir, src), 'utf8');
  const line = text.split('\n').find((l) => /^[A-Z][a-z]+ .*\{#([\w-]+)\}$/.test(l)) ?? '';
  const key = /\{#([\w-]+)\}$/.exec(line)?.[1] ?? '';
  await writeFile(join(dir, src), text.replace(line, line.replace(' ', ' very ')));
  const table = await run(dir, 'coverage');
  assert.match(
    table.out,
    new RegExp(`  ${L1}/${DOC}: stale \\(check, then npm run mark\\): ${key}`),
  );
  const data = JSON.parse((await run(dir, 'coverage', '--format', 'json')).out) as {
    languages: Record<string, { documents: Record<string, { staleKeys?: string[] }> }>;
  };
  assert.deepEqual(data.languages[L1 ?? '']?.documents[DOC]?.staleKeys, [key]);
});

test('a plain npm run build does not answer "up to date" while another build holds the lock', async () => {
  const sleeper = spawn('sleep', ['30']);
  try {
    await writeFile(join(base, 'dist', '.build.lock'), `${sleeper.pid}\n`);
    const r = await new Promise<{ code: number | null; err: string }>((resolve) => {
      const child = spawn('sh', [join(ROOT, 'scripts', 'build.sh')], { cwd: base });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('exit', (code) => resolve({ code, err }));
    });
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, new RegExp(`another build \\(pid ${sleeper.pid}\\) is writing`));
  } finally {
    sleeper.kill();
    await rm(join(base, 'dist', '.build.lock'), { force: true });
  }
  assert.ok(DERIVED === undefined || DERIVED.derivedFrom !== undefined);
});
