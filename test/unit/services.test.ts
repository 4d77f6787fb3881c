// services/: the changes a translator or reviewer makes, shared by the commands and the
// dev server: save a segment, mark translations current (segments.ts), sign an edition
// off (signoff.ts). On scratch copies of the fixture project, read back from disk.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { UserError } from '../../scripts/errors.ts';
import { loadProject, type Project } from '../../scripts/io/project.ts';
import { readHistory } from '../../scripts/io/signoffs.ts';
import { markUpToDate, saveSegment } from '../../scripts/services/segments.ts';
import { openKeys, signableLanguage, signEdition } from '../../scripts/services/signoff.ts';
import { mergeAll } from '../../scripts/stages/editions.ts';
import { fingerprint } from '../../scripts/stages/merge.ts';
import { fixtureProject } from '../helpers.ts';

const DOC = 'cooperation-statement';
const json = async (root: string, path: string) =>
  JSON.parse(await readFile(join(root, path), 'utf8')) as Record<string, unknown>;
const statuses = (p: Project, lang: string) =>
  [...(mergeAll(p, [p.registry.get(lang)])[0]?.segments.values() ?? [])]
    .filter((s) => s.status !== 'translated')
    .map((s) => `${s.key}=${s.status}`);

/** A copy of the fixture whose English of `key` (in DOC) was reworded: its translations are stale. */
async function reworded(t: { after(fn: () => unknown): void }, key: string): Promise<string> {
  const root = await fixtureProject(t);
  const file = join(root, 'source', `${DOC}.md`);
  const src = await readFile(file, 'utf8');
  assert.ok(src.includes(` {#${key}}`));
  await writeFile(file, src.replace(` {#${key}}`, ` Reworded. {#${key}}`));
  return root;
}

test('saveSegment: writes the translation in canonical form and records it as made from the English of today', async (t) => {
  const root = await reworded(t, 'intro');
  const project = await loadProject(root);
  const loaded = project.documents.find((d) => d.doc.id === DOC) ?? assert.fail();
  assert.deepEqual(statuses(project, 'hr'), ['intro=stale']);
  await saveSegment(
    project,
    'hr',
    loaded,
    'intro',
    'Države članice sastale su se. Preformulirano.',
  );
  const values = await json(root, `translations/hr/${DOC}.json`);
  assert.equal(values['intro'], 'Države članice sastale su se. Preformulirano.');
  // Keys stay in source order: the file is rewritten, not appended to.
  assert.deepEqual(Object.keys(values), [
    ...loaded.segmented.segments.map((s) => s.key).filter((k) => k in values),
  ]);
  const english = loaded.segmented.segments.find((s) => s.key === 'intro')?.text ?? '';
  assert.ok(english.endsWith('Reworded.'));
  assert.deepEqual((await json(root, `translations/hr/${DOC}.source.json`))['intro'], {
    sha: fingerprint(english),
    en: english,
  });
  assert.deepEqual(statuses(await loadProject(root), 'hr'), []);
  // Another language's files are untouched.
  assert.deepEqual(statuses(await loadProject(root), 'el'), ['intro=stale']);
});

test('markUpToDate: records the chosen translated keys as current and returns those whose record changed', async (t) => {
  const root = await reworded(t, 'recognising');
  const project = await loadProject(root);
  const loaded = project.documents.find((d) => d.doc.id === DOC) ?? assert.fail();
  const before = await readFile(join(root, `translations/el/${DOC}.json`), 'utf8');
  // Keys that are not translated (or do not exist) are left alone.
  assert.deepEqual(await markUpToDate(project, 'el', loaded, ['recognising', 'intro', 'nope']), [
    'recognising',
  ]);
  assert.deepEqual(statuses(await loadProject(root), 'el'), []);
  assert.equal(await readFile(join(root, `translations/el/${DOC}.json`), 'utf8'), before);
  // Every translated key by default; nothing left to change the second time.
  assert.deepEqual(await markUpToDate(project, 'hr', loaded), ['recognising']);
  assert.deepEqual(await markUpToDate(await loadProject(root), 'hr', loaded), []);
});

test('signEdition: a complete edition is signed and appended to the history; open segments refuse it', async (t) => {
  const root = await reworded(t, 'intro');
  let project = await loadProject(root);
  const request = {
    lang: 'hr',
    document: DOC,
    status: 'approved' as const,
    by: 'Ana Horvat, sworn translator',
    date: '2026-11-30',
  };
  const refused = await signEdition(project, request);
  assert.deepEqual(refused, {
    ok: false,
    reason: 'open-segments',
    count: 1,
    stale: ['intro'],
    missing: [],
  });
  assert.equal(openKeys({ stale: ['intro'], missing: ['a', 'b'] }), 'stale: intro; missing: a, b');
  assert.deepEqual(await readHistory(root, 'hr'), []);
  const forced = await signEdition(project, { ...request, force: true, note: 'checked by hand' });
  assert.ok(forced.ok);
  assert.deepEqual(await readHistory(root, 'hr'), [forced.entry]);
  assert.deepEqual(
    [forced.entry.status, forced.entry.stale, forced.entry.note],
    ['approved', ['intro'], 'checked by hand'],
  );
  // Once current, signed as it is.
  const loaded = project.documents.find((d) => d.doc.id === DOC) ?? assert.fail();
  await markUpToDate(project, 'hr', loaded, ['intro']);
  project = await loadProject(root);
  const signed = await signEdition(project, { ...request, status: 'reviewed' });
  assert.ok(signed.ok);
  assert.equal(signed.entry.stale, undefined);
  assert.deepEqual(
    (await readHistory(root, 'hr')).map((e) => e.status),
    ['approved', 'reviewed'],
  );
});

test('signEdition: an unknown document or an empty signer is a UserError; nothing is written', async (t) => {
  const root = await fixtureProject(t);
  const project = await loadProject(root);
  const base = { lang: 'el', status: 'approved' as const, by: 'A', date: '2026-11-30' };
  await assert.rejects(signEdition(project, { ...base, document: 'cooperation-statment' }), {
    name: 'UserError',
    message:
      'no document with the id "cooperation-statment". Did you mean "cooperation-statement"?',
  });
  await assert.rejects(signEdition(project, { ...base, document: DOC, by: '  ' }), {
    name: 'UserError',
    message: /^the signer \("by"\) /,
  });
  assert.deepEqual(await readHistory(root, 'el'), []);
});

test('signableLanguage: a stored translation; English, derived, unknown and missing codes refused', async (t) => {
  const { registry } = await loadProject(await fixtureProject(t));
  assert.equal(signableLanguage(registry, 'sr-Cyrl').code, 'sr-Cyrl');
  const message = (code: string | undefined): string => {
    try {
      signableLanguage(registry, code);
    } catch (err) {
      assert.ok(err instanceof UserError);
      return `${err.message} | ${err.hint}`;
    }
    return 'accepted';
  };
  assert.equal(
    message(undefined),
    'review needs --lang <code> | For example --lang hr (or --list to see every edition).',
  );
  assert.equal(
    message('en'),
    'en is the authentic English text; it is not signed off | Name a translation language, e.g. --lang hr.',
  );
  assert.equal(
    message('sr-Latn'),
    'sr-Latn is generated from sr-Cyrl and follows its sign-off | Sign sr-Cyrl instead: --lang sr-Cyrl.',
  );
  assert.equal(
    message('HR'),
    'unknown language code: HR. Did you mean "hr" (Croatian, hrvatski)? | Use codes of the registry: en, hr, sr-Cyrl, sr-Latn, el.',
  );
});
