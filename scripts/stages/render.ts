// render: Edition → the HTML page of the edition (pure). The same page is read on
// screen and printed to PDF; the print stylesheet and @page rules live in the CSS.
import type { Diagnostic } from '../errors.ts';
import { dirAttribute, SOURCE_LANGUAGE, textDirection } from '../languages.ts';
import { escapeCssString, escapeHtml } from './escape.ts';
import { expansionsOf, metaText, type Edition, type EditionSegment } from './merge.ts';
import { renderBlocks, type SegmentHtml } from './render-blocks.ts';
import { renderInline } from './sanitize.ts';
import { noteRefId } from './notes.ts';
import { wrapAbbreviations } from './abbreviations.ts';
import type { CurrentSignoff, SignoffStatus, Verification } from './signoff.ts';
import { editionJsonLd, jsonLdElement } from './json-ld.ts';
import {
  authenticNames,
  englishOnly,
  LEGAL_STATUS_UI,
  legalStatusOf,
  type LegalStatus,
} from './legal-status.ts';
import { serbianCyrillicToLatin } from './transliterate.ts';
import { aknFile } from './akoma-ntoso.ts';
import { searchForm } from './search-page.ts';
import { compareFile } from './compare.ts';
import { renderWebMeta } from './web-meta.ts';
import { versionsListHtml, type ManifestVersion } from './versions.ts';

export type ReviewStatus = SignoffStatus;
/** How a stale segment (English changed since it was translated) is shown: the old translation marked, or the English marked. */
export type StaleMode = 'mark' | 'english';

export interface RenderOptions {
  /** Inserts soft hyphens into an HTML fragment of body text in the edition's language. */
  hyphenate?: (html: string) => string;
  /** The sign-off of the edition's translation now; undefined for the English original (or a draft). */
  signoff?: CurrentSignoff;
  /** Stale segments: the outdated translation with a mark (default), or the current English with a mark. */
  stale?: StaleMode;
  /** Absolute URL dist/ is published at (--base-url): canonical and absolute alternates. */
  baseUrl?: string;
  /** The template of identifiers (publication.json "identifier"; the default otherwise). */
  identifierTemplate?: string;
  /** The PDF is sealed (npm run build -- --seal): an authentic PDF is then of definitive legal value. */
  sealed?: boolean;
  /** The released versions of this edition, listed under the text (none: no list). */
  versions?: readonly ManifestVersion[];
}

export interface Rendered {
  html: string;
  diagnostics: Diagnostic[];
}

/** The file name of an edition inside dist/<lang>/. */
export const editionFile = (docId: string, ext: 'html' | 'pdf'): string => `${docId}.${ext}`;

// Editions live in dist/<lang>/: the other editions and the assets are one folder up.
const ROOT = '..';

/**
 * Renders one edition to a complete HTML document.
 * @example renderEdition(edition, { hyphenate, signoff }).html.startsWith('<!doctype html>') // true
 */
export function renderEdition(edition: Edition, options: RenderOptions = {}): Rendered {
  const diagnostics: Diagnostic[] = [];
  const segmentHtml = segmentRenderer(edition, options, diagnostics);
  const { notice, record, legal } = signoffParts(edition, options.signoff);
  const review = legal === 'authentic' ? 'original' : (options.signoff?.effective ?? 'draft');
  const html = `<!doctype html>
<html lang="${edition.lang.code}" dir="${textDirection(edition.lang)}">
<head>
${headHtml(edition, options)}
</head>
<body>
${mastheadHtml(edition)}
<main id="text" data-legal-status="${legal}">
${notice ? `<p class="notice" role="note" data-review="${review}">${escapeHtml(notice)}</p>\n` : ''}<article>
${renderBlocks(edition.blocks, segmentHtml)}${abbreviationsHtml(edition, segmentHtml)}${notesHtml(edition, segmentHtml)}
</article>
${recordHtml(edition, record)}
${versionsListHtml(options.versions ?? [], edition.ui, options.baseUrl)}</main>
</body>
</html>
`;
  return { html, diagnostics };
}

// A segment's attributes and inline HTML, English where not translated; removed HTML is reported.
function segmentRenderer(
  edition: Edition,
  options: RenderOptions,
  diagnostics: Diagnostic[],
): SegmentHtml {
  const { lang, doc } = edition;
  const staleEnglish = options.stale === 'english';
  const expansions = expansionsOf(edition);
  const inline = (seg: EditionSegment, body: boolean): string => {
    const english = seg.status === 'missing' || (seg.status === 'stale' && staleEnglish);
    const { html, removed } = renderInline(english ? seg.english : seg.text, edition.links, {
      notes: edition.notes,
      segment: seg.key,
    });
    if (removed.length > 0) {
      diagnostics.push({
        severity: 'warning',
        rule: 'html-removed',
        message: `removed unsafe or unsupported HTML from segment "${seg.key}": ${removed.join(', ')}`,
        location: {
          file:
            seg.status === 'source' || english
              ? doc.path
              : `translations/${lang.derivedFrom?.code ?? lang.code}/${doc.id}.json`,
          line: seg.line,
        },
        lang: lang.code,
        key: seg.key,
      });
    }
    const marked = wrapAbbreviations(html, expansions);
    return body && options.hyphenate && !english ? options.hyphenate(marked) : marked;
  };
  return (key, body) => {
    const s = edition.segments.get(key);
    if (!s) throw new Error(`internal: segment ${key} missing from edition`);
    return { attrs: segmentAttrs(s, edition.ui, staleEnglish), html: inline(s, body) };
  };
}

// The list of abbreviations, when the document asks for it (`abbreviations: list`).
function abbreviationsHtml(edition: Edition, seg: SegmentHtml): string {
  if (!edition.doc.meta.abbreviationList || edition.abbreviations.length === 0) return '';
  const items = edition.abbreviations.map((a) => {
    const s = seg(a.key, true);
    return `<dt>${escapeHtml(a.abbr)}</dt><dd${s.attrs}>${s.html}</dd>`;
  });
  return `
<section class="abbreviations" aria-labelledby="abbreviations-heading">
<h2 id="abbreviations-heading">${escapeHtml(edition.ui('abbreviations'))}</h2>
<dl class="abbreviations">${items.join('\n')}</dl>
</section>`;
}

// The footnotes at the end of the text, numbered as referenced; each note is a figure
// (which the PDF's structure tree turns into a Note) and links back to its first reference.
function notesHtml(edition: Edition, seg: SegmentHtml): string {
  if (edition.notes.length === 0) return '';
  const items = edition.notes.map((n) => {
    const s = seg(n.key, true);
    const back = escapeHtml(edition.ui('noteBack', { number: n.number }));
    // One class attribute: the note's, with the segment's status class (a fallback's mark).
    const attrs = s.attrs.includes(' class="')
      ? s.attrs.replace(' class="', ' class="note ')
      : `${s.attrs} class="note"`;
    return `<li><figure${attrs}>${s.html} <a class="note-back" href="#${noteRefId(n)}" aria-label="${back}">^</a></figure></li>`;
  });
  return `
<section class="notes" aria-labelledby="notes-heading">
<h2 id="notes-heading">${escapeHtml(edition.ui('notes'))}</h2>
<ol class="notes">${items.join('\n')}</ol>
</section>`;
}

// A segment's id and status, and the mark of English shown in place of a translation.
function segmentAttrs(s: EditionSegment, ui: Edition['ui'], staleEnglish: boolean): string {
  let a = ` id="seg-${escapeHtml(s.key)}" data-status="${s.status}"`;
  if (s.status === 'missing')
    a += ` lang="${SOURCE_LANGUAGE}" class="fallback" data-fallback="${escapeHtml(ui('fallback'))}"`;
  // Never an outdated sentence without a mark: the reader is told the English changed.
  if (s.status === 'stale' && staleEnglish)
    a += ` lang="${SOURCE_LANGUAGE}" class="stale" data-stale="${escapeHtml(ui('staleEnglish'))}"`;
  else if (s.status === 'stale') a += ` class="stale" data-stale="${escapeHtml(ui('stale'))}"`;
  return a;
}

// The <head>: what browsers, search engines and the PDF's /Title read, and the page footer.
function headHtml(edition: Edition, options: RenderOptions): string {
  const { lang, doc } = edition;
  const title = metaText(edition, 'title');
  const subject = metaText(edition, 'subject');
  const webMeta = renderWebMeta({
    lang,
    languages: edition.registry.languages,
    docId: doc.id,
    title,
    description: subject,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
  });
  return `<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<meta name="description" content="${escapeHtml(subject)}">
<meta name="author" content="${escapeHtml(metaText(edition, 'issuer'))}">
<meta name="keywords" content="${escapeHtml(metaText(edition, 'keywords'))}">
<meta name="generator" content="selec-editions">
${webMeta}
<link rel="alternate" type="application/pdf" href="${editionFile(doc.id, 'pdf')}">
${jsonLdElement(
  editionJsonLd({
    doc,
    lang: lang.code,
    registry: edition.registry,
    title,
    issuer: metaText(edition, 'issuer'),
    legal: signoffParts(edition, options.signoff).legal,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    ...(options.identifierTemplate ? { template: options.identifierTemplate } : {}),
    ...(options.sealed ? { sealed: true } : {}),
  }),
)}
<link rel="stylesheet" href="${ROOT}/assets/fonts.css">
<link rel="stylesheet" href="${ROOT}/assets/edition.css">
<style>@page { @bottom-center { content: ${pageCounter(edition.ui)}; } }</style>`;
}

// The edition's "page N of M" as CSS content: the @page footer can use the page's fonts.
function pageCounter(ui: Edition['ui']): string {
  return ui('page', { page: '\u0000', pages: '\u0001' })
    .split(/(\u0000|\u0001)/)
    .filter((p) => p !== '')
    .map((p) =>
      p === '\u0000'
        ? 'counter(page)'
        : p === '\u0001'
          ? 'counter(pages)'
          : `"${escapeCssString(p)}"`,
    )
    .join(' ');
}

// The masthead: issuer, dateline, the other languages, the PDF and XML, and the way back to every edition.
function mastheadHtml(edition: Edition): string {
  const { lang, doc, ui } = edition;
  const dateline = ui('dateline', { place: metaText(edition, 'place'), date: doc.meta.date });
  const file = editionFile(doc.id, 'html');
  // Each name in its own direction: "English" reads left to right in a Hebrew edition.
  const dir = (l: typeof lang): string => dirAttribute(l, textDirection(lang));
  const switcher = edition.registry.languages
    .map((l) =>
      l.code === lang.code
        ? `<li><a aria-current="page" lang="${l.code}" href="${file}">${escapeHtml(l.nativeName)}</a></li>`
        : `<li><a lang="${l.code}"${dir(l)} hreflang="${l.code}" href="${ROOT}/${l.code}/${file}">${escapeHtml(l.nativeName)}</a></li>`,
    )
    .join('');
  return `<a class="skip" href="#text">${escapeHtml(ui('skipToText'))}</a>
<header class="masthead">
<p class="issuer">${escapeHtml(metaText(edition, 'issuer'))}</p>
<p class="dateline">${escapeHtml(dateline)}</p>
<nav class="languages" aria-label="${escapeHtml(ui('otherLanguages'))}"><ul>${switcher}</ul></nav>
<p class="download"><a href="${editionFile(doc.id, 'pdf')}" type="application/pdf">${escapeHtml(ui('downloadPdf'))}</a> · <a href="${aknFile(doc.id)}" type="application/akn+xml">Akoma Ntoso XML</a> · <a href="${ROOT}/index.html">${escapeHtml(ui('allEditions'))}</a>${compareLink(edition)}</p>
${searchForm(lang.code, ui('search'))}
</header>`;
}

// A translation's way to read it beside the authentic text (dist/compare/, built with the release).
function compareLink(edition: Edition): string {
  const { lang, doc, ui } = edition;
  const authentic = doc.meta.authentic[0];
  if (authentic === undefined || authentic === lang.code) return '';
  const href = `${ROOT}/compare/${doc.id}/${compareFile([authentic, lang.code])}`;
  return ` · <a href="${escapeHtml(href)}">${escapeHtml(ui('compareAuthentic'))}</a>`;
}

// The edition record under the text: which document, language, sign-off and English version.
function recordHtml(edition: Edition, record: Array<[string, string]>): string {
  const { lang, doc, ui } = edition;
  const rows = [
    // The document by its title in the edition's language, not its file id; a name that
    // has a bracket of its own takes the code inside it ("српски (ћирилица, sr-Cyrl)").
    [ui('recordDocument'), metaText(edition, 'title')],
    [ui('recordLanguage'), languageWithCode(lang.nativeName, lang.code)],
    ...record,
    [ui('recordSource'), doc.version.slice(0, 12)],
  ]
    // A table, not a <dl>: Chromium tags a table as Table/TR/TH/TD in the PDF, a <dl> as NonStruct.
    .map(
      ([k, v]) =>
        `<tr><th scope="row">${escapeHtml(k ?? '')}</th><td>${escapeHtml(v ?? '')}</td></tr>`,
    )
    .join('');
  return `<footer class="record" aria-label="${escapeHtml(ui('editionRecord'))}">
<h2 class="record-title">${escapeHtml(ui('editionRecord'))}</h2>
<table class="record-fields"><tbody>${rows}</tbody></table>
</footer>`;
}

/**
 * The notice above the text and the status rows of the edition record. An authentic
 * text says so; a translation says whether a person approved it (who and when) and which
 * texts are authentic; the record gives its legal status and the sign-off.
 */
export function signoffParts(
  edition: Edition,
  signoff: CurrentSignoff | undefined,
): { notice: string; record: Array<[string, string]>; status: string; legal: LegalStatus } {
  const { ui, lang, doc } = edition;
  const legal = legalStatusOf(doc, lang.code, signoff);
  const legalRow: [string, string] = [ui('recordLegalStatus'), ui(LEGAL_STATUS_UI[legal])];
  const several = doc.meta.authentic.length > 1;
  const texts = ui('authenticTexts', { languages: authenticNames(doc, edition.registry) });
  if (legal === 'authentic' || lang.code === SOURCE_LANGUAGE)
    return {
      notice: legal === 'authentic' ? `${ui('noticeAuthentic')}${several ? ` ${texts}` : ''}` : '',
      record: [[ui('recordStatus'), ui('statusOriginal')], legalRow],
      status: ui('statusOriginal'),
      legal,
    };
  const entry = signoff?.entry;
  const signed = entry && signoff.status !== 'draft' ? entry : undefined;
  // Readers see the signer's name only: the role is written in English ("--by 'Ana Horvat,
  // sworn translator'") and would stand untranslated in a Croatian notice.
  const name = signed ? signerName(signed.by) : undefined;
  const by =
    name !== undefined && lang.derivedFrom?.transform === 'serbian-cyrillic-to-latin'
      ? serbianCyrillicToLatin(name)
      : name;
  // A sign-off whose signature does not verify may be forged: it counts for nothing.
  const current =
    signed !== undefined && signoff?.current === true && signoff.verification?.state !== 'invalid';
  const status = current
    ? ui(`status${capitalize(signed.status)}`)
    : signed
      ? ui(`statusOutdated${capitalize(signed.status)}`)
      : ui('statusDraft');
  // The notices say "only the English text is authentic"; another set of authentic texts
  // takes their short form and names them.
  const key = current ? `notice${capitalize(signed.status)}` : 'unofficial';
  const vars = current ? { by, date: signed.date } : {};
  const notice = englishOnly(doc) ? ui(key, vars) : `${ui(`${key}Short`, vars)} ${texts}`;
  const record: Array<[string, string]> = [[ui('recordStatus'), status], legalRow];
  if (signed) {
    record.push(
      [ui('recordSignedBy'), by ?? ''],
      [ui('recordSignedOn'), signed.date],
      [ui('recordSignedVersion'), signed.source ? signed.source.slice(0, 12) : '—'],
      [ui('recordSignature'), signatureText(signoff?.verification, ui)],
    );
  }
  return { notice, record, status, legal };
}

// Whether the confirmation is signed with its reviewer's key, in the edition's language.
function signatureText(
  v: Verification | undefined,
  ui: (key: string, options?: Record<string, unknown>) => string,
): string {
  if (v?.state === 'verified') return ui('signatureVerified', { fingerprint: v.key });
  return ui(v?.state === 'invalid' ? 'signatureInvalid' : 'signatureUnsigned');
}

/**
 * The name in a sign-off's "<name, role>": the part before the first comma.
 * @example signerName('Ana Horvat, sworn translator') // 'Ana Horvat'
 */
export function signerName(by: string): string {
  return by.split(',')[0]?.trim() || by.trim();
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * A language's name with its code, one bracket deep.
 * @example languageWithCode('hrvatski', 'hr') // 'hrvatski (hr)'; languageWithCode('srpski (latinica)', 'sr-Latn') // 'srpski (latinica, sr-Latn)'
 */
export function languageWithCode(name: string, code: string): string {
  return name.endsWith(')') ? `${name.slice(0, -1)}, ${code})` : `${name} (${code})`;
}
