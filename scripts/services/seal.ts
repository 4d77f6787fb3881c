// seal: seals a finished PDF (PAdES baseline B-B, or B-T with a time-stamping authority)
// and signs the release's checksum list (a detached CMS, SHA256SUMS.p7s).
import { createHash } from 'node:crypto';
import { signAttributes, signedData } from '../stages/cms.ts';
import { fillSeal, placeSeal, signedBytes } from '../stages/pdf/seal.ts';
import type { SealKey } from '../io/seal-key.ts';
import type { SealRecord } from '../stages/manifest.ts';
import { requestTimestamp } from '../io/tsa.ts';

export interface SealOptions {
  key: SealKey;
  /** RFC 3161 time-stamping authority: adds a signature time-stamp (PAdES-B-T). */
  tsa?: string | undefined;
}

/** Bytes reserved for the CMS: the certificates, the signature, and a token's own certificates. */
function reserve(key: SealKey, tsa: boolean): number {
  const certs = key.certificate.length + key.chain.reduce((n, c) => n + c.length, 0);
  return 2048 + certs + (tsa ? 8192 : 0);
}

/** Seals `pdf` (an incremental update); `description` names the edition. */
export async function sealPdf(
  pdf: Uint8Array,
  info: { date: Date; description: string },
  options: SealOptions,
): Promise<{ bytes: Uint8Array; seal: SealRecord }> {
  const { key, tsa } = options;
  const placed = placeSeal(pdf, {
    ...info,
    signer: key.signer,
    size: reserve(key, tsa !== undefined),
  });
  const digest = createHash('sha256').update(signedBytes(placed.bytes, placed.byteRange)).digest();
  const parts = signAttributes(digest, key);
  const stamp = tsa ? await requestTimestamp(tsa, parts.signature) : undefined;
  const cms = signedData(parts, key, stamp?.token);
  return {
    bytes: fillSeal(placed, cms),
    seal: {
      signer: key.signer,
      time: (stamp?.time ?? info.date).toISOString(),
      digest: digest.toString('hex'),
      level: stamp ? 'B-T' : 'B-B',
    },
  };
}

/** A detached CMS signature over `content` (SHA256SUMS.p7s): `openssl cms -verify -binary -inform DER`. */
export function signDetached(content: Uint8Array, key: SealKey): Uint8Array {
  const digest = createHash('sha256').update(content).digest();
  return signedData(signAttributes(digest, key), key);
}
