// versions: what readers are shown of a document's released versions (pure). The list
// of versions under the current edition; beside each kept version (whose bytes never
// change) a version page in its language that says which version it is, whether a newer
// one exists (with a link), what it corrects; a "what changed" page between consecutive
// versions, a word diff by segment key; and the manifest's `versions` of an edition.
import { escapeHtml } from './escape.ts';
import { releaseFolder, type Release } from './ledger.ts';
import { htmlDiff } from './signoff-view.ts';

type Ui = (key: string, vars?: Record<string, unknown>) => string;

/** A released version of one edition, as the manifest lists it (paths relative to dist/). */
export interface ManifestVersion {
  version: string;
  /** The day it was released. */
  date: string;
  /** The version's page (notice, files, links), written by the build beside the kept files. */
  page: string;
  html: string;
  pdf: string;
  /** SHA-256 of the PDF, as `sha256` of an edition; of the HTML and XML beside it. */
  sha256: string;
  htmlSha256: string;
  xml?: string;
  xmlSha256?: string;
  /** The ELI point-in-time identifier of this language's text at this version. */
  eli: string;
  note?: string;
  corrigendumOf?: string;
  /** The "what changed" page since the version before, when there is one with this language. */
  changes?: string;
}

/** Paths of one edition of a release, relative to dist/ (and, below the version, to releases/). */
export function versionPaths(document: string, version: string, lang: string) {
  const dir = `${releaseFolder(document, version)}/${lang}`;
  return {
    dir,
    html: `${dir}/${document}.html`,
    pdf: `${dir}/${document}.pdf`,
    xml: `${dir}/${document}.akn.xml`,
    segments: `${dir}/${document}.segments.json`,
    page: `${dir}/index.html`,
    changes: `${dir}/changes.html`,
  };
}

/** The file of an edition inside its version's folder: "<lang>/<document>.<ext>". */
export const releasedName = (lang: string, document: string, ext: string): string =>
  `${lang}/${document}.${ext}`;

/** The releases of a document that have `lang`, oldest first. */
export function releasesWith(releases: readonly Release[], lang: string): Release[] {
  return releases.filter((r) => r.editions.some((e) => e.lang === lang));
}

/**
 * The manifest's `versions` of one edition: every release that has it, oldest first.
 * `eli` gives the point-in-time identifier of a version's text in a language.
 */
export function manifestVersions(
  releases: readonly Release[],
  lang: string,
  eli: (version: string) => string,
): ManifestVersion[] {
  const mine = releasesWith(releases, lang);
  return mine.map((r, i) => {
    const files = r.editions.find((e) => e.lang === lang)?.files ?? {};
    const p = versionPaths(r.document, r.version, lang);
    const sha = (ext: string): string | undefined => files[releasedName(lang, r.document, ext)];
    const xmlSha = sha('akn.xml');
    return {
      version: r.version,
      date: r.date,
      page: p.page,
      html: p.html,
      pdf: p.pdf,
      sha256: sha('pdf') ?? '',
      htmlSha256: sha('html') ?? '',
      ...(xmlSha ? { xml: p.xml, xmlSha256: xmlSha } : {}),
      eli: eli(r.version),
      ...(r.note ? { note: r.note } : {}),
      ...(r.corrigendumOf ? { corrigendumOf: r.corrigendumOf } : {}),
      ...(i > 0 ? { changes: p.changes } : {}),
    };
  });
}

/**
 * The list of released versions under the current edition (dist/<lang>/<document>.html),
 * newest first; empty when none has this language.
 */
export function versionsListHtml(
  versions: readonly ManifestVersion[],
  ui: Ui,
  /** The release root: the base URL when known (a kept copy of this page links right), else "../". */
  root = '../',
): string {
  if (versions.length === 0) return '';
  const items = [...versions]
    .reverse()
    .map(
      (v) =>
        `<li><a href="${escapeHtml(root + v.page)}">${escapeHtml(ui('versionOf', { version: v.version }))}</a>${v.corrigendumOf ? ` — ${escapeHtml(ui('versionCorrigendum', { version: v.corrigendumOf }))}` : ''}</li>`,
    )
    .join('');
  return `<nav class="versions" aria-labelledby="versions-title">
<h2 id="versions-title">${escapeHtml(ui('versionsTitle'))}</h2>
<ul>${items}</ul>
</nav>
`;
}

/** What a version page needs: the version, the ones before and after, and the current edition. */
export interface VersionPageInput {
  lang: string;
  /** The edition's writing direction (rtl for Hebrew, Arabic); ltr when absent. */
  dir?: 'ltr' | 'rtl';
  title: string;
  document: string;
  versions: readonly ManifestVersion[];
  /** Position of this version in `versions`. */
  index: number;
  /** The current edition, relative to dist/, when it is published. */
  current?: string;
  ui: Ui;
}

/** dist/<document>/<version>/<lang>/index.html: the version, its notice, its files. */
export function renderVersionPage(input: VersionPageInput): string {
  const { versions, index, ui, lang, dir } = input;
  const v = versions[index];
  if (!v) throw new Error(`internal: no version ${index}`);
  const newest = versions.at(-1);
  const up = '../../../';
  const notice =
    newest && newest !== v
      ? `<p class="notice" role="note" data-version="superseded">${escapeHtml(ui('versionNewer', { version: newest.version }))} <a href="${up}${escapeHtml(newest.page)}">${escapeHtml(ui('versionNewerLink'))}</a></p>`
      : `<p class="notice" role="note" data-version="latest">${escapeHtml(ui('versionLatest'))}</p>`;
  const corrigendum = v.corrigendumOf
    ? `<p class="corrigendum">${escapeHtml(ui('versionCorrigendum', { version: v.corrigendumOf }))}${v.note ? ` <q lang="en">${escapeHtml(v.note)}</q>` : ''}</p>\n`
    : '';
  const links = [
    `<li><a href="${input.document}.html">${escapeHtml(ui('readOnline'))}</a> <code>${v.htmlSha256}</code></li>`,
    `<li><a href="${input.document}.pdf" type="application/pdf">${escapeHtml(ui('downloadPdf'))}</a> <code>${v.sha256}</code></li>`,
    ...(v.xml
      ? [
          `<li><a href="${input.document}.akn.xml">Akoma Ntoso XML</a> <code>${v.xmlSha256 ?? ''}</code></li>`,
        ]
      : []),
    ...(v.changes
      ? [
          `<li><a href="changes.html">${escapeHtml(ui('versionChanges', { version: versions[index - 1]?.version ?? '' }))}</a></li>`,
        ]
      : []),
    ...(input.current
      ? [
          `<li><a href="${up}${escapeHtml(input.current)}">${escapeHtml(ui('versionCurrentText'))}</a></li>`,
        ]
      : []),
  ];
  const released = `<p class="released">${escapeHtml(ui('versionReleased', { date: v.date }))}</p>`;
  return page(
    { lang, dir },
    `${input.title} — ${ui('versionOf', { version: v.version })}`,
    `${notice}
${released}
${corrigendum}<p class="eli"><code>${escapeHtml(v.eli)}</code></p>
<ul class="version-files">${links.join('')}</ul>`,
  );
}

/** One segment's text in two consecutive versions. */
export type SegmentTexts = Record<string, string>;

/** dist/<document>/<version>/<lang>/changes.html: what changed since the version before, by segment key. */
export function renderChangesPage(input: {
  lang: string;
  dir?: 'ltr' | 'rtl';
  title: string;
  before: { version: string; segments: SegmentTexts };
  after: { version: string; segments: SegmentTexts };
  ui: Ui;
}): string {
  const { before, after, ui, lang, dir } = input;
  const keys = [...new Set([...Object.keys(after.segments), ...Object.keys(before.segments)])];
  const rows = keys
    .filter((k) => before.segments[k] !== after.segments[k])
    .map(
      (k) =>
        `<tr><th scope="row">${escapeHtml(k)}</th><td>${htmlDiff(before.segments[k] ?? null, after.segments[k] ?? null)}</td></tr>`,
    );
  const heading = ui('versionChanges', { version: before.version });
  const body =
    rows.length === 0
      ? `<p>${escapeHtml(ui('versionNoChanges'))}</p>`
      : `<table class="since"><thead><tr><th scope="col">${escapeHtml(ui('versionPassage'))}</th><th scope="col">${escapeHtml(ui('versionChange'))}</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>`;
  return page(
    { lang, dir },
    `${input.title} — ${ui('versionOf', { version: after.version })}`,
    `<h2>${escapeHtml(heading)}</h2>
${body}
<p><a href="index.html">${escapeHtml(ui('versionOf', { version: after.version }))}</a></p>`,
  );
}

function page(
  { lang, dir }: { lang: string; dir?: 'ltr' | 'rtl' | undefined },
  title: string,
  body: string,
): string {
  return `<!doctype html>
<html lang="${escapeHtml(lang)}"${dir === 'rtl' ? ' dir="rtl"' : ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="../assets/fonts.css">
<link rel="stylesheet" href="../assets/pages.css">
</head>
<body>
<main id="main">
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>
`;
}
