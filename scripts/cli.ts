// cli: argv → options → one command. The only module that prints or sets an exit code.
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { availableParallelism } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { BuildEvent } from './build.ts';
import { FINGERPRINT_FILE, inputFingerprint, recordBuildStat, upToDate } from './io/fingerprint.ts';
import { formatLocation, UserError, type Diagnostic } from './errors.ts';
import { LANGUAGES, REGISTRY_ERROR, unknownLanguage } from './languages.ts';
import { formatBytes } from './stages/escape.ts';
import { didYouMean } from './stages/suggest.ts';
import { breakReportPath } from './stages/break-report.ts';
import { trace } from './io/trace.ts';

export interface Io {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The clock of dated records (npm run review); the system clock by default. */
  now?: () => Date;
}

const HELP = `Usage: npm run build -- [options]

Builds the HTML and PDF edition of every document in source/ for every language
into dist/: dist/<lang>/<document-id>.html and .pdf, dist/index.html,
dist/manifest.json and dist/SHA256SUMS.

Options:
  --lang <codes>        only these editions, comma-separated (e.g. el,tr)
                        codes: ${LANGUAGES.map((l) => l.code).join(' ')}
  --out <dir>           output folder (default: dist)
  --force               print every PDF again even when nothing changed
  --strict              exit 1 on warnings too (missing or stale translations, removed HTML)
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

/** Runs one command; returns the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [command = 'build', ...rest] = argv[0]?.startsWith('-') ? ['build', ...argv] : argv;
  try {
    if (REGISTRY_ERROR) throw REGISTRY_ERROR;
    switch (command) {
      case 'build':
        return await runBuild(rest, io);
      case 'coverage':
        return await runCoverage(rest, io);
      case 'mark':
        return await runMark(rest, io);
      case 'check':
        return await (await import('./check-command.ts')).runCheckCommand(rest, io);
      case 'review':
        return await (await import('./review-command.ts')).runReview(rest, io);
      case 'add-language':
        return await (await import('./add-language-command.ts')).runAddLanguage(rest, io);
      case 'xliff':
      case 'po':
        return await (
          await import('./xliff-command.ts')
        ).runXliff(
          rest,
          io.cwd,
          { stdout: (s) => io.stdout.write(s), stderr: (s) => io.stderr.write(s) },
          command === 'po' ? { format: 'po' } : {},
        );
      case 'dev':
        return await (await import('./dev-command.ts')).runDev(rest, io);
      case 'help':
        io.stdout.write(HELP);
        return 0;
      default:
        throw new UserError(
          `unknown command "${command}"`,
          'Use one of: build, coverage, check, mark, review, xliff, po, add-language, dev (see --help).',
        );
    }
  } catch (err) {
    return reportError(err, io);
  }
}

function reportError(err: unknown, io: Io): number {
  if (err instanceof UserError) {
    io.stderr.write(`error: ${locatedMessage(err)}\n  ${err.hint}\n`);
    return 2;
  }
  if (err instanceof TypeError && (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    io.stderr.write(`error: ${err.message}\n  See --help for the options.\n`);
    return 2;
  }
  io.stderr.write(`internal error (please report it): ${(err as Error)?.stack ?? String(err)}\n`);
  return 1;
}

/** The message with its line and column when the location knows more than the message says. */
function locatedMessage(err: UserError): string {
  const loc = err.location;
  if (loc?.line === undefined || !err.message.startsWith(`${loc.file}: `)) return err.message;
  return `${formatLocation(loc)}: ${err.message.slice(loc.file.length + 2)}`;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.location ? `${formatLocation(d.location)}: ` : '';
  const lang = d.lang ? `[${d.lang}] ` : '';
  return `${d.severity}: ${where}${lang}${d.message}`;
}

function parseLangs(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const codes = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = codes.find((c) => !LANGUAGES.some((l) => l.code === c));
  if (unknown !== undefined) throw unknownLanguage(unknown);
  if (codes.length === 0)
    throw new UserError(
      '--lang names no language',
      `Use codes of the registry: ${LANGUAGES.map((l) => l.code).join(', ')}.`,
    );
  return codes;
}

const COVERAGE_HELP = `Usage: npm run coverage -- [options]

Translation coverage per language and document: total segments, translated (up to
date), stale (the English changed since), missing (shown in English), orphaned
(a translation whose English segment is gone), percent up to date, and the review
of each edition: {status, current, by, date} in JSON (current: signed for the English
and the translation of today; see npm run review -- --help).

Options:
  --format table|json   output format (default: table)
  --lang <codes>        only these languages, comma-separated
  --fail-under <pct>    exit 1 when an edition (a language's edition of one document)
                        is below this percent up to date; names each such edition
  -h, --help            show this help
`;

async function runCoverage(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      format: { type: 'string', default: 'table' },
      lang: { type: 'string' },
      'fail-under': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(COVERAGE_HELP);
    return 0;
  }
  if (values.format !== 'table' && values.format !== 'json')
    throw new UserError(
      `--format must be "table" or "json", not "${values.format}"`,
      'For example --format json.',
    );
  const failUnder = values['fail-under'] !== undefined ? Number(values['fail-under']) : undefined;
  if (failUnder !== undefined && !(failUnder >= 0 && failUnder <= 100))
    throw new UserError(
      `--fail-under must be a percent between 0 and 100, not "${values['fail-under']}"`,
      'For example --fail-under 90.',
    );
  const codes = parseLangs(values.lang);
  const { loadProject } = await import('./io/project.ts');
  const { mergeAll, signoffOf } = await import('./build.ts');
  const { computeCoverage, coverageTable } = await import('./stages/report.ts');
  const project = await loadProject(io.cwd);
  const langs = LANGUAGES.filter((l) => !codes || codes.includes(l.code));
  const coverage = computeCoverage(mergeAll(project, langs), (code, docId) =>
    signoffOf(project, code, docId),
  );
  io.stdout.write(
    values.format === 'json'
      ? `${JSON.stringify(coverage, null, 2)}\n`
      : coverageTable(coverage, true),
  );
  if (failUnder !== undefined) {
    const below = Object.entries(coverage.languages).flatMap(([code, c]) =>
      Object.entries(c.documents)
        .filter(([, d]) => d.percent < failUnder)
        .map(([doc, d]) => [`${code}/${doc}`, d.percent] as const),
    );
    for (const [edition, pct] of below)
      io.stderr.write(`coverage of ${edition} is ${pct.toFixed(1)}%, below ${failUnder}%\n`);
    if (below.length > 0) return 1;
  }
  return 0;
}

const MARK_HELP = `Usage: npm run mark -- --lang <codes> [--document <id>] [--key <keys>]

Records that the translations of a language were made from the English as it is now,
so that they count as up to date again (after a reviewer checked a stale segment).
This is the only command besides "xliff import" that changes that record; a build
never does. Writes translations/<lang>/<document-id>.source.json.

Options:
  --lang <codes>      languages, comma-separated, or "all" (derived editions follow their source)
  --document <id>     only this document
  --key <keys>        only these segment keys, comma-separated (default: every translated key)
  -h, --help          show this help
`;

async function runMark(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      lang: { type: 'string' },
      document: { type: 'string' },
      key: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(MARK_HELP);
    return 0;
  }
  if (!values.lang)
    throw new UserError(
      'mark needs --lang',
      'For example: npm run mark -- --lang hr --key preamble',
    );
  const codes =
    values.lang === 'all'
      ? LANGUAGES.filter((l) => l.code !== 'en' && !l.derivedFrom).map((l) => l.code)
      : (parseLangs(values.lang) ?? []);
  for (const code of codes) {
    const lang = LANGUAGES.find((l) => l.code === code);
    if (lang?.derivedFrom)
      throw new UserError(
        `${code} is derived from ${lang.derivedFrom.code}; it has no record of its own`,
        `Mark ${lang.derivedFrom.code} instead.`,
      );
    if (code === 'en')
      throw new UserError(
        'en is the source language; it has nothing to mark',
        'Name a translation language.',
      );
  }
  const { loadProject } = await import('./io/project.ts');
  const { markCurrent, writeRecords } = await import('./io/translations.ts');
  const project = await loadProject(io.cwd);
  const ids = project.documents.map((d) => d.doc.id);
  let docs = project.documents.filter((d) => !values.document || d.doc.id === values.document);
  if (docs.length === 0)
    throw new UserError(
      `no document with the id "${values.document}".${didYouMean(values.document ?? '', ids)}`.replace(
        /\.$/,
        '',
      ),
      `Use one of: ${ids.join(', ')}.`,
    );
  const wanted = values.key
    ?.split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (wanted) {
    // Without --document, a key names the segment of whichever document has it.
    const all = docs.flatMap((d) => d.segmented.segments.map((s) => s.key));
    const unknown = wanted.find((k) => !all.includes(k));
    if (unknown !== undefined)
      throw new UserError(
        `${values.document ? `${docs[0]?.doc.path ?? ''} has no segment` : 'no document in source/ has a segment'} "${unknown}".${didYouMean(unknown, all)}`.replace(
          /\.$/,
          '',
        ),
        'Use the key written after the block as {#key} (npm run coverage -- --format json lists them per document).',
      );
    docs = docs.filter((d) => d.segmented.segments.some((s) => wanted.includes(s.key)));
  }
  let marked = 0;
  for (const code of codes) {
    for (const { doc, segmented } of docs) {
      const translated = Object.keys(project.resources[code]?.[doc.id] ?? {});
      const keys = (wanted ?? translated).filter((k) => translated.includes(k));
      for (const k of wanted ?? []) {
        if (!segmented.segments.some((s) => s.key === k)) continue;
        if (!translated.includes(k))
          io.stderr.write(
            `warning: ${code} has no translation of "${k}" in ${doc.id}; nothing to mark\n`,
          );
      }
      const before = project.records[code]?.[doc.id] ?? {};
      const after = markCurrent(before, segmented.segments, keys);
      const changed = keys.filter((k) => before[k]?.sha !== after[k]?.sha).length;
      await writeRecords(io.cwd, code, doc.id, after, segmented.segments);
      marked += changed;
      io.stdout.write(
        `${code}/${doc.id}: ${changed} segment${changed === 1 ? '' : 's'} marked up to date (${keys.length} checked)\n`,
      );
    }
  }
  io.stdout.write(`marked ${marked} segments\n`);
  return 0;
}

async function runBuild(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      lang: { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean', default: false },
      strict: { type: 'boolean', default: false },
      concurrency: { type: 'string' },
      'browser-ws': { type: 'string' },
      shard: { type: 'string' },
      'index-only': { type: 'boolean', default: false },
      stale: { type: 'string', default: 'mark' },
      format: { type: 'string', default: 'text' },
      'allow-partial': { type: 'boolean', default: false },
      'base-url': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (values.format !== 'text' && values.format !== 'json')
    throw new UserError(
      `--format must be "text" or "json", not "${values.format}"`,
      'For example --format json: the diagnostics as one JSON object on stdout.',
    );
  const json = values.format === 'json';
  const langs = parseLangs(values.lang);
  if (values.stale !== 'mark' && values.stale !== 'english')
    throw new UserError(
      `--stale must be "mark" or "english", not "${values.stale}"`,
      'For example --stale english shows the current English, marked, where a translation is out of date.',
    );
  const staleMode = values.stale;
  const concurrency =
    values.concurrency !== undefined
      ? Number(values.concurrency)
      : Math.max(1, availableParallelism());
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new UserError(
      `--concurrency must be a whole number of at least 1, not "${values.concurrency}"`,
      'For example --concurrency 2.',
    );
  const epochRaw = io.env['SOURCE_DATE_EPOCH'];
  const sourceDateEpoch = epochRaw !== undefined && epochRaw !== '' ? Number(epochRaw) : undefined;
  if (sourceDateEpoch !== undefined && !Number.isInteger(sourceDateEpoch))
    throw new UserError(
      `SOURCE_DATE_EPOCH must be whole seconds since 1970, not "${epochRaw}"`,
      'Unset it to date the PDFs by the adoption date.',
    );
  const ws = values['browser-ws'] ?? io.env['SELEC_BROWSER_WS'];
  const shard = parseShard(values.shard);
  const baseUrl =
    values['base-url'] !== undefined
      ? (await import('./stages/sitemap.ts')).parseBaseUrl(values['base-url'])
      : undefined;
  const root = io.cwd;
  const out = resolve(root, values.out ?? 'dist');
  // The printer may read everything under the output folder: never the project itself.
  if (
    out === resolve(root) ||
    resolve(root).startsWith(`${out}/`) ||
    out === '/' ||
    ['source', 'translations', 'scripts', 'node_modules'].some(
      (d) => out === resolve(root, d) || out.startsWith(`${resolve(root, d)}/`),
    )
  ) {
    throw new UserError(
      `--out ${values.out ?? ''} would put the editions over the project's own files`,
      'Use a folder of its own, e.g. --out dist or --out /tmp/editions.',
    );
  }
  const started = Date.now();

  // The no-op fast path: nothing read, nothing loaded, no browser.
  const optionKey = JSON.stringify({
    langs: langs ?? null,
    out,
    epoch: sourceDateEpoch ?? null,
    shard: shard ?? null,
    strict: values.strict,
    indexOnly: values['index-only'],
    stale: staleMode,
    baseUrl: baseUrl ?? null,
  });
  const fingerprint = await inputFingerprint(root, optionKey);
  trace('cli: inputs hashed');
  if (!values.force && !values['index-only'] && (await upToDate(out, fingerprint))) {
    // Same content, other times (a checkout, a touched file): record them, so that the next plain build answers without Node.
    if (args.length === 0 && out === resolve(root, 'dist')) await recordBuildStat(root, out);
    (json ? io.stderr : io.stdout).write(
      `nothing changed since the last build: ${out} is up to date (${((Date.now() - started) / 1000).toFixed(2)} s)\n`,
    );
    if (json)
      io.stdout.write(
        `${JSON.stringify({ upToDate: true, errors: 0, warnings: 0, exitCode: 0, diagnostics: [] }, null, 2)}\n`,
      );
    return 0;
  }

  const { Printer } = await import('./io/browser.ts');
  const printer = new Printer({
    concurrency,
    ...(ws ? { browserWSEndpoint: ws } : {}),
    ...(io.env['PUPPETEER_EXECUTABLE_PATH']
      ? { executablePath: io.env['PUPPETEER_EXECUTABLE_PATH'] }
      : {}),
  });
  // Something changed, so a PDF is most likely to be printed: start the browser now,
  // beside reading and rendering the project (it is closed unused if nothing is).
  if (!values['index-only']) printer.warm();
  const [{ build }, { discardStaged, stopWrites, writeAtomic }] = await Promise.all([
    import('./build.ts'),
    import('./io/files.ts'),
  ]);
  let warnings = 0;
  let errors = 0;
  const seen: Diagnostic[] = [];
  let printStart = 0;
  let printedNow = 0;
  // With --format json, stdout carries the JSON only: progress goes to stderr.
  const progress = json ? io.stderr : io.stdout;
  const tty = !json && io.stdout.isTTY === true;
  const onEvent = (e: BuildEvent): void => {
    if (e.type === 'diagnostic') {
      if (e.diagnostic.severity === 'error') errors++;
      else warnings++;
      seen.push(e.diagnostic);
      if (!json) io.stderr.write(`${formatDiagnostic(e.diagnostic)}\n`);
    } else if (e.type === 'printed') {
      // Close the browser while the distribution set is written.
      void printer.close();
    } else if (e.type === 'start') {
      printStart = Date.now();
      progress.write(
        e.toPrint === 0
          ? `${e.editions} editions, all PDFs up to date\n`
          : `${e.editions} editions, printing ${e.toPrint} PDF${e.toPrint === 1 ? '' : 's'}\n`,
      );
    } else if (e.type === 'edition' && e.result !== 'unchanged') {
      printedNow++;
      const label = `[${String(e.done).padStart(String(e.total).length)}/${e.total}] ${e.lang}/${e.document}`;
      const breaks =
        e.breaks === undefined
          ? ''
          : `, ${e.breaks} line-end break${e.breaks === 1 ? '' : 's'} in ${relative(io.cwd, join(out, breakReportPath(e.lang, e.document))) || '.'}`;
      const line =
        e.result === 'printed'
          ? `${label}: ${e.pages} page${e.pages === 1 ? '' : 's'}, ${formatBytes(e.bytes ?? 0)}${breaks}`
          : `${label}: FAILED: ${e.error}`;
      if (!tty || e.result === 'failed') {
        progress.write(`${tty ? '\r\x1b[2K' : ''}${line}\n`);
        return;
      }
      const secs = (Date.now() - printStart) / 1000;
      const rate = secs > 0 ? printedNow / secs : 0;
      const eta = rate > 0 ? (e.total - e.done) / rate : 0;
      const width = 24;
      const filled = Math.round((e.done / e.total) * width);
      progress.write(
        `\r\x1b[2K[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${e.done}/${e.total} ${rate.toFixed(1)}/s ETA ${eta.toFixed(0)} s  ${e.lang}/${e.document}${e.done === e.total ? '\n' : ''}`,
      );
    }
  };
  const stop = async (signal: 'SIGINT' | 'SIGTERM'): Promise<void> => {
    io.stderr.write(`\n${signal}: stopping, closing the browser; built editions are kept\n`);
    // Whatever happens, do not hang: a second signal or ten seconds end the process.
    setTimeout(() => process.exit(signal === 'SIGINT' ? 130 : 143), 10_000).unref();
    await Promise.all([printer.close(), stopWrites()]);
    discardStaged();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  const onInt = () => void stop('SIGINT');
  const onTerm = () => void stop('SIGTERM');
  process.once('SIGINT', onInt);
  process.once('SIGTERM', onTerm);
  try {
    const result = await build({
      root,
      outDir: out,
      ...(langs ? { langs } : {}),
      printer,
      onEvent,
      force: values.force,
      concurrency,
      ...(sourceDateEpoch !== undefined ? { sourceDateEpoch } : {}),
      ...(shard ? { shard } : {}),
      indexOnly: values['index-only'],
      stale: staleMode,
      allowPartial: values['allow-partial'],
      ...(baseUrl ? { baseUrl } : {}),
    });
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    const missing = result.editions.reduce((n, e) => n + e.counts.missing, 0);
    const stale = result.editions.reduce((n, e) => n + e.counts.stale, 0);
    const summary =
      `built ${result.editions.length - result.failed} of ${result.editions.length} editions (${result.printed} printed) in ${secs} s; ${missing} segments shown in English, ${stale} stale; ${errors} errors, ${warnings} warnings\n` +
      (result.sitemap
        ? `sitemap: ${join(out, 'sitemap.xml')}\n`
        : 'no sitemap: give --base-url <url> (the address dist/ is published at) to write dist/sitemap.xml\n');
    let code = 0;
    if (result.failed > 0 || errors > 0) code = 1;
    else if (values.strict && (warnings > 0 || missing > 0 || stale > 0)) code = 1;
    const strictReasons =
      values.strict && code === 1 && result.failed === 0 && errors === 0
        ? strictFailures(result.editions, seen)
        : [];
    if (json)
      io.stdout.write(
        `${JSON.stringify({ errors, warnings, failed: result.failed, printed: result.printed, missing, stale, exitCode: code, diagnostics: seen.map(diagnosticJson), ...(values.strict ? { strict: strictReasons } : {}) }, null, 2)}\n`,
      );
    else {
      io.stdout.write(summary);
      if (strictReasons.length > 0)
        io.stderr.write(
          `--strict: failing on ${strictReasons.length} finding${strictReasons.length === 1 ? '' : 's'}:\n${strictReasons.map((r) => `  ${r}\n`).join('')}  Translate the missing segments, check and mark the stale ones (npm run mark), or build without --strict.\n`,
        );
    }
    // Only a clean build may be skipped next time.
    if (code === 0 && !values['index-only']) {
      await writeAtomic(join(out, FINGERPRINT_FILE), `${fingerprint}\n`);
      // A plain build also leaves what scripts/build.sh compares to answer the next one without Node.
      if (args.length === 0 && out === resolve(root, 'dist')) await recordBuildStat(root, out);
    }
    return code;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    await printer.close();
    trace('cli: browser closed');
  }
}

/** Why --strict fails: every warning, then each edition with segments in English or stale. */
function strictFailures(
  editions: ReadonlyArray<{
    lang: string;
    document: string;
    counts: { missing: number; stale: number };
  }>,
  diagnostics: readonly Diagnostic[],
): string[] {
  const out = diagnostics.filter((d) => d.severity === 'warning').map(formatDiagnostic);
  for (const e of editions) {
    if (e.counts.missing > 0)
      out.push(
        `missing: ${e.lang}/${e.document}: ${e.counts.missing} segment${e.counts.missing === 1 ? '' : 's'} shown in English (rule missing-translation)`,
      );
    if (e.counts.stale > 0)
      out.push(
        `stale: ${e.lang}/${e.document}: ${e.counts.stale} segment${e.counts.stale === 1 ? '' : 's'} translated from an older English (rule stale-translation)`,
      );
  }
  return out;
}

/** A diagnostic as --format json shows it: a rule id always ("unclassified" for findings that have none yet). */
export function diagnosticJson(d: Diagnostic): Record<string, unknown> {
  return {
    severity: d.severity,
    rule: d.rule ?? 'unclassified',
    message: d.message,
    ...(d.location
      ? { file: d.location.file, line: d.location.line, column: d.location.column }
      : {}),
    ...(d.lang ? { lang: d.lang } : {}),
    ...(d.key ? { key: d.key } : {}),
  };
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

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  }).then((code) => {
    process.exitCode = code;
  });
}
