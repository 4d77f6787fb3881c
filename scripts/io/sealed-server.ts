// sealed-server: the pages a launched Chromium prints come from a private loopback
// server instead of file:// URLs, so that sealing costs no CDP round trip per request.
// Each allowed folder gets an unguessable path prefix; only files under it are served,
// and every response carries a Content-Security-Policy that lets the page load nothing
// but its own origin (and data: URLs): no remote request, no file:// (Chromium never
// lets an http page load one), no other folder.
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, relative, resolve, sep } from 'node:path';

export const SEALED_CSP =
  "default-src 'none'; style-src 'self' 'unsafe-inline' data:; font-src 'self' data:; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
};

export interface SealedServer {
  /**
   * The URL that serves `htmlPath`, which must lie under `allow`. With a `version` (the
   * state of the folder's files other than HTML), those files are served as immutable
   * under a prefix of that version: the browser keeps them across pages, and a new
   * version gets new URLs.
   */
  urlFor(htmlPath: string, allow: string, version?: string): string;
  /** True for URLs of this server: a page that navigated anywhere else is not printed. */
  owns(url: string): boolean;
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 (a free port) that serves only the folders it was given. */
export async function startSealedServer(): Promise<SealedServer> {
  const folders = new Map<string, Folder>();
  const tokens = new Map<string, string>();
  // Every page loads the same stylesheet and a dozen fonts: keep their bytes, keyed by size and time.
  const bodies = new Map<string, { etag: string; body: Buffer }>();
  const server: Server = createServer((req, res) => void serve(req, res, folders, bodies));
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', done);
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    urlFor(htmlPath, allow, version) {
      const folder = resolve(allow);
      const rel = relative(folder, resolve(htmlPath));
      if (rel.startsWith('..') || rel === '' || resolve(folder, rel) !== resolve(htmlPath))
        throw new Error(`${htmlPath} is not under the allowed folder ${allow}`);
      const id = `${folder}\0${version ?? ''}`;
      let token = tokens.get(id);
      if (!token) {
        token = randomBytes(16).toString('hex');
        tokens.set(id, token);
        folders.set(token, { path: folder, versioned: version !== undefined });
      }
      return `${origin}/${token}/${rel.split(sep).map(encodeURIComponent).join('/')}`;
    },
    owns: (url) => url === origin || url.startsWith(`${origin}/`),
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

interface Folder {
  path: string;
  /** Its files other than HTML do not change while this token lives. */
  versioned: boolean;
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  folders: Map<string, Folder>,
  bodies: Map<string, { etag: string; body: Buffer }>,
): Promise<void> {
  const headers = {
    'content-security-policy': SEALED_CSP,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
  };
  const refuse = (code: number): void => {
    res.writeHead(code, headers).end();
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(405);
  let path: string;
  try {
    path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    return refuse(400);
  }
  const [, token = '', ...rest] = path.split('/');
  const entry = folders.get(token);
  const folder = entry?.path;
  // resolve() folds any "..", so a path can only pass by really lying under the folder.
  const file = folder && resolve(folder, rest.join('/'));
  if (!entry || !folder || !file || !file.startsWith(`${folder}${sep}`) || path.includes('\0'))
    return refuse(404);
  const s = await stat(file).catch(() => undefined);
  if (!s?.isFile()) return refuse(404);
  const etag = `"${s.size.toString(36)}-${Math.trunc(s.mtimeMs).toString(36)}"`;
  if (req.headers['if-none-match'] === etag)
    return void res.writeHead(304, { ...headers, etag }).end();
  let cached = bodies.get(file);
  if (cached?.etag !== etag) {
    const body = await readFile(file).catch(() => undefined);
    if (!body) return refuse(404);
    cached = { etag, body };
    // HTML changes with every edition; only shared assets are worth keeping.
    if (!file.endsWith('.html')) bodies.set(file, cached);
  }
  const immutable = entry.versioned && !file.endsWith('.html');
  res.writeHead(200, {
    ...headers,
    ...(immutable ? { 'cache-control': 'max-age=31536000, immutable' } : {}),
    etag,
    'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': cached.body.length,
  });
  res.end(req.method === 'HEAD' ? undefined : cached.body);
}
