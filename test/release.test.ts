// Releases (issue 27): a document released, changed (English and a translation), built
// and released again, then once as a corrigendum; every released file keeps its recorded
// hash through a clean rebuild (rm -rf dist, build) with real Chromium; the manifest, the
// index and the current edition list the versions; the old version's page says, in its
// language, that a newer one exists and links to it; the "what changed" page shows the
// changed words; refusals are located; an interrupted release and a tampered ledger are
// caught. A scratch copy of the fixture project, removed with the process.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { build } from '../scripts/build.ts';
import { loadProject } from '../scripts/io/project.ts';
import { releaseDocument } from '../scripts/services/release.ts';
import type { Release } from '../scripts/stages/ledger.ts';
import type { Manifest } from '../scripts/stages/manifest.ts';
import { fixtureProject, runMain, usePrinter } from './helpers.ts';

const printer = await usePrinter();
const DOC = 'cooperation-statement';
const LANGS = ['en', 'hr', 'el'];
const V1 = '2026-01-15';
const V2 = '2026-02-01';
const V3 = '2026-02-03';
let root: string;

before(async () => {
  root = await fixtureProject();
});

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const read = (rel: string): Promise<string> => readFile(join(root, rel), 'utf8');
/** npm run release of DOC as `version`, on that day. */
const run = (args: string[], version: string) =>
  runMain(
    root,
    ['release', '--document', DOC, '--version', version, ...args],
    {},
    new Date(`${version}T10:00:00Z`),
  );
const buildAll = () => build({ root, printer, langs: LANGS });

async function ledger(): Promise<Release[]> {
  const text = await read('releases/ledger.jsonl');
  return text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Release);
}

/** Every file of a release in dist/, checked against the hash the ledger recorded. */
async function assertServed(release: Release): Promise<void> {
  const files = [...release.editions.flatMap((e) => Object.entries(e.files))];
  files.push(...Object.entries(release.assets));
  for (const [path, hash] of files) {
    const bytes = await readFile(join(root, 'dist', DOC, release.version, path));
    assert.equal(sha(bytes), hash, `dist/${DOC}/${release.version}/${path}`);
  }
}

async function edit(rel: string, change: (text: string) => string): Promise<void> {
  await writeFile(join(root, rel), change(await read(rel)));
}

test('a first release keeps the editions in dist/ byte for byte and records them', async () => {
  await buildAll();
  const r = await run(['--note', 'First publication'], V1);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /released cooperation-statement 2026-01-15: en, hr, el/);
  assert.match(r.stdout, /not in this release: sr-Cyrl, sr-Latn \(not published in dist\//);
  const [first] = await ledger();
  assert.ok(first);
  assert.deepEqual(
    first.editions.map((e) => e.lang),
    LANGS,
  );
  for (const e of first.editions) {
    const html = await readFile(join(root, 'dist', e.lang, `${DOC}.html`));
    assert.equal(e.files[`${e.lang}/${DOC}.html`], sha(html), `${e.lang} HTML as built`);
    assert.ok(e.files[`${e.lang}/${DOC}.pdf`] && e.files[`${e.lang}/${DOC}.akn.xml`]);
  }
  assert.ok(first.assets['assets/edition.css'] && first.assets['assets/fonts.css']);
  assert.ok(Object.keys(first.assets).some((a) => a.startsWith('assets/fonts/')));
});

test('an existing version is refused, and so is a build that is not current', async () => {
  const again = await run(['--note', 'again'], V1);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /releases\/ledger\.jsonl:1/);
  assert.match(again.stderr, /already released/);
  assert.match(again.stderr, /--corrigendum-of 2026-01-15/);
  // The release changes the current editions (they list it): dist/ is not current until built.
  const stale = await run([], V2);
  assert.equal(stale.code, 1);
  assert.match(stale.stderr, /the build is not current: dist\/en\/cooperation-statement\.html/);
  const usage = await run(['--version-x'], V2);
  assert.equal(usage.code, 2);
  const unknown = await run(['--corrigendum-of', '2025-01-01', '--note', 'x'], V2);
  assert.equal(unknown.code, 2, 'a corrigendum of no release is bad input');
  assert.match(unknown.stderr, /has no such release\n  Name one of: 2026-01-15/);
});

test('a changed English and translation: stale editions are refused without --force', async () => {
  await edit(`source/${DOC}.md`, (t) =>
    t.replace('to review their cooperation', 'to review and deepen their cooperation'),
  );
  const key = 'exchange';
  await edit(`translations/hr/${DOC}.json`, (t) => {
    const data = JSON.parse(t) as Record<string, string>;
    data[key] = `${data[key] ?? ''} (izmijenjeno)`;
    return `${JSON.stringify(data, null, 2)}\n`;
  });
  await buildAll();
  const refused = await run([], V2);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /not released: hr\/cooperation-statement \(1 stale/);
  assert.match(refused.stderr, /translations\/hr\/cooperation-statement\.json/);
  assert.match(refused.stderr, /--force --note/);
  const noNote = await run(['--force'], V2);
  assert.equal(noNote.code, 2, 'a forced release says why');
  const r = await run(['--force', '--note', 'English intro revised'], V2);
  assert.equal(r.code, 0, r.stderr);
});

test('an interrupted release changes neither the ledger, releases/ nor dist/', async () => {
  await buildAll();
  const before = {
    ledger: await read('releases/ledger.jsonl'),
    kept: (await readdir(join(root, 'releases', DOC))).sort(),
    dist: await snapshot(join(root, 'dist')),
  };
  await assert.rejects(
    releaseDocument(
      {
        root,
        document: DOC,
        version: V3,
        force: true,
        note: 'interrupted',
        today: V3,
        beforeCommit: () => {
          throw new Error('interrupted');
        },
      },
      await loadProject(root),
    ),
    /interrupted/,
  );
  assert.equal(await read('releases/ledger.jsonl'), before.ledger);
  assert.deepEqual((await readdir(join(root, 'releases', DOC))).sort(), before.kept);
  assert.deepEqual(await snapshot(join(root, 'dist')), before.dist);
});

test('two releases at once: the second is refused by the lock', async () => {
  // The test runner's parent is a live process other than this one.
  await writeFile(join(root, 'dist', '.build.lock'), `${process.ppid}\n`);
  try {
    const r = await run(['--force', '--note', 'x'], V3);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`pid ${process.ppid}`));
  } finally {
    await rm(join(root, 'dist', '.build.lock'), { force: true });
  }
});

test('a corrigendum says what it corrects', async () => {
  await edit(`translations/hr/${DOC}.json`, (t) => t.replace(' (izmijenjeno)', ' (ispravljeno)'));
  await buildAll();
  // What a release killed before its ledger line (SIGKILL) can leave: cleared by the next.
  await mkdir(join(root, 'releases', DOC, V3), { recursive: true });
  await writeFile(join(root, 'releases', DOC, V3, 'leftover.txt'), 'x');
  await mkdir(join(root, 'releases', DOC, `.staging-${V3}.1`), { recursive: true });
  const r = await run(
    ['--force', '--corrigendum-of', V2, '--note', 'Croatian: a word in "exchange"'],
    V3,
  );
  assert.equal(r.code, 0, r.stderr);
  const third = (await ledger())[2];
  assert.equal(third?.corrigendumOf, V2);
  assert.equal(third?.previous, (await ledger())[1]?.hash);
  assert.deepEqual((await readdir(join(root, 'releases', DOC))).sort(), [V1, V2, V3]);
  assert.deepEqual((await readdir(join(root, 'releases', DOC, V3))).sort(), [
    'assets',
    'el',
    'en',
    'hr',
  ]);
});

test('after rm -rf dist and a build, every version is served with its recorded hashes', async () => {
  await rm(join(root, 'dist'), { recursive: true, force: true });
  await buildAll();
  const releases = await ledger();
  for (const release of releases) await assertServed(release);
  const manifest = JSON.parse(await read('dist/manifest.json')) as Manifest;
  const hr = manifest.editions.find((e) => e.lang === 'hr' && e.document === DOC);
  assert.deepEqual(
    hr?.versions?.map((v) => v.version),
    [V1, V2, V3],
  );
  assert.equal(hr?.versions?.[0]?.pdf, `${DOC}/${V1}/hr/${DOC}.pdf`);
  assert.equal(hr?.versions?.[0]?.sha256, releases[0]?.editions[1]?.files[`hr/${DOC}.pdf`]);
  assert.match(hr?.versions?.[2]?.eli ?? '', new RegExp(`/${DOC}/${V3}/hr$`));
  assert.equal(hr?.versions?.[2]?.corrigendumOf, V2);
  const index = await read('dist/index.html');
  assert.ok(index.includes(`href="${DOC}/${V1}/hr/index.html">Version ${V1}</a>`));
});

test('readers see versions: the old one says a newer exists, the diff shows the words', async () => {
  const old = await read(`dist/${DOC}/${V1}/hr/index.html`);
  assert.match(old, /Postoji novija verzija ovoga teksta \(verzija od 3\. veljače 2026\.\)\./);
  assert.ok(old.includes(`href="../../../${DOC}/${V3}/hr/index.html"`));
  assert.ok(old.includes(`href="${DOC}.html"`), 'links the kept HTML');
  const latest = await read(`dist/${DOC}/${V3}/hr/index.html`);
  assert.match(latest, /data-version="latest"/);
  assert.match(latest, /Ispravak verzije od 1\. veljače 2026\./);
  const changes = await read(`dist/${DOC}/${V2}/en/changes.html`);
  assert.match(changes, /<ins>and deepen <\/ins>/);
  const hrChanges = await read(`dist/${DOC}/${V3}/hr/changes.html`);
  assert.match(hrChanges, /<del>izmijenjeno<\/del><ins>ispravljeno<\/ins>/);
  const current = await read(`dist/hr/${DOC}.html`);
  assert.ok(current.includes(`href="../${DOC}/${V1}/hr/index.html"`), 'the current lists v1');
  assert.match(current, /Objavljene verzije/);
});

test('a ledger line edited by hand, or a kept file changed, stops the build naming the release', async () => {
  const path = join(root, 'releases', 'ledger.jsonl');
  const text = await readFile(path, 'utf8');
  await writeFile(path, text.replace('First publication', 'First publication (edited)'));
  await assert.rejects(buildAll(), (err: Error) => {
    assert.match(err.message, /releases\/ledger\.jsonl:1/);
    assert.match(err.message, /release cooperation-statement 2026-01-15 was changed/);
    return true;
  });
  await writeFile(path, text);
  const kept = join(root, 'releases', DOC, V1, 'hr', `${DOC}.html`);
  const html = await readFile(kept);
  await writeFile(kept, Buffer.concat([html, Buffer.from('\n')]));
  await assert.rejects(
    buildAll(),
    /hr\/cooperation-statement\.html of release cooperation-statement 2026-01-15/,
  );
  await writeFile(kept, html);
});

/** Every file under `dir` with its hash (lock and hidden staging files included). */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const path = join(e.parentPath, e.name);
    out[path.slice(dir.length)] = sha(await readFile(path));
  }
  return out;
}
