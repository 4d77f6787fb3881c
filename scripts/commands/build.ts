// build: `npm run build`. Reads the options, guards the output folder, answers an
// unchanged project from its fingerprint, and otherwise runs the build with progress,
// signals and a summary. The build itself is scripts/build.ts.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { UserError } from '../errors.ts';
import {
  FINGERPRINT_FILE,
  inputFingerprint,
  recordBuildStat,
  upToDate,
} from '../io/fingerprint.ts';
import { readRegistry } from '../io/registry.ts';
import { trace } from '../io/trace.ts';
import { diagnosticJson } from '../stages/diagnostics.ts';
import type { SealOptions } from '../services/seal.ts';
import type { Command, Io } from './command.ts';
import { oneOf, parseLangs, parseOptions } from './options.ts';
import { progressReporter, strictFailures, summaryLine, withheldLines } from './build-report.ts';

const OPTIONS = {
  lang: { type: 'string' },
  out: { type: 'string' },
  reports: { type: 'string' },
  force: { type: 'boolean', default: false },
  strict: { type: 'boolean', default: false },
  concurrency: { type: 'string' },
  'browser-ws': { type: 'string' },
  shard: { type: 'string' },
  'index-only': { type: 'boolean', default: false },
  stale: { type: 'string', default: 'mark' },
  format: { type: 'string', default: 'text' },
  'allow-partial': { type: 'boolean', default: false },
  'allow-incomplete': { type: 'boolean', default: false },
  verbose: { type: 'boolean', default: false },
  'base-url': { type: 'string' },
  seal: { type: 'string' },
  tsa: { type: 'string' },
  bilingual: { type: 'string' },
} as const;

/** The build's options as read from the command line and the environment. */
export interface BuildSettings {
  root: string;
  out: string;
  /** The internal reports (coverage, review pages, hyphenation breaks): never in the release. */
  reports: string;
  langs: string[] | undefined;
  force: boolean;
  strict: boolean;
  json: boolean;
  stale: 'mark' | 'english';
  concurrency: number;
  sourceDateEpoch: number | undefined;
  browserWs: string | undefined;
  shard: { index: number; count: number } | undefined;
  indexOnly: boolean;
  allowPartial: boolean;
  /** Publish the editions that do not meet the publication policy (marked). */
  allowIncomplete: boolean;
  /** Every warning on a line of its own (by default, warnings of one kind and language are grouped). */
  verbose: boolean;
  baseUrl: string | undefined;
  /** --seal <file.p12> (and --tsa <url>): every PDF written is sealed, and SHA256SUMS signed. */
  seal: SealOptions | undefined;
  /** --bilingual hr,el: the bilingual PDF of each (beside the authentic text). */
  bilingual: string[] | undefined;
  /** A plain `npm run build` (no option): it records what scripts/build.sh compares. */
  plain: boolean;
}

export const build: Command = {
  name: 'build',
  summary: 'build every HTML and PDF edition into dist/',
  help: (codes) => HELP(codes),
  async run(args, io) {
    const settings = await readSettings(args, io);
    const started = Date.now();
    const fingerprint = await inputFingerprint(settings.root, optionKey(settings));
    trace('cli: inputs hashed');
    if (
      !settings.force &&
      !settings.indexOnly &&
      (await upToDate(settings.out, fingerprint, settings.reports))
    )
      return answerUnchanged(settings, io, started);
    return runBuild(settings, io, started, fingerprint);
  },
};

async function readSettings(args: string[], io: Io): Promise<BuildSettings> {
  const { values } = parseOptions(args, OPTIONS);
  const format = oneOf(
    '--format',
    values.format,
    ['text', 'json'],
    'For example --format json: the diagnostics as one JSON object on stdout.',
  );
  const stale = oneOf(
    '--stale',
    values.stale,
    ['mark', 'english'],
    'For example --stale english shows the current English, marked, where a translation is out of date.',
  );
  const root = io.cwd;
  return {
    root,
    out: outputFolder(root, values.out),
    reports: reportsFolder(root, values.reports, outputFolder(root, values.out)),
    langs: parseLangs(values.lang, readRegistry(root)),
    force: values.force,
    strict: values.strict,
    json: format === 'json',
    stale,
    concurrency: parseConcurrency(values.concurrency),
    sourceDateEpoch: parseEpoch(io.env['SOURCE_DATE_EPOCH']),
    browserWs: values['browser-ws'] ?? io.env['SELEC_BROWSER_WS'],
    shard: parseShard(values.shard),
    indexOnly: values['index-only'],
    allowPartial: values['allow-partial'],
    allowIncomplete: values['allow-incomplete'],
    verbose: values.verbose,
    baseUrl:
      values['base-url'] !== undefined
        ? (await import('../stages/sitemap.ts')).parseBaseUrl(values['base-url'])
        : undefined,
    seal: await readSeal(values.seal, values.tsa, io),
    bilingual: parseLangs(values.bilingual, readRegistry(root)),
    plain: args.length === 0,
  };
}

/** The seal, loaded and checked before anything is printed; none without --seal. */
async function readSeal(
  file: string | undefined,
  tsa: string | undefined,
  io: Io,
): Promise<SealOptions | undefined> {
  if (file === undefined) {
    if (tsa !== undefined)
      throw new UserError(
        '--tsa needs --seal',
        'Give the seal too: --seal <file.p12> --tsa <url>.',
      );
    return undefined;
  }
  if (tsa !== undefined && !/^https?:\/\/[^\s]+$/.test(tsa))
    throw new UserError(
      `--tsa must be an http(s) URL, not "${tsa}"`,
      'For example --tsa http://timestamp.example.org/tsa.',
    );
  const { loadSealKey } = await import('../io/seal-key.ts');
  const key = await loadSealKey(resolve(io.cwd, file), io.env, io.now?.() ?? new Date());
  return { key, ...(tsa ? { tsa } : {}) };
}

/** The output folder, refused when the printer could read the project's own files from it. */
function outputFolder(root: string, given: string | undefined): string {
  const out = resolve(root, given ?? 'dist');
  const project = resolve(root);
  const inProject = ['source', 'translations', 'scripts', 'node_modules'].some(
    (d) => out === resolve(root, d) || out.startsWith(`${resolve(root, d)}/`),
  );
  if (out === project || project.startsWith(`${out}/`) || out === '/' || inProject)
    throw new UserError(
      `--out ${given ?? ''} would put the editions over the project's own files`,
      'Use a folder of its own, e.g. --out dist or --out /tmp/editions.',
    );
  return out;
}

/** The reports' folder: reports/ by default; never inside the release, nor over the project. */
function reportsFolder(root: string, given: string | undefined, out: string): string {
  const reports = resolve(root, given ?? 'reports');
  if (reports === out || reports.startsWith(`${out}/`))
    throw new UserError(
      `--reports ${given ?? ''} is inside the release folder ${out}: internal reports would be published`,
      'Use a folder beside it, e.g. --reports reports.',
    );
  outputFolder(root, given ?? 'reports');
  return reports;
}

function parseConcurrency(value: string | undefined): number {
  const concurrency = value !== undefined ? Number(value) : Math.max(1, availableParallelism());
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new UserError(
      `--concurrency must be a whole number of at least 1, not "${value}"`,
      'For example --concurrency 2.',
    );
  return concurrency;
}

function parseEpoch(raw: string | undefined): number | undefined {
  const epoch = raw !== undefined && raw !== '' ? Number(raw) : undefined;
  if (epoch !== undefined && !Number.isInteger(epoch))
    throw new UserError(
      `SOURCE_DATE_EPOCH must be whole seconds since 1970, not "${raw}"`,
      'Unset it to date the PDFs by the adoption date.',
    );
  return epoch;
}

function parseShard(value: string | undefined): { index: number; count: number } | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count)
    throw new UserError(
      `--shard must be i/n with 1 ≤ i ≤ n, not "${value}"`,
      'For example --shard 2/4 builds the second quarter of the editions.',
    );
  return { index, count };
}

/** The options that change what a build writes: part of the input fingerprint. */
function optionKey(s: BuildSettings): string {
  return JSON.stringify({
    langs: s.langs ?? null,
    out: s.out,
    reports: s.reports,
    epoch: s.sourceDateEpoch ?? null,
    shard: s.shard ?? null,
    strict: s.strict,
    allowIncomplete: s.allowIncomplete,
    indexOnly: s.indexOnly,
    stale: s.stale,
    baseUrl: s.baseUrl ?? null,
    seal: s.seal ? [s.seal.key.fingerprint, s.seal.tsa ?? null] : null,
    bilingual: s.bilingual ?? null,
  });
}

/** The no-op fast path: nothing read, nothing loaded, no browser. */
async function answerUnchanged(s: BuildSettings, io: Io, started: number): Promise<number> {
  // Same content, other times (a checkout, a touched file): record them, so that the next
  // plain build answers without Node.
  if (s.plain && s.out === resolve(s.root, 'dist')) await recordBuildStat(s.root, s.out);
  const secs = ((Date.now() - started) / 1000).toFixed(2);
  (s.json ? io.stderr : io.stdout).write(
    `nothing changed since the last build: ${s.out} is up to date (${secs} s)\n`,
  );
  if (s.json)
    io.stdout.write(
      `${JSON.stringify({ upToDate: true, errors: 0, warnings: 0, exitCode: 0, diagnostics: [] }, null, 2)}\n`,
    );
  return 0;
}

/** The build's browser, as the options and PUPPETEER_EXECUTABLE_PATH say. */
async function newPrinter(s: BuildSettings, io: Io) {
  const { Printer } = await import('../io/browser.ts');
  return new Printer({
    concurrency: s.concurrency,
    ...(s.browserWs ? { browserWSEndpoint: s.browserWs } : {}),
    ...(io.env['PUPPETEER_EXECUTABLE_PATH']
      ? { executablePath: io.env['PUPPETEER_EXECUTABLE_PATH'] }
      : {}),
  });
}

async function runBuild(
  s: BuildSettings,
  io: Io,
  started: number,
  fingerprint: string,
): Promise<number> {
  const printer = await newPrinter(s, io);
  // Something changed, so a PDF is most likely to be printed: start the browser now,
  // beside reading and rendering the project (it is closed unused if nothing is).
  if (!s.indexOnly) printer.warm();
  const [{ build: runPhases }, { writeAtomic }] = await Promise.all([
    import('../build.ts'),
    import('../io/files.ts'),
  ]);
  const report = progressReporter(io, s, () => void printer.close());
  const release = onSignals(io, () => printer.close());
  try {
    const result = await runPhases({
      root: s.root,
      outDir: s.out,
      reportsDir: s.reports,
      ...(s.langs ? { langs: s.langs } : {}),
      printer,
      onEvent: report.onEvent,
      force: s.force,
      concurrency: s.concurrency,
      ...(s.sourceDateEpoch !== undefined ? { sourceDateEpoch: s.sourceDateEpoch } : {}),
      ...(s.shard ? { shard: s.shard } : {}),
      indexOnly: s.indexOnly,
      stale: s.stale,
      allowPartial: s.allowPartial,
      strict: s.strict,
      allowIncomplete: s.allowIncomplete,
      ...(s.baseUrl ? { baseUrl: s.baseUrl } : {}),
      ...(s.seal ? { seal: s.seal } : {}),
      ...(s.bilingual ? { bilingual: s.bilingual } : {}),
    });
    report.flush();
    const code = summarize(s, io, result, report.seen, started);
    // Only a clean build may be skipped next time.
    if (code === 0 && !s.indexOnly) {
      await writeAtomic(resolve(s.out, FINGERPRINT_FILE), `${fingerprint}\n`);
      // A plain build also leaves what scripts/build.sh compares to answer the next one without Node.
      if (s.plain && s.out === resolve(s.root, 'dist')) await recordBuildStat(s.root, s.out);
    }
    return code;
  } finally {
    // The handlers stay until the browser is closed: a Ctrl-C while it closes still ends
    // with 130 and removes Chromium's profile; without them the default action would kill
    // this process at once and leave the profile in the temporary folder.
    await printer.close();
    release();
    trace('cli: browser closed');
  }
}

type Result = Awaited<ReturnType<typeof import('../build.ts').build>>;

/** Prints the summary (text or JSON) and decides the exit code. */
function summarize(
  s: BuildSettings,
  io: Io,
  result: Result,
  seen: ReturnType<typeof progressReporter>['seen'],
  started: number,
): number {
  const errors = seen.filter((d) => d.severity === 'error').length;
  const warnings = seen.length - errors;
  const missing = result.editions.reduce((n, e) => n + e.counts.missing, 0);
  const stale = result.editions.reduce((n, e) => n + e.counts.stale, 0);
  let code = 0;
  if (result.failed > 0 || errors > 0) code = 1;
  else if (s.strict && (warnings > 0 || missing > 0 || stale > 0)) code = 1;
  const strictReasons =
    s.strict && code === 1 && result.failed === 0 && errors === 0
      ? strictFailures(result.editions, seen)
      : [];
  if (s.json) {
    const body = {
      errors,
      warnings,
      failed: result.failed,
      printed: result.printed,
      missing,
      stale,
      exitCode: code,
      withheld: result.withheld,
      lapsed: result.lapsed,
      diagnostics: seen.map(diagnosticJson),
      ...(s.strict ? { strict: strictReasons } : {}),
    };
    io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return code;
  }
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  io.stdout.write(withheldLines(result));
  io.stdout.write(summaryLine(result, { secs, missing, stale, errors, warnings, out: s.out }));
  if (strictReasons.length > 0)
    io.stderr.write(
      `--strict: failing on ${strictReasons.length} finding${strictReasons.length === 1 ? '' : 's'}:\n${strictReasons.map((r) => `  ${r}\n`).join('')}  Translate the missing segments, check and mark the stale ones (npm run mark), or build without --strict.\n`,
    );
  return code;
}

/**
 * On SIGINT or SIGTERM: close the browser and the writes, discard what was staged, and
 * exit (130 or 143); a second signal or ten seconds end the process whatever happens.
 * Returns the function that removes the handlers.
 */
function onSignals(io: Io, closeBrowser: () => Promise<void>): () => void {
  const stop = async (signal: 'SIGINT' | 'SIGTERM'): Promise<void> => {
    const code = signal === 'SIGINT' ? 130 : 143;
    io.stderr.write(`\n${signal}: stopping, closing the browser; built editions are kept\n`);
    setTimeout(() => process.exit(code), 10_000).unref();
    const { discardStaged, stopWrites } = await import('../io/files.ts');
    await Promise.all([closeBrowser(), stopWrites()]);
    discardStaged();
    process.exit(code);
  };
  const onInt = () => void stop('SIGINT');
  const onTerm = () => void stop('SIGTERM');
  process.once('SIGINT', onInt);
  process.once('SIGTERM', onTerm);
  return () => {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  };
}

const HELP = (codes: readonly string[]): string => `Usage: npm run build -- [options]

Builds the HTML and PDF edition of every document in source/ for every language
into dist/: dist/<lang>/<document-id>.html and .pdf, dist/index.html,
dist/manifest.json and dist/SHA256SUMS. An edition with an error is not published
(its published files stay as they were); one that does not meet the publication
policy is listed as in preparation.

Options:
  --lang <codes>        only these editions, comma-separated (e.g. el,tr)
                        codes: ${codes.join(' ')}
  --out <dir>           the release folder, what is published (default: dist)
  --reports <dir>       internal reports: coverage dashboard, review pages, hyphenation
                        breaks (default: reports; never inside the release)
  --allow-incomplete    also publish editions that do not meet the publication policy
                        (publication.json), marked as incomplete or unsigned
  --verbose             every warning on its own line (default: grouped by kind and language)
  --force               print every PDF again even when nothing changed
  --strict              warnings are errors too (missing or stale segments, removed HTML):
                        an edition with one is not published
  --concurrency <n>     pages printed at once (default: one per core)
  --browser-ws <url>    print on a running Chromium: ws://… or http://host:port
                        (or SELEC_BROWSER_WS=<url>)
  --shard <i>/<n>       build only the i-th of n deterministic parts of the editions
                        (a CI matrix); each shard records dist/shards/<i>-of-<n>.json
  --format text|json    diagnostics as text on stderr (default) or one JSON object on stdout
  --index-only          print nothing: merge the manifests in dist/ (shards included)
                        into index.html, manifest.json, SHA256SUMS and the zip;
                        refuses when a shard of the set is missing
  --allow-partial       with --index-only: publish a set with missing shards
  --stale mark|english  a segment whose English changed since it was translated:
                        the old translation with a mark (default), or the English with a mark
  --base-url <url>      the address dist/ is published at: writes dist/sitemap.xml
  --seal <file.p12>     seal every PDF (PAdES, invisible, after PDF/A and PDF/UA) and sign
                        SHA256SUMS (dist/SHA256SUMS.p7s); the passphrase is read from
                        SELEC_SEAL_PASSPHRASE, never printed. Check with npm run verify.
  --tsa <url>           with --seal: an RFC 3161 time-stamp on each seal (PAdES-B-T)
  --bilingual <codes>   also print each document in these languages beside its authentic
                        text, two columns aligned by provision:
                        dist/compare/<document-id>/en-<lang>.pdf
                        (hreflang alternates) and canonical and og:url links
  -h, --help            show this help

Environment:
  PUPPETEER_EXECUTABLE_PATH   the browser to launch (default: /usr/bin/chromium-headless-shell,
                              else /usr/bin/chromium)
  SOURCE_DATE_EPOCH           seconds since 1970 for the PDF dates (default: the adoption date)
  SELEC_TRACE=1               print each milestone of the build on stderr (where the time goes)

Exit codes: 0 all editions built; 1 an edition failed, an error was found, or --strict
found warnings (it lists them); 2 bad input or options (the message names the file and
line), or another build (its pid is named) holds the lock of the output folder.
`;
