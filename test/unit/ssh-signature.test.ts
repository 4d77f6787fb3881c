// io/ssh-signature.ts with the real ssh-keygen: a signed message verifies for its principal
// against an allowed-signers file; a changed message, a key not in the file, the wrong
// principal, the wrong namespace, a key outside its validity each fail with their reason;
// find-principals attributes a signature; a key that cannot sign is a UserError saying
// what to do. Keys are made in a temporary folder; no temporary folder is left behind.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { UserError } from '../../scripts/errors.ts';
import {
  findPrincipals,
  signMessage,
  sshTime,
  verifyMessage,
  verifyMessages,
  type Verification,
  type VerifyOptions,
} from '../../scripts/io/ssh-signature.ts';
import { keyFingerprint } from '../../scripts/stages/allowed-signers.ts';
import { tempDir } from '../helpers.ts';

const dir = await tempDir('ssh-');
const MESSAGE = 'selec-signoff v1\nlanguage: hr\n{"by":"Ana Horvat","status":"approved"}\n';

function newKey(name: string, passphrase = ''): { path: string; pub: string; fingerprint: string } {
  const path = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', 'test', '-f', path]);
  // One process a key: the fingerprint is computed (test/unit/signers.test.ts checks that
  // it is ssh-keygen -l's), and verification must print the same.
  const pub = readFileSync(`${path}.pub`, 'utf8').trim();
  return { path, pub, fingerprint: keyFingerprint(Buffer.from(pub.split(' ')[1] ?? '', 'base64')) };
}

const ana = newKey('ana');
const ivo = newKey('ivo');
const stranger = newKey('stranger');
const allowedSigners = join(dir, 'allowed_signers');
await writeFile(
  allowedSigners,
  `ana.horvat@mup.hr namespaces="selec-signoff" ${ana.pub}\n` +
    `ivo.ivic@mup.hr namespaces="selec-signoff",valid-before="20270101Z" ${ivo.pub}\n`,
);
const ANA: VerifyOptions = { allowedSigners, principal: 'ana.horvat@mup.hr' };
const signed = await signMessage(MESSAGE, ana.path);

const sshsigFolders = async () =>
  (await readdir(tmpdir())).filter((f) => f.startsWith('selec-sshsig-'));

test('a signed message verifies for its principal, with the fingerprint of its key', async () => {
  assert.match(
    signed,
    /^-----BEGIN SSH SIGNATURE-----\n[A-Za-z0-9+/=\n]+-----END SSH SIGNATURE-----\n$/,
  );
  assert.deepEqual(await verifyMessage(MESSAGE, signed, ANA), {
    ok: true,
    principal: 'ana.horvat@mup.hr',
    fingerprint: ana.fingerprint,
  });
  // Ed25519 signatures are deterministic: the same entry signed again gives the same bytes.
  assert.equal(await signMessage(MESSAGE, ana.path), signed);
  assert.deepEqual(await sshsigFolders(), []);
});

test('a changed message fails, and says the text changed after signing', async () => {
  const tampered = MESSAGE.replace('approved', 'reviewed');
  assert.deepEqual(await verifyMessage(tampered, signed, ANA), {
    ok: false,
    failure: 'changed',
    reason: 'the signed text differs from this one: it changed after signing',
  });
  const nfd = MESSAGE.replace('Ana', 'A\u0301na');
  assert.equal(((await verifyMessage(nfd, signed, ANA)) as { failure: string }).failure, 'changed');
});

test('a key not in the file, or of someone else, fails naming whose it is', async () => {
  const bySomeone = await signMessage(MESSAGE, stranger.path);
  assert.deepEqual(await verifyMessage(MESSAGE, bySomeone, ANA), {
    ok: false,
    failure: 'unknown-key',
    reason: `signed with a key not in ${allowedSigners} (${stranger.fingerprint})`,
  });
  assert.deepEqual(await verifyMessage(MESSAGE, signed, { ...ANA, principal: 'ivo.ivic@mup.hr' }), {
    ok: false,
    failure: 'wrong-principal',
    reason: 'signed with the key of ana.horvat@mup.hr, not ivo.ivic@mup.hr',
  });
  const notAPrincipal = await verifyMessage(MESSAGE, signed, { ...ANA, principal: '*' });
  assert.equal((notAPrincipal as { failure: string }).failure, 'wrong-principal');
});

test('the wrong namespace fails, either way round', async () => {
  const forFiles = await signMessage(MESSAGE, ana.path, 'file');
  assert.deepEqual(await verifyMessage(MESSAGE, forFiles, ANA), {
    ok: false,
    failure: 'namespace',
    reason: 'signed for "file", not for "selec-signoff"',
  });
  // Verified as "file": the allowed-signers line admits ana's key for sign-offs only.
  assert.deepEqual(await verifyMessage(MESSAGE, forFiles, { ...ANA, namespace: 'file' }), {
    ok: false,
    failure: 'namespace',
    reason: `${allowedSigners} does not allow this key to sign "file"`,
  });
});

test('valid-before is checked at the time given (the sign-off date), not today', async () => {
  const byIvo = await signMessage(MESSAGE, ivo.path);
  const IVO = { allowedSigners, principal: 'ivo.ivic@mup.hr' };
  assert.equal((await verifyMessage(MESSAGE, byIvo, { ...IVO, at: '2026-12-31' })).ok, true);
  const late = await verifyMessage(MESSAGE, byIvo, { ...IVO, at: '2027-01-02' });
  assert.equal((late as { failure: string }).failure, 'key-not-valid');
  assert.match(
    (late as { reason: string }).reason,
    /^the key of ivo.ivic@mup.hr was not valid then: key has expired/,
  );
  assert.equal(sshTime('2026-11-30'), '20261130Z');
  assert.equal(sshTime(new Date('2026-11-30T12:34:56.789Z')), '20261130123456Z');
  assert.throws(() => sshTime('30.11.2026'), TypeError);
});

test('find-principals attributes a signature without trusting a claimed principal', async () => {
  assert.deepEqual(await findPrincipals(signed, allowedSigners), ['ana.horvat@mup.hr']);
  assert.deepEqual(await findPrincipals(await signMessage('x', stranger.path), allowedSigners), []);
  assert.deepEqual(await findPrincipals('not a signature', allowedSigners), []);
});

test('a damaged signature is malformed; no allowed-signers file is a UserError', async () => {
  assert.deepEqual(await verifyMessage(MESSAGE, 'hand-written', ANA), {
    ok: false,
    failure: 'malformed',
    reason: 'the signature is not an SSH signature',
  });
  const cut = signed.replace(/\n[A-Za-z0-9+/=]+\n-----END/, '\n-----END');
  assert.equal(
    ((await verifyMessage(MESSAGE, cut, ANA)) as { failure: string }).failure,
    'malformed',
  );
  // Readable here, refused by ssh-keygen (a bad hash algorithm name): damaged too.
  const blob = Buffer.from(signed.split('\n').slice(1, -2).join(''), 'base64');
  blob[blob.indexOf('sha512') + 5] = 0x78; // "sha51x"
  const armor = (s: string) => `-----BEGIN SSH SIGNATURE-----\n${s}\n-----END SSH SIGNATURE-----\n`;
  const odd = armor(blob.toString('base64'));
  assert.deepEqual(await verifyMessage(MESSAGE, odd, ANA), {
    ok: false,
    failure: 'malformed',
    reason: 'the signature is damaged: ssh-keygen cannot read it',
  });
  await assert.rejects(
    verifyMessage(MESSAGE, signed, { ...ANA, allowedSigners: join(dir, 'none') }),
    {
      name: 'UserError',
      message: `cannot read the allowed signers ${join(dir, 'none')}`,
    },
  );
});

/** Asserts that signing with `key` fails with a UserError whose message matches. */
async function cannotSign(key: string, message: RegExp, hint: RegExp, program?: string) {
  const started = Date.now();
  await assert.rejects(
    signMessage(MESSAGE, key, undefined, program ? { program } : {}),
    (err: unknown) => {
      assert.ok(err instanceof UserError, String(err));
      assert.match(err.message, message);
      assert.match(err.hint, hint);
      return true;
    },
  );
  assert.ok(Date.now() - started < 5000, 'it did not wait for a passphrase');
}

test('a key that cannot sign is a UserError saying what to do, at once', async (t) => {
  const locked = newKey('locked', 'correct horse');
  const agent = process.env['SSH_AUTH_SOCK'];
  delete process.env['SSH_AUTH_SOCK'];
  t.after(() => {
    if (agent !== undefined) process.env['SSH_AUTH_SOCK'] = agent;
  });
  await cannotSign(join(dir, 'nokey'), /^the key .*nokey does not exist$/, /ssh-keygen -t ed25519/);
  await cannotSign(
    locked.path,
    /is protected by a passphrase and no ssh-agent holds it$/,
    /ssh-add/,
  );
  const lonePub = join(await tempDir('ssh-pub-', t), 'id.pub');
  await writeFile(lonePub, `${stranger.pub}\n`);
  await cannotSign(
    lonePub,
    /is a public key and ssh-agent holds no private key for it$/,
    /ssh-add/,
  );
  await cannotSign(allowedSigners, /is not an SSH key ssh-keygen can read$/, /ssh-keygen -l -f/);
  const open = newKey('open');
  await chmod(open.path, 0o644);
  await cannotSign(open.path, /can be read by others, so ssh-keygen will not use it$/, /chmod 600/);
  await cannotSign(
    ana.path,
    /^ssh-keygen-missing was not found$/,
    /apt-get install openssh-client/,
    'ssh-keygen-missing',
  );
  assert.deepEqual(await sshsigFolders(), []);
});

test('verifyMessages keeps the order, and answers a repeated request from the cache', async () => {
  const other = await signMessage(MESSAGE, stranger.path);
  const requests = [signed, other, signed, 'junk'].map((signature) => ({
    message: MESSAGE,
    signature,
    options: { ...ANA, at: '2026-11-30' },
  }));
  const sets: string[] = [];
  const map = new Map<string, Verification>();
  const cache = {
    get: (k: string) => map.get(k),
    set: (k: string, v: Verification) => (sets.push(k), map.set(k, v)),
  };
  const first = await verifyMessages(requests, { concurrency: 2, cache });
  assert.deepEqual(
    first.map((r) => (r.ok ? 'ok' : r.failure)),
    ['ok', 'unknown-key', 'ok', 'malformed'],
  );
  assert.equal(map.size, 3);
  const again = await verifyMessages(requests, { cache });
  assert.deepEqual(again, first);
  assert.ok(sets.length <= 4, 'nothing new was verified');
  // Another allowed-signers file (its content) is another question.
  await writeFile(allowedSigners, `${await readFile(allowedSigners, 'utf8')}\n`);
  await verifyMessages(requests.slice(0, 1), { cache });
  assert.equal(map.size, 4);
  // Without a time, the answer depends on today: never cached.
  await verifyMessages([{ message: MESSAGE, signature: signed, options: ANA }], { cache });
  assert.equal(map.size, 4);
});
