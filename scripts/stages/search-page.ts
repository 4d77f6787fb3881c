// search-page: dist/search.html, the one page that searches the editions (Pagefind's
// index in dist/pagefind/, built by the build). `?lang=hr&q=…` chooses the language's
// index (Pagefind reads the page's lang) and the words; the forms on the download page
// and in every edition's masthead (plain HTML, no script in the editions) lead here.
import { dirAttribute, type Language } from '../languages.ts';
import { escapeHtml } from './escape.ts';

/** The search form of an edition's masthead: a GET form to ../search.html, in its language. */
export function searchForm(lang: string, label: string): string {
  return `<form class="search" role="search" action="../search.html" method="get"><input type="hidden" name="lang" value="${escapeHtml(lang)}"><input type="search" name="q" aria-label="${escapeHtml(label)}" placeholder="${escapeHtml(label)}"><button type="submit">${escapeHtml(label)}</button></form>`;
}

/** The download page's search form: words and a language. */
export function indexSearchForm(languages: readonly Language[]): string {
  const options = languages
    .map(
      (l) =>
        `<option value="${l.code}" lang="${l.code}"${dirAttribute(l)}>${escapeHtml(l.nativeName)}</option>`,
    )
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
  const options = languages
    .map(
      (l) =>
        `<option value="${l.code}" lang="${l.code}"${dirAttribute(l)}>${escapeHtml(l.nativeName)}</option>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Search · SELEC editions</title>
<link rel="stylesheet" href="assets/fonts.css">
<link rel="stylesheet" href="assets/pages.css">
</head>
<body>
<a class="skip" href="#results">Skip to the results</a>
<header><p><a href="index.html">SELEC editions</a></p><h1 id="title">Search</h1>
<form class="search" role="search" method="get"><label>Words <input type="search" name="q" id="q"></label> <label>Language <select name="lang" id="lang">${options}</select></label> <button type="submit">Search</button></form>
</header>
<main><p role="status" id="count"></p><ol id="results" class="results"></ol>
<noscript><p>Searching needs JavaScript; every edition is listed on <a href="index.html">the download page</a>.</p></noscript></main>
${searchScript(codes, words)}
</body>
</html>
`;
}

/** The page's script: the language and words from the URL, Pagefind's results, each linked to its provision. */
function searchScript(codes: string, words: string): string {
  return `<script type="module">
const params = new URLSearchParams(location.search);
const codes = ${codes};
const labels = ${words};
const lang = codes.includes(params.get('lang')) ? params.get('lang') : 'en';
const words = params.get('q') ?? '';
// Pagefind reads the page's language to load that language's index (and its stemmer).
document.documentElement.lang = lang;
document.getElementById('title').textContent = labels[lang] ?? 'Search';
document.getElementById('lang').value = lang;
document.getElementById('q').value = words;
const base = new URL('.', location.href);
if (words.trim() !== '') {
  const pagefind = await import(new URL('pagefind/pagefind.js', base).href);
  const found = await pagefind.search(words);
  const data = await Promise.all(found.results.slice(0, 30).map((r) => r.data()));
  document.getElementById('count').textContent = found.results.length + ' · ' + words;
  const list = document.getElementById('results');
  for (const d of data) {
    // The provision the first match is in: the last element with an id before it.
    const at = d.locations[0] ?? 0;
    const anchor = d.anchors.filter((a) => a.location <= at).pop();
    const link = document.createElement('a');
    // Pagefind gives the address under the folder its bundle is served from.
    link.href = d.url + (anchor ? '#' + anchor.id : '');
    link.textContent = d.meta.title + (anchor && anchor.text ? ' — ' + anchor.text.slice(0, 60) : '');
    link.lang = lang;
    const excerpt = document.createElement('p');
    excerpt.lang = lang;
    excerpt.innerHTML = d.excerpt;
    const item = document.createElement('li');
    item.append(link, excerpt);
    list.append(item);
  }
}
</script>`;
}
