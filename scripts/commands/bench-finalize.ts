// bench-finalize: what the PDF post-processing costs per PDF, in process. Prints every
// edition of the project once with Chromium (raw bytes, as the build receives them),
// then times finalizePdf on each, round after round, against the metadata-only pdf-lib
// pass the build used before (load, set Info, save), on the same bytes.
//   npm run bench:finalize [-- --rounds 20]
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { build } from '../build.ts';
import { Printer } from '../io/browser.ts';
import { readIcc } from '../io/icc.ts';
import { readRegistry } from '../io/registry.ts';
import { finalizePdf, type PdfMetadata } from '../stages/finalize-pdf.ts';
import type { Command, Io } from './command.ts';

const HELP = `Usage: npm run bench:finalize [-- --rounds 20]

Per-PDF time of the post-processing (finalizePdf) on the raw Chromium PDFs of every
edition, against the old metadata-only pdf-lib pass: median, 10th and 90th percentile, in ms.
`;

export const benchFinalize: Command = {
  name: 'bench:finalize',
  summary: 'per-PDF time of the PDF post-processing',
  help: () => HELP,
  run,
};

async function run(args: string[], io: Io): Promise<number> {
  const log = (...parts: unknown[]): void => void io.stdout.write(`${parts.join(' ')}\n`);
  const { values } = parseArgs({
    args,
    options: {
      rounds: { type: 'string', default: '20' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const ROOT = join(import.meta.dirname, '..', '..');
  const rounds = Number(values.rounds);
  const raws = await rawPdfs(ROOT);
  const times = await timeRounds(raws, rounds);
  log(`${raws.length} PDFs × ${rounds} rounds, ms per PDF:`);
  log(line('finalizePdf (all steps), wall', times.wall));
  log(line('finalizePdf (all steps), CPU', times.cpu));
  log(line('old pdf-lib metadata pass, wall', times.old));
  log(
    `extra over the old pass (medians): ${(pct(times.wall, 50) - pct(times.old, 50)).toFixed(1)} ms`,
  );
  return 0;
}

/** One raw PDF as Chromium printed it, with the metadata finalizePdf is given. */
interface RawPdf {
  name: string;
  bytes: Uint8Array;
  meta: PdfMetadata;
}

// Every edition of a scratch copy of the project, built, then printed once more raw.
async function rawPdfs(root: string): Promise<RawPdf[]> {
  const dir = await mkdtemp(join(tmpdir(), 'selec-bench-finalize-'));
  await cp(join(root, 'source'), join(dir, 'source'), { recursive: true });
  await cp(join(root, 'translations'), join(dir, 'translations'), { recursive: true });
  const printer = new Printer();
  const raws: RawPdf[] = [];
  try {
    await build({ root: dir, printer });
    for (const lang of readRegistry(dir).languages) {
      for (const doc of ['joint-declaration']) {
        const bytes = await printer.print({
          htmlPath: join(dir, 'dist', lang.code, `${doc}.html`),
          allow: join(dir, 'dist'),
        });
        raws.push({
          name: `${lang.code}/${doc}`,
          bytes,
          meta: {
            title: doc,
            author: 'SELEC',
            subject: doc,
            keywords: ['SELEC'],
            lang: lang.code,
            date: new Date('2019-10-31T00:00:00Z'),
            producer: 'selec-editions',
          },
        });
      }
    }
  } finally {
    await printer.close();
  }
  return raws;
}

// finalizePdf and the old pass on every PDF, round after round (three warm-up rounds first).
async function timeRounds(
  raws: RawPdf[],
  rounds: number,
): Promise<{ wall: number[]; cpu: number[]; old: number[] }> {
  const icc = await readIcc();
  const times = { wall: [] as number[], cpu: [] as number[], old: [] as number[] };
  for (let r = -3; r < rounds; r++) {
    for (const { bytes, meta } of raws) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await finalizePdf(bytes, meta, { icc });
      const t1 = performance.now();
      const c1 = process.cpuUsage(c0);
      await oldPass(bytes, meta);
      const t2 = performance.now();
      if (r < 0) continue; // warm-up rounds: JIT
      times.wall.push(t1 - t0);
      times.cpu.push((c1.user + c1.system) / 1000);
      times.old.push(t2 - t1);
    }
  }
  return times;
}

// The metadata-only pdf-lib pass the build used before finalizePdf: the baseline.
async function oldPass(input: Uint8Array, meta: PdfMetadata): Promise<Uint8Array> {
  const pdf = await PDFDocument.load(input, { updateMetadata: false });
  pdf.setTitle(meta.title, { showInWindowTitleBar: true });
  pdf.setAuthor(meta.author);
  pdf.setProducer(meta.producer);
  pdf.setCreationDate(meta.date);
  pdf.setModificationDate(meta.date);
  return pdf.save({
    useObjectStreams: false,
    addDefaultPage: false,
    updateFieldAppearances: false,
  });
}

// The p-th percentile of `xs` (nearest rank).
function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

// One line of the table: median, p10, p90 and min of one series, in ms.
function line(label: string, xs: number[]): string {
  return `${label.padEnd(34)} median ${pct(xs, 50).toFixed(1).padStart(6)}  p10 ${pct(xs, 10).toFixed(1).padStart(6)}  p90 ${pct(xs, 90).toFixed(1).padStart(6)}  min ${Math.min(
    ...xs,
  )
    .toFixed(1)
    .padStart(6)}  (n=${xs.length})`;
}
