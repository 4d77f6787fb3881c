// render-index: the download page, dist/index.html: every edition by its native
// name, with its HTML, PDF and Akoma Ntoso XML, the PDF's size, pages, status, coverage and checksum.
// A table on wide screens; pages.css turns each row into a compact card on a phone.
import { dirAttribute, type Language } from '../languages.ts';
import { escapeHtml, formatBytes } from './escape.ts';
import { indexSearchForm } from './search-page.ts';
import type { ManifestEdition, WithheldEdition } from './manifest.ts';
import { reviewText } from './signoff.ts';
import { LEGAL_STATUS_TEXT } from './legal-status.ts';
import type { Counts } from './merge.ts';
import { percent } from './report.ts';

export interface IndexEntry {
  id: string;
  title: string;
  editions: ManifestEdition[];
  /** Segment counts per language code, for the coverage cell. */
  counts?: Record<string, Counts>;
  /** Editions not published, and why. */
  withheld?: WithheldEdition[];
}

/** How many hex digits of the SHA-256 the page shows; the whole value is one click away and in SHA256SUMS. */
const SHA_PREFIX = 12;

/** Renders the index page (in English, each edition named in its own language). */
export function renderIndex(
  entries: IndexEntry[],
  ui: (key: string, vars?: Record<string, unknown>) => string,
  registry: readonly Language[],
  /** The coverage dashboard, linked when it is published beside the index (the dev server). */
  coverageHref?: string,
): string {
  const coverage = coverageHref
    ? ` <a href="${escapeHtml(coverageHref)}">Translation coverage</a>.`
    : '';
  const sections = entries.map((entry) => renderSection(entry, ui, registry)).join('\n');
  const seal = sealNote(entries);
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
<a class="skip" href="#main">Skip to the editions</a>
<header><h1>SELEC editions</h1>
<p>Every edition of every document, in the languages of the member states of the Southeast European Law Enforcement Center. The English text is authentic; the other editions are translations whose status is shown. Verify a download with <code>sha256sum -c SHA256SUMS</code>, or get them all in <a href="selec-editions.zip">one archive</a>.${coverage}</p>${seal}
${indexSearchForm(registry)}
</header>
<main id="main">
${sections}
</main>
</body>
</html>
`;
}

function renderSection(
  entry: IndexEntry,
  ui: (key: string) => string,
  registry: readonly Language[],
): string {
  const id = escapeHtml(entry.id);
  const rows = registry.map((lang) => renderRow(entry, lang)).join('\n');
  return `<section aria-labelledby="doc-${id}">
<h2 id="doc-${id}">${escapeHtml(entry.title)}</h2>
<table class="editions">
<caption>Editions of ${escapeHtml(entry.title)}</caption>
<thead><tr><th scope="col">Edition</th><th scope="col">Language</th><th scope="col">Read online</th><th scope="col">${escapeHtml(ui('downloadPdf'))}</th><th scope="col">Legal XML</th><th scope="col">Pages</th><th scope="col">Status</th><th scope="col">Translated</th><th scope="col">SHA-256</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
}

/** One edition: a row of cells, each with a class, so a column (e.g. another status) slots in beside the others. */
function renderRow(entry: IndexEntry, lang: Language): string {
  const e = entry.editions.find((x) => x.lang === lang.code);
  const code = lang.code;
  const name = `<th scope="row" class="edition"><span lang="${code}"${dirAttribute(lang)}>${escapeHtml(lang.nativeName)}</span></th>`;
  const language = `<td class="language">${escapeHtml(lang.englishName)}</td>`;
  if (!e) {
    const w = entry.withheld?.find((x) => x.lang === code);
    const why = !w
      ? 'not built'
      : w.kind === 'policy'
        ? `in preparation (${w.percent.toFixed(1)}%)`
        : 'not published: the build found errors';
    return `<tr id="${escapeHtml(entry.id)}-${code}">${name}${language}<td class="missing-edition" colspan="7">${escapeHtml(why)}</td></tr>`;
  }
  // The percent the published edition was built with (its row stays as it was when a newer one is withheld).
  const c = entry.counts?.[code];
  const shown = e.percent ?? (c ? percent(c.translated, c.total) : undefined);
  const coverage = shown === undefined ? '' : `${shown.toFixed(1)}%`;
  return (
    `<tr id="${escapeHtml(entry.id)}-${code}">${name}${language}` +
    `<td class="html"><a href="${escapeHtml(e.html)}" hreflang="${code}">HTML</a>${versionLinks(e)}</td>` +
    `<td class="pdf"><a href="${escapeHtml(e.pdf)}" hreflang="${code}" type="application/pdf">PDF</a>, ${formatBytes(e.bytes)}</td>` +
    `<td class="xml">${xmlLink(e, code)}</td>` +
    `<td class="pages" data-unit="pages">${e.pages}</td>` +
    `<td class="status">${escapeHtml(statusText(e))}</td>` +
    `<td class="coverage" data-unit="translated">${coverage}</td>` +
    `<td class="checksum"><details><summary><span class="narrow-label">SHA-256 </span><code>${e.sha256.slice(0, SHA_PREFIX)}…</code></summary><code>${e.sha256}</code></details></td></tr>`
  );
}

/** How to check the seal, when the PDFs are sealed: the publisher's signature of the checksums too. */
function sealNote(entries: readonly IndexEntry[]): string {
  const signer = entries.flatMap((e) => e.editions).find((e) => e.seal)?.seal?.signer;
  if (signer === undefined) return '';
  return `\n<p class="seal-note">The PDFs are sealed by ${escapeHtml(signer)} (an electronic seal, PAdES): any PDF reader shows the seal, and <code>pdfsig &lt;file&gt;.pdf</code> checks it offline. The checksums are signed too: <code>openssl cms -verify -binary -inform DER -in SHA256SUMS.p7s -content SHA256SUMS -CAfile publisher.pem</code>, with the publisher's certificate. <code>npm run verify -- &lt;folder&gt; --cert publisher.pem</code> checks a downloaded set at once.</p>`;
}

/** The status cell: the legal status first ("Official translation — approved by …"). */
function statusText(e: ManifestEdition): string {
  const review = e.review ? reviewText(e.review) : e.status;
  const seal = e.seal ? `; PDF sealed by ${e.seal.signer}` : '';
  if (!e.legalStatus) return `${review}${seal}`;
  return e.legalStatus === 'authentic'
    ? `${LEGAL_STATUS_TEXT.authentic}${seal}`
    : `${LEGAL_STATUS_TEXT[e.legalStatus]} — ${review}${seal}`;
}

/** The released versions of an edition, newest first, each to its version page. */
function versionLinks(e: ManifestEdition): string {
  if (!e.versions || e.versions.length === 0) return '';
  const items = [...e.versions]
    .reverse()
    .map(
      (v) =>
        `<li><a href="${escapeHtml(v.page)}">Version ${escapeHtml(v.version)}</a>${v.corrigendumOf ? ` (corrigendum of ${escapeHtml(v.corrigendumOf)})` : ''}</li>`,
    )
    .join('');
  return `<ul class="versions" aria-label="Released versions">${items}</ul>`;
}

/** The Akoma Ntoso XML edition, when the edition has one. */
function xmlLink(e: ManifestEdition, code: string): string {
  if (!e.xml) return '';
  return `<a href="${escapeHtml(e.xml)}" hreflang="${code}" type="application/akn+xml">Akoma Ntoso XML</a>`;
}

/**
 * The dev server's page at / when it prints nothing (--no-print): every HTML edition by
 * document and language, and the coverage dashboard. The download page replaces it once
 * PDFs are printed.
 */
export function renderPreviewIndex(
  documents: ReadonlyArray<{ id: string; title: string }>,
  registry: readonly Language[],
): string {
  const sections = documents
    .map((d) => {
      const links = registry
        .map(
          (l) =>
            `<li><a href="${l.code}/${escapeHtml(d.id)}.html" hreflang="${l.code}" lang="${l.code}"${dirAttribute(l)}>${escapeHtml(l.nativeName)}</a></li>`,
        )
        .join('');
      return `<section><h2>${escapeHtml(d.title)}</h2><ul class="preview-editions">${links}</ul></section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SELEC editions (preview)</title>
<link rel="stylesheet" href="assets/fonts.css">
<link rel="stylesheet" href="assets/pages.css">
</head>
<body>
<header><h1>SELEC editions (preview)</h1>
<p>The HTML editions as you edit them; no PDF is printed in this preview (npm run dev without --no-print prints them). <a href="coverage/index.html">Translation coverage</a>.</p>
</header>
<main id="main">
${sections}
</main>
</body>
</html>
`;
}
