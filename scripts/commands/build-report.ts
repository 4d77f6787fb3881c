// build-report: what `npm run build` tells while it runs and when it ends: diagnostics
// as they come, one line (or a progress bar on a terminal) per edition, the summary.
import { join, relative } from 'node:path';
import type { BuildEvent, BuildResult } from '../build.ts';
import type { Diagnostic } from '../errors.ts';
import { breakReportPath } from '../stages/break-report.ts';
import { formatDiagnostic } from '../stages/diagnostics.ts';
import { formatBytes } from '../stages/escape.ts';
import type { Io } from './command.ts';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The build's event handler for the terminal: collects the diagnostics (`seen`), prints
 * them on stderr (not with --format json), and the progress on stdout (stderr with JSON).
 * `onPrinted` runs once every PDF is printed (the browser may close).
 */
export function progressReporter(
  io: Io,
  s: { json: boolean; reports: string; verbose?: boolean },
  onPrinted: () => void,
): { onEvent: (e: BuildEvent) => void; seen: Diagnostic[]; flush: () => void } {
  const seen: Diagnostic[] = [];
  const held: Diagnostic[] = [];
  // With --format json, stdout carries the JSON only: progress goes to stderr.
  const progress = s.json ? io.stderr : io.stdout;
  const tty = !s.json && io.stdout.isTTY === true;
  let printStart = 0;
  let printedNow = 0;
  const onEvent = (e: BuildEvent): void => {
    if (e.type === 'diagnostic') {
      seen.push(e.diagnostic);
      // Errors at once; warnings at the end, those of one kind and language on one line.
      if (s.json) return;
      if (e.diagnostic.severity === 'error' || s.verbose)
        io.stderr.write(
          `${formatDiagnostic(e.diagnostic)}\n${e.diagnostic.hint ? `  ${e.diagnostic.hint}\n` : ''}`,
        );
      else held.push(e.diagnostic);
    } else if (e.type === 'lapse') {
      // A signed edition turned draft: said at once, on every output but JSON's.
      if (!s.json) io.stderr.write(`lapsed: ${e.lapse.message}\n`);
    } else if (e.type === 'printed') {
      onPrinted();
    } else if (e.type === 'start') {
      printStart = Date.now();
      const held = e.withheld > 0 ? ` (${e.withheld} not published)` : '';
      progress.write(
        e.toPrint === 0
          ? `${plural(e.editions, 'edition')}${held}, all PDFs up to date\n`
          : `${plural(e.editions, 'edition')}${held}: rendering ${e.toPrint}, printing ${plural(e.toPrint, 'PDF')} at most (a page that did not change keeps its PDF)\n`,
      );
    } else if (e.type === 'edition' && e.result !== 'unchanged') {
      printedNow++;
      const line = editionLine(e, io.cwd, s.reports);
      if (!tty || e.result === 'failed') progress.write(`${tty ? '\r\x1b[2K' : ''}${line}\n`);
      else progress.write(progressBar(e, printedNow, (Date.now() - printStart) / 1000));
    }
  };
  const flush = (): void => {
    for (const line of groupWarnings(held)) io.stderr.write(`${line}\n`);
    held.length = 0;
  };
  return { onEvent, seen, flush };
}

/** How many warnings of one rule and language are shown one by one before they are grouped. */
const GROUP_AT = 3;

/**
 * Warnings as lines: one each, but those of one rule and language that come GROUP_AT
 * times or more on one line with their count, their keys and the first message.
 * @example groupWarnings(w) // ['warning: [de] 25 × ui-untranslated (translations/de/ui.json): …; --verbose lists each']
 */
export function groupWarnings(warnings: readonly Diagnostic[]): string[] {
  const groups = new Map<string, Diagnostic[]>();
  for (const d of warnings) {
    const k = `${d.rule ?? ''}\0${d.lang ?? ''}`;
    groups.set(k, [...(groups.get(k) ?? []), d]);
  }
  const out: string[] = [];
  for (const group of groups.values()) {
    const first = group[0];
    if (!first) continue;
    if (group.length < GROUP_AT || first.rule === undefined) {
      out.push(...group.map(formatDiagnostic));
      continue;
    }
    const files = [...new Set(group.map((d) => d.location?.file).filter(Boolean))];
    const keys = group.map((d) => d.key).filter((k): k is string => k !== undefined);
    const lang = first.lang ? `[${first.lang}] ` : '';
    const where =
      files.length === 1 ? ` (${files[0]})` : files.length > 1 ? ` (${files.length} files)` : '';
    const what =
      keys.length > 0 ? `: ${keys.slice(0, 6).join(', ')}${keys.length > 6 ? ', …' : ''}` : '';
    out.push(
      `warning: ${lang}${group.length} × ${first.rule}${where}${what}; first: ${first.message}; --verbose lists each`,
    );
  }
  return out;
}

type EditionEvent = Extract<BuildEvent, { type: 'edition' }>;

function editionLine(e: EditionEvent, cwd: string, reports: string): string {
  const label = `[${String(e.done).padStart(String(e.total).length)}/${e.total}] ${e.lang}/${e.document}`;
  if (e.result !== 'printed') return `${label}: FAILED: ${e.error}`;
  const report = relative(cwd, join(reports, breakReportPath(e.lang, e.document))) || '.';
  const breaks =
    e.breaks === undefined ? '' : `, ${plural(e.breaks, 'line-end break')} in ${report}`;
  return `${label}: ${plural(e.pages ?? 0, 'page')}, ${formatBytes(e.bytes ?? 0)}${breaks}`;
}

function progressBar(e: EditionEvent, printed: number, secs: number): string {
  const rate = secs > 0 ? printed / secs : 0;
  const eta = rate > 0 ? (e.total - e.done) / rate : 0;
  const width = 24;
  const filled = Math.round((e.done / e.total) * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const end = e.done === e.total ? '\n' : '';
  return `\r\x1b[2K${bar} ${e.done}/${e.total} ${rate.toFixed(1)}/s ETA ${eta.toFixed(0)} s  ${e.lang}/${e.document}${end}`;
}

/**
 * What the build did not publish: each edition kept back by errors on a line of its own;
 * editions in preparation grouped by document and reason.
 */
export function withheldLines(result: BuildResult): string {
  const lines: string[] = [];
  const policy = new Map<string, string[]>();
  for (const w of result.withheld) {
    if (w.kind === 'error') {
      lines.push(
        `not published: ${w.lang}/${w.document} (${w.reasons.join(', ')}); its published files, if any, are kept as they were`,
      );
      continue;
    }
    const k = `${w.document}\0${w.reasons.join('; ')}`;
    policy.set(k, [...(policy.get(k) ?? []), w.lang]);
  }
  for (const [k, langs] of policy) {
    const [document, reasons] = k.split('\0');
    lines.push(
      `in preparation, not published: ${document} in ${langs.join(', ')} (${reasons}); --allow-incomplete publishes ${langs.length === 1 ? 'it' : 'them'}`,
    );
  }
  return lines.map((l) => `${l}\n`).join('');
}

/** The last lines of a build: what was built, printed and found, and where the sitemap is. */
export function summaryLine(
  result: BuildResult,
  n: {
    secs: string;
    missing: number;
    stale: number;
    errors: number;
    warnings: number;
    out: string;
  },
): string {
  const built = result.editions.length - result.failed;
  const total = result.editions.length + result.withheld.length;
  const unchanged = built - result.printed;
  const extra = [
    unchanged > 0 ? `${unchanged} unchanged` : '',
    result.withheld.length > 0 ? `${result.withheld.length} not published` : '',
  ]
    .filter(Boolean)
    .map((x) => `, ${x}`)
    .join('');
  const sitemap = result.sitemap
    ? `sitemap: ${join(n.out, 'sitemap.xml')}\n`
    : 'no sitemap: give --base-url <url> (the address dist/ is published at) to write dist/sitemap.xml\n';
  return (
    `built ${built} of ${total} editions (${result.printed} printed${extra}) in ${n.secs} s; ` +
    `${n.missing} segments shown in English, ${n.stale} stale; ${n.errors} errors, ${n.warnings} warnings\n` +
    sitemap
  );
}

/** Why --strict fails: every warning, then each edition with segments in English or stale. */
export function strictFailures(
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
        `missing: ${e.lang}/${e.document}: ${plural(e.counts.missing, 'segment')} shown in English (rule missing-translation)`,
      );
    if (e.counts.stale > 0)
      out.push(
        `stale: ${e.lang}/${e.document}: ${plural(e.counts.stale, 'segment')} translated from an older English (rule stale-translation)`,
      );
  }
  return out;
}
