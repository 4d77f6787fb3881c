// Integration: the reviewer's scenario in a scratch copy of the fixture project, with real
// Chromium and the PDFs read back by poppler. Approve hr; add a second document (its hr
// edition stays unofficial); reword an English segment (hr reverts, the stale segment is
// marked in the HTML and in the PDF text); re-approve after checking it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { build } from '../scripts/build.ts';
import { loadProject } from '../scripts/io/project.ts';
import { editionNow } from '../scripts/stages/signoff.ts';
import type { Manifest } from '../scripts/stages/manifest.ts';
import { fixtureProject, runMain, usePrinter } from './helpers.ts';
import { pdfInfo } from './pdf-read.ts';

const LANG = 'hr';
const WHEN = new Date('2026-11-30T12:00:00Z');
const BY = 'Ana Horvat, sworn translator';
/** What readers of the edition see of BY: the name, not the role written in English. */
const NAME = 'Ana Horvat';
let root: string;
const printer = await usePrinter();

before(async () => {
  root = await fixtureProject();
});

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await runMain(root, argv, {}, WHEN);
  return { code: r.code, out: r.stdout, err: r.stderr };
}

async function buildOptions(stale?: 'english') {
  // Published marked as the editions are (a new document's translation is incomplete).
  const result = await build({
    root,
    printer,
    langs: [LANG],
    allowIncomplete: true,
    ...(stale ? { stale } : {}),
  });
  assert.equal(result.failed, 0);
}

const html = (doc: string): Promise<string> =>
  readFile(join(root, 'dist', LANG, `${doc}.html`), 'utf8');
/** The PDF's text as poppler extracts it, soft hyphens dropped, whitespace collapsed. */
const pdfText = (doc: string, page?: number): string =>
  execFileSync(
    'pdftotext',
    [
      ...(page ? ['-f', String(page), '-l', String(page)] : []),
      join(root, 'dist', LANG, `${doc}.pdf`),
      '-',
    ],
    { encoding: 'utf8' },
  )
    .replace(/\u00AD/g, '')
    .replace(/\s+/g, ' ');
const squash = (s: string): string => s.replace(/\s+/g, ' ');
type Review = {
  status: string;
  current: boolean;
  by: string | null;
  date: string | null;
  lapsed?: { english: string[]; translation: string[] };
  signature?: string;
};
async function reviewOf(doc: string): Promise<Review | undefined> {
  const r = await run('coverage', '--format', 'json', '--lang', LANG);
  assert.equal(r.code, 0, r.err);
  return (
    JSON.parse(r.out) as {
      languages: Record<string, { documents: Record<string, { review?: Review }> }>;
    }
  ).languages[LANG]?.documents[doc]?.review;
}

test('approve, add a document, reword the English, re-approve: what readers and reports see at each step', async () => {
  const project = await loadProject(root);
  assert.ok(project.registry.find(LANG), `${LANG} is in the registry`);
  const first = project.documents[0] ?? assert.fail('no document');
  const docId = first.doc.id;
  const ui = JSON.parse(
    await readFile(join(root, 'translations', LANG, 'ui.json'), 'utf8'),
  ) as Record<string, string>;
  const approvedNotice = `Odobreni prijevod – ${NAME}, 30. studenoga 2026. Vjerodostojan je samo tekst na engleskom jeziku.`;

  // The English fingerprint the approval is bound to (of meaning: its segments' texts).
  const signedSource = (): string =>
    editionNow(first.doc, {}, first.segmented.segments).meaning.source;

  // 1. Approve hr: the notice names who and when, on the first PDF page too; the Subject carries it.
  const approved = await run(
    'review',
    '--lang',
    LANG,
    '--document',
    docId,
    '--status',
    'approved',
    '--by',
    BY,
  );
  assert.equal(approved.code, 0, approved.err);
  await buildOptions();
  assert.ok((await html(docId)).includes(`data-review="approved">${approvedNotice}</p>`));
  assert.ok(pdfText(docId, 1).includes(approvedNotice), pdfText(docId, 1));
  assert.ok(!pdfText(docId).includes(ui['unofficial'] ?? '?'));
  assert.ok(
    pdfText(docId).includes(
      `${ui['recordSignedBy']} ${NAME} ${ui['recordSignedOn']} 2026-11-30 ${ui['recordSignedVersion']} ${signedSource().slice(0, 12)}`,
    ),
    pdfText(docId),
  );
  assert.ok(
    !(await html(docId)).includes('sworn translator'),
    'no English role for Croatian readers',
  );
  assert.ok(
    pdfInfo(join(root, 'dist', LANG, `${docId}.pdf`))['Subject']?.endsWith(
      `— ${ui['statusApproved']}`,
    ),
  );
  assert.deepEqual(await reviewOf(docId), {
    status: 'approved',
    current: true,
    by: BY,
    date: '2026-11-30',
    signature: 'unsigned',
  });

  // 2. A second document: its hr edition is unofficial (English shown, marked); the first stays approved.
  await writeFile(
    join(root, 'source', 'second-note.md'),
    `---\nid: second-note\ntitle: Second Note\nplace: Sofia\ndate: 2026-05-12\nissuer: SELEC\n---\n\n# Second Note {#heading}\n\nA paragraph. {#first}\n`,
  );
  await buildOptions();
  const second = await html('second-note');
  assert.ok(second.includes(`data-review="draft">${ui['unofficial']}</p>`));
  assert.match(second, /data-status="missing" lang="en" class="fallback"/);
  assert.ok((await html(docId)).includes(approvedNotice));
  assert.deepEqual(await reviewOf('second-note'), {
    status: 'draft',
    current: true,
    by: null,
    date: null,
  });
  const manifest = JSON.parse(
    await readFile(join(root, 'dist', 'manifest.json'), 'utf8'),
  ) as Manifest;
  const entry = (doc: string) =>
    manifest.editions.find((e) => e.lang === LANG && e.document === doc);
  assert.deepEqual(
    [
      entry(docId)?.status,
      entry(docId)?.percent,
      entry('second-note')?.status,
      entry('second-note')?.percent,
    ],
    ['approved', 100, 'draft', 0],
  );
  const index = squash(await readFile(join(root, 'dist', 'index.html'), 'utf8'));
  // Status and coverage side by side, so a 0 % edition never looks like a finished one.
  assert.ok(
    index.includes(
      `<td class="status">Official translation — approved by ${BY} on 2026-11-30 (not signed with a key)</td><td class="coverage" data-unit="translated">100.0%</td>`,
    ),
    index,
  );
  assert.ok(
    index.includes(
      '<td class="status">Translation, not official — draft</td><td class="coverage" data-unit="translated">0.0%</td>',
    ),
  );
  const failing = await run('coverage', '--fail-under', '50', '--lang', LANG);
  assert.equal(failing.code, 1);
  assert.equal(failing.err, `coverage of ${LANG}/second-note is 0.0%, below 50%\n`);

  // 3. Reword an English segment: hr reverts to unofficial; the stale segment is marked in HTML and PDF.
  const seg =
    first.segmented.segments.find(
      (s) => s.kind === 'paragraph' && (project.resources[LANG]?.[docId]?.[s.key] ?? '') !== '',
    ) ?? assert.fail('no translated paragraph');
  const srcPath = join(root, first.doc.path);
  const src = await readFile(srcPath, 'utf8');
  assert.ok(src.includes(` {#${seg.key}}`));
  await writeFile(srcPath, src.replace(` {#${seg.key}}`, ` Reworded. {#${seg.key}}`));
  await buildOptions();
  const outdated = await html(docId);
  assert.ok(outdated.includes(`data-review="draft">${ui['unofficial']}</p>`));
  assert.ok(
    outdated.includes(
      `id="seg-${seg.key}" data-status="stale" class="stale" data-stale="${ui['stale']}"`,
    ),
  );
  assert.ok(outdated.includes(`<td>${ui['statusOutdatedApproved']}</td>`));
  const text = pdfText(docId);
  assert.ok(text.includes(ui['stale'] ?? '?'), 'the stale mark is in the PDF text');
  assert.ok(pdfText(docId, 1).includes(ui['unofficial'] ?? '?'));
  assert.ok(!text.includes(approvedNotice));
  assert.ok(
    pdfInfo(join(root, 'dist', LANG, `${docId}.pdf`))['Subject']?.endsWith(
      `— ${ui['statusOutdatedApproved']}`,
    ),
  );
  assert.deepEqual(await reviewOf(docId), {
    status: 'approved',
    current: false,
    by: BY,
    date: '2026-11-30',
    lapsed: { english: [seg.key], translation: [] },
    signature: 'unsigned',
  });
  const table = await run('coverage', '--lang', LANG);
  assert.match(table.out, new RegExp(`${docId} .* draft — approval of 2026-11-30 by ${BY} lapsed`));

  // --stale english: the current English instead, lang="en", with its own mark.
  await buildOptions('english');
  const english = await html(docId);
  assert.ok(
    english.includes(
      `id="seg-${seg.key}" data-status="stale" lang="en" class="stale" data-stale="${ui['staleEnglish']}"`,
    ),
  );
  assert.ok(pdfText(docId).includes(ui['staleEnglish'] ?? '?'));
  assert.ok(pdfText(docId).includes('Reworded.'));

  // 4. Re-approve: refused while the segment is stale; after checking it (mark), signed again.
  const refused = await run(
    'review',
    '--lang',
    LANG,
    '--document',
    docId,
    '--status',
    'approved',
    '--by',
    BY,
  );
  assert.equal(refused.code, 1);
  assert.equal(
    refused.err.split('\n')[0],
    `error: refusing to mark ${LANG}/${docId} approved: 1 segment is not up to date (stale: ${seg.key})`,
  );
  assert.equal((await run('mark', '--lang', LANG, '--document', docId, '--key', seg.key)).code, 0);
  const again = await run(
    'review',
    '--lang',
    LANG,
    '--document',
    docId,
    '--status',
    'approved',
    '--by',
    BY,
  );
  assert.equal(again.code, 0, again.err);
  await buildOptions();
  assert.ok((await html(docId)).includes(approvedNotice));
  assert.ok(pdfText(docId, 1).includes(approvedNotice));
  assert.deepEqual(await reviewOf(docId), {
    status: 'approved',
    current: true,
    by: BY,
    date: '2026-11-30',
    signature: 'unsigned',
  });
  // The history kept both approvals, one line each.
  const history = (await readFile(join(root, 'translations', LANG, 'signoffs.jsonl'), 'utf8'))
    .trim()
    .split('\n');
  assert.equal(history.length, 2);
  assert.notEqual(JSON.parse(history[0] ?? '{}').source, JSON.parse(history[1] ?? '{}').source);
});
