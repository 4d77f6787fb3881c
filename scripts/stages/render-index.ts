// render-index: the download page, dist/index.html: every edition by its native
// name, with its HTML and PDF, the PDF's size, pages, status and checksum.
import { LANGUAGES } from '../languages.ts';
import { escapeHtml, formatBytes } from './escape.ts';
import type { ManifestEdition } from './manifest.ts';
import { reviewText } from './signoff.ts';

/** "100.0% up to date · approved by A on 2026-11-30": coverage and sign-off, so a 0 % edition never looks finished. */
function editionStatus(e: ManifestEdition): string {
  const review = e.review ? reviewText(e.review) : e.status;
  return e.percent === undefined ? review : `${e.percent.toFixed(1)}% up to date · ${review}`;
}

export interface IndexEntry {
  id: string;
  title: string;
  editions: ManifestEdition[];
}

/** Renders the index page (in English, each edition named in its own language). */
export function renderIndex(entries: IndexEntry[], ui: (key: string, vars?: Record<string, unknown>) => string): string {
  const sections = entries
    .map((entry) => {
      const rows = LANGUAGES.map((lang) => {
        const e = entry.editions.find((x) => x.lang === lang.code);
        const name = `<span lang="${lang.code}">${escapeHtml(lang.nativeName)}</span>`;
        if (!e) return `<tr><th scope="row">${name}</th><td>${escapeHtml(lang.englishName)}</td><td colspan="5">not built</td></tr>`;
        return `<tr><th scope="row">${name}</th><td>${escapeHtml(lang.englishName)}</td><td><a href="${escapeHtml(e.html)}" hreflang="${lang.code}">HTML</a></td><td><a href="${escapeHtml(e.pdf)}" hreflang="${lang.code}" type="application/pdf">PDF</a>, ${formatBytes(e.bytes)}</td><td>${e.pages}</td><td>${escapeHtml(editionStatus(e))}</td><td><code>${e.sha256}</code></td></tr>`;
      }).join('\n');
      return `<section aria-labelledby="doc-${escapeHtml(entry.id)}">
<h2 id="doc-${escapeHtml(entry.id)}">${escapeHtml(entry.title)}</h2>
<table>
<caption>Editions of ${escapeHtml(entry.title)}</caption>
<thead><tr><th scope="col">Edition</th><th scope="col">Language</th><th scope="col">Read online</th><th scope="col">${escapeHtml(ui('downloadPdf'))}</th><th scope="col">Pages</th><th scope="col">Status</th><th scope="col">SHA-256</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SELEC editions</title>
<link rel="stylesheet" href="assets/fonts.css">
<link rel="stylesheet" href="assets/pages.css">
</head>
<body>
<header><h1>SELEC editions</h1>
<p>Every edition of every document, in the languages of the member states of the Southeast European Law Enforcement Center. The English text is authentic; the other editions are translations whose status is shown. Verify a download with <code>sha256sum -c SHA256SUMS</code>, or get them all in <a href="selec-editions.zip">one archive</a>. <a href="coverage/index.html">Translation coverage</a>.</p>
</header>
<main>
${sections}
</main>
</body>
</html>
`;
}
