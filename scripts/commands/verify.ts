// verify: `npm run verify [-- <folder>] [--cert publisher.pem]`: a reader's check of a
// release (dist/ or a downloaded copy of it), offline. Exit 0 with one summary line when
// all holds; one line per failure and exit 1 otherwise.
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UserError } from '../errors.ts';
import type { Command, Io } from './command.ts';
import { parseOptions } from './options.ts';

const HELP = `Usage: npm run verify -- [<folder>] [--cert <publisher.pem>] [--require-seal]

Checks a release folder (dist/ by default, or a downloaded copy of it), offline:
  - every file against SHA256SUMS;
  - SHA256SUMS.p7s, the publisher's signature of SHA256SUMS;
  - every PDF's seal: the digest, the whole file covered (nothing added after sealing),
    the signature, and the signer: the certificate given with --cert (or one it issued),
    else the one that signed SHA256SUMS.p7s;
  - manifest.json against the files.
Prints one line per failure, naming the file and what is wrong, and exits 1; exits 0
with a one-line summary when all holds. A set that is not sealed at all is said so
(its checksums are checked); --require-seal makes that a failure.

Options:
  --cert <file>      the publisher's certificate (PEM or DER), obtained from the publisher
  --require-seal     fail (exit 1) when the set is not sealed
  -h, --help         show this help
`;

export const verify: Command = {
  name: 'verify',
  summary: 'check a release folder: checksums, signed checksums, PDF seals, manifest',
  help: () => HELP,
  run: runVerify,
};

async function runVerify(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(
    args,
    { cert: { type: 'string' }, 'require-seal': { type: 'boolean', default: false } },
    true,
  );
  if (positionals.length > 1)
    throw new UserError(
      `one folder to verify, not ${positionals.length}`,
      'For example: npm run verify -- dist',
    );
  const dir = resolve(io.cwd, positionals[0] ?? 'dist');
  if (!(await stat(dir).catch(() => undefined))?.isDirectory())
    throw new UserError(
      `no release folder at ${dir}`,
      'Build first (npm run build), or give the folder: npm run verify -- <folder>.',
    );
  const { verifyRelease, readCertificate } = await import('../services/verify.ts');
  const trusted =
    values.cert !== undefined
      ? await certificate(resolve(io.cwd, values.cert), readCertificate)
      : undefined;
  const report = await verifyRelease(dir, trusted);
  for (const f of report.failures) io.stderr.write(`${f}\n`);
  const sealed = report.sealed > 0 || report.sums === 'valid';
  if (report.failures.length > 0) {
    io.stderr.write(
      `${dir}: ${report.failures.length} problem${report.failures.length === 1 ? '' : 's'}: do not trust this copy.\n`,
    );
    return 1;
  }
  if (!sealed) {
    const line = `${dir}: not sealed: ${report.checked} files match SHA256SUMS and the manifest, but nothing shows who published them (the publisher builds with --seal)\n`;
    (values['require-seal'] ? io.stderr : io.stdout).write(line);
    return values['require-seal'] ? 1 : 0;
  }
  io.stdout.write(
    `${dir}: verified: ${report.checked} files match SHA256SUMS, SHA256SUMS.p7s ${report.sums === 'valid' ? 'is valid' : 'is absent'}, ${report.sealed} PDFs sealed (whole file, valid) by ${report.signer ?? '?'}${trusted ? ' (the given certificate)' : ''}; manifest.json matches\n`,
  );
  return 0;
}

async function certificate<T>(path: string, read: (b: Uint8Array) => T): Promise<T> {
  const bytes = await readFile(path).catch(() => {
    throw new UserError(
      `certificate not found: ${path}`,
      "Give the publisher's certificate: --cert publisher.pem.",
    );
  });
  try {
    return read(new Uint8Array(bytes));
  } catch (err) {
    throw new UserError(
      `${path} is not a certificate (${(err as Error).message})`,
      'Give a PEM or DER X.509 certificate.',
    );
  }
}
