// The signer registry: translations/allowed_signers (OpenSSH's format, read line by line
// and checked more strictly than ssh-keygen does) and translations/signers.json (who each
// principal is), cross-checked; every mistake names its file and line. Keys are made by
// the real ssh-keygen in a temporary folder, and our fingerprints are ssh-keygen's.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { UserError } from '../../scripts/errors.ts';
import { ALLOWED_SIGNERS_FILE, SIGNERS_FILE, readSigners } from '../../scripts/io/signers.ts';
import {
  matchPatternList,
  parseAllowedSigners,
  readSshSignature,
} from '../../scripts/stages/allowed-signers.ts';
import {
  makeSignerRegistry,
  maySign,
  parseSigners,
  signerOfKey,
} from '../../scripts/stages/signers.ts';
import { tempDir } from '../helpers.ts';

const AS = 'translations/allowed_signers';
const SJ = 'translations/signers.json';
const dir = await tempDir('signers-');

/** A new key pair in the test folder: its public line, its fingerprint per ssh-keygen. */
function newKey(
  name: string,
  type = ['-t', 'ed25519'],
): { pub: string; fingerprint: string; path: string } {
  const path = join(dir, name);
  execFileSync('ssh-keygen', ['-q', ...type, '-N', '', '-C', `${name}@laptop`, '-f', path]);
  const listed = execFileSync('ssh-keygen', ['-l', '-f', `${path}.pub`], { encoding: 'utf8' });
  return {
    pub: execFileSync('cat', [`${path}.pub`], { encoding: 'utf8' }).trim(),
    fingerprint: listed.split(' ')[1] ?? '',
    path,
  };
}

const withoutComment = (pub: string) => pub.split(' ').slice(0, 2).join(' ');
const ana = newKey('ana');
const ivo = newKey('ivo');
const ALLOWED = [
  '# Keys that may sign sign-offs.',
  '',
  `ana.horvat@mup.hr namespaces="selec-signoff" ${ana.pub}`,
  `ivo.ivic@mup.hr NAMESPACES="file,selec-*",valid-after="20260101Z" ${withoutComment(ivo.pub)}`,
].join('\n');
const PEOPLE = JSON.stringify(
  {
    $comment: 'who signs',
    'ana.horvat@mup.hr': { name: 'Ana Horvat', role: 'sworn translator', languages: ['hr'] },
    'ivo.ivic@mup.hr': { name: 'Ivo Ivić', role: 'reviser', languages: ['hr', 'sr-Cyrl'] },
  },
  null,
  2,
);

/** Asserts that `fn` throws a UserError whose message (file:line: reason) is `message`. */
function refuses(fn: () => unknown, message: string | RegExp, hint?: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof UserError, String(err));
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    if (hint) assert.match(err.hint, hint);
    return true;
  });
}

test('allowed_signers: principal, options, key, comment; fingerprints equal ssh-keygen -l', () => {
  const keys = parseAllowedSigners(AS, ALLOWED);
  assert.equal(keys.length, 2);
  assert.deepEqual(keys[0], {
    principal: 'ana.horvat@mup.hr',
    keyType: 'ssh-ed25519',
    key: ana.pub.split(' ')[1],
    fingerprint: ana.fingerprint,
    namespaces: 'selec-signoff',
    comment: 'ana@laptop',
    line: 3,
  });
  assert.equal(keys[1]?.fingerprint, ivo.fingerprint);
  assert.equal(keys[1]?.namespaces, 'file,selec-*');
  assert.equal(keys[1]?.validAfter, '20260101Z');
  assert.equal(keys[1]?.comment, undefined);
  // Tabs and CRLF line ends, as editors leave them.
  const tabbed = `ana.horvat@mup.hr\t${ana.pub.replace(/ /g, '\t')}\r\n`;
  assert.equal(parseAllowedSigners(AS, tabbed)[0]?.fingerprint, ana.fingerprint);
});

test("allowed_signers: ECDSA and RSA keys too, with ssh-keygen's fingerprints", () => {
  for (const type of [
    ['-t', 'ecdsa', '-b', '384'],
    ['-t', 'rsa', '-b', '1024'],
  ]) {
    const k = newKey(`k-${type[1]}`, type);
    const [parsed] = parseAllowedSigners(AS, `x@mup.hr ${k.pub}`);
    assert.equal(parsed?.fingerprint, k.fingerprint, type.join(' '));
    assert.equal(parsed?.keyType, k.pub.split(' ')[0]);
  }
});

test('allowed_signers: each kind of bad line is a UserError at file:line', () => {
  const [type, key] = ana.pub.split(' ') as [string, string];
  const at = (line: string) => `# comment\n\n${line}\n`;
  const cases: Array<[string, string | RegExp]> = [
    [
      `ana.horvat@mup.hr ${type} ${key.slice(0, -8)}`,
      /^.+:3: the key is not a valid ssh-ed25519 public key/,
    ],
    [`ana.horvat@mup.hr ssh-rsa ${key}`, /:3: the key is not a valid ssh-rsa public key/],
    [
      `ana.horvat@mup.hr ssh-dss ${key}`,
      `${AS}:3: "ssh-dss" is not a key type ssh-keygen signs with`,
    ],
    [`ana.horvat@mup.hr ${type}`, `${AS}:3: a key line needs a principal, a key type and the key`],
    [
      `*@mup.hr ${type} ${key}`,
      `${AS}:3: "*@mup.hr" is a pattern; list each reviewer by their own principal`,
    ],
    [`a@mup.hr,b@mup.hr ${type} ${key}`, /:3: "a@mup.hr,b@mup.hr" names several principals/],
    [`Ana Horvat ${type} ${key}`, `${AS}:3: "Ana" is not a principal of the form name@domain`],
    [`a@mup.hr cert-authority ${type} ${key}`, /:3: cert-authority is not accepted here/],
    [
      `a@mup.hr foo="x" ${type} ${key}`,
      `${AS}:3: "foo" is not an option of an allowed-signers line`,
    ],
    [
      `a@mup.hr namespaces=selec-signoff ${type} ${key}`,
      `${AS}:3: the options "namespaces=selec-signoff" cannot be read`,
    ],
    [
      `a@mup.hr namespaces="git" ${type} ${key}`,
      /:3: namespaces="git" does not admit "selec-signoff"/,
    ],
    [`a@mup.hr namespaces="!selec-signoff,*" ${type} ${key}`, /:3: namespaces=.* does not admit/],
    [
      `a@mup.hr valid-before="2027-01-01" ${type} ${key}`,
      /:3: valid-before="2027-01-01" is not a time/,
    ],
  ];
  for (const [line, message] of cases) refuses(() => parseAllowedSigners(AS, at(line)), message);
  refuses(
    () => parseAllowedSigners(AS, `${ALLOWED}\nsomeone@else.org ${ana.pub}`),
    `${AS}:5: this key (${ana.fingerprint}) is already on line 3 for ana.horvat@mup.hr`,
    /a key belongs to one reviewer/,
  );
});

test('OpenSSH pattern lists: * and ?, a negation excludes', () => {
  assert.equal(matchPatternList('selec-signoff', 'selec-signoff'), true);
  assert.equal(matchPatternList('selec-signoff', 'file,selec-*'), true);
  assert.equal(matchPatternList('selec-signoff', 'selec-signof?'), true);
  assert.equal(matchPatternList('selec-signoff', 'git,file'), false);
  assert.equal(matchPatternList('selec-signoff', '*,!selec-*'), false);
  assert.equal(matchPatternList('selec.signoff', 'selec?signoff'), true);
  assert.equal(matchPatternList('selecXsignoff', 'selec.signoff'), false);
});

test('signers.json: name, role, languages per principal; "$" keys are comments', () => {
  const people = parseSigners(SJ, PEOPLE);
  assert.deepEqual(people, [
    {
      principal: 'ana.horvat@mup.hr',
      name: 'Ana Horvat',
      role: 'sworn translator',
      languages: ['hr'],
      line: 3,
    },
    {
      principal: 'ivo.ivic@mup.hr',
      name: 'Ivo Ivić',
      role: 'reviser',
      languages: ['hr', 'sr-Cyrl'],
      line: 10,
    },
  ]);
});

test('signers.json: each mistake is a UserError at file:line', () => {
  const person = (value: unknown) =>
    `{\n  "$comment": "x",\n  "ana.horvat@mup.hr": ${JSON.stringify(value)}\n}\n`;
  const ok = { name: 'Ana Horvat', role: 'sworn translator', languages: ['hr'] };
  const cases: Array<[string, string | RegExp]> = [
    [person({ ...ok, name: '' }), `${SJ}:3: "ana.horvat@mup.hr": "name" must be text`],
    [person({ ...ok, role: 3 }), `${SJ}:3: "ana.horvat@mup.hr": "role" must be text`],
    [person({ ...ok, languages: [] }), /:3: "ana.horvat@mup.hr": "languages" must be a list/],
    [person({ ...ok, languages: ['Croatian'] }), /:3: .*"Croatian" is not an edition code/],
    [
      person({ ...ok, email: 'x' }),
      /:3: .*"email" is not a field; the fields are name, role, languages/,
    ],
    [person('Ana Horvat'), /:3: .*must be an object with "name", "role" and "languages"/],
    [
      '{\n  "Ana Horvat": {}\n}',
      `${SJ}:2: "Ana Horvat": is not a principal of the form name@domain`,
    ],
    ['{\n  "a@b.hr": {},\n  "a@b.hr": {}\n}', /:3: "a@b.hr": listed twice \(first on line 2\)/],
    ['{\n  "a@b.hr": {"name": "A",}\n}', /^translations\/signers\.json:2:\d+: not valid JSON$/],
    ['["a@b.hr"]', `${SJ}:1: the signers must be one JSON object`],
  ];
  for (const [text, message] of cases) refuses(() => parseSigners(SJ, text), message);
});

test('the registry: a key of someone signers.json does not list, a person without a key', () => {
  const files = { allowedSigners: AS, signers: SJ };
  const registry = makeSignerRegistry(
    parseAllowedSigners(AS, ALLOWED),
    parseSigners(SJ, PEOPLE),
    files,
  );
  assert.deepEqual(Object.keys(registry.signers), ['ana.horvat@mup.hr', 'ivo.ivic@mup.hr']);
  assert.equal(signerOfKey(registry, ivo.fingerprint)?.name, 'Ivo Ivić');
  assert.equal(signerOfKey(registry, 'SHA256:nobody'), undefined);
  assert.equal(maySign(registry, 'ivo.ivic@mup.hr', 'sr-Cyrl'), true);
  assert.equal(maySign(registry, 'ana.horvat@mup.hr', 'sr-Cyrl'), false);
  assert.equal(maySign(registry, 'nobody@mup.hr', 'hr'), false);
  const onlyAna = parseSigners(SJ, PEOPLE).filter((p) => p.principal === 'ana.horvat@mup.hr');
  refuses(
    () => makeSignerRegistry(parseAllowedSigners(AS, ALLOWED), onlyAna, files),
    `${AS}:4: ivo.ivic@mup.hr has a key here but is not in ${SJ}`,
    /Add "ivo.ivic@mup.hr": \{"name"/,
  );
  refuses(
    () =>
      makeSignerRegistry(
        parseAllowedSigners(AS, ALLOWED.split('\n').slice(0, 3).join('\n')),
        parseSigners(SJ, PEOPLE),
        files,
      ),
    `${SJ}:10: ivo.ivic@mup.hr has no key in ${AS}`,
  );
});

test('readSigners: both files, neither (no signers), or one without the other', async (t) => {
  const root = await tempDir('signers-root-', t);
  await mkdir(join(root, 'translations'));
  assert.deepEqual((await readSigners(root)).signers, {});
  await writeFile(join(root, ALLOWED_SIGNERS_FILE), ALLOWED);
  await assert.rejects(readSigners(root), (err: unknown) => {
    assert.ok(err instanceof UserError);
    assert.equal(err.message, `${AS} is there but ${SJ} is not`);
    assert.deepEqual(err.location, { file: SJ });
    return true;
  });
  await writeFile(join(root, SIGNERS_FILE), PEOPLE);
  const registry = await readSigners(root);
  assert.deepEqual(registry.files, { allowedSigners: AS, signers: SJ });
  assert.equal(registry.signers['ana.horvat@mup.hr']?.keys[0]?.fingerprint, ana.fingerprint);
  // ssh-keygen reads the same file as it is.
  const listed = execFileSync(
    'ssh-keygen',
    ['-Y', 'match-principals', '-I', 'ivo.ivic@mup.hr', '-f', join(root, AS)],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(listed.trim(), 'ivo.ivic@mup.hr');
  await writeFile(join(root, SIGNERS_FILE), PEOPLE.replace('"hr"', '"HR"'));
  await assert.rejects(readSigners(root), {
    name: 'UserError',
    message:
      `${SJ}:3: "ana.horvat@mup.hr": "languages": ` +
      '"HR" is not an edition code such as "hr" or "sr-Cyrl"',
  });
});

test('the key inside a signature is read without ssh-keygen; other text is none', async () => {
  const message = join(dir, 'message');
  await writeFile(message, 'x');
  execFileSync('ssh-keygen', ['-Y', 'sign', '-q', '-f', ana.path, '-n', 'selec-signoff', message], {
    stdio: 'ignore',
  });
  const signature = await readFile(`${message}.sig`, 'utf8');
  assert.deepEqual(readSshSignature(signature), {
    keyType: 'ssh-ed25519',
    fingerprint: ana.fingerprint,
    namespace: 'selec-signoff',
    hashAlgorithm: 'sha512',
  });
  assert.equal(readSshSignature('junk'), undefined);
  assert.equal(readSshSignature(signature.replace('U1NIU0lH', 'U1NIU0lI')), undefined);
  assert.equal(readSshSignature(signature.split('\n').slice(0, 2).join('\n')), undefined);
  // Armored, but cut short or of another version: not a signature either.
  const blob = Buffer.from(signature.split('\n').slice(1, -2).join(''), 'base64');
  const armor = (b: Buffer) =>
    `-----BEGIN SSH SIGNATURE-----\n${b.toString('base64')}\n-----END SSH SIGNATURE-----\n`;
  assert.ok(readSshSignature(armor(blob)));
  assert.equal(readSshSignature(armor(blob.subarray(0, blob.length - 1))), undefined);
  assert.equal(readSshSignature(armor(Buffer.concat([blob, Buffer.from([0])]))), undefined);
  const v2 = Buffer.from(blob);
  v2.writeUInt32BE(2, 6);
  assert.equal(readSshSignature(armor(v2)), undefined);
});
