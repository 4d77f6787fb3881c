// compare: a document in two or three languages side by side, aligned provision by
// provision by the segment keys (dist/compare/<document>/<a>-<b>.html), as EUR-Lex
// shows language versions. Each column carries its lang; a provision not translated in
// a language is a visible gap in its column, never a shift of what follows; points keep
// their nesting (indented by depth); at phone width the columns become blocks per
// provision. Plain HTML, no script: every translation has its page beside the authentic
// text.
import { dirAttribute } from '../languages.ts';
import { escapeHtml } from './escape.ts';
import type { Edition, EditionSegment } from './merge.ts';
import { placeSegments, type Places } from './places.ts';
import { renderInline } from './sanitize.ts';

/** The file of a comparison, relative to dist/compare/<document>/. */
export const compareFile = (codes: readonly string[]): string => `${codes.join('-')}.html`;

/** Depth of a provision from its place: "Article 1(2)(b)(i)" is 3 levels below the article. */
const depthOf = (place: string | undefined): number => (place?.match(/\(/g) ?? []).length;

function cell(edition: Edition, s: EditionSegment | undefined): string {
  const { lang } = edition;
  if (!s || s.status === 'missing')
    return `<div class="col gap" lang="${lang.code}"${dirAttribute(lang)}><span class="gap-label">${escapeHtml(edition.ui('fallback'))}</span></div>`;
  const html = renderInline(s.text, edition.links, { notes: edition.notes }).html;
  return `<div class="col" lang="${lang.code}"${dirAttribute(lang)}><span class="col-lang">${escapeHtml(lang.nativeName)}</span>${html}</div>`;
}

function row(key: string, editions: readonly Edition[], places: Places): string {
  const place = places.get(key);
  const cells = editions.map((e) => cell(e, e.segments.get(key))).join('');
  return `<div class="provision depth-${Math.min(depthOf(place), 4)}" id="seg-${escapeHtml(key)}"><p class="place" lang="en">${escapeHtml(place ?? key)}</p><div class="cols">${cells}</div></div>`;
}

/** Every published edition of a document, provision by provision: what the page's script reads (texts.json). */
export function compareData(editions: readonly Edition[]): Record<string, unknown> {
  const [first] = editions;
  if (!first) return { languages: [], rows: [] };
  const keys = [...first.segments.keys()].filter((k) => !k.startsWith('meta.'));
  return {
    languages: editions.map((e) => ({
      code: e.lang.code,
      name: e.lang.nativeName,
      gap: e.ui('fallback'),
    })),
    rows: keys.map((k) => ({
      key: k,
      cells: Object.fromEntries(
        editions.map((e) => {
          const seg = e.segments.get(k);
          const html =
            !seg || seg.status === 'missing'
              ? null
              : renderInline(seg.text, e.links, { notes: e.notes }).html;
          return [e.lang.code, html];
        }),
      ),
    })),
  };
}

// A language's name; in its own direction when that is not the page's ("עברית").
function isolated(lang: Edition['lang']): string {
  const dir = dirAttribute(lang);
  const name = escapeHtml(lang.nativeName);
  return dir === '' ? name : `<span${dir}>${name}</span>`;
}

/** Check boxes of every language: a choice of two or three is shown by the page's script (?langs=). */
function chooser(all: readonly Edition[], shown: readonly string[]): string {
  const boxes = all
    .map(
      (e) =>
        // The box stays before the name in this left-to-right form; the name keeps its direction.
        `<label lang="${e.lang.code}"><input type="checkbox" name="langs" value="${e.lang.code}"${shown.includes(e.lang.code) ? ' checked' : ''}> ${isolated(e.lang)}</label>`,
    )
    .join(' ');
  return `<form class="choose" method="get"><fieldset><legend>Show two or three languages side by side</legend>${boxes} <button type="submit">Show</button></fieldset></form>`;
}

const SCRIPT = `<script>
(function () {
  var chosen = new URLSearchParams(location.search).getAll('langs').slice(0, 3);
  if (chosen.length < 2) return;
  fetch('texts.json').then(function (r) { return r.json(); }).then(function (data) {
    var langs = chosen.map(function (c) { return data.languages.find(function (l) { return l.code === c; }); }).filter(Boolean);
    if (langs.length < 2) return;
    document.body.style.setProperty('--columns', String(langs.length));
    data.rows.forEach(function (row) {
      var box = document.querySelector('#seg-' + CSS.escape(row.key) + ' .cols');
      if (!box) return;
      box.innerHTML = langs.map(function (l) {
        var html = row.cells[l.code];
        return html === null || html === undefined
          ? '<div class="col gap" lang="' + l.code + '"><span class="gap-label"></span></div>'
          : '<div class="col" lang="' + l.code + '"><span class="col-lang"></span>' + html + '</div>';
      }).join('');
      box.querySelectorAll('.col').forEach(function (col, i) {
        var label = col.querySelector('.gap-label, .col-lang');
        label.textContent = col.classList.contains('gap') ? langs[i].gap : langs[i].name;
      });
    });
  });
})();
</script>`;

/**
 * The comparison page of `editions` (the first is the reference: the authentic text);
 * `others` are the translations a reader may compare it with instead.
 */
export function renderComparePage(
  editions: readonly Edition[],
  others: readonly Edition[],
  all: readonly Edition[] = [...editions, ...others],
): string {
  const [first] = editions;
  if (!first) throw new Error('internal: a comparison needs editions');
  // The provisions: the front matter (title, subject, keywords…) is the page's own heading.
  const keys = [...first.segments.keys()].filter((k) => !k.startsWith('meta.'));
  const places = placeSegments(
    first.blocks,
    [...first.segments.values()].map((s) => ({ ...s, text: s.english })),
    first.notes,
    first.abbreviations,
  );
  const codes = editions.map((e) => e.lang.code);
  const heads = editions
    .map(
      (e) =>
        `<a href="../../${e.lang.code}/${escapeHtml(e.doc.id)}.html" hreflang="${e.lang.code}" lang="${e.lang.code}"${dirAttribute(e.lang)}>${escapeHtml(e.lang.nativeName)}</a>`,
    )
    .join(' · ');
  const choices = others
    .map(
      (o) =>
        `<li><a href="${compareFile([first.lang.code, o.lang.code])}" hreflang="${o.lang.code}" lang="${o.lang.code}"${dirAttribute(o.lang)}>${escapeHtml(o.lang.nativeName)}</a></li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(first.doc.meta.title)}: ${codes.join(' · ')}</title>
<link rel="stylesheet" href="../../assets/fonts.css">
<link rel="stylesheet" href="../../assets/pages.css">
</head>
<body class="compare" style="--columns: ${editions.length}">
<a class="skip" href="#main">Skip to the text</a>
<header><p><a href="../../index.html">SELEC editions</a></p>
<h1>${escapeHtml(first.doc.meta.title)}</h1>
<p>Side by side, provision by provision: ${heads}. A provision not yet translated is left empty in its column.</p>
<nav aria-label="Compare with another language"><p>Compare the ${escapeHtml(first.lang.nativeName)} text with:</p><ul class="compare-with">${choices}</ul></nav>
${chooser(all, codes)}
</header>
<main id="main">
${keys.map((k) => row(k, editions, places)).join('\n')}
</main>
${SCRIPT}
</body>
</html>
`;
}

/**
 * The bilingual print of a document: the authentic text and one translation in two
 * columns of one table, a row per provision (a screen reader reads each provision in both
 * languages, in order), each cell in its language; printed and post-processed like an
 * edition (PDF/A-2u, PDF/UA-1).
 */
export function renderBilingualPrint(reference: Edition, other: Edition): string {
  const keys = [...reference.segments.keys()].filter((k) => !k.startsWith('meta.'));
  const places = placeSegments(
    reference.blocks,
    [...reference.segments.values()].map((s) => ({ ...s, text: s.english })),
    reference.notes,
    reference.abbreviations,
  );
  const cellOf = (e: Edition, k: string): string => {
    const s = e.segments.get(k);
    if (!s || s.status === 'missing')
      return `<td lang="${e.lang.code}"${dirAttribute(e.lang)} class="gap">${escapeHtml(e.ui('fallback'))}</td>`;
    return `<td lang="${e.lang.code}"${dirAttribute(e.lang)}>${renderInline(s.text, e.links, { notes: e.notes }).html}</td>`;
  };
  const rows = keys
    .map(
      (k) =>
        `<tr class="depth-${Math.min(depthOf(places.get(k)), 4)}">${cellOf(reference, k)}${cellOf(other, k)}</tr>`,
    )
    .join('\n');
  const title = (e: Edition) => e.segments.get('meta.title')?.text ?? e.doc.meta.title;
  return `<!doctype html>
<html lang="${reference.lang.code}"${dirAttribute(reference.lang)}>
<head>
<meta charset="utf-8">
<title>${escapeHtml(title(reference))} / ${escapeHtml(title(other))}</title>
<link rel="stylesheet" href="../../assets/fonts.css">
<style>
@page { size: A4; margin: 20mm 16mm 22mm; }
html { font-family: 'Noto Serif', serif; font-size: 10pt; line-height: 1.4; color: #1a1a1a; }
h1 { font-size: 14pt; text-align: center; margin: 0 0 8mm; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th { font-family: 'Noto Sans', sans-serif; font-size: 8.5pt; text-align: start; border-bottom: .5pt solid #c8c8c8; padding: 0 0 2mm; }
td { vertical-align: top; padding-block: 1.5mm; padding-inline: 0 3mm; overflow-wrap: break-word; }
td + td { padding-inline: 3mm 0; }
tr { break-inside: avoid; }
tr.depth-1 td { padding-inline-start: 4mm; } tr.depth-2 td { padding-inline-start: 8mm; } tr.depth-3 td, tr.depth-4 td { padding-inline-start: 12mm; }
.gap { color: #8a4b00; font-family: 'Noto Sans', sans-serif; font-size: 8pt; }
</style>
</head>
<body>
<h1><span>${escapeHtml(title(reference))}</span> / <span lang="${other.lang.code}"${dirAttribute(other.lang)}>${escapeHtml(title(other))}</span></h1>
<table>
<thead><tr><th scope="col">${escapeHtml(reference.lang.nativeName)}</th><th scope="col" lang="${other.lang.code}"${dirAttribute(other.lang)}>${escapeHtml(other.lang.nativeName)}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`;
}
