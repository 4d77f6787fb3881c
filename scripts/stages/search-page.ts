// search-page: dist/search.html, the one page that searches the editions (Pagefind's
// index in dist/pagefind/, built by the build). `?lang=hr&q=…` chooses the language's
// index (Pagefind reads the page's lang) and the words; the forms on the download page
// and in every edition's masthead (plain HTML, no script in the editions) lead here.
import type { Language } from '../languages.ts';
import { escapeHtml } from './escape.ts';

/** The search form of an edition's masthead: a GET form to ../search.html, in its language. */
export function searchForm(lang: string, label: string): string {
  return `<form class="search" role="search" action="../search.html" method="get"><input type="hidden" name="lang" value="${escapeHtml(lang)}"><input type="search" name="q" aria-label="${escapeHtml(label)}" placeholder="${escapeHtml(label)}"><button type="submit">${escapeHtml(label)}</button></form>`;
}

/** The download page's search form: words and a language. */
export function indexSearchForm(languages: readonly Language[]): string {
  const options = languages
    .map((l) => `<option value="${l.code}" lang="${l.code}">${escapeHtml(l.nativeName)}</option>`)
    .join('');
  return `<form class="search" role="search" action="search.html" method="get"><label>Search the editions <input type="search" name="q"></label> <label>in <select name="lang">${options}</select></label> <button type="submit">Search</button></form>`;
}

/**
 * The search page. `labels` is each language's word for "Search" (its heading in that
 * language); the page takes the language asked for before Pagefind loads its index.
 */
export function renderSearchPage(
  languages: readonly Language[],
  labels: Readonly<Record<string, string>>,
): string {
  const codes = JSON.stringify(languages.map((l) => l.code));
  const words = JSON.stringify(labels).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Search · SELEC editions</title>
<link rel="stylesheet" href="assets/fonts.css">
<link rel="stylesheet" href="assets/pages.css">
<link rel="stylesheet" href="pagefind/pagefind-ui.css">
</head>
<body>
<a class="skip" href="#search">Skip to the search</a>
<header><p><a href="index.html">SELEC editions</a></p><h1 id="title">Search</h1></header>
<main><div id="search"></div>
<noscript><p>Searching needs JavaScript; every edition is listed on <a href="index.html">the download page</a>.</p></noscript></main>
<script>
(function () {
  var params = new URLSearchParams(location.search);
  var codes = ${codes};
  var labels = ${words};
  var lang = codes.indexOf(params.get('lang')) >= 0 ? params.get('lang') : 'en';
  document.documentElement.lang = lang;
  document.getElementById('title').textContent = labels[lang] || 'Search';
  var s = document.createElement('script');
  s.src = 'pagefind/pagefind-ui.js';
  s.onload = function () {
    var ui = new PagefindUI({ element: '#search', showSubResults: true, showImages: false, baseUrl: new URL('.', location.href).pathname });
    if (params.get('q')) ui.triggerSearch(params.get('q'));
  };
  document.head.appendChild(s);
})();
</script>
</body>
</html>
`;
}
