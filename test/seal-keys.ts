// seal-keys: throwaway seal keys and a time-stamping authority for the tests, made at run
// time with Debian's openssl (no private key is committed): a self-signed seal
// certificate in a PKCS #12 file, and an RFC 3161 TSA (`openssl ts -reply`) answering
// HTTP on 127.0.0.1.
import { execFile } from 'node:child_process';
import { writeFile, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { makeTrialSeal, type TrialSeal } from '../scripts/io/trial-seal.ts';

const run = promisify(execFile);
export const PASSPHRASE = 'test seal passphrase';

export type TestSeal = TrialSeal & { passphrase: string };

/** A self-signed seal certificate and its key in `dir`/<name>.p12 (cert in <name>.pem). */
export async function makeSealKey(
  dir: string,
  options: { name?: string; usage?: string; days?: number } = {},
): Promise<TestSeal> {
  return { ...(await makeTrialSeal(dir, PASSPHRASE, options)), passphrase: PASSPHRASE };
}

export interface TestTsa {
  url: string;
  /** The TSA's certificate (self-signed, extended key usage timeStamping). */
  cert: string;
  close(): Promise<void>;
}

const tsaConfig = (dir: string) => `[ tsa ]
default_tsa = tsa1
[ tsa1 ]
serial = ${dir}/tsaserial
signer_cert = ${dir}/tsa.pem
signer_key = ${dir}/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256
accuracy = secs:1
ess_cert_id_alg = sha256
`;

/** An RFC 3161 time-stamping authority on 127.0.0.1: each POSTed query answered by `openssl ts -reply`. */
export async function startTsa(dir: string): Promise<TestTsa> {
  const [key, cert, config] = ['tsa.key', 'tsa.pem', 'tsa.cnf'].map((f) => join(dir, f)) as [
    string,
    string,
    string,
  ];
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '30',
    '-subj',
    '/CN=Test TSA/O=SELEC tests',
    '-addext',
    'extendedKeyUsage=critical,timeStamping',
  ]);
  await writeFile(join(dir, 'tsaserial'), '01\n');
  await writeFile(config, tsaConfig(dir));
  let n = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const [query, reply] = [`q${++n}.tsq`, `r${n}.tsr`].map((f) => join(dir, f)) as [
        string,
        string,
      ];
      void writeFile(query, Buffer.concat(chunks))
        .then(() =>
          run('openssl', ['ts', '-reply', '-config', config, '-queryfile', query, '-out', reply]),
        )
        .then(() => readFile(reply))
        .then((body) => {
          res.writeHead(200, { 'content-type': 'application/timestamp-reply' });
          res.end(body);
        })
        .catch(() => {
          res.writeHead(500);
          res.end();
        });
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/tsa`,
    cert,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
