// guard: who may talk to the dev server. Loopback Host only (DNS rebinding), and for a
// write a POST with the per-process token and no foreign Origin (cross-site requests).
import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';

export const TOKEN_HEADER = 'x-selec-token';
export const MAX_BODY = 256 * 1024;

/** Whether the Host header names this server on loopback. */
export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** Why a request may not read the API or write, or undefined when it may. */
export function writeRefusal(
  req: IncomingMessage,
  port: number,
  token: string,
): string | undefined {
  const origin = req.headers.origin;
  if (
    origin !== undefined &&
    origin !== `http://127.0.0.1:${port}` &&
    origin !== `http://localhost:${port}`
  )
    return `cross-origin request from ${origin}`;
  const given = req.headers[TOKEN_HEADER];
  if (
    typeof given !== 'string' ||
    given.length !== token.length ||
    !timingSafeEqual(Buffer.from(given), Buffer.from(token))
  )
    return 'missing or wrong token';
  return undefined;
}

export class BodyTooLarge extends Error {}

/** The request body as text, at most `limit` bytes (BodyTooLarge beyond). */
export async function readBody(req: IncomingMessage, limit = MAX_BODY): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLarge(`body of ${declared} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge(`body over ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
