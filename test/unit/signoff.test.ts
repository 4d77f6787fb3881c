// Sign-off: the record (fingerprints, expiry, history), the review command's errors,
// and what readers see per status. Fixtures are built here; nothing depends on today's
// languages or documents beyond what the registry and source/ say.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { UserError } from '../../scripts/errors.ts';
import {
  appendSignoff,
  historyPath,
  migrateLegacyReview,
  parseHistory,
  readHistory,
  serializeEntry,
} from '../../scripts/io/signoffs.ts';
import { LANGUAGES, REGISTRY, language } from '../project-registry.ts';
import {
  createTranslator,
  fingerprint,
  mergeEdition,
  type Resources,
} from '../../scripts/stages/merge.ts';
import { renderEdition } from '../../scripts/stages/render.ts';
import {
  blockersOf,
  currentSignoff,
  decideSignoff,
  editionNow,
  type EditionNow,
  type Fingerprints,
  reviewSummary,
  translationFingerprint,
  type SignoffEntry,
} from '../../scripts/stages/signoff.ts';
import { transliterateResource } from '../../scripts/stages/transliterate.ts';
import { didYouMean } from '../../scripts/stages/suggest.ts';
import { FIXTURE, ROOT, doc, fixtureProject, runMain } from '../helpers.ts';
import { readRegistry } from '../../scripts/io/registry.ts';

const BODY = '\n# Demo {#heading}\n\nFirst {#first}\n\nSecond {#second}\n';
const SEGS = [{ key: 'a' }, { key: 'b' }];

function entry(over: Partial<SignoffEntry> = {}): SignoffEntry {
  return {
    document: 'demo',
    status: 'approved',
    by: 'A. Reviewer, translator',
    date: '2026-01-31',
    source: 'a'.repeat(64),
    translation: 'b'.repeat(64),
    ...over,
  };
}

test('the translation fingerprint changes with any segment text, not with orphans or key order of the file', () => {
  const base = translationFingerprint({ a: 'Prvi', b: 'Drugi' }, SEGS);
  assert.match(base, /^[0-9a-f]{64}$/);
  assert.equal(translationFingerprint({ b: 'Drugi', a: 'Prvi', orphan: 'x' }, SEGS), base);
  assert.notEqual(translationFingerprint({ a: 'Prvi', b: 'Drugi.' }, SEGS), base);
  // A missing segment and an empty one are the same (both shown in English), and differ from a translated one.
  assert.equal(
    translationFingerprint({ a: 'Prvi' }, SEGS),
    translationFingerprint({ a: 'Prvi', b: ' ' }, SEGS),
  );
  assert.notEqual(translationFingerprint({ a: 'Prvi' }, SEGS), base);
  // NFC and NFD spellings of the same text are one text.
  assert.equal(
    translationFingerprint({ a: 'Č', b: 'x' }, SEGS),
    translationFingerprint({ a: 'C\u030c', b: 'x' }, SEGS),
  );
});

test('the English fingerprint is of meaning: a blank line or a non-translatable field keeps it, a word or a translatable field changes it', () => {
  const head = (title: string, date: string) =>
    `---\nid: demo\ntitle: ${title}\nplace: Sofia\ndate: ${date}\nissuer: Test Issuer\n---\n`;
  const base = doc(BODY, head('Demo', '2019-10-31'));
  const of = (d: ReturnType<typeof doc>) => editionNow(d.doc, {}, d.segmented.segments);
  const fa = of(base).meaning.source;
  assert.match(fa, /^[0-9a-f]{64}$/);
  // Not the text: an appended blank line, CRLF line ends, a line break inside a paragraph, a date.
  for (const same of [
    doc(`${BODY}\n\n`, head('Demo', '2019-10-31')),
    doc(BODY.replaceAll('\n', '\r\n'), head('Demo', '2019-10-31')),
    doc(BODY.replace('First {#first}', 'First\n {#first}'), head('Demo', '2019-10-31')),
    doc(BODY, head('Demo', '2020-01-01')),
  ]) {
    assert.equal(of(same).meaning.source, fa);
  }
  // The first scheme (the file's bytes) lapsed on the date.
  assert.notEqual(of(doc(BODY, head('Demo', '2020-01-01'))).bytes.source, of(base).bytes.source);
  // The text: a word, a translatable front-matter field.
  assert.notEqual(
    of(doc(BODY.replace('Second', 'Second.'), head('Demo', '2019-10-31'))).meaning.source,
    fa,
  );
  assert.notEqual(of(doc(BODY, head('Demo Declaration', '2019-10-31'))).meaning.source, fa);
});

/** An edition now whose fingerprints are `fp` under both schemes. */
function nowOf(fp: Fingerprints): EditionNow {
  return { meaning: fp, bytes: fp, texts: { source: [], translation: [] } };
}

test('currentSignoff: the latest entry of the document counts, and only while both fingerprints match', () => {
  const fp = { source: 'a'.repeat(64), translation: 'b'.repeat(64) };
  const now = nowOf(fp);
  assert.deepEqual(currentSignoff([], 'demo', now), {
    status: 'draft',
    current: true,
    effective: 'draft',
  });
  const approved = entry();
  assert.deepEqual(currentSignoff([approved], 'demo', now), {
    status: 'approved',
    current: true,
    effective: 'approved',
    entry: approved,
  });
  // Another document's sign-off is not this one's.
  assert.equal(currentSignoff([approved], 'other', now).effective, 'draft');
  // The English changed, or the translation changed: an approval for an earlier version.
  for (const changed of [
    nowOf({ ...fp, source: 'c'.repeat(64) }),
    nowOf({ ...fp, translation: 'c'.repeat(64) }),
  ]) {
    const s = currentSignoff([approved], 'demo', changed);
    assert.deepEqual([s.status, s.current, s.effective], ['approved', false, 'draft']);
    assert.deepEqual(reviewSummary(s), {
      status: 'approved',
      current: false,
      by: 'A. Reviewer, translator',
      date: '2026-01-31',
      lapsed: { english: [], translation: [] },
    });
  }
  // A later entry wins: a withdrawal (draft), or a later review.
  const withdrawn = entry({ status: 'draft', date: '2026-02-01' });
  assert.equal(currentSignoff([approved, withdrawn], 'demo', now).effective, 'draft');
  const reviewed = entry({ status: 'reviewed', by: 'B' });
  assert.deepEqual(
    [
      currentSignoff([approved, reviewed, entry({ document: 'other' })], 'demo', now).effective,
      currentSignoff([approved, reviewed], 'demo', now).entry?.by,
    ],
    ['reviewed', 'B'],
  );
});

test('decideSignoff refuses open segments with their count and keys; --force needs a note and records the keys', () => {
  const now = { source: 'a'.repeat(64), translation: 'b'.repeat(64) };
  const request = { document: 'demo', status: 'approved' as const, by: 'A', date: '2026-01-31' };
  const blockers = { stale: ['knowing'], missing: ['meta.keywords', 'third'] };
  assert.deepEqual(decideSignoff(request, now, blockers), {
    ok: false,
    reason: 'open-segments',
    count: 3,
    stale: ['knowing'],
    missing: ['meta.keywords', 'third'],
  });
  assert.deepEqual(decideSignoff({ ...request, status: 'reviewed' }, now, blockers), {
    ok: false,
    reason: 'open-segments',
    count: 3,
    stale: ['knowing'],
    missing: ['meta.keywords', 'third'],
  });
  assert.deepEqual(decideSignoff({ ...request, force: true }, now, blockers), {
    ok: false,
    reason: 'force-needs-note',
  });
  assert.deepEqual(
    decideSignoff({ ...request, force: true, note: '  keywords stay English  ' }, now, blockers),
    {
      ok: true,
      entry: {
        v: 2,
        document: 'demo',
        status: 'approved',
        by: 'A',
        date: '2026-01-31',
        note: 'keywords stay English',
        source: now.source,
        translation: now.translation,
        stale: ['knowing'],
        missing: ['meta.keywords', 'third'],
      },
    },
  );
  // Withdrawing is always possible; a complete edition is signed as it is.
  assert.equal(decideSignoff({ ...request, status: 'draft' }, now, blockers).ok, true);
  assert.deepEqual(decideSignoff(request, now, { stale: [], missing: [] }), {
    ok: true,
    entry: { v: 2, ...request, ...now },
  });
  assert.deepEqual(
    blockersOf([
      { key: 'a', status: 'translated' },
      { key: 'b', status: 'stale' },
      { key: 'c', status: 'missing' },
    ]),
    { stale: ['b'], missing: ['c'] },
  );
});

test('the history: one line per entry in a fixed key order, appended, read back; bad lines named by file:line:column', async (t) => {
  const root = await fixtureProject(t);
  const a = entry({ note: 'first' });
  const b = entry({ status: 'draft', stale: ['k'] });
  assert.equal(
    serializeEntry(a),
    `{"document":"demo","status":"approved","by":"A. Reviewer, translator","date":"2026-01-31","note":"first","source":"${'a'.repeat(64)}","translation":"${'b'.repeat(64)}"}`,
  );
  await appendSignoff(root, 'hr', a);
  const first = await readFile(join(root, historyPath('hr')), 'utf8');
  await appendSignoff(root, 'hr', b);
  const both = await readFile(join(root, historyPath('hr')), 'utf8');
  // Append-only: the earlier bytes are untouched, one line is added.
  assert.ok(both.startsWith(first));
  assert.equal(both.split('\n').length, first.split('\n').length + 1);
  assert.deepEqual(await readHistory(root, 'hr'), [a, b]);
  assert.deepEqual(await readHistory(root, 'el'), []);

  const message = (text: string): string => {
    try {
      parseHistory('translations/hr/signoffs.jsonl', text);
    } catch (err) {
      assert.ok(err instanceof UserError);
      return err.message;
    }
    return 'no error';
  };
  assert.equal(
    message(`${serializeEntry(a)}\n{"document": x}\n`),
    'translations/hr/signoffs.jsonl:2:14: not valid JSON',
  );
  assert.equal(
    message(`${serializeEntry({ ...a, status: 'signed' as never })}\n`),
    'translations/hr/signoffs.jsonl:1: "status" must be "draft", "reviewed" or "approved"',
  );
  assert.equal(
    message(`${serializeEntry({ ...a, source: 'abc' })}\n`),
    'translations/hr/signoffs.jsonl:1: "source" must be a sha256 fingerprint',
  );
  assert.equal(
    message(`${serializeEntry({ ...a, by: 'x {{y}}' })}\n`),
    'translations/hr/signoffs.jsonl:1: "by" contains "{{" or "$t(": a sign-off names who signed',
  );
  // Refuses to append to a file it cannot read back.
  await writeFile(join(root, historyPath('hr')), `${both}not json\n`);
  await assert.rejects(appendSignoff(root, 'hr', a), /signoffs\.jsonl:3:\d+: not valid JSON/);
});

test('a first-version review.json migrates: drafts give nothing, a named review becomes a sign-off of an earlier version', () => {
  assert.deepEqual(
    migrateLegacyReview('translations/hr/review.json', '{"status": "draft", "reviews": []}', [
      'demo',
    ]),
    [],
  );
  const migrated = migrateLegacyReview(
    'translations/hr/review.json',
    '{"status": "approved", "reviews": [{"by": "A", "date": "2020-02-01"}]}',
    ['demo', 'other'],
  );
  assert.deepEqual(
    migrated.map((e) => [e.document, e.status, e.by, e.date]),
    [
      ['demo', 'approved', 'A', '2020-02-01'],
      ['other', 'approved', 'A', '2020-02-01'],
    ],
  );
  const s = currentSignoff(
    migrated,
    'demo',
    nowOf({ source: 'a'.repeat(64), translation: 'b'.repeat(64) }),
  );
  assert.deepEqual([s.status, s.current, s.effective], ['approved', false, 'draft']);
});

// ── What readers see ───────────────────────────────────────────────────────────

const uiOf = async (code: string): Promise<Record<string, string>> =>
  JSON.parse(await readFile(join(ROOT, 'translations', code, 'ui.json'), 'utf8')) as Record<
    string,
    string
  >;
const enUi = await uiOf('en');
const SIGN_KEYS = [
  'noticeApproved',
  'noticeReviewed',
  'stale',
  'staleEnglish',
  'statusOutdatedApproved',
  'statusOutdatedReviewed',
  'recordSignedBy',
  'recordSignedOn',
  'recordSignedVersion',
];

test('every stored language has the sign-off strings, with the placeholders of the English', async () => {
  for (const lang of LANGUAGES.filter((l) => !l.derivedFrom)) {
    const ui = await uiOf(lang.code);
    for (const key of SIGN_KEYS) {
      assert.equal(typeof ui[key], 'string', `${lang.code}: ${key}`);
      assert.deepEqual(
        (ui[key] ?? '').match(/\{\{[^}]+\}\}/g),
        (enUi[key] ?? '').match(/\{\{[^}]+\}\}/g),
        `${lang.code}: ${key}`,
      );
      if (lang.code !== 'en')
        assert.notEqual(ui[key], enUi[key], `${lang.code}: ${key} is still English`);
    }
  }
});

async function edition(
  code: string,
  translations: Record<string, string>,
  records: Record<string, { sha: string; en: string }>,
) {
  const d = doc(BODY);
  const resources: Resources = { en: { ui: enUi } };
  const stored = language(code).derivedFrom?.code ?? code;
  resources[stored] = { demo: translations, ui: await uiOf(stored) };
  if (stored !== code)
    resources[code] = {
      demo: transliterateResource(translations),
      ui: transliterateResource(await uiOf(stored)),
    };
  const keys = Object.keys(translations);
  const e = mergeEdition(
    d.doc,
    d.segmented,
    language(code),
    createTranslator(resources, REGISTRY),
    records,
    keys,
  );
  return { e, d, now: editionNow(d.doc, translations, d.segmented.segments) };
}

const HR = {
  'meta.title': 'Demo izjava',
  'meta.place': 'Bukurešt',
  'meta.issuer': 'Izdavatelj',
  heading: 'Demo',
  first: 'Prvi',
  second: 'Drugi',
};
const upToDate = (d: ReturnType<typeof doc>) =>
  Object.fromEntries(
    d.segmented.segments.map((s) => [s.key, { sha: fingerprint(s.text), en: s.text }]),
  );

test('rendering per status: draft, current approved and reviewed, and a sign-off for an earlier version', async () => {
  const { e, now } = await edition('hr', HR, upToDate(doc(BODY)));
  const ui = await uiOf('hr');
  const draft = renderEdition(e).html;
  assert.match(
    draft,
    new RegExp(
      `<p class="notice" role="note" data-review="draft">${ui['unofficial']?.replace(/\./g, '\\.')}</p>`,
    ),
  );
  assert.ok(!draft.includes(ui['recordSignedBy'] ?? '?'));

  // The role is the signer's words in English: readers of the Croatian edition see the name.
  const signed = entry({
    by: 'Ana Horvat, sworn translator',
    date: '2026-11-30',
    v: 2,
    ...now.meaning,
  });
  const approved = renderEdition(e, { signoff: currentSignoff([signed], 'demo', now) }).html;
  assert.match(
    approved,
    /<p class="notice" role="note" data-review="approved">Odobreni prijevod – Ana Horvat, 30\. studenoga 2026\. Vjerodostojan je samo tekst na engleskom jeziku\.<\/p>/,
  );
  assert.ok(!approved.includes('sworn translator'), 'no English role in the Croatian edition');
  assert.ok(!approved.includes(ui['unofficial'] ?? '?'));
  assert.ok(
    approved.includes(`<th scope="row">${ui['recordStatus']}</th><td>${ui['statusApproved']}</td>`),
  );
  assert.ok(
    approved.includes(`<th scope="row">${ui['recordSignedBy']}</th><td>Ana Horvat</td></tr><tr>`),
  );
  assert.ok(approved.includes(`<th scope="row">${ui['recordSignedOn']}</th><td>2026-11-30</td>`));
  assert.ok(
    approved.includes(
      `<th scope="row">${ui['recordSignedVersion']}</th><td>${now.meaning.source.slice(0, 12)}</td>`,
    ),
  );

  const reviewed = renderEdition(e, {
    signoff: currentSignoff([{ ...signed, status: 'reviewed' }], 'demo', now),
  }).html;
  assert.match(reviewed, /data-review="reviewed">Revidirani prijevod – Ana Horvat/);

  // The English changed since: the unofficial notice returns, the record says for which version it was signed.
  const changed = doc(BODY.replace('First', 'First.'));
  const later = editionNow(changed.doc, HR, changed.segmented.segments);
  const outdated = renderEdition(e, { signoff: currentSignoff([signed], 'demo', later) }).html;
  assert.match(outdated, /data-review="draft">Neslužbeni prijevod\./);
  assert.ok(
    outdated.includes(
      `<th scope="row">${ui['recordStatus']}</th><td>${ui['statusOutdatedApproved']}</td>`,
    ),
  );
  assert.ok(outdated.includes(`<td>${now.meaning.source.slice(0, 12)}</td>`));
  // The English original is the authentic text: it says so, and has no sign-off.
  const en = (await edition('en', {}, {})).e;
  const original = renderEdition(en).html;
  assert.ok(
    original.includes(
      `<p class="notice" role="note" data-review="original">${enUi['noticeAuthentic']}</p>`,
    ),
  );
  assert.ok(original.includes(`<td>${enUi['statusOriginal']}</td>`));
  assert.ok(original.includes(`<td>${enUi['legalAuthentic']}</td>`));
  assert.ok(!original.includes(enUi['recordSignedBy'] ?? '?'));
});

test("sr-Latn shows sr-Cyrl's sign-off in Latin script, names included, roles left out", async () => {
  const sr = { ...HR, first: 'Први', second: 'Други' };
  const { e, now } = await edition('sr-Latn', sr, upToDate(doc(BODY)));
  const html = renderEdition(e, {
    signoff: currentSignoff(
      [
        entry({
          by: 'Јована Јовановић, sworn translator',
          date: '2026-11-30',
          v: 2,
          ...now.meaning,
        }),
      ],
      'demo',
      now,
    ),
  }).html;
  assert.match(
    html,
    /data-review="approved">Odobren prevod – Jovana Jovanović, 30\. novembra 2026\. Verodostojan je samo tekst na engleskom jeziku\.<\/p>/,
  );
  assert.ok(!html.includes('sworn translator'), 'no English role in the Serbian edition');
});

test('a stale segment is never shown unmarked: the old translation with a mark, or with --stale english the English (lang="en") with a mark', async () => {
  const d = doc(BODY);
  const records = {
    ...upToDate(d),
    first: { sha: fingerprint('Earlier first'), en: 'Earlier first' },
  };
  const { e } = await edition('hr', HR, records);
  const ui = await uiOf('hr');
  const marked = renderEdition(e).html;
  assert.ok(
    marked.includes(
      `<p id="seg-first" data-status="stale" class="stale" data-stale="${ui['stale']}">Prvi</p>`,
    ),
    marked,
  );
  const english = renderEdition(e, { stale: 'english' }).html;
  assert.ok(
    english.includes(
      `<p id="seg-first" data-status="stale" lang="en" class="stale" data-stale="${ui['staleEnglish']}">First</p>`,
    ),
    english,
  );
  // Up-to-date segments carry no mark.
  assert.match(marked, /<p id="seg-second" data-status="translated">Drugi<\/p>/);
  const css = await readFile(join(ROOT, 'scripts/templates/edition.css'), 'utf8');
  assert.match(css, /\.stale::before \{ content: attr\(data-stale\);/);
});

// ── The command ────────────────────────────────────────────────────────────────

/** The fixture project's registry: the review command is tested on its copies. */
const FIXTURE_LANGUAGES = readRegistry(FIXTURE).languages;

async function run(
  cwd: string,
  now: Date,
  ...argv: string[]
): Promise<{ code: number; out: string; err: string }> {
  const r = await runMain(cwd, argv, {}, now);
  return { code: r.code, out: r.stdout, err: r.stderr };
}

test('npm run review: errors exit 2 with what to do, "did you mean" where a name is close', async (t) => {
  const root = await fixtureProject(t);
  const docId =
    (
      await readFile(
        join(
          root,
          'source',
          (await import('node:fs/promises').then((f) => f.readdir(join(root, 'source')))).find(
            (f) => f.endsWith('.md'),
          ) ?? '',
        ),
        'utf8',
      )
    ).match(/^id: (.+)$/m)?.[1] ?? '';
  const target = FIXTURE_LANGUAGES.find((l) => l.code !== 'en' && !l.derivedFrom)?.code ?? '';
  const derived = FIXTURE_LANGUAGES.find((l) => l.derivedFrom);
  const when = new Date('2026-11-30T12:00:00Z');
  const sign = [
    'review',
    '--lang',
    target,
    '--document',
    docId,
    '--status',
    'approved',
    '--by',
    'A. Reviewer, translator',
  ];
  const cases: Array<[string[], RegExp]> = [
    [
      ['review', '--document', docId, '--status', 'approved', '--by', 'A'],
      /^error: review needs --lang <code>/,
    ],
    [
      [
        'review',
        '--lang',
        target.toUpperCase(),
        '--document',
        docId,
        '--status',
        'approved',
        '--by',
        'A',
      ],
      new RegExp(
        `^error: unknown language code: ${target.toUpperCase()}\\. Did you mean "${target}"`,
      ),
    ],
    [
      ['review', '--lang', 'en', '--document', docId, '--status', 'approved', '--by', 'A'],
      /^error: en is the authentic English text; it is not signed off/,
    ],
    [
      ['review', '--lang', target, '--document', `${docId}x`, '--status', 'approved', '--by', 'A'],
      new RegExp(`^error: no document with the id "${docId}x"\\. Did you mean "${docId}"\\?`),
    ],
    [
      ['review', '--lang', target, '--document', docId, '--status', 'approve', '--by', 'A'],
      /^error: --status must be reviewed, approved or draft, not "approve"\. Did you mean "approved"\?/,
    ],
    [
      ['review', '--lang', target, '--document', docId, '--status', 'approved'],
      /^error: review needs --by "<name, role>"/,
    ],
    [
      ['review', '--lang', target, '--document', docId, '--status', 'approved', '--by', ' '],
      /^error: --by is empty/,
    ],
    [[...sign, '--force'], /^error: --force needs --note "<why>"/],
    [['review', '--list', '--lang', 'xx'], /^error: unknown language code: xx\n/],
  ];
  if (derived?.derivedFrom)
    cases.push([
      ['review', '--lang', derived.code, '--document', docId, '--status', 'approved', '--by', 'A'],
      new RegExp(
        `^error: ${derived.code} is generated from ${derived.derivedFrom.code} and follows its sign-off\\n  Sign ${derived.derivedFrom.code} instead`,
      ),
    ]);
  for (const [argv, expected] of cases) {
    const r = await run(root, when, ...argv);
    assert.equal(r.code, 2, `${argv.join(' ')}: ${r.err}`);
    assert.match(r.err, expected);
    assert.ok(!/\n\s+at /.test(r.err), 'no stack trace');
  }
  // Nothing was written by any of them.
  assert.deepEqual(await readHistory(root, target), []);
  assert.equal(didYouMean('sr-cyrl', ['en', 'sr-Cyrl', 'sr-Latn']), ' Did you mean "sr-Cyrl"?');
  assert.equal(didYouMean('zz', ['en', 'hr']), '');
});

test('npm run review: refuses stale and missing segments with their count and keys (exit 1), signs with the injected date, lists every edition', async (t) => {
  const root = await fixtureProject(t);
  const project = await (await import('../../scripts/io/project.ts')).loadProject(root);
  const { doc: first, segmented } = project.documents[0] ?? assert.fail('no document');
  const target = FIXTURE_LANGUAGES.find((l) => l.code !== 'en' && !l.derivedFrom)?.code ?? '';
  const file = join(root, 'translations', target, `${first.id}.json`);
  const values = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
  const [k1, k2] = segmented.segments
    .filter((s) => values[s.key] && !s.key.startsWith('meta.'))
    .map((s) => s.key);
  assert.ok(k1 && k2);
  delete values[k1];
  await writeFile(file, JSON.stringify(values, null, 2));
  const src = join(root, first.path);
  const seg2 = segmented.segments.find((s) => s.key === k2);
  await writeFile(
    src,
    (await readFile(src, 'utf8')).replace(
      `${seg2?.text ?? '?'} {#${k2}}`,
      `${seg2?.text ?? '?'} Reworded. {#${k2}}`,
    ),
  );
  const when = new Date('2026-11-30T12:00:00Z');
  const sign = [
    'review',
    '--lang',
    target,
    '--document',
    first.id,
    '--status',
    'approved',
    '--by',
    'A. Reviewer, translator',
  ];
  const refused = await run(root, when, ...sign);
  assert.equal(refused.code, 1, refused.err);
  assert.equal(
    refused.err.split('\n')[0],
    `error: refusing to mark ${target}/${first.id} approved: 2 segments are not up to date (stale: ${k2}; missing: ${k1})`,
  );
  // Then each by its place, the key beside it.
  assert.deepEqual(refused.err.split('\n').slice(1, 3), [
    `  Preamble, paragraph 1 · ${k2} (stale)`,
    `  Statement on Regional Cooperation · ${k1} (missing)`,
  ]);
  assert.deepEqual(await readHistory(root, target), []);

  const forced = await run(
    root,
    when,
    ...sign,
    '--force',
    '--note',
    'signed before the rewording is translated',
  );
  assert.equal(forced.code, 0, forced.err);
  assert.match(
    forced.out,
    new RegExp(
      `^${target}/${first.id}: approved by A\\. Reviewer, translator on 2026-11-30 \\(forced: 2 segments not up to date\\)`,
    ),
  );
  const [recorded] = await readHistory(root, target);
  assert.deepEqual(
    [recorded?.date, recorded?.stale, recorded?.missing, recorded?.note],
    ['2026-11-30', [k2], [k1], 'signed before the rewording is translated'],
  );

  const list = await run(root, when, 'review', '--list');
  assert.equal(list.code, 0);
  assert.match(
    list.out,
    new RegExp(
      `^${target} +${first.id} +\\d+\\.\\d% +approved +approved by A\\. Reviewer, translator on 2026-11-30 \\(not signed with a key\\)$`,
      'm',
    ),
  );
  // One row per edition that can be signed or follows one: every language but English, every document.
  assert.equal(
    list.out.trim().split('\n').length - 2,
    (FIXTURE_LANGUAGES.length - 1) * project.documents.length,
  );
  const json = JSON.parse(
    (await run(root, when, 'coverage', '--format', 'json', '--lang', target)).out,
  ) as { languages: Record<string, { documents: Record<string, { review: unknown }> }> };
  assert.deepEqual(json.languages[target]?.documents[first.id]?.review, {
    status: 'approved',
    current: true,
    by: 'A. Reviewer, translator',
    date: '2026-11-30',
    signature: 'unsigned',
  });
});

test(
  'npm run review: a mistyped --status gets "did you mean" after a full stop, as every other message does',
  { todo: 'scripts/commands/review.ts writes `not "approve" Did you mean` without the full stop' },
  async (t) => {
    const root = await fixtureProject(t);
    const r = await runMain(root, [
      'review',
      '--lang',
      'hr',
      '--document',
      'cooperation-statement',
      '--status',
      'approve',
      '--by',
      'A',
    ]);
    assert.match(r.stderr, /not "approve"\. Did you mean "approved"\?/);
  },
);
