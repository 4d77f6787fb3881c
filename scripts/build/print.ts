// print: one rendered page to its PDF. Prints it on the browser, finalizes it (metadata,
// dates, colour profile: byte for byte the same for the same page), stages it beside its
// place, and makes its manifest entry; publishing moves it in later, with its page.
import { noteRefId } from '../stages/notes.ts';
import { createHash } from 'node:crypto';
import { UserError } from '../errors.ts';
import { SOURCE_LANGUAGE, textDirection } from '../languages.ts';
import { discardStaged, inside, writeAtomic, writeIfChanged } from '../io/files.ts';
import { readIcc } from '../io/icc.ts';
import { breakReportPath, renderBreakReport } from '../stages/break-report.ts';
import { metaText, type Edition } from '../stages/merge.ts';
import { editionFile, languageWithCode, signoffParts } from '../stages/render.ts';
import { expansionsOf } from '../stages/merge.ts';
import { type CurrentSignoff } from '../stages/signoff.ts';
import { type ManifestEdition, type SealRecord } from '../stages/manifest.ts';
import { type LineBreak } from '../stages/finalize-pdf.ts';
import { editionState } from '../stages/editions.ts';
import { DEFAULT_ELI_TEMPLATE, identifiersOf } from '../stages/identifiers.ts';
import { LEGAL_STATUS_UI } from '../stages/legal-status.ts';
import { PRODUCER, type Context } from './context.ts';
import { type Planned } from './plan.ts';
import { type RenderState } from './records.ts';

/** An edition rendered and staged beside its place, waiting for its PDF (not io/browser's print job). */
export interface StagedPrint {
  planned: Planned;
  record: RenderState;
  stagedHtml: string;
  stagedPdf: string;
  /** The Akoma Ntoso XML, staged beside its place, and its manifest fields. */
  stagedXml: string;
  xml: { xml: string; xmlSha256: string };
}

export interface Printed {
  ready: Array<{ job: StagedPrint; entry: ManifestEdition }>;
  printed: number;
  failed: Set<string>;
}

/** Prints, finalizes and stages one PDF; a second failure marks the edition failed. No browser at all stops the build. */
export async function printJob(
  ctx: Context,
  job: StagedPrint,
  outcome: Printed,
  progress: { done: number; total: number },
): Promise<void> {
  const { edition } = job.planned;
  let lastError: unknown;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await printOnce(ctx, job, outcome, progress);
      return;
    } catch (err) {
      if (err instanceof UserError) throw err;
      lastError = err;
    }
  }
  outcome.failed.add(job.planned.id);
  discardStaged([job.stagedHtml, job.stagedPdf, job.stagedXml]);
  ctx.emit({
    type: 'edition',
    lang: edition.lang.code,
    document: edition.doc.id,
    result: 'failed',
    error: (lastError as Error)?.message ?? String(lastError),
    done: ++progress.done,
    total: progress.total,
  });
}

/** One attempt, all of it retried when any of it fails: the PDF, its break report, its entry. */
async function printOnce(
  ctx: Context,
  job: StagedPrint,
  outcome: Printed,
  progress: { done: number; total: number },
): Promise<void> {
  const { edition, signoff } = job.planned;
  const { options, out } = ctx;
  const raw = await options.printer.print({
    htmlPath: job.stagedHtml,
    allow: out,
    version: ctx.assetKey,
  });
  const pdf = await finishPdf(ctx, edition, signoff, raw);
  await writeAtomic(job.stagedPdf, pdf.bytes);
  await writeIfChanged(
    inside(ctx.reports, breakReportPath(edition.lang.code, edition.doc.id)),
    renderBreakReport(edition.lang.code, edition.doc.id, pdf.breaks),
  );
  const entry: ManifestEdition = {
    lang: edition.lang.code,
    document: edition.doc.id,
    html: `${edition.lang.code}/${editionFile(edition.doc.id, 'html')}`,
    pdf: `${edition.lang.code}/${editionFile(edition.doc.id, 'pdf')}`,
    bytes: pdf.bytes.length,
    sha256: createHash('sha256').update(pdf.bytes).digest('hex'),
    pages: pdf.pages,
    ...job.xml,
    ...editionState(edition, signoff),
    key: job.record.key,
    ...(pdf.seal ? { seal: pdf.seal } : {}),
  };
  outcome.ready.push({ job, entry });
  outcome.printed++;
  ctx.emit({
    type: 'edition',
    lang: edition.lang.code,
    document: edition.doc.id,
    result: 'printed',
    pages: pdf.pages,
    bytes: pdf.bytes.length,
    breaks: pdf.breaks.length,
    done: ++progress.done,
    total: progress.total,
  });
}

/** Chromium's PDF made the edition's: PDF/A-2u and PDF/UA-1, then sealed when the build seals. */
async function finishPdf(
  ctx: Context,
  edition: Edition,
  signoff: CurrentSignoff | undefined,
  raw: Uint8Array,
): Promise<{ bytes: Uint8Array; pages: number; breaks: LineBreak[]; seal?: SealRecord }> {
  const { options } = ctx;
  const { finalizePdf } = await import('../stages/finalize-pdf.ts');
  const meta = pdfMetadata(edition, options.sourceDateEpoch, signoff, {
    baseUrl: options.baseUrl,
    template: ctx.project.policy.identifier,
  });
  const pdf = await finalizePdf(raw, meta, {
    icc: await readIcc(),
    // A note's link back goes to the passage that refers to it.
    linkText: (target) => {
      const back = edition.notes.find((n) => noteRefId(n) === target);
      return plainText(edition.segments.get(back?.ref ?? target.replace(/^seg-/, ''))?.text);
    },
    notes: edition.notes.map((n) => `seg-${n.key}`),
    abbreviations: expansionsOf(edition),
  });
  if (!options.seal) return pdf;
  const { sealPdf } = await import('../services/seal.ts');
  const description = edition.ui('sealDescription', {
    document: meta.title,
    language: languageWithCode(edition.lang.nativeName, edition.lang.code),
    version: edition.doc.meta.date,
  });
  const sealed = await sealPdf(pdf.bytes, { date: meta.date, description }, options.seal);
  return { ...pdf, ...sealed };
}

/** A segment's Markdown as plain words: a link's description in the PDF ("Article 2"). */
function plainText(markdown: string | undefined): string | undefined {
  if (markdown === undefined) return undefined;
  const text = markdown
    .replace(/\[([^\]]*)\](\([^)]*\)|\[[^\]]*\])?/g, '$1')
    .replace(/[*_`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text || undefined;
}

/** The PDF's document information: part of its print key, so the same page gets the same bytes. */
export function pdfMetadata(
  edition: Edition,
  epoch: number | undefined,
  signoff: CurrentSignoff | undefined,
  ids: { baseUrl?: string | undefined; template?: string } = {},
) {
  const subject = metaText(edition, 'subject');
  // The Subject carries what the reader is shown: "…, hrvatski — Odobreni prijevod".
  const { status, legal } = signoffParts(edition, signoff);
  const identifiers = identifiersOf(edition.doc, ids.template ?? DEFAULT_ELI_TEMPLATE, ids.baseUrl);
  return {
    title: metaText(edition, 'title'),
    author: metaText(edition, 'issuer'),
    subject:
      edition.lang.code === SOURCE_LANGUAGE
        ? subject
        : `${edition.ui('pdfSubject', { subject, language: edition.lang.nativeName })} — ${status}`,
    keywords: [metaText(edition, 'keywords')].filter(Boolean),
    lang: edition.lang.code,
    date:
      epoch !== undefined ? new Date(epoch * 1000) : new Date(`${edition.doc.meta.date}T00:00:00Z`),
    producer: PRODUCER,
    identifier: identifiers.manifestation(edition.lang.code, 'pdf'),
    rights: edition.ui(LEGAL_STATUS_UI[legal]),
    ...(textDirection(edition.lang) === 'rtl' ? { rtl: true } : {}),
  };
}
