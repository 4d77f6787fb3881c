// Reads PDFs back for the tests: pdfjs-dist for text and outline, pdf-lib for the
// catalog, poppler's pdffonts/pdfinfo as an independent second reader.
import { execFileSync } from 'node:child_process';
import { PDFDocument, PDFName } from 'pdf-lib';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfFacts {
  pages: number;
  text: string;
  /** The text of each page. */
  pageTexts: string[];
  outline: string[];
  lang: string | undefined;
}

export async function readPdf(bytes: Uint8Array): Promise<PdfFacts> {
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  });
  const pdf = await task.promise;
  const pageTexts: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const page = await pdf.getPage(i);
    const content = await page.getTextContent();
    let t = '';
    for (const item of content.items) {
      if ('str' in item) t += item.str + (item.hasEOL ? '\n' : '');
    }
    pageTexts.push(t);
  }
  const text = pageTexts.join('\n');
  const outline = ((await pdf.getOutline()) ?? []).flatMap(function walk(o): string[] {
    return [o.title, ...(o.items ?? []).flatMap(walk)];
  });
  const pages = pdf.numPages;
  await task.destroy();
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const lang = doc.catalog
    .lookup(PDFName.of('Lang'))
    ?.toString()
    .replace(/^\(|\)$/g, '');
  return { pages, text, pageTexts, outline, lang };
}

/** Font names that pdffonts lists, with whether each is embedded. */
export function pdfFonts(file: string): Array<{ name: string; embedded: boolean }> {
  const out = execFileSync('pdffonts', [file], { encoding: 'utf8' });
  return out
    .split('\n')
    .slice(2)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const cols = l.trim().split(/\s+/);
      // name type... encoding emb sub uni id gen: emb is the 5th column from the end
      return { name: cols[0] ?? '', embedded: cols[cols.length - 5] === 'yes' };
    });
}

export function pdfInfo(file: string): Record<string, string> {
  const out = execFileSync('pdfinfo', ['-isodates', file], { encoding: 'utf8' });
  return Object.fromEntries(
    out
      .split('\n')
      .filter((l) => l.includes(':'))
      .map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]),
  );
}
