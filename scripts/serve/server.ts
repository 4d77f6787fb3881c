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
  const send = (
    e: DevEvent | { type: 'hello'; problem: unknown; pdf: Record<string, string> },
  ): void => {
    for (const c of clients) c.write(`data: ${JSON.stringify(e)}\n\n`);
    if (e.type !== 'hello') options.onEvent?.(e);
  };
  const builder = new Builder({
    root: options.root,
    out: options.out,
    ...(options.langs ? { langs: options.langs } : {}),
    print: options.print ?? true,
    printer: options.printer,
    emit: send,
  });
  builder.request('all');
  await builder.idleHtml();
  const client = await readFile(CLIENT, 'utf8');
  let writes: Promise<unknown> = Promise.resolve();
  let port = 0;

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent)
        reply(res, 500, { error: `internal error: ${(err as Error)?.message ?? String(err)}` });
      else res.end();
    });
  });
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (!hostAllowed(req, port)) return reply(res, 403, { error: 'forbidden host' });
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname === '/__events') return events(res);
    if (url.pathname === '/__dev/client.js')
      return raw(res, 200, 'text/javascript; charset=utf-8', client);
    if (url.pathname.startsWith('/__api/')) return api(req, res, url);
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return reply(res, 405, { error: 'method not allowed' });
    const file = await servedFile(options.out, req.url ?? '/');
    if (!file) return raw(res, 404, 'text/plain; charset=utf-8', 'not found\n');
    const type = contentType(file);
    if (type.startsWith('text/html'))
      return raw(res, 200, type, inject(await readFile(file, 'utf8'), token));
    // Fonts and stylesheets: revalidated on each reload, answered with 304 when unchanged.
    const info = await stat(file);
    const etag = `"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { ETag: etag, 'Cache-Control': 'no-cache' });
      return void res.end();
    }
    res.writeHead(200, { 'Content-Type': type, ETag: etag, 'Cache-Control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : await readFile(file));
  };
  const events = (res: ServerResponse): void => {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    clients.add(res);
    res.on('close', () => clients.delete(res));
    res.write(
      `data: ${JSON.stringify({ type: 'hello', problem: builder.problem, pdf: Object.fromEntries(builder.pdf) })}\n\n`,
    );
  };
  const api = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const name = url.pathname.slice('/__api/'.length);
    const refusal = writeRefusal(req, port, token);
    if (refusal) return reply(res, 403, { error: `forbidden: ${refusal}` });
    let input: Record<string, unknown>;
    if (req.method === 'GET' && name === 'segments') input = Object.fromEntries(url.searchParams);
    else if (req.method === 'POST') {
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? ''))
        return reply(res, 415, { error: 'send JSON (Content-Type: application/json)' });
      try {
        const parsed: unknown = JSON.parse(await readBody(req));
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
          return reply(res, 400, { error: 'the body must be a JSON object' });
        input = parsed as Record<string, unknown>;
      } catch (err) {
        if (err instanceof BodyTooLarge)
          return reply(res, 413, { error: `request too large: ${err.message}` });
        return reply(res, 400, { error: 'the body is not valid JSON' });
      }
    } else return reply(res, 405, { error: 'method not allowed' });
    // One write at a time: two saves of one file must not lose each other's segment.
    const run = writes.then(() => reviewApi(options.root, name, input));
    writes = run.catch(() => undefined);
    const result: ApiResult = await run;
    if (
      result.status === 200 &&
      name !== 'segments' &&
      name !== 'check' &&
      typeof input['lang'] === 'string'
    )
      builder.request(
        affectedLanguages([`translations/${input['lang']}/x.json`], registryOf(options.root)),
      );
    return reply(res, result.status, result.body);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
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
