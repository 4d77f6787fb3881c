// tsa: asks an RFC 3161 time-stamping authority for a token over a signature value
// (PAdES-B-T's signature time-stamp): POST application/timestamp-query, read the
// TimeStampResp, check that the token stamps what was asked.
import { createHash, randomBytes } from 'node:crypto';
import { readTimestamp } from '../stages/cms.ts';
import { algorithm, bool, children, int, octets, read, seq } from '../stages/der.ts';
import { OID } from '../stages/cms.ts';

/** The DER TimeStampReq for `data` (SHA-256), with a nonce and a request for the TSA's certificate. */
export function timestampRequest(data: Uint8Array, nonce: Uint8Array): Uint8Array {
  const hash = createHash('sha256').update(data).digest();
  return seq(int(1), seq(algorithm(OID.sha256), octets(hash)), int(nonce), bool(true));
}

/** The time-stamp token (a CMS ContentInfo) for `data`, from the TSA at `url`. */
export async function requestTimestamp(
  url: string,
  data: Uint8Array,
): Promise<{ token: Uint8Array; time: Date }> {
  const request = timestampRequest(data, randomBytes(8));
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: Buffer.from(request),
    });
  } catch (err) {
    throw new Error(`time-stamping authority ${url} did not answer: ${(err as Error).message}`);
  }
  if (!response.ok)
    throw new Error(`time-stamping authority ${url} answered HTTP ${response.status}`);
  const body = new Uint8Array(await response.arrayBuffer());
  const [status, token] = children(read(body));
  const code = status ? children(status)[0]?.value[0] : undefined;
  if (!token || (code !== 0 && code !== 1))
    throw new Error(`time-stamping authority ${url} refused the request (status ${code ?? '?'})`);
  const stamped = readTimestamp(token.raw);
  const hash = createHash('sha256').update(data).digest();
  if (!Buffer.from(stamped.imprint).equals(hash))
    throw new Error(`time-stamping authority ${url} stamped another hash than the one asked`);
  return { token: new Uint8Array(token.raw), time: stamped.time };
}
