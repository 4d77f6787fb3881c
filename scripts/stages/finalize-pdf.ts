// finalize-pdf: Chromium's PDF bytes → the distribution PDF: metadata of the edition,
// dates from the document instead of the clock, so that equal inputs give equal bytes.
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';

export interface PdfMetadata {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  lang: string;
  /** The date the PDF claims for creation and modification. */
  date: Date;
  producer: string;
}

export interface FinalizedPdf {
  bytes: Uint8Array;
  pages: number;
}

/**
 * Rewrites the document information dictionary; keeps tags, outline and /Lang.
 * @example await finalizePdf(bytes, { title: 'Joint Declaration', lang: 'en', … })
 */
export async function finalizePdf(input: Uint8Array, meta: PdfMetadata): Promise<FinalizedPdf> {
  const pdf = await PDFDocument.load(input, { updateMetadata: false });
  pdf.setTitle(meta.title, { showInWindowTitleBar: true });
  pdf.setAuthor(meta.author);
  pdf.setSubject(meta.subject);
  pdf.setKeywords(meta.keywords);
  pdf.setProducer(meta.producer);
  pdf.setCreator(meta.producer);
  pdf.setCreationDate(meta.date);
  pdf.setModificationDate(meta.date);
  // Chromium sets /Lang from <html lang> in tagged PDFs; make sure it is the edition's.
  pdf.catalog.set(PDFName.of('Lang'), PDFString.of(meta.lang));
  const bytes = await pdf.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
  return { bytes, pages: pdf.getPageCount() };
}
