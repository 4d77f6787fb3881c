// ssh-signature: signing and verifying text with the reviewer's own SSH key, by OpenSSH's
// ssh-keygen -Y (as git signs commits): sign with a private key file or, with ssh-agent, its
// .pub; verify against an allowed-signers file. One short ssh-keygen process a signature,
// never a shell; the message and signature go through a private temporary folder that is
// removed afterwards. Needs OpenSSH 8.9 or later (Debian 12 has 9.2).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import {
  PRINCIPAL_PATTERN,
  readSshSignature,
  type SshSignatureInfo,
} from '../stages/allowed-signers.ts';
import { SIGNOFF_NAMESPACE } from '../stages/signoff-message.ts';
import { exists } from './files.ts';

/** The program run: OpenSSH's ssh-keygen, found on PATH (Debian: /usr/bin/ssh-keygen). */
export const SSH_KEYGEN = 'ssh-keygen';
const HANG_HINT =
  'A hardware key waits for a touch, or ssh-agent for a confirmation: sign again and answer it.';
const INSTALL_HINT =
  "Install OpenSSH's client: sudo apt-get install openssh-client (npm run setup does it).";

export interface SshKeygenOptions {
  /** The ssh-keygen to run instead of the one on PATH. */
  program?: string;
}

export interface SignOptions extends SshKeygenOptions {
  /**
   * Whether ssh-keygen may ask for the key's passphrase on the terminal: a command run by
   * the reviewer in one (`process.stdin.isTTY`). Default false: it never waits for one (the
   * dev server, tests), and a key with a passphrase must then be in ssh-agent.
   */
  interactive?: boolean;
}

/**
 * Signs `message` (its UTF-8 bytes) with `keyFile`: a private key, or a .pub whose private
 * key ssh-agent holds (SSH_AUTH_SOCK). Returns the armored signature. A key that cannot be
 * used is a UserError saying why and what to do.
 * @example await signMessage(canonicalSignoffMessage(entry, 'hr'), '~/.ssh/id_ed25519')
 * // '-----BEGIN SSH SIGNATURE-----\nU1NIU0lH…\n-----END SSH SIGNATURE-----\n'
 */
export async function signMessage(
  message: string,
  keyFile: string,
  namespace = SIGNOFF_NAMESPACE,
  options: SignOptions = {},
): Promise<string> {
  const key = keyFile.startsWith('~/') ? join(homedir(), keyFile.slice(2)) : keyFile;
  const isFile = await stat(key).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!isFile)
    throw new UserError(
      `the key ${keyFile} does not exist`,
      'Give your private key (e.g. ~/.ssh/id_ed25519) or, when ssh-agent holds it, its .pub; ' +
        'make one with: ssh-keygen -t ed25519',
      { file: keyFile },
      { namesFile: true, rule: 'signing-key' },
    );
  return withTempDir(async (dir) => {
    const file = join(dir, 'message');
    await writeFile(file, message, 'utf8');
    const args = ['-Y', 'sign', '-f', key, '-n', namespace, file];
    const run = await runSshKeygen(args, {
      ...options,
      timeoutMs: options.interactive ? 0 : 15_000,
    });
    if (run.code !== 0) throw signingError(keyFile, run.stderr);
    return readFile(`${file}.sig`, 'utf8');
  });
}

// Why ssh-keygen could not sign, for the reviewer.
function signingError(keyFile: string, stderr: string): UserError {
  const at = { file: keyFile };
  const opts = { namesFile: true, rule: 'signing-key' };
  if (/are too open/.test(stderr))
    return new UserError(
      `the key ${keyFile} can be read by others, so ssh-keygen will not use it`,
      `Make it yours alone: chmod 600 ${keyFile}`,
      at,
      opts,
    );
  if (/passphrase/i.test(stderr))
    return new UserError(
      `the key ${keyFile} is protected by a passphrase and no ssh-agent holds it`,
      `Add it to your agent (ssh-add ${keyFile}) and sign again, giving the key or its .pub.`,
      at,
      opts,
    );
  if (/No private key found for public key/.test(stderr))
    return new UserError(
      `${keyFile} is a public key and ssh-agent holds no private key for it`,
      `Start ssh-agent and ssh-add the private key, or give the private key file itself.`,
      at,
      opts,
    );
  if (/Couldn't load|invalid format|not a key/i.test(stderr))
    return new UserError(
      `${keyFile} is not an SSH key ssh-keygen can read`,
      'Give your private key file (e.g. ~/.ssh/id_ed25519) or its .pub; ' +
        'ssh-keygen -l -f <file> tells whether a file is a key.',
      at,
      opts,
    );
  return new UserError(
    `ssh-keygen could not sign with ${keyFile}: ${lastLine(stderr)}`,
    'Check the key with: ssh-keygen -l -f <key>',
    at,
    opts,
  );
}

/** The result of verifying one signature. */
export type Verification =
  | { ok: true; principal: string; fingerprint: string }
  | { ok: false; failure: VerifyFailure; reason: string };

/**
 * Why a signature failed: not an SSH signature; the message is not what was signed; made
 * for another namespace; made by a key listed for another principal; by a key not listed
 * at all; by a listed key outside its valid-after/valid-before.
 */
export type VerifyFailure =
  'malformed' | 'changed' | 'namespace' | 'wrong-principal' | 'unknown-key' | 'key-not-valid';

export interface VerifyOptions extends SshKeygenOptions {
  /** The path of the allowed-signers file. */
  allowedSigners: string;
  /** Who is said to have signed: their principal in the allowed-signers file. */
  principal: string;
  namespace?: string;
  /**
   * When keys' valid-after/valid-before are checked: "YYYY-MM-DD" (the sign-off's date, so
   * that the result does not depend on today), a Date, or ssh-keygen's YYYYMMDD[HHMM[SS]]Z.
   * Default: now.
   */
  at?: string | Date;
}

/**
 * Verifies that `signature` is `principal`'s signature of `message`, by a key the
 * allowed-signers file lists for them; a failure says why, in words for a reviewer.
 * @example await verifyMessage(text, sig, { allowedSigners, principal, at: '2026-11-30' })
 * // { ok: true, principal: 'ana.horvat@mup.hr', fingerprint: 'SHA256:…' }
 */
export async function verifyMessage(
  message: string,
  signature: string,
  options: VerifyOptions,
): Promise<Verification> {
  const { allowedSigners, principal } = options;
  const namespace = options.namespace ?? SIGNOFF_NAMESPACE;
  const info = readSshSignature(signature);
  if (!info) return fail('malformed', 'the signature is not an SSH signature');
  if (!PRINCIPAL_PATTERN.test(principal))
    return fail('wrong-principal', `"${principal}" is not a principal of the allowed signers`);
  if (!(await exists(allowedSigners))) throw cannotRead(allowedSigners);
  const args = ['-Y', 'verify', '-f', allowedSigners, '-I', principal, '-n', namespace];
  if (options.at !== undefined) args.push('-O', `verify-time=${sshTime(options.at)}`);
  const run = await withTempDir(async (dir) => {
    await writeFile(join(dir, 'signature'), signature, 'utf8');
    return runSshKeygen([...args, '-s', join(dir, 'signature')], { ...options, input: message });
  });
  const good = /^Good "[^"]*" signature for .* with \S+ key (SHA256:[A-Za-z0-9+/]+)/m.exec(
    run.stdout,
  );
  if (run.code === 0 && good?.[1]) return { ok: true, principal, fingerprint: good[1] };
  throwIfSetup(allowedSigners, run.stderr);
  return explainFailure(run.stderr, signature, info, options);
}

// Why ssh-keygen refused a signature, in the order it checks: the signature over the
// message, its namespace, then the key against the allowed signers of the principal.
async function explainFailure(
  stderr: string,
  signature: string,
  info: SshSignatureInfo,
  options: VerifyOptions,
): Promise<Verification> {
  const { allowedSigners, principal } = options;
  const namespace = options.namespace ?? SIGNOFF_NAMESPACE;
  if (/Couldn't parse signature|sshsig_armor|parse signature object|not supported/.test(stderr))
    return fail('malformed', 'the signature is damaged: ssh-keygen cannot read it');
  if (/incorrect signature/.test(stderr))
    return fail('changed', 'the signed text differs from this one: it changed after signing');
  if (/namespace does not match/.test(stderr))
    return fail('namespace', `signed for "${info.namespace}", not for "${namespace}"`);
  if (/not permitted for use in signature namespace/.test(stderr))
    return fail('namespace', `${allowedSigners} does not allow this key to sign "${namespace}"`);
  const validity = /key (has expired|is not yet valid)[^\n]*/.exec(stderr);
  if (validity)
    return fail('key-not-valid', `the key of ${principal} was not valid then: ${validity[0]}`);
  const holders = await findPrincipals(signature, allowedSigners, options);
  if (holders.includes(principal))
    return fail('malformed', `ssh-keygen refused the signature: ${lastLine(stderr)}`);
  if (holders.length > 0)
    return fail(
      'wrong-principal',
      `signed with the key of ${holders.join(', ')}, not ${principal}`,
    );
  return fail('unknown-key', `signed with a key not in ${allowedSigners} (${info.fingerprint})`);
}

function fail(failure: VerifyFailure, reason: string): Verification {
  return { ok: false, failure, reason };
}

/**
 * The principals the allowed-signers file lists for the key that made `signature` (none
 * when it lists no such key, or the text is no signature). Attributes, does not verify:
 * verifyMessage with one of them proves the signature.
 * @example await findPrincipals(sig, 'translations/allowed_signers') // ['ana.horvat@mup.hr']
 */
export async function findPrincipals(
  signature: string,
  allowedSigners: string,
  options: SshKeygenOptions & { at?: string | Date } = {},
): Promise<string[]> {
  if (!readSshSignature(signature)) return [];
  const args = ['-Y', 'find-principals', '-f', allowedSigners];
  if (options.at !== undefined) args.push('-O', `verify-time=${sshTime(options.at)}`);
  const run = await withTempDir(async (dir) => {
    await writeFile(join(dir, 'signature'), signature, 'utf8');
    return runSshKeygen([...args, '-s', join(dir, 'signature')], options);
  });
  if (run.code === 0) return run.stdout.split('\n').filter((l) => l.trim() !== '');
  throwIfSetup(allowedSigners, run.stderr);
  return [];
}

/** One signature to verify. */
export interface VerifyRequest {
  message: string;
  signature: string;
  options: VerifyOptions;
}

/** Where verifications are remembered between calls: a Map, or one kept on disk by the caller. */
export interface VerificationCache {
  get(key: string): Verification | undefined;
  set(key: string, value: Verification): unknown;
}

/**
 * Verifies many signatures, at most `concurrency` ssh-keygen processes at a time; results
 * in the order of the requests. With a cache, a request whose every input is the same as
 * before (message, signature, principal, namespace, `at`, the allowed-signers file's bytes)
 * is answered from it without a process; requests without `at` are never cached.
 * @example await verifyMessages(requests, { cache: new Map() })
 */
export async function verifyMessages(
  requests: readonly VerifyRequest[],
  options: { concurrency?: number; cache?: VerificationCache } = {},
): Promise<Verification[]> {
  const { cache } = options;
  const keys = cache ? await cacheKeys(requests) : [];
  const results: Verification[] = new Array<Verification>(requests.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < requests.length) {
      const i = next++;
      const r = requests[i] as VerifyRequest;
      const key = keys[i];
      const known = key === undefined ? undefined : cache?.get(key);
      results[i] = known ?? (await verifyMessage(r.message, r.signature, r.options));
      if (key !== undefined && !known) cache?.set(key, results[i] as Verification);
    }
  };
  const workers = Math.max(
    1,
    Math.min(options.concurrency ?? availableParallelism(), requests.length),
  );
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}

// The cache key of each request (undefined without `at`): sha256 of every input, the
// allowed-signers file by its content, read once a file.
async function cacheKeys(requests: readonly VerifyRequest[]): Promise<Array<string | undefined>> {
  const files = new Map<string, Promise<string>>();
  const digest = (path: string): Promise<string> => {
    if (!files.has(path))
      files.set(
        path,
        readFile(path).then(
          (b) => createHash('sha256').update(b).digest('hex'),
          () => 'missing',
        ),
      );
    return files.get(path) as Promise<string>;
  };
  return Promise.all(
    requests.map(async ({ message, signature, options: o }) =>
      o.at === undefined
        ? undefined
        : createHash('sha256')
            .update(
              JSON.stringify([
                'v1',
                o.program ?? SSH_KEYGEN,
                await digest(o.allowedSigners),
                o.principal,
                o.namespace ?? SIGNOFF_NAMESPACE,
                sshTime(o.at),
                message,
                signature,
              ]),
            )
            .digest('hex'),
    ),
  );
}

// A file that is missing or that ssh-keygen cannot read is the project's mistake, not the
// signature's: it is thrown, naming the file and line ssh-keygen names.
function throwIfSetup(allowedSigners: string, stderr: string): void {
  if (/Unable to open allowed keys file/.test(stderr)) throw cannotRead(allowedSigners);
  const bad = /^(.+):(\d+): (invalid key|bad options.*)$/m.exec(stderr);
  if (bad)
    throw new UserError(
      `ssh-keygen cannot read this line: ${bad[3] ?? ''}`,
      'Each line is: <principal> namespaces="selec-signoff" <key type> <base64 key> [comment].',
      { file: bad[1] ?? allowedSigners, line: Number(bad[2]) },
      { rule: 'signers' },
    );
  if (/unknown option|usage:/i.test(stderr))
    throw new UserError(
      'this ssh-keygen cannot verify signatures (-Y verify with -O verify-time)',
      'Install OpenSSH 8.9 or later: sudo apt-get install openssh-client.',
    );
}

function cannotRead(allowedSigners: string): UserError {
  return new UserError(
    `cannot read the allowed signers ${allowedSigners}`,
    'Check the path; signers are listed in translations/allowed_signers ' +
      '(README, "Signed sign-offs").',
    { file: allowedSigners },
    { namesFile: true, rule: 'signers' },
  );
}

/** ssh-keygen's time for -O verify-time: "2026-11-30" → "20261130Z". */
export function sshTime(at: string | Date): string {
  if (at instanceof Date) return at.toISOString().replace(/[-:T]|\.\d+/g, '');
  if (/^\d{4}-\d{2}-\d{2}$/.test(at)) return `${at.replace(/-/g, '')}Z`;
  if (/^\d{8}(\d{4}(\d{2})?)?Z?$/.test(at)) return at;
  throw new TypeError(`sshTime: "${at}" is not YYYY-MM-DD, a Date or YYYYMMDD[HHMM[SS]][Z]`);
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1)?.trim() ?? '';
}

/** Runs `fn` in a new private folder under the system's temporary one, removed afterwards. */
async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'selec-sshsig-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * One ssh-keygen process, no shell. Not interactive: in a session of its own (no terminal
 * to ask a passphrase on), stdin empty or the input, no askpass program, killed after
 * `timeoutMs`. Interactive: the terminal stays, so ssh-keygen can ask for the passphrase.
 */
function runSshKeygen(
  args: string[],
  options: SignOptions & { input?: string; timeoutMs?: number },
): Promise<Run> {
  const program = options.program ?? SSH_KEYGEN;
  const interactive = options.interactive === true;
  const timeoutMs = options.timeoutMs ?? 15_000;
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      shell: false,
      detached: !interactive,
      stdio: [
        options.input !== undefined ? 'pipe' : interactive ? 'inherit' : 'ignore',
        'pipe',
        'pipe',
      ],
      env: interactive ? process.env : { ...process.env, SSH_ASKPASS_REQUIRE: 'never' },
    });
    // Our own timer, not spawn's: that one outlives a program that never started.
    let timedOut = false;
    const timer =
      timeoutMs > 0
        ? setTimeout(() => ((timedOut = true), child.kill('SIGKILL')), timeoutMs)
        : undefined;
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        err.code === 'ENOENT'
          ? new UserError(`${program} was not found`, INSTALL_HINT, undefined, { cause: err })
          : err,
      );
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (!timedOut) resolve({ code, stdout, stderr });
      else
        reject(new UserError(`${program} did not answer within ${timeoutMs / 1000} s`, HANG_HINT));
    });
    if (child.stdin) {
      child.stdin.on('error', () => undefined); // ssh-keygen may exit before reading it all
      child.stdin.end(options.input ?? '', 'utf8');
    }
  });
}
