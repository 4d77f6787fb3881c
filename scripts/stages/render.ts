// render: Edition → the HTML page of the edition (pure). The same page is read on
// screen and printed to PDF; the print stylesheet and @page rules live in the CSS.
import type { Diagnostic } from '../errors.ts';
import { LANGUAGES, SOURCE_LANGUAGE } from '../languages.ts';
import { escapeCssString, escapeHtml } from './escape.ts';
import { metaText, type Edition, type EditionSegment } from './merge.ts';
import { renderInline } from './sanitize.ts';
import type { Block } from './segment.ts';
import { renderWebMeta } from './web-meta.ts';

export type ReviewStatus = 'draft' | 'reviewed' | 'approved';

export interface RenderOptions {
  /** Inserts soft hyphens into an HTML fragment of body text in the edition's language. */
  hyphenate?: (html: string) => string;
  /** Review status of the edition's translation; undefined for the English original. */
  status?: ReviewStatus;
  /** Absolute URL dist/ is published at (--base-url): canonical and absolute alternates. */
  baseUrl?: string;
}

export interface Rendered {
  html: string;
  diagnostics: Diagnostic[];
}

/** The file name of an edition inside dist/<lang>/. */
export const editionFile = (docId: string, ext: 'html' | 'pdf'): string => `${docId}.${ext}`;

/**
 * Renders one edition to a complete HTML document.
 * @example renderEdition(edition, { hyphenate, status: 'draft' }).html.startsWith('<!doctype html>')
 */
export function renderEdition(edition: Edition, options: RenderOptions = {}): Rendered {
  const { lang, doc, ui } = edition;
  // Editions live in dist/<lang>/: the other editions and the assets are one folder up.
  const root = '..';
  const diagnostics: Diagnostic[] = [];
  const isSource = lang.code === SOURCE_LANGUAGE;

  const inline = (seg: EditionSegment, body: boolean): string => {
    const { html, removed } = renderInline(seg.text);
    if (removed.length > 0) {
      diagnostics.push({
        severity: 'warning',
        message: `removed unsafe or unsupported HTML from segment "${seg.key}": ${removed.join(', ')}`,
        location: { file: seg.status === 'source' || seg.status === 'missing' ? doc.path : `translations/${lang.derivedFrom?.code ?? lang.code}/${doc.id}.json`, line: seg.line },
        lang: lang.code,
        key: seg.key,
      });
    }
    return body && options.hyphenate && seg.status !== 'missing' ? options.hyphenate(html) : html;
  };
  const seg = (key: string): EditionSegment => {
    const s = edition.segments.get(key);
    if (!s) throw new Error(`internal: segment ${key} missing from edition`);
    return s;
  };
  const attrs = (s: EditionSegment): string => {
    let a = ` id="seg-${escapeHtml(s.key)}" data-status="${s.status}"`;
    if (s.status === 'missing') a += ` lang="${SOURCE_LANGUAGE}" class="fallback" data-fallback="${escapeHtml(ui('fallback'))}"`;
    return a;
  };

  const renderBlocks = (blocks: Block[]): string =>
    blocks
      .map((b): string => {
        switch (b.type) {
          case 'heading': {
            const s = seg(b.key);
            return `<h${b.depth}${attrs(s)}>${inline(s, false)}</h${b.depth}>`;
          }
          case 'paragraph': {
            const s = seg(b.key);
            return `<p${attrs(s)}>${inline(s, true)}</p>`;
          }
          case 'list': {
            const tag = b.ordered ? 'ol' : 'ul';
            const start = b.ordered && b.start !== 1 ? ` start="${b.start}"` : '';
            return `<${tag}${start}>${b.items.map((k) => `<li${attrs(seg(k))}>${inline(seg(k), true)}</li>`).join('')}</${tag}>`;
          }
          case 'table': {
            const align = (i: number) => (b.align[i] ? ` style="text-align:${b.align[i]}"` : '');
            const head = b.header.map((k, i) => `<th scope="col"${attrs(seg(k))}${align(i)}>${inline(seg(k), false)}</th>`).join('');
            const rows = b.rows.map((r) => `<tr>${r.map((k, i) => `<td${attrs(seg(k))}${align(i)}>${inline(seg(k), true)}</td>`).join('')}</tr>`).join('\n');
            return `<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
          }
          case 'blockquote':
            return `<blockquote>${renderBlocks(b.blocks)}</blockquote>`;
          case 'code':
            return `<pre lang="zxx"><code>${escapeHtml(b.text)}</code></pre>`;
          case 'rule':
            return '<hr>';
        }
      })
      .join('\n');

  const title = metaText(edition, 'title');
  const subject = metaText(edition, 'subject');
  const issuer = metaText(edition, 'issuer');
  const keywords = metaText(edition, 'keywords');
  const dateline = ui('dateline', { place: metaText(edition, 'place'), date: doc.meta.date });
  const pageLabel = ui('page', { page: '\u0000', pages: '\u0001' });
  const pageContent = pageLabel
    .split(/(\u0000|\u0001)/)
    .filter((p) => p !== '')
    .map((p) => (p === '\u0000' ? 'counter(page)' : p === '\u0001' ? 'counter(pages)' : `"${escapeCssString(p)}"`))
    .join(' ');
  const file = editionFile(doc.id, 'html');
  const pdf = editionFile(doc.id, 'pdf');

  const webMeta = renderWebMeta({ lang, docId: doc.id, title, description: subject, ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}) });
  const switcher = LANGUAGES.map((l) =>
    l.code === lang.code
      ? `<li><a aria-current="page" lang="${l.code}" href="${file}">${escapeHtml(l.nativeName)}</a></li>`
      : `<li><a lang="${l.code}" hreflang="${l.code}" href="${root}/${l.code}/${file}">${escapeHtml(l.nativeName)}</a></li>`,
  ).join('');
  const notice = isSource ? '' : options.status === 'approved' ? '' : `<p class="notice" role="note">${escapeHtml(ui('unofficial'))}</p>\n`;
  const statusLabel = isSource ? ui('statusOriginal') : ui(`status${capitalize(options.status ?? 'draft')}`);
  const record = [
    [ui('recordDocument'), doc.id],
    [ui('recordLanguage'), `${lang.nativeName} (${lang.code})`],
    [ui('recordStatus'), statusLabel],
    [ui('recordSource'), doc.version.slice(0, 12)],
  ]
    .map(([k, v]) => `<div><dt>${escapeHtml(k ?? '')}</dt><dd>${escapeHtml(v ?? '')}</dd></div>`)
    .join('');

  const html = `<!doctype html>
<html lang="${lang.code}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<meta name="description" content="${escapeHtml(subject)}">
<meta name="author" content="${escapeHtml(issuer)}">
<meta name="keywords" content="${escapeHtml(keywords)}">
<meta name="generator" content="selec-editions">
${webMeta}
<link rel="alternate" type="application/pdf" href="${pdf}">
<link rel="stylesheet" href="${root}/assets/fonts.css">
<link rel="stylesheet" href="${root}/assets/edition.css">
<style>@page { @bottom-center { content: ${pageContent}; } }</style>
</head>
<body>
<a class="skip" href="#text">${escapeHtml(ui('skipToText'))}</a>
<header class="masthead">
<p class="issuer">${escapeHtml(issuer)}</p>
<p class="dateline">${escapeHtml(dateline)}</p>
<nav class="languages" aria-label="${escapeHtml(ui('otherLanguages'))}"><ul>${switcher}</ul></nav>
<p class="download"><a href="${pdf}" type="application/pdf">${escapeHtml(ui('downloadPdf'))}</a></p>
</header>
<main id="text">
${notice}<article>
${renderBlocks(edition.blocks)}
</article>
<footer class="record" aria-label="${escapeHtml(ui('editionRecord'))}">
<h2 class="record-title">${escapeHtml(ui('editionRecord'))}</h2>
<dl>${record}</dl>
</footer>
</main>
</body>
</html>
`;
  return { html, diagnostics };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
