// break-report: the line-end hyphenation breaks a PDF actually uses, one a line, so
// that a reviewer of the language reads them all at once (dist/hyphenation/).
import type { LineBreak } from './finalize-pdf.ts';

/** Where the report of one edition lives, relative to dist/. */
export const breakReportPath = (lang: string, docId: string): string =>
  `hyphenation/${lang}/${docId}.txt`;

/**
 * The report: a header line, then "page<TAB>word as broken" in reading order.
 * @example renderBreakReport('hr', 'joint-declaration', [{ word: 'Hercegovi-na', page: 1 }])
 */
export function renderBreakReport(lang: string, docId: string, breaks: LineBreak[]): string {
  const head = `# ${lang}/${docId}.pdf: ${breaks.length} word${breaks.length === 1 ? '' : 's'} broken at a line end by hyphenation, as printed (page, word)\n`;
  return head + breaks.map((b) => `${b.page}\t${b.word}\n`).join('');
}
