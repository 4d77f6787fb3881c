// render-print: the render and print pipeline. Renders the planned editions one by one
// and hands each page to a print worker as soon as it is rendered, so that the browser
// prints while the next page is rendered; unchanged editions are told as such at the end.
import { createHash } from 'node:crypto';
import { DEFAULT_CONCURRENCY } from '../io/browser.ts';
import { stagedPath, writeAtomic, writeIfChanged } from '../io/files.ts';
import { hyphenatorFor } from '../io/hyphenation.ts';
import { trace } from '../io/trace.ts';
import { aknFile, renderAkomaNtoso } from '../stages/akoma-ntoso.ts';
import { renderEdition } from '../stages/render.ts';
import { editionState } from '../stages/editions.ts';
import { PRINT_VERSION, report, sealIdentity, type Context } from './context.ts';
import { versionsOf } from './releases.ts';
import { type Planned } from './plan.ts';
import { pdfMetadata, printJob, type Printed, type StagedPrint } from './print.ts';
import { fileSha, type RenderState } from './records.ts';

/**
 * Renders the editions one by one and prints each as soon as it is rendered, on as
 * many workers as twice the browser's pages: while one finalizes a PDF in Node, another
 * already prints. `afterRender` runs once every page is rendered, beside the printing.
 */
export async function renderAndPrint(
  ctx: Context,
  toRender: Planned[],
  alreadyDone: number,
  afterRender: () => Promise<void>,
): Promise<Printed> {
  const outcome: Printed = { ready: [], printed: 0, failed: new Set() };
  const queue = jobQueue();
  const progress = { done: alreadyDone, total: alreadyDone + toRender.length };
  let aborted = false;
  const worker = async (): Promise<void> => {
    for (let job = await queue.next(); job && !aborted; job = await queue.next()) {
      try {
        await printJob(ctx, job, outcome, progress);
      } catch (err) {
        aborted = true;
        throw err;
      }
    }
  };
  const workers = ctx.options.htmlOnly
    ? []
    : Array.from({ length: workerCount(ctx, toRender.length) }, worker);
  const producer = (async () => {
    try {
      for (const p of toRender) {
        if (aborted) break;
        const job = await renderOne(ctx, p, progress);
        trace(`build: rendered ${p.id}`);
        if (job) queue.push(job);
        // Let the browser's messages through between pages.
        await new Promise<void>((r) => setImmediate(r));
      }
    } finally {
      queue.close();
    }
    // Load the PDF post-processing while the browser prints, not after.
    if (!ctx.options.htmlOnly && toRender.length > 0) await import('../stages/finalize-pdf.ts');
    await afterRender();
  })();
  const settled = await Promise.allSettled([producer, ...workers]);
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) throw failure.reason;
  return outcome;
}

/** Twice the browser's pages: while one worker finalizes a PDF in Node, another prints. */
function workerCount(ctx: Context, pages: number): number {
  return Math.max(1, Math.min(2 * (ctx.options.concurrency ?? DEFAULT_CONCURRENCY), pages));
}

/** The rendered pages between the producer and the workers; `next` waits while rendering goes on. */
function jobQueue(): {
  push(job: StagedPrint): void;
  close(): void;
  next(): Promise<StagedPrint | undefined>;
} {
  const queue: StagedPrint[] = [];
  const waiting: Array<() => void> = [];
  let rendering = true;
  const wake = (): void => {
    for (const w of waiting.splice(0)) w();
  };
  return {
    push(job) {
      queue.push(job);
      wake();
    },
    close() {
      rendering = false;
      wake();
    },
    async next() {
      while (queue.length === 0 && rendering) await new Promise<void>((r) => waiting.push(r));
      return queue.shift();
    },
  };
}

/** The Akoma Ntoso XML of an edition, and what the manifest records of it. */
function xmlEdition(
  edition: Planned['edition'],
  ids: { baseUrl?: string | undefined; template: string },
) {
  const xml = renderAkomaNtoso(edition, {
    ...(ids.baseUrl ? { baseUrl: ids.baseUrl } : {}),
    template: ids.template,
  });
  const xmlFields = {
    xml: `${edition.lang.code}/${aknFile(edition.doc.id)}`,
    xmlSha256: createHash('sha256').update(xml).digest('hex'),
  };
  return { xml, xmlFields };
}

/** Everything the PDF is made of: the page, its assets, the metadata written after printing. */
function printKey(ctx: Context, html: string, metadata: unknown): string {
  return createHash('sha256')
    .update(PRINT_VERSION)
    .update(ctx.assetKey)
    .update(sealIdentity(ctx.options) ?? '')
    .update(html)
    .update(JSON.stringify(metadata))
    .digest('hex');
}

/** Renders one edition: unchanged (its PDF already printed from this very page), HTML only, or a print job. */
async function renderOne(
  ctx: Context,
  p: Planned,
  progress: { done: number; total: number },
): Promise<StagedPrint | undefined> {
  const { edition, signoff } = p;
  const { options } = ctx;
  const ids = { baseUrl: options.baseUrl, template: ctx.project.policy.identifier };
  const rendered = renderEdition(edition, {
    hyphenate: hyphenatorFor(edition.lang, ctx.root),
    ...(signoff ? { signoff } : {}),
    ...(options.stale ? { stale: options.stale } : {}),
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    identifierTemplate: ids.template,
    ...(sealIdentity(options) !== null ? { sealed: true } : {}),
    versions: versionsOf(ctx, edition),
  });
  for (const d of rendered.diagnostics) report(ctx, d);
  const { xml, xmlFields } = xmlEdition(edition, ids);
  const key = printKey(
    ctx,
    rendered.html,
    pdfMetadata(edition, options.sourceDateEpoch, signoff, ids),
  );
  const record: RenderState = {
    inputs: p.inputs,
    key,
    html: createHash('sha256').update(rendered.html).digest('hex'),
    diagnostics: rendered.diagnostics,
  };
  const known = (ctx.manifest.get(p.id) ?? []).find((e) => e.key === key);
  if (
    options.htmlOnly ||
    (!options.force && known && (await fileSha(p.pdfPath)) === known.sha256)
  ) {
    // The PDF on disk was printed from exactly this page: the HTML belongs with it.
    await writeIfChanged(p.htmlPath, rendered.html);
    await writeIfChanged(p.xmlPath, xml);
    if (known && !options.htmlOnly) {
      ctx.manifest.set(p.id, [{ ...known, ...editionState(edition, signoff), ...xmlFields }]);
      ctx.records.set(p.id, record);
      progress.done++; // reported as unchanged with the others, once printing is over
    }
    return undefined;
  }
  const stagedHtml = stagedPath(p.htmlPath);
  await writeAtomic(stagedHtml, rendered.html);
  const stagedXml = stagedPath(p.xmlPath);
  await writeAtomic(stagedXml, xml);
  return {
    planned: p,
    record,
    stagedHtml,
    stagedPdf: stagedPath(p.pdfPath),
    stagedXml,
    xml: xmlFields,
  };
}

/** The editions neither printed nor failed, told once printing is over (they count as done from the start). */
export function reportUnchanged(ctx: Context, plan: Planned[], outcome: Printed): void {
  const printedIds = new Set(outcome.ready.map((r) => r.job.planned.id));
  for (const p of plan)
    if (!printedIds.has(p.id) && !outcome.failed.has(p.id))
      ctx.emit({
        type: 'edition',
        lang: p.edition.lang.code,
        document: p.edition.doc.id,
        result: 'unchanged',
        done: plan.length,
        total: plan.length,
      });
}
