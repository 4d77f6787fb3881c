// Integration: signed sign-offs end to end with the real OpenSSH tools, before the build is
// wired to them. A project with two signers; a sign-off signed over its canonical message
// and stored as a line of signoffs.jsonl verifies, through io/ssh-signature.ts and through
// the README's hand check (bash, jq, ssh-keygen, run as the README shows it); the same line
// edited by hand, or copied into another language's file, fails both. A key protected by a
// passphrase signs through ssh-agent without a prompt.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { ALLOWED_SIGNERS_FILE, SIGNERS_FILE, readSigners } from '../scripts/io/signers.ts';
import { findPrincipals, signMessage, verifyMessage } from '../scripts/io/ssh-signature.ts';
import { canonicalSignoffMessage } from '../scripts/stages/signoff-message.ts';
import { ROOT, tempDir } from './helpers.ts';

const root = await tempDir('ssh-project-');
const keys = await tempDir('ssh-keys-');

function newKey(name: string, passphrase = ''): string {
  const path = join(keys, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', name, '-f', path]);
  return path;
}
const ana = newKey('ana');
const ivo = newKey('ivo', 'correct horse battery');
const pub = async (key: string) => (await readFile(`${key}.pub`, 'utf8')).trim();

await mkdir(join(root, 'translations', 'hr'), { recursive: true });
await mkdir(join(root, 'translations', 'sr-Cyrl'), { recursive: true });
await writeFile(
  join(root, ALLOWED_SIGNERS_FILE),
  '# Keys that may sign sign-offs (README, "Signed sign-offs").\n' +
    `ana.horvat@mup.hr namespaces="selec-signoff" ${await pub(ana)}\n` +
    `ivo.ivic@mup.hr namespaces="selec-signoff" ${await pub(ivo)}\n`,
);
await writeFile(
  join(root, SIGNERS_FILE),
  JSON.stringify(
    {
      'ana.horvat@mup.hr': { name: 'Ana Horvat', role: 'sworn translator', languages: ['hr'] },
      'ivo.ivic@mup.hr': { name: 'Ivo Ivić', role: 'revizor', languages: ['hr', 'sr-Cyrl'] },
    },
    null,
    2,
  ),
);

/** A sign-off as the review command will write it, signed by `key` for `lang`. */
async function signedEntry(key: string, signer: string, lang: string, by: string) {
  const entry: Record<string, unknown> = {
    document: 'joint-declaration',
    status: 'approved',
    by,
    signer,
    date: '2026-11-30',
    note: 'provjereno prema tiskanom izdanju iz 2019. — čćžšđ',
    source: 'a'.repeat(64),
    translation: 'b'.repeat(64),
  };
  entry['signature'] = await signMessage(canonicalSignoffMessage(entry, lang), key);
  return entry;
}

const UNSIGNED = JSON.stringify({
  document: 'joint-declaration',
  status: 'reviewed',
  by: 'Ana Horvat, sworn translator',
  date: '2026-11-01',
  source: 'c'.repeat(64),
  translation: 'd'.repeat(64),
});
const SIGNED = await signedEntry(ana, 'ana.horvat@mup.hr', 'hr', 'Ana Horvat, sworn translator');
const history = (third: string) => `${UNSIGNED}\n${UNSIGNED}\n${third}\n`;
await writeFile(join(root, 'translations/hr/signoffs.jsonl'), history(JSON.stringify(SIGNED)));

/** The README's hand check, as printed there, run by bash in the project for `lang`. */
async function handCheck(lang: string): Promise<{ code: number | null; out: string }> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Signed sign-offs'));
  const block = /```sh\n([\s\S]*?ssh-keygen -Y verify[\s\S]*?)```/.exec(section)?.[1];
  assert.ok(block, 'the README shows the hand check');
  const script = block.replace(/^lang=hr;/m, `lang=${lang};`);
  const r = spawnSync('bash', ['-c', script], { cwd: root, encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** The sign-off of line `n` of `lang`'s file, verified by the library. */
async function verifyLine(lang: string, n = 3) {
  const text = await readFile(join(root, `translations/${lang}/signoffs.jsonl`), 'utf8');
  const entry = JSON.parse(text.split('\n')[n - 1] ?? '') as Record<string, unknown>;
  return verifyMessage(canonicalSignoffMessage(entry, lang), String(entry['signature']), {
    allowedSigners: join(root, ALLOWED_SIGNERS_FILE),
    principal: String(entry['signer']),
    at: String(entry['date']),
  });
}

test('the registry reads, and a signed line verifies: by the library and by hand', async () => {
  const registry = await readSigners(root);
  assert.deepEqual(Object.keys(registry.signers), ['ana.horvat@mup.hr', 'ivo.ivic@mup.hr']);
  const verified = await verifyLine('hr');
  assert.equal(verified.ok, true, JSON.stringify(verified));
  const byHand = await handCheck('hr');
  assert.equal(byHand.code, 0, byHand.out);
  assert.match(
    byHand.out,
    /^Good "selec-signoff" signature for ana\.horvat@mup\.hr with ED25519 key SHA256:/,
  );
  assert.ok(verified.ok && byHand.out.includes(verified.fingerprint));
  const who = spawnSync(
    'bash',
    ['-c', 'line=$(sed -n 3p translations/hr/signoffs.jsonl); ' + findPrincipalsCommand()],
    { cwd: root, encoding: 'utf8' },
  );
  assert.equal(who.stdout.trim(), 'ana.horvat@mup.hr', who.stderr);
  const signature = String(SIGNED['signature']);
  assert.deepEqual(await findPrincipals(signature, join(root, ALLOWED_SIGNERS_FILE)), [
    'ana.horvat@mup.hr',
  ]);
});

/** The README's find-principals command (inline code, across a line break). */
function findPrincipalsCommand(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const m = /`(ssh-keygen -Y find-principals [^`]+)`/.exec(readme);
  assert.ok(m?.[1], 'the README shows find-principals');
  return m[1].replace(/\s+/g, ' ');
}

test('a line edited by hand fails, by the library and by hand', async (t) => {
  const file = join(root, 'translations/hr/signoffs.jsonl');
  const before = await readFile(file, 'utf8');
  t.after(() => writeFile(file, before));
  for (const edit of [
    { status: 'reviewed' },
    { date: '2026-12-01' },
    { by: 'Ana Horvat, ovlaštena sudska tumačica' },
    { signer: 'ivo.ivic@mup.hr' },
  ]) {
    await writeFile(file, history(JSON.stringify({ ...SIGNED, ...edit })));
    const verified = await verifyLine('hr');
    assert.equal(verified.ok, false, JSON.stringify(edit));
    const byHand = await handCheck('hr');
    assert.equal(byHand.code, 255, `${JSON.stringify(edit)}: ${byHand.out}`);
    assert.match(byHand.out, /Could not verify signature/);
  }
  await writeFile(file, history(JSON.stringify({ ...SIGNED, status: 'reviewed' })));
  assert.deepEqual(await verifyLine('hr'), {
    ok: false,
    failure: 'changed',
    reason: 'the signed text differs from this one: it changed after signing',
  });
  // Ana signing in Ivo's name: a valid signature, by the key of someone else.
  const posing = await signedEntry(ana, 'ivo.ivic@mup.hr', 'hr', 'Ivo Ivić, revizor');
  await writeFile(file, history(JSON.stringify(posing)));
  assert.deepEqual(await verifyLine('hr'), {
    ok: false,
    failure: 'wrong-principal',
    reason: 'signed with the key of ana.horvat@mup.hr, not ivo.ivic@mup.hr',
  });
  assert.equal((await handCheck('hr')).code, 255);
});

test('a line copied into another language file does not verify there', async () => {
  await writeFile(
    join(root, 'translations/sr-Cyrl/signoffs.jsonl'),
    history(JSON.stringify(SIGNED)),
  );
  assert.equal((await verifyLine('sr-Cyrl')).ok, false);
  assert.equal((await handCheck('sr-Cyrl')).code, 255);
});

/** ssh-agent on a socket of its own, with `key` added (its passphrase through askpass). */
async function agentWith(key: string, passphrase: string, t: test.TestContext): Promise<string> {
  const dir = await tempDir('ssh-agent-', t);
  const socket = join(dir, 'agent.sock');
  const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
  const exited = new Promise((resolve) => agent.once('exit', resolve));
  t.after(async () => {
    agent.kill('SIGTERM');
    await exited;
  });
  for (let i = 0; i < 250 && !existsSync(socket); i++)
    await new Promise((resolve) => setTimeout(resolve, 20));
  const askpass = join(dir, 'askpass');
  await writeFile(askpass, `#!/bin/sh\necho '${passphrase}'\n`);
  await chmod(askpass, 0o700);
  const add = spawnSync('ssh-add', [key], {
    env: {
      ...process.env,
      SSH_AUTH_SOCK: socket,
      SSH_ASKPASS: askpass,
      SSH_ASKPASS_REQUIRE: 'force',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  assert.equal(add.status, 0, add.stderr);
  return socket;
}

test('a key with a passphrase signs through ssh-agent, given as .pub or as the key', async (t) => {
  const socket = await agentWith(ivo, 'correct horse battery', t);
  const before = process.env['SSH_AUTH_SOCK'];
  process.env['SSH_AUTH_SOCK'] = socket;
  t.after(() => {
    if (before === undefined) delete process.env['SSH_AUTH_SOCK'];
    else process.env['SSH_AUTH_SOCK'] = before;
  });
  for (const key of [`${ivo}.pub`, ivo]) {
    const by = 'Иво Ивић, ревизор';
    const entry = await signedEntry(key, 'ivo.ivic@mup.hr', 'sr-Cyrl', by);
    await writeFile(
      join(root, 'translations/sr-Cyrl/signoffs.jsonl'),
      history(JSON.stringify(entry)),
    );
    assert.equal((await verifyLine('sr-Cyrl')).ok, true, key);
    assert.equal((await handCheck('sr-Cyrl')).code, 0, key);
  }
});
