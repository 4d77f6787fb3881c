// The DER encoder and reader, and the CMS SignedData of a seal: encodings checked against
// X.690's examples, a SignedData read back and verified, and every way a verifier must
// say no (changed content, another signature, another certificate).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, sign, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeTrialSeal } from '../../scripts/io/trial-seal.ts';
import { checkCms } from '../../scripts/services/verify.ts';
import {
  OID,
  parseSignedData,
  signAttributes,
  signedData,
  signerCertificate,
  signingCertificateHash,
  type Signer,
} from '../../scripts/stages/cms.ts';
import { children, int, oid, oidOf, read, set, timeOf } from '../../scripts/stages/der.ts';
import { tempDir } from '../helpers.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

test('DER: integers, object identifiers and SET OF order as X.690 writes them', () => {
  assert.equal(hex(int(0)), '020100');
  assert.equal(hex(int(127)), '02017f');
  assert.equal(hex(int(128)), '02020080');
  assert.equal(hex(int(256)), '02020100');
  assert.equal(hex(int(Uint8Array.of(0, 0, 5))), '020105');
  assert.equal(hex(oid('1.2.840.113549.1.7.2')), '06092a864886f70d010702');
  assert.equal(oidOf(read(oid('1.2.840.113549.1.9.16.2.47'))), '1.2.840.113549.1.9.16.2.47');
  assert.equal(hex(set(int(2), int(1))), '3106020101020102');
  const long = int(Uint8Array.from({ length: 200 }, () => 1));
  assert.equal(hex(long.subarray(0, 3)), '0281c8', 'long form length');
  assert.equal(read(long).value.length, 200);
  const time = read(Buffer.from('180f32303139313033313132303030305a', 'hex'));
  assert.equal(timeOf(time).toISOString(), '2019-10-31T12:00:00.000Z');
  assert.throws(() => read(Uint8Array.of(0x30, 0x05, 1)), /runs past the end/);
});

async function testSigner(): Promise<Signer & { pem: string }> {
  const seal = await makeTrialSeal(await tempDir('cms-'), 'unit');
  const pk = createPrivateKey(await readFile(seal.key));
  const pem = await readFile(seal.cert, 'utf8');
  return {
    certificate: new Uint8Array(new X509Certificate(pem).raw),
    chain: [],
    keyType: 'rsa',
    sign: (data) => new Uint8Array(sign('sha256', data, pk)),
    pem,
  };
}

test('a SignedData reads back: one signer, its certificate, the three signed attributes, a valid signature', async () => {
  const signer = await testSigner();
  const content = Buffer.from('the content\n');
  const digest = createHash('sha256').update(content).digest();
  const der = signedData(signAttributes(digest, signer), signer);
  // openssl reads it as a detached CMS and verifies it over the content.
  const dir = await tempDir('cms-verify-');
  const { writeFile } = await import('node:fs/promises');
  await writeFile(join(dir, 's.p7s'), der);
  await writeFile(join(dir, 'content'), content);
  await writeFile(join(dir, 'c.pem'), signer.pem);
  execFileSync(
    'openssl',
    [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      's.p7s',
      '-content',
      'content',
      '-CAfile',
      'c.pem',
      '-out',
      '/dev/null',
    ],
    { cwd: dir, stdio: 'pipe' },
  );
  const p = parseSignedData(der);
  assert.equal(p.signerCount, 1);
  assert.deepEqual(
    [...p.attributes.keys()].sort(),
    [OID.contentType, OID.messageDigest, OID.signingCertificateV2].sort(),
  );
  assert.ok(!p.attributes.has(OID.signingTime), 'no CMS signing-time (PAdES baseline)');
  assert.equal(hex(signerCertificate(p) ?? new Uint8Array()), hex(signer.certificate));
  assert.equal(
    hex(signingCertificateHash(p) ?? new Uint8Array()),
    createHash('sha256').update(signer.certificate).digest('hex'),
  );
  const trusted = new X509Certificate(signer.pem);
  assert.equal(checkCms(der, digest, trusted).problem, undefined);
  assert.match(
    checkCms(der, createHash('sha256').update('other').digest(), trusted).problem ?? '',
    /digest does not match/,
  );
  const other = await testSigner();
  assert.match(
    checkCms(der, digest, new X509Certificate(other.pem)).problem ?? '',
    /not by the expected certificate/,
  );
  const forged = signedData(
    { ...signAttributes(digest, signer), signature: other.sign(Buffer.from('x')) },
    signer,
  );
  assert.match(checkCms(forged, digest, undefined).problem ?? '', /does not verify/);
  assert.match(
    checkCms(Uint8Array.of(1, 2, 3), digest, undefined).problem ?? '',
    /not a readable CMS/,
  );
  assert.equal(children(read(der)).length, 2);
});
