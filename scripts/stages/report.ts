// report: merged editions → coverage figures, the coverage table, the dashboard, the
// badges and the parallel review pages. Computed from merge's own data, never by
// reading the files a second time.
import { dirAttribute, SOURCE_LANGUAGE, type Language } from '../languages.ts';
import { escapeHtml } from './escape.ts';
import type { Counts, Edition, EditionSegment } from './merge.ts';
import { placeSegments, type Places } from './places.ts';
import { renderInline } from './sanitize.ts';
import { htmlDiff, renderSignoffSection, type SignoffView } from './signoff-view.ts';
import { checkTerms, glossary, shownTerm, type Termbase } from './terms.ts';
import {
  reviewSummary,
  reviewText,
  weakest,
  type CurrentSignoff,
  type ReviewSummary,
} from './signoff.ts';

/** One edition (language × document): its counts, percent up to date and sign-off. */
export interface DocumentCoverage extends Counts {
  percent: number;
  /** The keys of the segments translated from an older English (absent when none). */
  staleKeys?: string[];
  /** The keys of the segments shown in English (absent when none). */
  missingKeys?: string[];
  /** Absent for the English original. */
  review?: ReviewSummary;
}

export interface LanguageCoverage extends Counts {
  percent: number;
  /** What readers are shown, the weakest over the documents: original, draft, reviewed or approved. */
  status: string;
  documents: Record<string, DocumentCoverage>;
}

export interface Coverage {
  languages: Record<string, LanguageCoverage>;
}

/**
 * Coverage per language and document, in the order of `registry` (the project's
 * languages). `signoffOf` gives each edition's sign-off now (undefined for the original).
 */
export function computeCoverage(
  editions: readonly Edition[],
  signoffOf: (lang: string, document: string) => CurrentSignoff | undefined,
  registry: readonly Language[],
): Coverage {
  const languages: Record<string, LanguageCoverage> = {};
  for (const lang of registry) {
    const mine = editions.filter((e) => e.lang.code === lang.code);
    if (mine.length === 0) continue;
    const sum: LanguageCoverage = {
      total: 0,
      translated: 0,
      stale: 0,
      missing: 0,
      orphaned: 0,
      percent: 0,
      status: 'original',
      documents: {},
    };
    const shown: CurrentSignoff[] = [];
    for (const e of [...mine].sort((a, b) => a.doc.id.localeCompare(b.doc.id))) {
      const signoff = signoffOf(lang.code, e.doc.id);
      const keys = (status: string) =>
        [...e.segments.values()].filter((x) => x.status === status).map((x) => x.key);
      const [staleKeys, missingKeys] = [keys('stale'), keys('missing')];
      sum.documents[e.doc.id] = {
        ...e.counts,
        percent: percent(e.counts.translated, e.counts.total),
        ...(staleKeys.length > 0 ? { staleKeys } : {}),
        ...(missingKeys.length > 0 ? { missingKeys } : {}),
        ...(signoff ? { review: reviewSummary(signoff) } : {}),
      };
      if (signoff) shown.push(signoff);
      sum.total += e.counts.total;
      sum.translated += e.counts.translated;
      sum.stale += e.counts.stale;
      sum.missing += e.counts.missing;
      sum.orphaned += e.counts.orphaned;
    }
    sum.percent = percent(sum.translated, sum.total);
    if (lang.code !== SOURCE_LANGUAGE) sum.status = weakest(shown.map((s) => s.effective));
    languages[lang.code] = sum;
  }
  return { languages };
}

/** Up-to-date share, rounded down to one decimal so that 99.96 never shows as 100. */
export function percent(part: number, total: number): number {
  return total === 0 ? 100 : Math.floor((part / total) * 1000) / 10;
}

/** The plain-text coverage table of the CLI. */
export function coverageTable(coverage: Coverage, perDocument: boolean): string {
  const head = [
    'language',
    'document',
    'total',
    'translated',
    'stale',
    'missing',
    'orphaned',
    'up to date',
    'review',
  ];
  const rows: string[][] = [];
  for (const [code, c] of Object.entries(coverage.languages)) {
    rows.push([
      code,
      '(all)',
      String(c.total),
      String(c.translated),
      String(c.stale),
      String(c.missing),
      String(c.orphaned),
      `${c.percent.toFixed(1)}%`,
      c.status,
    ]);
    if (perDocument) {
      for (const [doc, d] of Object.entries(c.documents))
        rows.push([
          '',
          doc,
          String(d.total),
          String(d.translated),
          String(d.stale),
          String(d.missing),
          String(d.orphaned),
          `${d.percent.toFixed(1)}%`,
          d.review ? reviewText(d.review) : '',
        ]);
    }
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((cell, i) =>
        i < 2 || i === head.length - 1
          ? cell.padEnd(widths[i] ?? 0)
          : cell.padStart(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return (
    [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') +
    '\n' +
    openSegments(coverage)
  );
}

/** The keys still to translate or to check, per edition: what `npm run mark` and review need. */
function openSegments(coverage: Coverage): string {
  const lines: string[] = [];
  for (const [code, c] of Object.entries(coverage.languages))
    for (const [doc, d] of Object.entries(c.documents)) {
      const parts = [
        d.staleKeys ? `stale (check, then npm run mark): ${d.staleKeys.join(', ')}` : '',
        d.missingKeys ? `missing: ${d.missingKeys.join(', ')}` : '',
      ].filter(Boolean);
      if (parts.length > 0) lines.push(`  ${code}/${doc}: ${parts.join('; ')}`);
    }
  return lines.length > 0 ? `\nSegments not up to date:\n${lines.join('\n')}\n` : '';
}

const COLORS = { translated: '#2e6b30', stale: '#b07a00', missing: '#a32020' } as const;

/** A shields-style SVG badge: "<code> | 95.0%". */
export function coverageBadge(code: string, c: LanguageCoverage): string {
  const label = `SELEC ${code}`;
  const value = `${c.percent.toFixed(c.percent === 100 ? 0 : 1)}%`;
  const color =
    c.percent === 100 ? COLORS.translated : c.missing > 0 ? COLORS.missing : COLORS.stale;
  const lw = 8 + label.length * 6.5;
  const vw = 10 + value.length * 7;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${lw + vw}" height="20" role="img" aria-label="${escapeHtml(label)}: ${value}"><title>${escapeHtml(label)}: ${value} up to date</title><rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${vw}" height="20" fill="${color}"/><g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11"><text x="6" y="14">${escapeHtml(label)}</text><text x="${lw + 5}" y="14">${value}</text></g></svg>\n`;
}

/**
 * reports/coverage/index.html: a bar per language, its review status and review pages.
 * `toRelease` is the relative address of the release from the reports' root ('' when
 * they share a folder, as in the dev server; e.g. '../dist/').
 */
export function renderDashboard(
  coverage: Coverage,
  documents: readonly string[],
  registry: readonly Language[],
  toRelease = '',
): string {
  const rows = Object.entries(coverage.languages)
    .map(([code, c]) => {
      const lang = registry.find((l) => l.code === code);
      const w = (n: number) => (c.total === 0 ? 0 : (n / c.total) * 100).toFixed(2);
      const bar = `<div class="bar" role="img" aria-label="${c.translated} translated, ${c.stale} stale, ${c.missing} missing of ${c.total}"><span class="translated" style="width:${w(c.translated)}%"></span><span class="stale" style="width:${w(c.stale)}%"></span><span class="missing" style="width:${w(c.missing)}%"></span></div>`;
      const links =
        code === SOURCE_LANGUAGE
          ? ''
          : documents.map((d) => editionCell(code, d, c.documents[d])).join('<br>');
      // data-label names each figure where a phone shows the row as a card without the header.
      return `<tr><th scope="row"><span lang="${code}"${lang ? dirAttribute(lang) : ''}>${escapeHtml(lang?.nativeName ?? code)}</span> <small>(${code})</small></th><td class="cov">${bar}</td><td data-label="Up to date">${c.percent.toFixed(1)}%</td><td data-label="Translated">${c.translated}</td><td data-label="Stale">${c.stale}</td><td data-label="Missing">${c.missing}</td><td data-label="Orphaned">${c.orphaned}</td><td class="status" data-label="Review">${escapeHtml(c.status)}</td><td class="review-pages"${links ? ' data-label="Editions: up to date, review"' : ''}>${links}</td><td class="badge"><img src="${code}.svg" alt="coverage badge of ${code}"></td></tr>`;
    })
    .join('\n');
  return page(
    'Translation coverage',
    `<h1>Translation coverage</h1>
<p>Per language: segments translated and up to date (green), stale because the English changed since they were translated (amber), missing and shown in English (red). Review is per edition (language and document), as signed with <code>npm run review</code> in <code>translations/&lt;lang&gt;/signoffs.jsonl</code>; a sign-off counts only while the English and the translation are those that were signed, and draft means no person has signed this version.</p>
<table class="dashboard">
<thead><tr><th scope="col">Language</th><th scope="col">Coverage</th><th scope="col">Up to date</th><th scope="col">Translated</th><th scope="col">Stale</th><th scope="col">Missing</th><th scope="col">Orphaned</th><th scope="col">Review</th><th scope="col">Editions: up to date, review</th><th scope="col">Badge</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`,
    `../${toRelease}`.replace(/\/$/, ''),
  );
}

function editionCell(code: string, d: string, cov: DocumentCoverage | undefined): string {
  const state = cov
    ? ` ${cov.percent.toFixed(1)}% · <span data-review="${cov.review?.current === false ? 'outdated' : (cov.review?.status ?? 'draft')}">${escapeHtml(cov.review ? reviewText(cov.review) : 'draft')}</span>`
    : '';
  return `<a href="../review/${code}/${escapeHtml(d)}.html">${escapeHtml(d)}</a>${state}`;
}

/** reports/review/<lang>/<doc>.html: English and translation side by side, with a word diff for stale rows. */
export function renderReviewPage(
  edition: Edition,
  toRelease = '',
  signoff?: SignoffView,
  termbase?: Termbase,
): string {
  const { lang, doc } = edition;
  const release = `../../${toRelease}`;
  const segments = [...edition.segments.values()];
  const places = placeSegments(
    edition.blocks,
    segments.map((s) => ({ ...s, text: s.english })),
    edition.notes,
    edition.abbreviations,
  );
  const rows = segments
    .map(
      (s) =>
        reviewRow(s, lang, edition.links, places) +
        (termbase ? termsRow(termbase, lang.code, s) : ''),
    )
    .join('\n');
  return page(
    `Review: ${doc.id} (${lang.code})`,
    `<h1>Review: ${escapeHtml(doc.meta.title)} — <span lang="${lang.code}"${dirAttribute(lang)}>${escapeHtml(lang.nativeName)}</span></h1>
<p>${edition.counts.translated} up to date, ${edition.counts.stale} stale, ${edition.counts.missing} missing of ${edition.counts.total} segments. <a href="${escapeHtml(release)}${lang.code}/${escapeHtml(doc.id)}.html">The edition</a> · <a href="../../coverage/index.html">Coverage</a></p>
${signoff ? renderSignoffSection(signoff, lang.code) : ''}<table class="review">
<thead><tr><th scope="col">English</th><th scope="col"><span lang="${lang.code}"${dirAttribute(lang)}>${escapeHtml(lang.nativeName)}</span></th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`,
    release.replace(/\/$/, ''),
  );
}

const STATE_LABEL: Record<EditionSegment['status'], string> = {
  source: 'source',
  translated: 'up to date',
  stale: 'stale',
  missing: 'missing: English shown (fallback)',
};

function reviewRow(
  s: EditionSegment,
  lang: Language,
  links: Edition['links'],
  places: Places,
): string {
  const { code, nativeName } = lang;
  const dir = dirAttribute(lang);
  let english = renderInline(s.english, links).html;
  if (s.status === 'stale' && s.translatedFrom !== undefined) {
    english = `${english}<details open><summary>What changed in the English since the translation</summary><p>${htmlDiff(s.translatedFrom, s.english)}</p></details>`;
  } else if (s.status === 'stale') {
    english += '<p><small>No record of the English this was translated from.</small></p>';
  }
  const target =
    s.status === 'missing'
      ? ''
      : `<div lang="${code}"${dir}>${renderInline(s.text, links).html}</div>`;
  // The segment by its place, the key beside it: "Recital 1 · knowing".
  const place = places.get(s.key) ?? s.key;
  const where =
    `<span class="place">${escapeHtml(place)}</span> · ` +
    `<code class="key">${escapeHtml(s.key)}</code>`;
  return `<tr id="seg-${escapeHtml(s.key)}" data-status="${s.status}"><td lang="en"><span class="state"><span class="side">English · </span>${where} · ${STATE_LABEL[s.status]}</span>${english}</td><td><span class="state"><span class="side" lang="${code}"${dir}>${escapeHtml(nativeName)} · </span>${STATE_LABEL[s.status]}</span>${target}</td></tr>`;
}

/** A row under a segment with its terms: the term to use, its status and source, and any problem. */
function termsRow(termbase: Termbase, code: string, s: EditionSegment): string {
  const terms = glossary(termbase, code, s.english);
  if (terms.length === 0) return '';
  const problems = s.status === 'missing' ? [] : checkTerms(termbase, code, s.english, s.text);
  const items = terms.map(({ entry, term }) => {
    const problem = problems.filter((p) => p.entry.id === entry.id);
    const flag = problem.map((p) => ` <strong data-term="${p.rule}">${p.rule}</strong>`).join('');
    const source = term.status === 'verified' && term.source ? `: ${term.source}` : '';
    return `<li><span lang="en">${escapeHtml(shownTerm(entry.en[0] ?? entry.id))}</span> → <span lang="${code}">${escapeHtml(term.term)}</span> <small>(${term.status}${escapeHtml(source)})</small>${flag}</li>`;
  });
  return `<tr class="terms" data-terms="${escapeHtml(s.key)}"><td colspan="2"><details><summary>Terms (${terms.length})${problems.length > 0 ? ` — ${problems.length} to check` : ''}</summary><ul>${items.join('')}</ul></details></td></tr>`;
}

function page(title: string, body: string, root: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${root}/assets/fonts.css">
<link rel="stylesheet" href="${root}/assets/pages.css">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<main id="main">
${body}
</main>
</body>
</html>
`;
}
