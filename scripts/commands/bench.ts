// bench: speed as a user feels it. Whole processes only: `npm run build` (cold, no-op,
// after editing one translation) against a bare print loop run as its own process
// (scripts/bench/bare-loop.mjs: launch, two reused pages, goto + pdf, write) on the
// headless shell, with full Chromium's loop for reference. Runs alternate, so that
// load from elsewhere hits both sides; ratios are of medians, and per pair.
//   npm run bench [-- --runs 3] [--documents 6] [--large-runs 1] [--no-full] [--seal]
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchLarge, benchSmall, type Bench } from '../bench/build-vs-bare.ts';
import { HEADLESS_SHELL } from '../io/browser.ts';
import type { Command, Io } from './command.ts';

const HELP = `Usage: npm run bench [-- --runs 3] [--documents N] [--large-runs 1] [--no-full] [--seal]

Whole processes, alternating: "npm run build" cold, no-op and after editing one
translation, against a bare puppeteer loop on the headless shell (and, for
reference, on full Chromium) printing the same HTML files. With --documents N,
the same at N copies of every document (N x 13 editions), with the peak memory
of each process tree. Medians, min-max, ratios of medians and of each pair.
With --seal: only what sealing costs: cold "npm run build -- --seal <key>" against
cold "npm run build" at N copies of every document (--documents, 6 by default: 78
editions), alternating, with a throwaway key made by openssl.
`;

export const bench: Command = {
  name: 'bench',
  summary: 'whole-process speed of npm run build against a bare print loop',
  help: () => HELP,
  run,
};

async function run(args: string[], io: Io): Promise<number> {
  const log = (...parts: unknown[]): void => void io.stdout.write(`${parts.join(' ')}\n`);
  const ROOT = join(import.meta.dirname, '..', '..');
  const { values } = parseArgs({
    args,
    options: {
      runs: { type: 'string', default: '3' },
      documents: { type: 'string' },
      'large-runs': { type: 'string' },
      'no-full': { type: 'boolean', default: false },
      seal: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const runs = Number(values.runs);
  const shellMode = existsSync(HEADLESS_SHELL) ? 'shell' : 'full';
  const withFull = !values['no-full'] && existsSync('/usr/bin/chromium') && shellMode === 'shell';
  const b: Bench = { root: ROOT, shellMode, withFull, runs, log };

  log(
    `bench: ${cpus().length} cores, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ' ',
      )}, baseline: bare loop on ${shellMode === 'shell' ? HEADLESS_SHELL : 'full Chromium (no headless shell installed)'}${existsSync('/usr/bin/time') ? '' : ' (no /usr/bin/time: no CPU times)'}`,
  );
  if (values.seal) {
    // Only the cost of sealing: cold sealed builds against cold unsealed ones.
    const { benchSeal } = await import('../bench/seal.ts');
    await benchSeal(log, ROOT, Number(values.documents ?? 6), runs);
    return 0;
  }
  await benchSmall(b);
  if (values.documents) {
    const copies = Number(values.documents);
    if (!Number.isInteger(copies) || copies < 1)
      throw new Error(`--documents must be a whole number, not "${values.documents}"`);
    await benchLarge(b, copies, Number(values['large-runs'] ?? (copies > 20 ? 1 : runs)));
  }
  log(
    `\nload at the end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (ratios are only meaningful on an otherwise idle machine)`,
  );
  return 0;
}
