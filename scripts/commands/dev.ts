// dev: `npm run dev`: the live preview and review server until Ctrl-C.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.ts';
import { readRegistry } from '../io/registry.ts';
import type { Command, Io } from './command.ts';
import { parseLangs, parseOptions } from './options.ts';
import type { DevEvent } from '../serve/builder.ts';
import { formatProblem } from '../stages/diagnostics.ts';

const HELP = (codes: readonly string[]): string => `Usage: npm run dev -- [options]

Serves the editions, the index, the coverage dashboard and the review pages on
http://127.0.0.1:<port>/ (loopback only), built into .cache/dev/. Watches source/,
translations/ and scripts/templates/: a change re-renders the affected HTML and
reloads the open pages; the PDFs are reprinted in the background on one browser.
Review pages get an editor per segment (check, save, mark up to date) and a
sign-off form. Ctrl-C stops the server and the browser.

Options:
  --port <n>        port (default 4173; 0 picks a free one)
  --lang <codes>    only these editions, comma-separated (codes: ${codes.join(' ')})
  --open            open the index in the desktop's browser (xdg-open)
  --no-print        do not reprint PDFs
  -h, --help        show this help
`;

export const dev: Command = {
  name: 'dev',
  summary: 'serve the editions and review pages, rebuilt on every change',
  help: HELP,
  run: runDev,
};

/** Runs the dev server until SIGINT/SIGTERM; returns the exit code. */
async function runDev(args: string[], io: Io): Promise<number> {
  const { values } = parseOptions(args, {
    port: { type: 'string', default: '4173' },
    lang: { type: 'string' },
    open: { type: 'boolean', default: false },
    'no-print': { type: 'boolean', default: false },
  });
  const port = parsePort(values.port);
  const langs = parseLangs(values.lang, readRegistry(io.cwd));
  const root = resolve(io.cwd);
  const [{ startDevServer }, { Printer }, { stopWrites }] = await Promise.all([
    import('../serve/server.ts'),
    import('../io/browser.ts'),
    import('../io/files.ts'),
  ]);
  const printer = new Printer({
    ...(io.env['PUPPETEER_EXECUTABLE_PATH']
      ? { executablePath: io.env['PUPPETEER_EXECUTABLE_PATH'] }
      : {}),
  });
  let server: Awaited<ReturnType<typeof startDevServer>>;
  try {
    server = await startDevServer({
      root,
      out: join(root, '.cache', 'dev'),
      port,
      ...(langs ? { langs } : {}),
      print: !values['no-print'],
      printer,
      onEvent: (e) => log(e, io),
    });
  } catch (err) {
    await printer.close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new UserError(
        `port ${port} is in use`,
        'Stop the other server, or use --port 0 for a free port.',
      );
    throw err;
  }
  io.stdout.write(
    `dev server: editions, coverage and review pages, rebuilt on every change (Ctrl-C stops)\n${server.url}\n`,
  );
  if (server.builder.problem)
    io.stderr.write(`problem: ${formatProblem(server.builder.problem)}\n`);
  if (values.open) openBrowser(server.url, io);
  return untilSignal(io, () =>
    Promise.all([server.close(), printer.close()]).then(() => stopWrites()),
  );
}

// --port as a number a server can listen on; 0 for a free one.
function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UserError(
      `--port must be a port number (0 for a free one), not "${value}"`,
      'For example --port 4173.',
    );
  return port;
}

// Serves until Ctrl-C or SIGTERM, then stops through `close`; a stop that hangs exits anyway.
function untilSignal(io: Io, close: () => Promise<unknown>): Promise<number> {
  return new Promise<number>((done) => {
    const stop = (signal: 'SIGINT' | 'SIGTERM'): void => {
      io.stderr.write(`\n${signal}: stopping the dev server and the browser\n`);
      setTimeout(() => process.exit(signal === 'SIGINT' ? 130 : 143), 10_000).unref();
      void close().then(() => done(0));
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

function log(e: DevEvent, io: Io): void {
  if (e.type === 'built' && e.changed.length > 0)
    io.stdout.write(
      `rebuilt ${e.changed.length} page${e.changed.length === 1 ? '' : 's'} in ${e.ms} ms\n`,
    );
  else if (e.type === 'problem')
    io.stderr.write(
      e.problem
        ? `problem: ${formatProblem(e.problem)}${e.problem.hint ? `\n  ${e.problem.hint}` : ''}\n`
        : 'problem fixed\n',
    );
  else if (e.type === 'pdf' && e.state === 'failed')
    io.stderr.write(`PDF of ${e.id} failed to print\n`);
}

/** Best effort: the desktop's opener when there is one, a note otherwise. */
function openBrowser(url: string, io: Io): void {
  const opener = ['/usr/bin/xdg-open', '/usr/local/bin/xdg-open'].find((p) => existsSync(p));
  if (!opener || !(io.env['DISPLAY'] || io.env['WAYLAND_DISPLAY'])) {
    io.stderr.write(
      `note: cannot open a browser here (no xdg-open or no display); open ${url} yourself\n`,
    );
    return;
  }
  spawn(opener, [url], { stdio: 'ignore', detached: true })
    .on('error', () => undefined)
    .unref();
}
