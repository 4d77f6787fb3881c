// Integration: sealed editions (issue 26). A scratch copy of the fixture project built
// with real Chromium and a throwaway seal made by openssl at run time; the sealed PDFs
// read back by poppler's pdfsig and openssl, the project's PDF/A-2u + PDF/UA-1 checks,
// byte-reproducible sealed builds, `npm run verify` on a tampered copy, the signed
// SHA256SUMS accepted by `openssl cms -verify`, a PAdES-B-T seal time-stamped by a TSA
// on 127.0.0.1 (`openssl ts -reply`) and accepted by `openssl ts -verify`, and the key
// errors a user makes, refused before anything is printed.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cp, readdir, readFile, writeFile, appendFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { build } from '../scripts/build.ts';
import { loadSealKey, type SealKey } from '../scripts/io/seal-key.ts';
import { sealPdf } from '../scripts/services/seal.ts';
import { OID, parseSignedData } from '../scripts/stages/cms.ts';
import type { Manifest } from '../scripts/stages/manifest.ts';
import { checkConformance } from '../scripts/stages/pdf/conformance.ts';
import { readSeals } from '../scripts/stages/pdf/seal.ts';
import { fixtureProject, runMain, tempDir, usePrinter } from './helpers.ts';
import { makeSealKey, PASSPHRASE, startTsa, type TestSeal } from './seal-keys.ts';

const printer = await usePrinter();
let root: string;
let keys: string;
let seal: TestSeal;
let key: SealKey;
let sealed: string;
let plain: string;
let again: string;
let pdfs: string[];

/** The PDFs of a release folder, relative to it. */
async function pdfsOf(dir: string): Promise<string[]> {
  const all = await readdir(dir, { recursive: true });
  return all.filter((f) => f.endsWith('.pdf')).sort();
}

before(async () => {
  root = await fixtureProject();
  await writeFile(join(root, 'publication.json'), '{"default": {"minTranslated": 0}}');
  keys = await tempDir('seal-keys-');
  seal = await makeSealKey(keys);
  key = await loadSealKey(seal.p12, { SELEC_SEAL_PASSPHRASE: PASSPHRASE }, new Date());
  // Other release folders inside temporary ones: their reports go beside them, removed with them.
  sealed = join(root, 'dist');
  plain = join(await tempDir('plain-'), 'dist');
  again = join(await tempDir('again-'), 'dist');
  await build({ root, printer, seal: { key } });
  await build({ root, printer, outDir: plain });
  await build({ root, printer, outDir: again, seal: { key }, force: true });
  pdfs = await pdfsOf(sealed);
  assert.ok(pdfs.length >= 2, 'the fixture builds several PDFs');
});

test('pdfsig: every sealed PDF is valid, whole document, ETSI.CAdES.detached', () => {
  for (const f of pdfs) {
    const out = execFileSync('pdfsig', ['-nocert', join(sealed, f)], { encoding: 'utf8' });
    assert.match(out, /Signature Type: ETSI\.CAdES\.detached/, f);
    assert.match(out, /Total document signed/, f);
    assert.match(out, /Signature Validation: Signature is Valid\./, f);
    assert.match(out, /SELEC Publications Office \(seal\)/, f);
  }
});

test('the CMS has signing-certificate-v2 and no signing-time (openssl cms -cmsout -print)', async () => {
  const dir = await tempDir('dump-');
  await cp(join(sealed, pdfs[0] as string), join(dir, 'a.pdf'));
  execFileSync('pdfsig', ['-nocert', '-dump', 'a.pdf'], { cwd: dir });
  const printed = execFileSync(
    'openssl',
    ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', join(dir, 'a.pdf.sig0')],
    { encoding: 'utf8' },
  );
  assert.match(printed, /signingCertificateV2/);
  assert.match(printed, /messageDigest/);
  assert.doesNotMatch(printed, /signingTime/);
});

test('sealing is an incremental update: the PDF/A-2u + PDF/UA-1 file is kept byte for byte, and still conforms', async () => {
  for (const f of pdfs) {
    const [s, p] = await Promise.all([readFile(join(sealed, f)), readFile(join(plain, f))]);
    assert.ok(s.length > p.length, f);
    assert.ok(
      s.subarray(0, p.length).equals(p),
      `${f}: the unsealed file is the sealed one's start`,
    );
    assert.deepEqual(checkConformance(s), [], f);
    const text = (dir: string) =>
      execFileSync('pdftotext', [join(dir, f), '-'], { encoding: 'utf8' });
    assert.equal(text(sealed), text(plain), f);
    const [found] = readSeals(s);
    assert.ok(found);
    assert.equal(found.fieldFlags, 132, 'printed and locked, not hidden');
    assert.ok(found.tabs, 'the page keeps /Tabs /S');
    assert.match(found.reason ?? '', /2019|20\d\d-\d\d-\d\d/, 'the description names the version');
  }
});

test('two sealed builds with the same key and date are byte-identical', async () => {
  for (const f of [...pdfs, 'SHA256SUMS', 'SHA256SUMS.p7s'])
    assert.ok(
      (await readFile(join(sealed, f))).equals(await readFile(join(again, f))),
      `${f} differs between two sealed builds`,
    );
});

test('the manifest records each seal; the download page says the PDFs are sealed and how to check', async () => {
  const manifest = JSON.parse(await readFile(join(sealed, 'manifest.json'), 'utf8')) as Manifest;
  for (const e of manifest.editions) {
    assert.equal(e.seal?.signer, 'SELEC Publications Office (seal)', e.pdf);
    assert.equal(e.seal?.level, 'B-B');
    const [found] = readSeals(await readFile(join(sealed, e.pdf)));
    const md = parseSignedData(found?.cms ?? new Uint8Array()).attributes.get(OID.messageDigest);
    assert.equal(Buffer.from(md?.[0]?.value ?? []).toString('hex'), e.seal?.digest);
  }
  const index = await readFile(join(sealed, 'index.html'), 'utf8');
  assert.match(index, /sealed by SELEC Publications Office \(seal\)/);
  assert.match(index, /openssl cms -verify -binary -inform DER -in SHA256SUMS\.p7s/);
  // The JSON-LD: an authentic text's sealed PDF is of definitive legal value; a translation's is not.
  const en = await readFile(join(sealed, 'en', `${manifest.editions[0]?.document}.html`), 'utf8');
  assert.match(
    en,
    /"encodingFormat": "application\/pdf",\s*"legislationLegalValue": "https:\/\/schema.org\/DefinitiveLegalValue"/,
  );
  const other = manifest.editions.find((e) => e.legalStatus === 'translation');
  if (other)
    assert.doesNotMatch(await readFile(join(sealed, other.html), 'utf8'), /DefinitiveLegalValue/);
  const unsealed = await readFile(join(plain, 'index.html'), 'utf8');
  assert.doesNotMatch(unsealed, /sealed by/);
  await assert.rejects(stat(join(plain, 'SHA256SUMS.p7s')), 'an unsealed build has no signed sums');
});

test('openssl cms -verify accepts SHA256SUMS.p7s with the publisher certificate', () => {
  const r = spawnSync(
    'openssl',
    [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      'SHA256SUMS.p7s',
      '-content',
      'SHA256SUMS',
      '-CAfile',
      seal.cert,
      '-out',
      '/dev/null',
    ],
    { cwd: sealed, encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /Verification successful/);
});

test('npm run verify: passes on the set, with and without --cert; another certificate is named', async () => {
  const ok = await runMain(root, ['verify']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(
    ok.stdout,
    new RegExp(
      `verified: \\d+ files match SHA256SUMS, SHA256SUMS\\.p7s is valid, ${pdfs.length} PDFs sealed`,
    ),
  );
  const withCert = await runMain(root, ['verify', 'dist', '--cert', seal.cert]);
  assert.equal(withCert.code, 0, withCert.stderr);
  const other = await makeSealKey(keys, { name: 'other' });
  const wrong = await runMain(root, ['verify', 'dist', '--cert', other.cert]);
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /SHA256SUMS\.p7s: .*not by the expected certificate/);
  const unsealed = await runMain(root, ['verify', plain]);
  assert.equal(unsealed.code, 0);
  assert.match(unsealed.stdout, /not sealed/);
  assert.equal((await runMain(root, ['verify', plain, '--require-seal'])).code, 1);
});

test('npm run verify names every tampered file: a flipped byte, an appended byte, an unsealed copy, an edited SHA256SUMS', async (t) => {
  const copy = await tempDir('tampered-', t);
  await cp(sealed, copy, { recursive: true });
  const [flipped, appended, replaced] = pdfs as [string, string, string];
  const bytes = await readFile(join(copy, flipped));
  bytes[1000] = (bytes[1000] ?? 0) ^ 1;
  await writeFile(join(copy, flipped), bytes);
  await appendFile(join(copy, appended), '\n');
  if (replaced) await cp(join(plain, replaced), join(copy, replaced));
  const sums = await readFile(join(copy, 'SHA256SUMS'), 'utf8');
  await writeFile(
    join(copy, 'SHA256SUMS'),
    sums.replace(/^([0-9a-f])/, (c) => (c === '0' ? '1' : '0')),
  );
  const r = await runMain(root, ['verify', copy]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`${flipped}: seal: the digest does not match`));
  assert.match(r.stderr, new RegExp(`${appended}: bytes were added or removed after sealing`));
  if (replaced) assert.match(r.stderr, new RegExp(`${replaced}: not sealed`));
  assert.match(r.stderr, /SHA256SUMS\.p7s: does not verify SHA256SUMS/);
  assert.match(r.stderr, /problems: do not trust this copy/);
});

test('PAdES-B-T: a signature time-stamp from a TSA on 127.0.0.1, accepted by openssl ts -verify', async (t) => {
  const dir = await tempDir('tsa-', t);
  const tsa = await startTsa(dir);
  t.after(() => tsa.close());
  const input = await readFile(join(plain, pdfs[0] as string));
  const date = new Date('2019-10-31T00:00:00Z');
  const out = await sealPdf(input, { date, description: 'test edition' }, { key, tsa: tsa.url });
  assert.equal(out.seal.level, 'B-T');
  await writeFile(join(dir, 'bt.pdf'), out.bytes);
  const sig = execFileSync('pdfsig', ['-nocert', join(dir, 'bt.pdf')], { encoding: 'utf8' });
  assert.match(sig, /Signature is Valid\./);
  assert.match(sig, /Total document signed/);
  const cms = parseSignedData(readSeals(out.bytes)[0]?.cms ?? new Uint8Array());
  const token = cms.unsignedAttributes.get(OID.signatureTimeStampToken)?.[0];
  assert.ok(token, 'the CMS carries a signature time-stamp token');
  await writeFile(join(dir, 'token.der'), token.raw);
  await writeFile(join(dir, 'signature.bin'), cms.signature);
  const v = spawnSync(
    'openssl',
    [
      'ts',
      '-verify',
      '-data',
      'signature.bin',
      '-in',
      'token.der',
      '-token_in',
      '-CAfile',
      tsa.cert,
    ],
    { cwd: dir, encoding: 'utf8' },
  );
  assert.equal(v.status, 0, v.stderr + v.stdout);
  assert.match(v.stdout, /Verification: OK/);
  const copy = await tempDir('bt-set-', t);
  await writeFile(join(copy, 'a.pdf'), out.bytes);
  const { verifyRelease } = await import('../scripts/services/verify.ts');
  const report = await verifyRelease(copy);
  assert.equal(report.sealed, 1, report.failures.join('\n'));
});

test('seal key mistakes are refused before anything is printed, each saying what to do', async (t) => {
  const project = await fixtureProject(t);
  const env = { SELEC_SEAL_PASSPHRASE: PASSPHRASE };
  const noUsage = await makeSealKey(keys, { name: 'encipher-only', usage: 'keyEncipherment' });
  const cases: Array<[string[], NodeJS.ProcessEnv, RegExp, Date?]> = [
    [['build', '--seal', join(keys, 'nowhere.p12')], env, /seal file not found/],
    [['build', '--seal', seal.p12], {}, /SELEC_SEAL_PASSPHRASE is not set/],
    [
      ['build', '--seal', seal.p12],
      { SELEC_SEAL_PASSPHRASE: 'wrong' },
      /passphrase does not open it/,
    ],
    [['build', '--seal', seal.p12], env, /not valid today/, new Date('2099-01-01T00:00:00Z')],
    [['build', '--seal', noUsage.p12], env, /key usage \(keyEncipherment\) does not allow signing/],
    [['build', '--seal', seal.cert], env, /is not a PKCS #12 file/],
    [['build', '--tsa', 'http://127.0.0.1:9/'], env, /--tsa needs --seal/],
  ];
  for (const [args, e, message, now] of cases) {
    const r = await runMain(project, args, e, now);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.doesNotMatch(
      r.stderr + r.stdout,
      new RegExp(PASSPHRASE),
      'the passphrase is never printed',
    );
  }
  await assert.rejects(stat(join(project, 'dist')), 'nothing was built');
  const dev = await runMain(project, ['dev', '--seal', seal.p12], env);
  assert.equal(dev.code, 2, 'the dev server never seals');
});

test('a sealed build is released as sealed: the ledger records each seal, verify checks the kept version', async (t) => {
  const manifest = JSON.parse(await readFile(join(sealed, 'manifest.json'), 'utf8')) as Manifest;
  const doc = manifest.editions[0]?.document ?? '';
  const version = '2026-03-02';
  const r = await runMain(
    root,
    [
      'release',
      '--document',
      doc,
      '--version',
      version,
      '--force',
      '--note',
      'sealed test release',
    ],
    {},
    new Date(`${version}T10:00:00Z`),
  );
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const line =
    (await readFile(join(root, 'releases', 'ledger.jsonl'), 'utf8')).trim().split('\n').at(-1) ??
    '';
  const release = JSON.parse(line) as {
    editions: Array<{ lang: string; seal?: { signer: string } }>;
  };
  for (const e of release.editions)
    assert.equal(
      e.seal?.signer,
      'SELEC Publications Office (seal)',
      `${e.lang}: the ledger records the seal`,
    );
  await build({ root, printer, seal: { key } });
  const ok = await runMain(root, ['verify', 'dist', '--cert', seal.cert]);
  assert.equal(ok.code, 0, ok.stderr);
  const copy = await tempDir('released-', t);
  await cp(sealed, copy, { recursive: true });
  const kept = (await readdir(join(copy, doc, version), { recursive: true })).find((f) =>
    f.endsWith('.pdf'),
  );
  assert.ok(kept, 'the released PDFs are served from dist/');
  await appendFile(join(copy, doc, version, kept), '\n');
  const bad = await runMain(root, ['verify', copy]);
  assert.equal(bad.code, 1);
  assert.match(
    bad.stderr,
    new RegExp(
      `${doc}/${version}/${kept}: (not the file released as version ${version}|bytes were added)`,
    ),
  );
});
