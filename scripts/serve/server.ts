// server: the dev server. Serves the output folder over HTTP on loopback, with a small
// script injected into each HTML response (reload, error overlay, PDF badge, the review
// editor); watches the project and rebuilds through the Builder; answers the review API.
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { PrintService } from '../build.ts';
import { Builder, type DevEvent } from './builder.ts';
import { BodyTooLarge, hostAllowed, readBody, TOKEN_HEADER, writeRefusal } from './guard.ts';
import { contentType, servedFile } from './paths.ts';
import { reviewApi, type ApiResult } from './review-api.ts';
import { affectedLanguages, watchProject } from './watch.ts';
import { readRegistry } from '../io/registry.ts';
import type { Registry } from '../languages.ts';

/** The registry as it is on disk now; none while it is invalid (the builder reports it). */
function registryOf(root: string): Registry | undefined {
  try {
    return readRegistry(root);
  } catch {
    return undefined;
  }
}

export interface DevServerOptions {
  root: string;
  /** The folder built into and served (e.g. .cache/dev). */
  out: string;
  /** 0: a free port. */
  port: number;
  langs?: string[];
  /** Reprint the PDFs of changed editions in the background (default true). */
  print?: boolean;
  printer: PrintService;
  /** Every build event, for the terminal. */
  onEvent?: (event: DevEvent) => void;
}

export interface DevServer {
  url: string;
  port: number;
  builder: Builder;
  close(): Promise<void>;
}

const CLIENT = join(import.meta.dirname, 'client.js');

/** Builds the HTML once, then serves and watches until close(). */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const token = randomBytes(24).toString('hex');
  const clients = new Set<ServerResponse>();
  const builder = newBuilder(options, clients);
  builder.request('all');
  await builder.idleHtml();
  const s: Session = {
    options,
    token,
    clients,
    builder,
    client: await readFile(CLIENT, 'utf8'),
    port: 0,
    writes: Promise.resolve(),
  };
  const server: Server = createServer((req, res) => {
    handle(s, req, res).catch((err: unknown) => {
      if (!res.headersSent)
        reply(res, 500, { error: `internal error: ${(err as Error)?.message ?? String(err)}` });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  s.port = (server.address() as AddressInfo).port;
  const { port } = s;
  const unwatch = watchProject(options.root, (files) =>
    builder.request(affectedLanguages(files, registryOf(options.root)), files),
  );
  const keepAlive = setInterval(() => {
    for (const c of clients) c.write(': ping\n\n');
  }, 15_000);
  keepAlive.unref();

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    builder,
    close: async () => {
      unwatch();
      clearInterval(keepAlive);
      for (const c of clients) c.end();
      clients.clear();
      await builder.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** What the request handlers of one dev server share. */
interface Session {
  readonly options: DevServerOptions;
  /** The secret the review API's writes must carry (given to the pages served). */
  readonly token: string;
  /** The pages listening to /__events. */
  readonly clients: Set<ServerResponse>;
  readonly builder: Builder;
  /** The dev script, served at /__dev/client.js. */
  readonly client: string;
  /** The port listened on: the host and origin checks compare with it. */
  port: number;
  /** The review API's writes, chained: one at a time. */
  writes: Promise<unknown>;
}

// The builder of the served folder; each of its events goes to every page and the terminal.
function newBuilder(options: DevServerOptions, clients: Set<ServerResponse>): Builder {
  const send = (
    e: DevEvent | { type: 'hello'; problem: unknown; pdf: Record<string, string> },
  ): void => {
    for (const c of clients) c.write(`data: ${JSON.stringify(e)}\n\n`);
    if (e.type !== 'hello') options.onEvent?.(e);
  };
  return new Builder({
    root: options.root,
    out: options.out,
    ...(options.langs ? { langs: options.langs } : {}),
    print: options.print ?? true,
    printer: options.printer,
    emit: send,
  });
}

// One request: a foreign host is refused first; then events, the dev script, the API, files.
async function handle(s: Session, req: IncomingMessage, res: ServerResponse): Promise<void> {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (!hostAllowed(req, s.port)) return reply(res, 403, { error: 'forbidden host' });
  const url = new URL(req.url ?? '/', `http://127.0.0.1:${s.port}`);
  if (url.pathname === '/__events') return events(s, res);
  if (url.pathname === '/__dev/client.js')
    return raw(res, 200, 'text/javascript; charset=utf-8', s.client);
  if (url.pathname.startsWith('/__api/')) return api(s, req, res, url);
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return reply(res, 405, { error: 'method not allowed' });
  return serveFile(s, req, res);
}

// A file of the output folder: a page with the dev script added, anything else revalidated.
async function serveFile(s: Session, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const file = await servedFile(s.options.out, req.url ?? '/');
  if (!file) return raw(res, 404, 'text/plain; charset=utf-8', 'not found\n');
  const type = contentType(file);
  if (type.startsWith('text/html'))
    return raw(res, 200, type, inject(await readFile(file, 'utf8'), s.token));
  // Fonts and stylesheets: revalidated on each reload, answered with 304 when unchanged.
  const info = await stat(file);
  const etag = `"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`;
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { ETag: etag, 'Cache-Control': 'no-cache' });
    return void res.end();
  }
  res.writeHead(200, { 'Content-Type': type, ETag: etag, 'Cache-Control': 'no-cache' });
  res.end(req.method === 'HEAD' ? undefined : await readFile(file));
}

// The event stream of one page: the state now, then every build event.
function events(s: Session, res: ServerResponse): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
  });
  s.clients.add(res);
  res.on('close', () => s.clients.delete(res));
  res.write(
    `data: ${JSON.stringify({ type: 'hello', problem: s.builder.problem, pdf: Object.fromEntries(s.builder.pdf) })}\n\n`,
  );
}

// A call of the review API, from a page of this server only; a change rebuilds its language.
async function api(s: Session, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const name = url.pathname.slice('/__api/'.length);
  const refusal = writeRefusal(req, s.port, s.token);
  if (refusal) return reply(res, 403, { error: `forbidden: ${refusal}` });
  const read = await apiInput(req, url, name);
  if (!('input' in read)) return reply(res, read.status, { error: read.error });
  const { input } = read;
  // One write at a time: two saves of one file must not lose each other's segment.
  const run = s.writes.then(() => reviewApi(s.options.root, name, input));
  s.writes = run.catch(() => undefined);
  const result: ApiResult = await run;
  if (
    result.status === 200 &&
    name !== 'segments' &&
    name !== 'check' &&
    typeof input['lang'] === 'string'
  )
    s.builder.request(
      affectedLanguages([`translations/${input['lang']}/x.json`], registryOf(s.options.root)),
    );
  return reply(res, result.status, result.body);
}

// The input of an API call (a GET's query, a POSTed JSON object), or why the request is refused.
async function apiInput(
  req: IncomingMessage,
  url: URL,
  name: string,
): Promise<{ input: Record<string, unknown> } | { status: number; error: string }> {
  if (req.method === 'GET' && name === 'segments')
    return { input: Object.fromEntries(url.searchParams) };
  if (req.method !== 'POST') return { status: 405, error: 'method not allowed' };
  if (!/^application\/json\b/.test(req.headers['content-type'] ?? ''))
    return { status: 415, error: 'send JSON (Content-Type: application/json)' };
  try {
    const parsed: unknown = JSON.parse(await readBody(req));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      return { status: 400, error: 'the body must be a JSON object' };
    return { input: parsed as Record<string, unknown> };
  } catch (err) {
    if (err instanceof BodyTooLarge)
      return { status: 413, error: `request too large: ${err.message}` };
    return { status: 400, error: 'the body is not valid JSON' };
  }
}

/** The page with the dev script added before </body>: never written to disk. */
export function inject(html: string, token: string): string {
  const tag = `<script>window.__selecDev = ${JSON.stringify({ token, header: TOKEN_HEADER })};</script>\n<script src="/__dev/client.js" defer></script>\n`;
  const at = html.lastIndexOf('</body>');
  return at < 0 ? html + tag : html.slice(0, at) + tag + html.slice(at);
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  raw(res, status, 'application/json; charset=utf-8', `${JSON.stringify(body)}\n`);
}

function raw(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}
