// seal-key: the publisher's seal from a PKCS #12 file (.p12/.pfx), passphrase from the
// environment, checked before anything is printed: the file is there and opens, the key
// matches its certificate, the certificate is valid today and may sign (key usage
// digitalSignature or nonRepudiation). PKCS #12 is read with PKI.js (PBES2 / PBKDF2, as
// OpenSSL 3 and current tools write it); the key is then Node's own.
import {
  createHash,
  createPrivateKey,
  sign,
  verify,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { webcrypto } from 'node:crypto';
import { UserError } from '../errors.ts';
import { children, oidOf, read } from '../stages/der.ts';
import type { Signer } from '../stages/cms.ts';

export const PASSPHRASE_VARIABLE = 'SELEC_SEAL_PASSPHRASE';

/** A loaded seal: what signs, and what the manifest and the verifier say about it. */
export interface SealKey extends Signer {
  /** The certificate subject's common name (or the whole subject). */
  signer: string;
  subject: string;
  /** SHA-256 of the certificate (hex): part of the print key, so a new seal re-seals. */
  fingerprint: string;
  validTo: Date;
}

const BAG = {
  key: '1.2.840.113549.1.12.10.1.1',
  shroudedKey: '1.2.840.113549.1.12.10.1.2',
  cert: '1.2.840.113549.1.12.10.1.3',
};

interface Bags {
  keys: Uint8Array[];
  certs: Uint8Array[];
}

/** The keys (PKCS #8 DER) and certificates (DER) in a PKCS #12 file. */
async function openPfx(bytes: Uint8Array, passphrase: string, file: string): Promise<Bags> {
  const pkijs = await import('pkijs');
  pkijs.setEngine('node', new pkijs.CryptoEngine({ crypto: webcrypto as unknown as Crypto }));
  const password = new TextEncoder().encode(passphrase).buffer as ArrayBuffer;
  let pfx;
  try {
    pfx = pkijs.PFX.fromBER(new Uint8Array(bytes).buffer);
  } catch {
    throw new UserError(
      `${file} is not a PKCS #12 file`,
      'Give the .p12 (or .pfx) file that holds the seal key and its certificate.',
    );
  }
  try {
    await pfx.parseInternalValues({ password, checkIntegrity: true });
  } catch (err) {
    throw new UserError(
      `${file}: the passphrase does not open it (${(err as Error).message})`,
      `Set ${PASSPHRASE_VARIABLE} to the passphrase of this file.`,
    );
  }
  const safe = pfx.parsedValue?.authenticatedSafe;
  if (!safe)
    throw new UserError(
      `${file} holds no key or certificate`,
      'Export the seal again as PKCS #12 with its key.',
    );
  try {
    await safe.parseInternalValues({ safeContents: safe.safeContents.map(() => ({ password })) });
  } catch (err) {
    throw new UserError(
      `${file} is encrypted with an algorithm this build cannot read (${(err as Error).message})`,
      'Convert it to current PKCS #12 encryption: openssl pkcs12 -legacy -in old.p12 -nodes | openssl pkcs12 -export -out seal.p12',
    );
  }
  const out: Bags = { keys: [], certs: [] };
  for (const contents of safe.parsedValue?.safeContents ?? [])
    for (const bag of contents.value.safeBags) {
      if (bag.bagId === BAG.shroudedKey) {
        const shrouded = bag.bagValue as InstanceType<typeof pkijs.PKCS8ShroudedKeyBag>;
        // Public in PKI.js's own PKCS #12 examples; typed protected.
        await (
          shrouded as unknown as {
            parseInternalValues(p: { password: ArrayBuffer }): Promise<void>;
          }
        ).parseInternalValues({ password });
        if (shrouded.parsedValue)
          out.keys.push(new Uint8Array(shrouded.parsedValue.toSchema().toBER()));
      } else if (bag.bagId === BAG.key) {
        const info = bag.bagValue as InstanceType<typeof pkijs.PrivateKeyInfo>;
        out.keys.push(new Uint8Array(info.toSchema().toBER()));
      } else if (bag.bagId === BAG.cert) {
        const cert = bag.bagValue as InstanceType<typeof pkijs.CertBag>;
        const value = cert.certValue as { valueBlock?: { valueHexView: Uint8Array } };
        if (value.valueBlock) out.certs.push(new Uint8Array(value.valueBlock.valueHexView));
      }
    }
  return out;
}

/** Key usage bits of a certificate (digitalSignature, nonRepudiation…), undefined when it has none. */
export function keyUsage(der: Uint8Array): Set<string> | undefined {
  const tbs = children(children(read(der))[0] ?? read(der));
  const exts = tbs.find((f) => f.tag === 0xa3);
  const list = exts ? children(exts)[0] : undefined;
  for (const ext of list ? children(list) : []) {
    const parts = children(ext);
    if (!parts[0] || oidOf(parts[0]) !== '2.5.29.15') continue;
    const bits = read(parts[parts.length - 1]?.value ?? new Uint8Array()).value;
    const names = [
      'digitalSignature',
      'nonRepudiation',
      'keyEncipherment',
      'dataEncipherment',
      'keyAgreement',
      'keyCertSign',
      'cRLSign',
    ];
    return new Set(names.filter((_, i) => ((bits[1] ?? 0) & (0x80 >> i)) !== 0));
  }
  return undefined;
}

/** The certificate whose public key is the key's; with the others as its chain. */
function pair(bags: Bags, file: string): { key: KeyObject; cert: Uint8Array; chain: Uint8Array[] } {
  const probe = Buffer.from('selec seal probe');
  for (const k of bags.keys) {
    const key = createPrivateKey({ key: Buffer.from(k), format: 'der', type: 'pkcs8' });
    const signature = sign('sha256', probe, key);
    const cert = bags.certs.find((c) =>
      verify('sha256', probe, new X509Certificate(Buffer.from(c)).publicKey, signature),
    );
    if (cert) return { key, cert, chain: bags.certs.filter((c) => c !== cert) };
  }
  throw new UserError(
    bags.keys.length === 0
      ? `${file} holds no private key`
      : `${file}: no certificate in it matches its private key`,
    'Export the seal as PKCS #12 with its private key and its certificate (openssl pkcs12 -export -inkey key.pem -in cert.pem -out seal.p12).',
  );
}

/** Checks that the certificate may seal today; throws a UserError saying what to do otherwise. */
export function checkCertificate(der: Uint8Array, now: Date, file: string): X509Certificate {
  const cert = new X509Certificate(Buffer.from(der));
  if (now < new Date(cert.validFrom) || now > new Date(cert.validTo))
    throw new UserError(
      `${file}: the seal certificate is not valid today (valid ${cert.validFrom} to ${cert.validTo})`,
      'Renew the seal certificate with its trust service provider (or make a new trial one) and give the new file.',
    );
  const usage = keyUsage(der);
  if (usage && !usage.has('digitalSignature') && !usage.has('nonRepudiation'))
    throw new UserError(
      `${file}: the certificate's key usage (${[...usage].join(', ')}) does not allow signing`,
      'A seal certificate needs key usage digitalSignature or nonRepudiation (contentCommitment).',
    );
  return cert;
}

/** Reads and checks the seal in `file`; the passphrase comes from SELEC_SEAL_PASSPHRASE. */
export async function loadSealKey(
  file: string,
  env: NodeJS.ProcessEnv,
  now: Date,
): Promise<SealKey> {
  const bytes = await readFile(file).catch(() => {
    throw new UserError(
      `seal file not found: ${file}`,
      'Give the path of the .p12 file: --seal <file.p12>.',
    );
  });
  const passphrase = env[PASSPHRASE_VARIABLE];
  if (passphrase === undefined)
    throw new UserError(
      `${PASSPHRASE_VARIABLE} is not set`,
      `Set it to the passphrase of ${file} (it is never printed).`,
    );
  const {
    key,
    cert: der,
    chain,
  } = pair(await openPfx(new Uint8Array(bytes), passphrase, file), file);
  const cert = checkCertificate(der, now, file);
  const keyType =
    key.asymmetricKeyType === 'rsa' ? 'rsa' : key.asymmetricKeyType === 'ec' ? 'ec' : undefined;
  if (!keyType)
    throw new UserError(
      `${file}: a ${key.asymmetricKeyType} key cannot seal here`,
      'Use an RSA (2048 bits or more) or EC P-256 key.',
    );
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1];
  return {
    certificate: der,
    chain,
    keyType,
    sign: (data) => new Uint8Array(sign('sha256', data, key)),
    signer: cn ?? cert.subject.replace(/\n/g, ', '),
    subject: cert.subject.replace(/\n/g, ', '),
    fingerprint: createHash('sha256').update(der).digest('hex'),
    validTo: new Date(cert.validTo),
  };
}
