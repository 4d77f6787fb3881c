// Integration: sign-offs signed with the reviewer's own SSH key (real ssh-keygen, real
// Chromium). A signed approval verifies against translations/allowed_signers and says so
// in the list, the record of the edition (HTML and PDF) and the review page; a hand-edited
// line fails verification, is named at its file and line, and keeps the edition out of the
// release; under "requireVerifiedSignoff" an unsigned approval does not count; the dev
// server signs with a key it is given, and marks a sign-off without one unverified.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { build } from '../scripts/build.ts';
import { loadProject } from '../scripts/io/project.ts';
import { reviewApi } from '../scripts/serve/review-api.ts';
import { fixtureProject, runMain, tempDir, usePrinter } from './helpers.ts';

const printer = await usePrinter();
const WHEN = new Date('2026-11-30T12:00:00Z');

/** A fixture project whose first translation language has a signer with a fresh ed25519 key. */
async function withSigner(t: { after(fn: () => unknown): void }) {
  const root = await fixtureProject(t);
  const keys = await tempDir('keys-', t);
  const key = join(keys, 'ana');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ana@test', '-f', key]);
  const project = await loadProject(root);
  const lang = project.registry.languages.find((l) => l.code !== 'en' && !l.derivedFrom);
  const doc = project.documents[0]?.doc.id;
  assert.ok(lang && doc, 'the fixture has a translation language and a document');
  const pub = (await readFile(`${key}.pub`, 'utf8')).trim();
  await writeFile(
    join(root, 'translations', 'allowed_signers'),
    `ana.horvat@mup.hr namespaces="selec-signoff" ${pub}\n`,
  );
  const person = { name: 'Ana Horvat', role: 'sworn translator', languages: [lang.code] };
  await writeFile(
    join(root, 'translations', 'signers.json'),
    `${JSON.stringify({ 'ana.horvat@mup.hr': person }, null, 2)}\n`,
  );
  const sign = (...more: string[]) =>
    runMain(
      root,
      ['review', '--lang', lang.code, '--document', doc, '--status', 'approved', ...more],
      {},
      WHEN,
    );
  const policy = (p: object) =>
    writeFile(join(root, 'publication.json'), JSON.stringify({ default: p }));
  return { root, key, code: lang.code, doc, sign, policy };
}

test('an SSH-signed approval verifies and says so; a hand-edited line fails and is named', async (t) => {
  const p = await withSigner(t);
  const signed = await p.sign('--key', p.key, '--force', '--note', 'signed');
  assert.equal(signed.code, 0, signed.stderr);
  assert.match(signed.stdout, /approved by Ana Horvat, sworn translator on 2026-11-30/);
  assert.match(signed.stdout, /signed with the SSH key of ana\.horvat@mup\.hr/);
  const history = join(p.root, 'translations', p.code, 'signoffs.jsonl');
  const line = JSON.parse((await readFile(history, 'utf8')).trim()) as Record<string, string>;
  assert.equal(line['signer'], 'ana.horvat@mup.hr');
  assert.match(line['signature'] ?? '', /^-----BEGIN SSH SIGNATURE-----/);
  const list = await runMain(p.root, ['review', '--list', '--lang', p.code]);
  assert.match(
    list.stdout,
    /approved +approved by Ana Horvat, sworn translator on 2026-11-30 \(signature verified\)/,
  );

  // Published under a policy that asks verified approvals; the record says whose key.
  await p.policy({ minTranslated: 0, requireSignoff: 'approved', requireVerifiedSignoff: true });
  const fingerprint = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${p.key}.pub`], {
    encoding: 'utf8',
  }).split(' ')[1];
  const ok = await build({ root: p.root, printer, langs: [p.code] });
  assert.ok(!ok.withheld.some((w) => w.document === p.doc), JSON.stringify(ok.withheld));
  const html = await readFile(join(p.root, 'dist', p.code, `${p.doc}.html`), 'utf8');
  assert.ok(html.includes(`${fingerprint}</td>`), 'the edition record names the key');
  const pdf = execFileSync('pdftotext', [join(p.root, 'dist', p.code, `${p.doc}.pdf`), '-'], {
    encoding: 'utf8',
  });
  assert.ok(pdf.replace(/\s+/g, '').includes(String(fingerprint)), 'the PDF record names the key');
  const page = await readFile(join(p.root, 'reports', 'review', p.code, `${p.doc}.html`), 'utf8');
  assert.match(
    page,
    /data-signature="verified">signature verified: ana\.horvat@mup\.hr, key SHA256:/,
  );

  // A hand edit of the signed line (its date): verification fails, named at file:line.
  await writeFile(
    history,
    (await readFile(history, 'utf8')).replace('"2026-11-30"', '"2026-11-29"'),
  );
  const before = await readFile(join(p.root, 'dist', p.code, `${p.doc}.pdf`));
  const bad = await build({ root: p.root, printer, langs: [p.code] });
  const error = bad.diagnostics.find((d) => d.rule === 'signoff-signature');
  assert.ok(error, 'the build names the failing signature');
  assert.deepEqual(error.location, { file: `translations/${p.code}/signoffs.jsonl`, line: 1 });
  assert.match(error.message, /does not verify: the signed text differs/);
  assert.ok(bad.withheld.some((w) => w.document === p.doc && w.kind === 'error'));
  assert.deepEqual(await readFile(join(p.root, 'dist', p.code, `${p.doc}.pdf`)), before);
  const relisted = await runMain(p.root, ['review', '--list', '--lang', p.code]);
  assert.match(relisted.stdout, /draft +draft — approved by .* \(its signature does not verify\)/);
});

test('under requireVerifiedSignoff an unsigned approval is held back, a --by that is not the key owner refused', async (t) => {
  const p = await withSigner(t);
  const typed = await p.sign('--by', 'Ana Horvat, sworn translator', '--force', '--note', 'typed');
  assert.equal(typed.code, 0, typed.stderr);
  assert.match(typed.stdout, /not signed with a key \(unverified\)/);
  await p.policy({ minTranslated: 0, requireSignoff: 'approved', requireVerifiedSignoff: true });
  const r = await build({ root: p.root, printer, langs: [p.code] });
  const held = r.withheld.find((w) => w.document === p.doc);
  assert.equal(held?.kind, 'policy');
  assert.ok(
    held?.reasons.some((x) => /not signed with a key; the policy asks a verified sign-off/.test(x)),
  );
  // Someone else's name with Ana's key: refused, nothing written.
  const other = await p.sign('--key', p.key, '--by', 'Ivo Ivić, reviser', '--force', '--note', 'x');
  assert.equal(other.code, 2);
  assert.match(other.stderr, /the key is Ana Horvat's/);
});

test('the dev server signs with the key it is given, and marks a sign-off without one unverified', async (t) => {
  const p = await withSigner(t);
  const base = { lang: p.code, document: p.doc, note: 'from the form' };
  const unsigned = await reviewApi(p.root, 'signoff', {
    ...base,
    status: 'draft',
    name: 'Ana Horvat',
    role: 'sworn translator',
  });
  assert.equal(unsigned.status, 200);
  assert.match((unsigned.body as { message: string }).message, /UNVERIFIED: not signed with a key/);
  const signed = await reviewApi(p.root, 'signoff', { ...base, status: 'draft', key: p.key });
  assert.equal(signed.status, 200, JSON.stringify(signed.body));
  assert.match(
    (signed.body as { message: string }).message,
    /signed with the SSH key of ana\.horvat@mup\.hr \(verified\)/,
  );
  const project = await loadProject(p.root);
  assert.deepEqual(
    project.verifications[p.code]?.map((v) => v.state),
    ['unsigned', 'verified'],
  );
});
