// browser: one Chromium for the whole build, a few reused pages, and a sealed
// rendering: no JavaScript, no request outside the allowed folder.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, ConnectOptions, Page } from 'puppeteer-core';
import { UserError } from '../errors.ts';
import { spawnChromium, type ChromiumProcess } from './chromium-process.ts';
import { startSealedServer, type SealedServer } from './sealed-server.ts';
import { trace } from './trace.ts';

// The headless shell first: Chromium's old headless mode, the same engine, prints the
// same pages in about half the time of full Chromium. Full Chromium stays the fallback.
export const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';
export const CHROMIUM_CANDIDATES = [
  HEADLESS_SHELL,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

export const INSTALL_HINT =
  'Install Chromium with "apt-get install -y chromium-headless-shell" (as root on Debian; or chromium), or name a browser with PUPPETEER_EXECUTABLE_PATH=/path/to/chrome.';

/** True for a headless-shell binary: puppeteer must drive it with `headless: 'shell'`. */
export function isHeadlessShell(executablePath: string): boolean {
  return /headless[-_]shell/.test(executablePath);
}

/** The flags of the browser at `executablePath` besides puppeteer's defaults: its headless mode (the shell has only one), sealing, ours. */
export function chromiumArgs(executablePath: string): string[] {
  const mode = isHeadlessShell(executablePath) ? ['--headless'] : [];
  return [
    ...mode,
    ...(mode.length > 0 ? CHROMIUM_ARGS.filter((a) => !a.startsWith('--headless')) : CHROMIUM_ARGS),
    SEALED_NETWORK,
  ];
}

/** The browser to launch: PUPPETEER_EXECUTABLE_PATH, else the first Debian/Chrome path that exists. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const named = env['PUPPETEER_EXECUTABLE_PATH'];
  if (named) {
    if (!existsSync(named))
      throw new UserError(
        `PUPPETEER_EXECUTABLE_PATH names ${named}, which does not exist`,
        INSTALL_HINT,
      );
    return named;
  }
  const found = CHROMIUM_CANDIDATES.find((p) => existsSync(p));
  if (!found)
    throw new UserError(
      'no Chromium found (looked in ' + CHROMIUM_CANDIDATES.join(', ') + ')',
      INSTALL_HINT,
    );
  return found;
}

// A launched browser resolves no host name at all: pages come from 127.0.0.1 (the sealed server).
const SEALED_NETWORK = '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1';

/** Printing is CPU-bound: one page per core, no more. */
export const DEFAULT_CONCURRENCY = Math.max(1, availableParallelism());

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
  '--font-render-hinting=none',
];

export interface PrintJob {
  /** The HTML file to print; it and everything it loads must sit under `allow`. */
  htmlPath: string;
  /** Folder prefix that requests may reach (dist/). */
  allow: string;
  /**
   * Names the state of the files under `allow` other than HTML (the assets): while it
   * stays the same the browser may keep them cached across pages instead of asking again.
   */
  version?: string;
}

export interface PrinterOptions {
  executablePath?: string;
  /** Connect to an already running browser instead of launching one. */
  browserWSEndpoint?: string;
  /** Pages printed at once; printing is CPU-bound, so one per core at most. */
  concurrency?: number;
  timeoutMs?: number;
  /** Relaunch the browser after this many prints, to bound its memory (default 100). */
  restartEvery?: number;
}

/** A Chromium that prints HTML files to PDF bytes. Launch lazily; close always. */
export class Printer {
  #browser: Browser | undefined;
  #launching: Promise<Browser> | undefined;
  /** On a browser we connected to, our pages live in a context of our own, closed after. */
  #context: BrowserContext | undefined;
  #idle: Page[] = [];
  #pages = 0;
  #waiters: Array<{ resolve: (p: Page) => void; reject: (e: unknown) => void }> = [];
  /** The folder each page may read from, set per job: a reused page follows its job. */
  readonly #allowed = new WeakMap<Page, string>();
  readonly #options: PrinterOptions;
  #connected = false;
  /** Serves the pages of a launched browser; a connected one reads file:// under request interception. */
  #server: Promise<SealedServer> | undefined;
  #closed = false;
  #closing: Promise<void> | undefined;
  /** The Chromium process this printer started, and the tab it opened at start (not yet used). */
  #process: ChromiumProcess | undefined;
  #initial: Page | undefined;
  #printed = 0;
  /** Counts resets: a print that ends after one does not hand its page to the new browser. */
  #generation = 0;
  /** How many times the browser was launched (or connected). */
  launches = 0;

  constructor(options: PrinterOptions = {}) {
    this.#options = options;
  }

  get launched(): boolean {
    return this.launches > 0;
  }

  get #limit(): number {
    return this.#options.concurrency ?? DEFAULT_CONCURRENCY;
  }

  async #start(): Promise<Browser> {
    if (this.#closed) throw new Error('the printer is closed');
    if (this.#browser) return this.#browser;
    this.#launching ??= (async () => {
      this.launches++;
      try {
        // Loaded on first use: a build with nothing to print never pays for it.
        let browser: Browser;
        if (this.#options.browserWSEndpoint) {
          const { default: puppeteer } = await import('puppeteer-core');
          this.#connected = true;
          browser = await connectTo(puppeteer, this.#options.browserWSEndpoint);
          this.#context = await browser.createBrowserContext();
        } else {
          // The browser boots while puppeteer loads (or already did, from warm()): connect through its pipe.
          const spawned = this.#spawn();
          const { default: puppeteer } = await import('puppeteer-core');
          trace('chromium: puppeteer loaded');
          browser = await connectSpawned(puppeteer, spawned);
          trace('chromium: connected');
          this.#initial = (await browser.pages())[0];
        }
        // A crashed or killed browser: forget it and its pages; the next print starts afresh.
        browser.once('disconnected', () => {
          if (this.#browser !== browser) return;
          this.#reset();
          this.#dispatch();
        });
        return browser;
      } catch (err) {
        if (err instanceof UserError) throw err;
        throw new UserError(
          `Chromium could not be started: ${(err as Error).message.split('\n')[0]}`,
          INSTALL_HINT,
          undefined,
          { cause: err },
        );
      }
    })();
    this.#browser = await this.#launching;
    return this.#browser;
  }

  /** The Chromium process of this printer, started now if it was not yet. */
  #spawn(): ChromiumProcess {
    if (this.#process) return this.#process;
    const executablePath = this.#options.executablePath ?? findChromium();
    trace('chromium: spawn');
    this.#process = spawnChromium(executablePath, chromiumArgs(executablePath));
    return this.#process;
  }

  #reset(): void {
    this.#generation++;
    this.#browser = undefined;
    this.#initial = undefined;
    this.#process = undefined;
    this.#launching = undefined;
    this.#context = undefined;
    this.#idle = [];
    this.#pages = 0;
    this.#printed = 0;
  }

  /** Past its print budget the browser takes no new work until it is idle and relaunched. */
  #draining(): boolean {
    return !this.#connected && this.#printed >= (this.#options.restartEvery ?? 100);
  }

  async #acquire(): Promise<Page> {
    if (!this.#draining()) {
      const idle = this.#idle.pop();
      if (idle) return idle;
      if (this.#pages < this.#limit) return this.#newPage();
    }
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  async #newPage(): Promise<Page> {
    this.#pages++;
    try {
      const browser = await this.#start();
      // The tab Chromium opened at start is the first page: one renderer fewer to wait for.
      const initial = this.#initial;
      this.#initial = undefined;
      const page = initial ?? (await (this.#context ?? browser).newPage());
      await page.setJavaScriptEnabled(false);
      trace('chromium: page ready');
      // A launched browser is sealed by the server, its CSP and its flags: no CDP round trip per request.
      if (!this.#connected) return page;
      await page.setRequestInterception(true);
      page.on('request', (req) => {
        const url = req.url();
        const allow = this.#allowed.get(page);
        // Sealed: only files under the job's folder (the edition and its assets).
        if (allow !== undefined && url.startsWith('file:') && safeFile(url, allow))
          void req.continue();
        else if (url.startsWith('data:')) void req.continue();
        else void req.abort('blockedbyclient');
      });
      return page;
    } catch (err) {
      this.#pages--;
      this.#dispatch();
      throw err;
    }
  }

  #release(page: Page): void {
    this.#printed++;
    this.#idle.push(page);
    this.#dispatch();
  }

  /** Hands pages to waiting prints, or relaunches the browser once it is due and idle. */
  #dispatch(): void {
    if (this.#closed) return;
    if (this.#draining()) {
      if (this.#idle.length === this.#pages) void this.#recycle();
      return;
    }
    for (let w = this.#waiters.shift(); w; w = this.#waiters.shift()) {
      const idle = this.#idle.pop();
      if (idle) w.resolve(idle);
      else if (this.#pages < this.#limit) this.#newPage().then(w.resolve, w.reject);
      else {
        this.#waiters.unshift(w);
        break;
      }
    }
  }

  /** Closes the idle browser; the waiting prints get pages of a fresh one. */
  async #recycle(): Promise<void> {
    const browser = this.#browser;
    const spawned = this.#process;
    this.#reset();
    this.#dispatch();
    await shutdown(browser, spawned);
  }

  /**
   * Prints one HTML file to PDF bytes (A4, CSS page size, tagged, with an outline). A
   * page whose renderer crashes fails at once, and a print that takes longer than the
   * timeout fails; either way the browser is relaunched for the next print, so that a
   * retry does not wait on a browser that lost a process.
   */
  async print(job: PrintJob): Promise<Uint8Array> {
    const timeout = this.#options.timeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    let onCrash: ((err: Error) => void) | undefined;
    const failed = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`printing ${job.htmlPath} took longer than ${timeout / 1000} s`)),
        timeout,
      );
      onCrash = reject;
    });
    failed.catch(() => undefined);
    try {
      return await Promise.race([this.#printOn(job, timeout, (e) => onCrash?.(e)), failed]);
    } catch (err) {
      if (!this.#connected && !this.#closed && !(err instanceof UserError)) {
        const browser = this.#browser;
        const spawned = this.#process;
        this.#reset();
        this.#dispatch();
        void shutdown(browser, spawned).catch(() => undefined);
      }
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  async #printOn(
    job: PrintJob,
    timeout: number,
    crashed: (err: Error) => void,
  ): Promise<Uint8Array> {
    const page = await this.#acquire();
    const generation = this.#generation;
    this.#allowed.set(page, job.allow);
    const onError = (err: Error): void => crashed(new Error(`the page crashed: ${err.message}`));
    page.once('error', onError);
    try {
      const server = this.#connected ? undefined : await (this.#server ??= startSealedServer());
      await page.goto(
        server
          ? server.urlFor(job.htmlPath, job.allow, job.version)
          : pathToFileURL(job.htmlPath).href,
        { waitUntil: 'load', timeout },
      );
      if (server && !server.owns(page.url()))
        throw new Error(
          `${job.htmlPath} navigated away from itself (to ${page.url()}); not printed`,
        );
      // No document.fonts.ready: fonts that the first layout uses delay the load event,
      // and the font test (only Noto in every PDF) would catch a fallback.
      const pdf = await page.pdf({
        preferCSSPageSize: true,
        printBackground: true,
        outline: true,
        tagged: true,
        timeout,
      });
      page.off('error', onError);
      if (generation === this.#generation) this.#release(page);
      trace(`printed ${job.htmlPath}`);
      return pdf;
    } catch (err) {
      // A page that failed is not trusted again (closing a crashed one may never answer).
      page.off('error', onError);
      if (generation !== this.#generation) throw err;
      if (this.#pages > 0) this.#pages--;
      this.#idle = this.#idle.filter((p) => p !== page);
      void page.close().catch(() => undefined);
      this.#dispatch();
      throw err;
    }
  }

  /**
   * Starts the browser and the server in the background, so that the first print finds
   * them ready; a launch failure surfaces at the first print.
   */
  warm(): void {
    if (this.#closed || this.#browser || this.#launching) return;
    if (this.#options.browserWSEndpoint) {
      this.#start().catch(() => undefined);
      return;
    }
    // Only the process and the server: puppeteer is loaded at the first print, once the
    // page to print is rendered, while the browser has been booting all along.
    try {
      this.#spawn();
    } catch {
      // no browser: said at the first print
    }
    this.#server ??= startSealedServer();
  }

  /** Closes the browser (or, when connected, our context, then disconnects); a closed printer prints no more. */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#closed = true;
    const browser =
      this.#browser ?? (this.#launching ? await this.#launching.catch(() => undefined) : undefined);
    const spawned = this.#process;
    const context = this.#context;
    const server = this.#server;
    this.#server = undefined;
    this.#reset();
    await server?.then((s) => s.close()).catch(() => undefined);
    for (const w of this.#waiters.splice(0)) w.reject(new Error('the printer is closed'));
    if (this.#connected) {
      await context?.close().catch(() => undefined);
      await browser?.disconnect().catch(() => undefined);
    } else await shutdown(browser, spawned);
  }
}

/**
 * Puppeteer on a Chromium this process spawned. Its network events are off: pages are
 * sealed by the server, and every request's events would cross the pipe for nothing.
 */
async function connectSpawned(
  puppeteer: { connect(options: ConnectOptions): Promise<Browser> },
  spawned: ChromiumProcess,
): Promise<Browser> {
  let timer: NodeJS.Timeout | undefined;
  const failed = new Promise<never>((_, reject) => {
    void spawned.exited.then(() =>
      reject(
        new Error(`the browser exited at start${spawned.stderr() ? `: ${spawned.stderr()}` : ''}`),
      ),
    );
    timer = setTimeout(() => reject(new Error('the browser did not answer within 60 s')), 60_000);
  });
  try {
    return await Promise.race([
      puppeteer.connect({
        transport: spawned.transport,
        networkEnabled: false,
        issuesEnabled: false,
      }),
      failed,
    ]);
  } catch (err) {
    await spawned.stop(0);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** Closes a browser this process started, waits for it to leave, and kills it if it lingers. */
async function shutdown(
  browser: Browser | undefined,
  spawned: ChromiumProcess | undefined,
): Promise<void> {
  if (!browser) return spawned?.stop(0); // started but never connected to: nothing to close gracefully
  await browser.close().catch(() => undefined);
  await spawned?.stop();
}

/**
 * Connects to a running browser by its DevTools WebSocket (ws://…/devtools/browser/…)
 * or its HTTP endpoint (http://host:port, resolved through /json/version).
 */
async function connectTo(
  puppeteer: { connect(options: ConnectOptions): Promise<Browser> },
  endpoint: string,
): Promise<Browser> {
  const protocol = /^([a-z]+):\/\//i.exec(endpoint)?.[1]?.toLowerCase();
  const hint =
    'Check that Chromium runs there with --remote-debugging-port (or that the browser pool is up), or leave out --browser-ws to launch one here.';
  if (!protocol || !['ws', 'wss', 'http', 'https'].includes(protocol)) {
    throw new UserError(
      `--browser-ws must be a ws://, wss://, http:// or https:// URL, not "${endpoint}"`,
      'For example --browser-ws http://127.0.0.1:9222 or the ws:// URL Chromium prints at start.',
    );
  }
  try {
    return protocol.startsWith('http')
      ? await puppeteer.connect({ browserURL: endpoint })
      : await puppeteer.connect({ browserWSEndpoint: endpoint });
  } catch (err) {
    throw new UserError(
      `could not reach the browser at ${endpoint}: ${(err as Error).message.split('\n')[0]}`,
      hint,
      undefined,
      { cause: err },
    );
  }
}

function safeFile(url: string, allow: string): boolean {
  try {
    // resolve() folds any "..", so a path can only pass by really lying under the folder.
    return resolve(fileURLToPath(url)).startsWith(allow.endsWith('/') ? allow : `${allow}/`);
  } catch {
    return false;
  }
}
