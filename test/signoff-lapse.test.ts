// Integration: sign-offs bound to meaning, in a scratch copy of the fixture project with
// real Chromium. A blank line, a changed date and reordered translation keys keep an
// approval; a changed translatable field or word lapses it, and the build names the lapse
// once, the download page, the dashboard and the review page show it first, with the word
// diff since the sign-off; review --since-signoff prints it; the dev server's API
// withdraws; --migrate moves a first-version entry that still matches.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { build, type BuildEvent } from '../scripts/build.ts';
import { loadProject } from '../scripts/io/project.ts';
import { serializeEntry } from '../scripts/io/signoffs.ts';
import { reviewApi } from '../scripts/serve/review-api.ts';
import { signoffOf } from '../scripts/stages/editions.ts';
import { editionNow } from '../scripts/stages/signoff.ts';
import { fixtureProject, runMain, usePrinter } from './helpers.ts';

const printer = await usePrinter();
const WHEN = new Date('2026-11-30T12:00:00Z');
const BY = 'Ana Horvat, sworn translator';

/** A scratch project with `lang` of its first document approved (forced when incomplete). */
async function approved(t: { after(fn: () => unknown): void }) {
  const root = await fixtureProject(t);
  const project = await loadProject(root);
  const lang = project.registry.languages.find((l) => l.code !== 'en' && !l.derivedFrom);
  const loaded = project.documents[0];
  assert.ok(lang && loaded, 'the fixture has a translation language and a document');
  const args = ['review', '--lang', lang.code, '--document', loaded.doc.id, '--status'];
  const r = await runMain(
    root,
    [...args, 'approved', '--by', BY, '--force', '--note', 'test'],
    {},
    WHEN,
  );
  assert.equal(r.code, 0, r.stderr);
  const file = join(root, 'source', `${loaded.doc.id}.md`);
  const state = async () => signoffOf(await loadProject(root), lang.code, loaded.doc.id);
  return { root, code: lang.code, id: loaded.doc.id, file, loaded, state, args };
}

test('a blank line, a new date and reordered keys keep an approval; a translatable field lapses it', async (t) => {
  const p = await approved(t);
  assert.equal((await p.state())?.effective, 'approved');
  const text = await readFile(p.file, 'utf8');
  await writeFile(p.file, `${text.replace(/^date: .*$/m, 'date: 2001-02-03')}\n\n`);
  const tfile = join(p.root, 'translations', p.code, `${p.id}.json`);
  const values = JSON.parse(await readFile(tfile, 'utf8')) as Record<string, string>;
  const reversed = Object.fromEntries(Object.entries(values).reverse());
  await writeFile(tfile, `${JSON.stringify(reversed, null, 4)}\r\n`);
  const kept = await p.state();
  assert.deepEqual([kept?.effective, kept?.current], ['approved', true]);
  // A translatable front-matter field (the title) is text: the approval lapses, naming it.
  await writeFile(p.file, text.replace(/^title: (.*)$/m, 'title: $1 (revised)'));
  const lapsed = await p.state();
  assert.deepEqual([lapsed?.effective, lapsed?.lapse?.english], ['draft', ['meta.title']]);
});

test('a lapse is named by the build once and shown first on every page, with what changed', async (t) => {
  const p = await approved(t);
  const events: BuildEvent[] = [];
  const run = () =>
    build({
      root: p.root,
      printer,
      langs: [p.code],
      allowIncomplete: true,
      onEvent: (e) => events.push(e),
    });
  await run();
  const seg = p.loaded.segmented.segments.find((s) => s.kind === 'paragraph');
  assert.ok(seg, 'the document has a paragraph');
  const word = seg.text.split(/\s+/)[1] ?? assert.fail('a word');
  const text = await readFile(p.file, 'utf8');
  await writeFile(p.file, text.replace(seg.text, seg.text.replace(word, `${word}x`)));
  events.length = 0;
  const result = await run();
  assert.equal(result.lapsed.length, 1);
  const message = result.lapsed[0]?.message ?? '';
  assert.ok(
    message.startsWith(
      `${p.code}/${p.id}: approval of 2026-11-30 by ${BY} lapsed: the English of ${seg.key} changed`,
    ),
    message,
  );
  assert.ok(events.some((e) => e.type === 'lapse'));
  const shown = `draft — approval of 2026-11-30 by ${BY} lapsed`;
  const index = await readFile(join(p.root, 'dist', 'index.html'), 'utf8');
  assert.ok(
    index.includes(`<td class="status">Translation, not official — ${shown}</td>`),
    'the download page',
  );
  const dashboard = await readFile(join(p.root, 'reports', 'coverage', 'index.html'), 'utf8');
  assert.ok(dashboard.includes(shown), 'the dashboard');
  const page = await readFile(join(p.root, 'reports', 'review', p.code, `${p.id}.html`), 'utf8');
  const section = page.slice(page.indexOf('<section class="signoff"'), page.indexOf('</section>'));
  assert.match(section, /data-review="lapsed"/);
  assert.ok(section.includes(`<strong>${shown}</strong>`));
  assert.ok(section.includes(`<del>${word}</del><ins>${word}x</ins>`), section);
  assert.ok(section.includes(`approved by ${BY} — test <span class="signature"`), 'the history');
  // The next build knows it: the lapse is not named again.
  assert.equal((await run()).lapsed.length, 0);
  // --since-signoff: the same change as a plain word diff.
  const since = await runMain(p.root, [
    'review',
    '--since-signoff',
    '--lang',
    p.code,
    '--document',
    p.id,
  ]);
  assert.equal(since.code, 0, since.stderr);
  assert.match(
    since.stdout,
    new RegExp(`since the approval of 2026-11-30 by ${BY} \\(lapsed\\): 1 change`),
  );
  assert.ok(since.stdout.includes(`${seg.key} · English\n`));
  assert.ok(since.stdout.includes(`[-${word}-]{+${word}x+}`), since.stdout);
});

test("the dev server's form withdraws a sign-off with a note; the review page shows it", async (t) => {
  const p = await approved(t);
  const r = await reviewApi(p.root, 'signoff', {
    lang: p.code,
    document: p.id,
    status: 'draft',
    name: 'Ana Horvat',
    role: 'sworn translator',
    note: 'the title is under discussion',
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const s = await p.state();
  assert.deepEqual(
    [s?.status, s?.effective, s?.entry?.note],
    ['draft', 'draft', 'the title is under discussion'],
  );
});

test('--migrate moves a first-version sign-off that still matches to fingerprints of meaning', async (t) => {
  const root = await fixtureProject(t);
  const project = await loadProject(root);
  const lang = project.registry.languages.find((l) => l.code !== 'en' && !l.derivedFrom);
  const loaded = project.documents[0];
  assert.ok(lang && loaded);
  const now = editionNow(
    loaded.doc,
    project.resources[lang.code]?.[loaded.doc.id] ?? {},
    loaded.segmented.segments,
  );
  const history = join(root, 'translations', lang.code, 'signoffs.jsonl');
  const old = { document: loaded.doc.id, status: 'approved' as const, by: BY, date: '2026-01-02' };
  // One that still matches (the file's bytes of today) and one signed for another text.
  await appendFile(history, `${serializeEntry({ ...old, ...now.bytes })}\n`);
  const stale = {
    ...old,
    document: project.documents[1]?.doc.id ?? loaded.doc.id,
    source: 'a'.repeat(64),
    translation: 'b'.repeat(64),
  };
  await appendFile(history, `${serializeEntry(stale)}\n`);
  const r = await runMain(root, ['review', '--migrate']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /1 of 2 first-version sign-offs migrated/);
  assert.match(r.stdout, /:2: .*left as it is/);
  const lines = (await readFile(history, 'utf8')).trim().split('\n');
  const migrated = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
  assert.deepEqual(
    [migrated['v'], migrated['source'], migrated['date']],
    [2, now.meaning.source, '2026-01-02'],
  );
  assert.equal(lines[1], serializeEntry(stale), 'the unmatched line is left as it was');
  const dir = join(root, 'translations', lang.code, 'signed', loaded.doc.id);
  assert.ok(
    existsSync(
      join(dir, `${now.meaning.source.slice(0, 16)}-${now.meaning.translation.slice(0, 16)}.json`),
    ),
  );
  // Now a blank line keeps it, as it keeps any sign-off of meaning.
  await appendFile(join(root, 'source', `${loaded.doc.id}.md`), '\n\n');
  const s = signoffOf(await loadProject(root), lang.code, loaded.doc.id);
  assert.deepEqual([s?.effective, s?.current], ['approved', true]);
});
