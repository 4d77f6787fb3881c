// chromium-process: starts Chromium as a child process speaking the DevTools protocol
// over a pipe, before puppeteer is even loaded: the browser boots on one core while
// Node loads puppeteer and the project on the other. Puppeteer then connects to it
// through the pipe (puppeteer.connect({ transport })).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

/**
 * The flags puppeteer 24 passes by default (puppeteer.defaultArgs(), less the headless
 * mode, which depends on the binary, and the start page): tagged PDFs, an outline, sRGB,
 * no background work. test/chromium-process.test.ts checks that they still match.
 */
export const PUPPETEER_DEFAULT_ARGS = [
  '--allow-pre-commit-input',
  '--disable-background-networking',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-breakpad',
  '--disable-client-side-phishing-detection',
  '--disable-component-extensions-with-background-pages',
  '--disable-crash-reporter',
  '--disable-default-apps',
  '--disable-dev-shm-usage',
  '--disable-hang-monitor',
  '--disable-infobars',
  '--disable-ipc-flooding-protection',
  '--disable-popup-blocking',
  '--disable-prompt-on-repost',
  '--disable-renderer-backgrounding',
  '--disable-search-engine-choice-screen',
  '--disable-sync',
  '--enable-automation',
  '--export-tagged-pdf',
  '--force-color-profile=srgb',
  '--generate-pdf-document-outline',
  '--metrics-recording-only',
  '--no-first-run',
  '--password-store=basic',
  '--use-mock-keychain',
  '--disable-features=Translate,AcceptCHFrame,MediaRouter,OptimizationHints,WebUIReloadButton,ProcessPerSiteUpToMainFrameThreshold,IsolateSandboxedIframes',
  '--enable-features=PdfOopif',
  '--hide-scrollbars',
  '--mute-audio',
  '--disable-extensions',
];

/** What puppeteer.connect needs of a transport: CDP messages, one JSON text each. */
export interface PipeTransport {
  send(message: string): void;
  close(): void;
  onmessage?: (message: string) => void;
  onclose?: () => void;
}

export interface ChromiumProcess {
  transport: PipeTransport;
  /** Its temporary profile folder, removed when it exits. */
  profile: string;
  pid: number | undefined;
  /** Resolves when the process has exited (its temporary profile removed). */
  exited: Promise<void>;
  /** The last lines Chromium wrote to stderr: why it did not start, when it did not. */
  stderr(): string;
  /** Waits for the process to leave (after Browser.close), killing it after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Spawns `executablePath` with puppeteer's defaults, `args` (the headless mode among
 * them: see chromiumArgs), a temporary profile and --remote-debugging-pipe (fds 3 and 4).
 */
export function spawnChromium(executablePath: string, args: readonly string[]): ChromiumProcess {
  const profile = mkdtempSync(join(tmpdir(), 'selec-chromium-'));
  const child = spawnBrowser(executablePath, args, profile);
  const kill = (): void => killGroup(child);
  const log = stderrTail(child);
  const transport = pipeTransport(child.stdio[3] as Writable, child.stdio[4] as Readable);
  const removeProfile = (): void =>
    rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  // However this process ends, the browser and its profile do not outlive it.
  const onExit = (): void => {
    kill();
    removeProfile();
  };
  process.once('exit', onExit);
  const exited = new Promise<void>((resolve) => {
    const done = (): void => {
      process.off('exit', onExit);
      // Our end of the pipe we write to stays open (and keeps this process alive) until closed.
      for (const stream of child.stdio) stream?.destroy();
      transport.end();
      // The helpers first (they write into the profile while they live), then the
      // profile, and once more a moment later for what a dying helper flushed.
      kill();
      removeProfile();
      setTimeout(removeProfile, 1000).unref();
      resolve();
    };
    child.once('exit', done);
    child.once('error', (err) => {
      log.text += `\n${err.message}`;
      done();
    });
  });
  return {
    transport,
    profile,
    pid: child.pid,
    exited,
    stderr: () => log.text.trim().split('\n').slice(-5).join('\n'),
    async stop(graceMs = 5000) {
      const timer = setTimeout(kill, graceMs);
      await exited;
      clearTimeout(timer);
      kill(); // helpers that outlive the browser process
      removeProfile();
    },
  };
}

// The browser process itself, with the pipe on fds 3 and 4 and the profile given.
function spawnBrowser(
  executablePath: string,
  args: readonly string[],
  profile: string,
): ChildProcess {
  const argv = [
    ...PUPPETEER_DEFAULT_ARGS,
    ...args,
    '--remote-debugging-pipe',
    `--user-data-dir=${profile}`,
    'about:blank',
  ];
  // A process group of its own, as puppeteer does: killing it ends every Chromium helper
  // process too, which would otherwise hold our pipes (and this process) open.
  return spawn(executablePath, argv, {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    detached: true,
  });
}

// Kills the browser's process group: the helpers go with it.
function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL'); // the group is gone already, or never was
  }
}

// The end of what Chromium writes to stderr, kept to say why it did not start.
function stderrTail(child: ChildProcess): { text: string } {
  const tail = { text: '' };
  child.stderr?.on('data', (d: Buffer) => {
    tail.text = (tail.text + d.toString()).slice(-4000);
  });
  return tail;
}

/** CDP over Chromium's pipe: each message is JSON text ended by a NUL byte. */
function pipeTransport(write: Writable, read: Readable): PipeTransport & { end(): void } {
  let pending: Buffer[] = [];
  let closed = false;
  let gone = false;
  // Puppeteer rejects what it still waits for (each with a 180 s timer) once told.
  const ended = (): void => {
    gone = true;
    setImmediate(() => transport.onclose?.());
  };
  const transport: PipeTransport = {
    send(message) {
      if (closed) return;
      // A browser already gone: tell whoever sends now (puppeteer connecting late) at once.
      if (gone) return ended();
      write.write(message);
      write.write('\0');
    },
    close() {
      closed = true;
    },
  };
  read.on('data', (chunk: Buffer) => {
    let start = 0;
    for (let end = chunk.indexOf(0); end !== -1; end = chunk.indexOf(0, start)) {
      pending.push(chunk.subarray(start, end));
      const message = Buffer.concat(pending).toString('utf8');
      pending = [];
      start = end + 1;
      // One message a macrotask, as puppeteer's own pipe transport does.
      setImmediate(() => transport.onmessage?.(message));
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  });
  read.on('close', () => (gone ? undefined : ended()));
  // A browser that died mid-write: the close above says so.
  read.on('error', () => undefined);
  write.on('error', () => undefined);
  return Object.assign(transport, { end: () => (gone ? undefined : ended()) });
}
