// finalize-pdf: Chromium's PDF bytes → the distribution PDF. Applies the steps of
// scripts/stages/pdf/ in order, on one reading of the file: the clean text layer,
// artifacts, the structure tree fixes, metadata (Info + XMP), the sRGB output intent,
// and a deterministic trailer /ID, so that equal inputs give equal bytes.
import { tagNotes } from './pdf/notes.ts';
import { expandAbbreviations, mcidTexts } from './pdf/abbreviations.ts';
import { markArtifacts } from './pdf/artifacts.ts';
import { applyEdits, pageFonts, tokenize } from './pdf/content.ts';
import { addObject, lookup, pages, readPdf, writePdf, type PdfFile } from './pdf/file.ts';
import { setMetadata, type PdfMetadata } from './pdf/metadata.ts';
import { isRef, ref, type PdfValue } from './pdf/objects.ts';
import { addOutputIntent } from './pdf/output-intent.ts';
import { describeLinks, fixStructure, forgetMcids, ownerType } from './pdf/structure.ts';
import { cleanTextLayer } from './pdf/text-layer.ts';

export type { PdfMetadata };

export interface FinalizeOptions {
  /** The sRGB ICC profile of the output intent (vendor/icc/sRGB.icc). */
  icc: Uint8Array;
  /** The text of the place an internal link goes to (an element id): the link's description. */
  linkText?: (target: string) => string | undefined;
  /** The element ids of the footnotes, in order: tagged Note, the links to them Reference. */
  notes?: readonly string[];
  /** The abbreviations of the text with their expansions: each use gets its /E. */
  abbreviations?: ReadonlyArray<{ abbr: string; title: string }>;
}

/** A word broken at a line end, as printed, and the page it ends on (1-based). */
export interface LineBreak {
  word: string;
  page: number;
}

export interface FinalizedPdf {
  bytes: Uint8Array;
  pages: number;
  breaks: LineBreak[];
}

/** Labels and figures keep their painted marks (a list bullet is the label's content). */
const KEEP_PAINT = new Set(['Lbl', 'Figure', 'Formula']);

/**
 * Post-processes one printed PDF; keeps tags, outline, links and /Lang.
 * @example const { bytes, breaks } = await finalizePdf(raw, { title: 'Joint Declaration', lang: 'en', … }, { icc })
 */
export async function finalizePdf(
  input: Uint8Array,
  meta: PdfMetadata,
  options: FinalizeOptions,
): Promise<FinalizedPdf> {
  const pdf = readPdf(input);
  const breaks: LineBreak[] = [];
  const list = pages(pdf);
  const texts = new Map<number, Map<number, string>>();
  list.forEach(({ page }, index) => {
    const key = page.entries.get('StructParents');
    const structKey = typeof key === 'number' ? key : undefined;
    const contents = contentStreams(pdf, page.entries.get('Contents'));
    const height = mediaHeight(page.entries.get('MediaBox'));
    const ops = tokenize(contents);
    const fonts = pageFonts(pdf, page);
    if (structKey !== undefined && options.abbreviations?.length)
      texts.set(structKey, mcidTexts(ops, fonts));
    const cleaned = cleanTextLayer(ops, fonts);
    for (const word of cleaned.breaks) breaks.push({ word, page: index + 1 });
    const marked = markArtifacts(
      ops,
      height,
      (mcid) => !KEEP_PAINT.has(ownerType(pdf, structKey, mcid) ?? ''),
    );
    if (structKey !== undefined && marked.decorative.length > 0)
      forgetMcids(pdf, structKey, marked.decorative);
    const num = addObject(
      pdf,
      { kind: 'dict', entries: new Map() },
      Buffer.from(applyEdits(contents, [...cleaned.edits, ...marked.edits]), 'latin1'),
    );
    page.entries.set('Contents', ref(num));
  });
  tagNotes(pdf, options.notes ?? []);
  expandAbbreviations(pdf, texts, options.abbreviations ?? []);
  fixStructure(pdf);
  describeLinks(pdf, options.linkText ?? (() => undefined));
  const xmp = setMetadata(pdf, meta);
  addOutputIntent(pdf, options.icc);
  return { bytes: writePdf(pdf, { uncompressed: new Set([xmp]) }), pages: list.length, breaks };
}

/** The page's content as one string; the old stream objects are dropped (the new one replaces them). */
function contentStreams(pdf: PdfFile, contents: PdfValue | undefined): string {
  const refs = (Array.isArray(contents) ? contents : [contents]).filter(isRef);
  const parts: string[] = [];
  for (const r of refs) {
    lookup(pdf, r.num);
    const data = pdf.objects.get(r.num)?.stream;
    if (data) parts.push(Buffer.from(data).toString('latin1'));
    pdf.objects.delete(r.num);
  }
  return parts.join('\n');
}

function mediaHeight(box: PdfValue | undefined): number {
  return Array.isArray(box) && typeof box[3] === 'number' && typeof box[1] === 'number'
    ? box[3] - box[1]
    : 842;
}
