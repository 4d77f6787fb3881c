// trial-seal: a self-signed seal made with openssl, for trials, the benchmark and the
// tests (the README shows the same two commands). Never for publishing: a real seal's
// certificate comes from a trust service provider.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TrialSeal {
  /** The PKCS #12 file: key and certificate. */
  p12: string;
  /** The certificate (PEM), as readers get it. */
  cert: string;
  /** The private key (PEM, unencrypted). */
  key: string;
}

/** `dir`/<name>.p12 (and .pem, .key): an RSA key and a self-signed certificate, passphrase `passphrase`. */
export async function makeTrialSeal(
  dir: string,
  passphrase: string,
  { name = 'seal', usage = 'digitalSignature,nonRepudiation', days = 30 } = {},
): Promise<TrialSeal> {
  const [key, cert, p12] = ['key', 'pem', 'p12'].map((ext) => join(dir, `${name}.${ext}`)) as [
    string,
    string,
    string,
  ];
  const subject = `/CN=SELEC Publications Office (${name})/O=SELEC/C=RO`;
  await run('openssl', [
    ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert],
    ...['-days', String(days), '-subj', subject, '-addext', `keyUsage=critical,${usage}`],
  ]);
  await run('openssl', [
    ...['pkcs12', '-export', '-in', cert, '-inkey', key, '-out', p12],
    ...['-passout', `pass:${passphrase}`],
  ]);
  return { p12, cert, key };
}
