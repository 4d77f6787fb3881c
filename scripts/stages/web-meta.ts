// web-meta: what search engines and link previews read in an edition's <head>:
// hreflang alternates, the canonical URL and Open Graph tags, all in the edition's
// language. Absolute URLs only when the site's base URL is known.
import { SOURCE_LANGUAGE, type Language } from '../languages.ts';
import { escapeHtml } from './escape.ts';

export interface WebMetaInput {
  lang: Language;
  docId: string;
  title: string;
  /** The document's subject in the edition's language: the description of the page. */
  description: string;
  /** Absolute base URL ending in "/" (see parseBaseUrl); relative links without it. */
  baseUrl?: string;
  /** The editions that exist of this document: the registry's languages. */
  languages: readonly Language[];
}

/**
 * Open Graph locale (language_TERRITORY) of an edition: the language subtag of its
 * code, the territory CLDR gives its date locale. The code wins over the locale,
 * because ICU reads cnr as sr-ME.
 * @example ogLocale(registry.get('sr-Latn')) // 'sr_RS'; ogLocale(registry.get('cnr')) // 'cnr_ME'
 */
export function ogLocale(lang: Language): string {
  const language = lang.code.split('-')[0] ?? lang.code;
  const region = new Intl.Locale(lang.intlLocale).maximize().region;
  return region ? `${language}_${region}` : language;
}

/** The path of an edition relative to the root of dist/. */
export const editionPath = (code: string, docId: string): string => `${code}/${docId}.html`;

/** The URL of an edition: absolute under `baseUrl`, else relative to a page in dist/<lang>/. */
export function editionUrl(code: string, docId: string, baseUrl?: string): string {
  return baseUrl
    ? new URL(editionPath(code, docId), baseUrl).href
    : `../${editionPath(code, docId)}`;
}

/** The <head> lines of an edition: alternates, canonical, Open Graph. */
export function renderWebMeta(input: WebMetaInput): string {
  const { lang, docId, baseUrl } = input;
  const languages = input.languages;
  const url = (code: string) => escapeHtml(editionUrl(code, docId, baseUrl));
  const lines = languages.map(
    (l) => `<link rel="alternate" hreflang="${l.code}" href="${url(l.code)}">`,
  );
  lines.push(`<link rel="alternate" hreflang="x-default" href="${url(SOURCE_LANGUAGE)}">`);
  if (baseUrl) lines.push(`<link rel="canonical" href="${url(lang.code)}">`);
  const og: Array<[string, string]> = [
    ['og:type', 'article'],
    ['og:title', input.title],
  ];
  if (input.description) og.push(['og:description', input.description]);
  if (baseUrl) og.push(['og:url', editionUrl(lang.code, docId, baseUrl)]);
  const own = ogLocale(lang);
  og.push(['og:locale', own]);
  // sr-Cyrl and sr-Latn share sr_RS: Open Graph locales cannot name a script.
  const others = [...new Set(languages.map(ogLocale))].filter((l) => l !== own);
  for (const other of others) og.push(['og:locale:alternate', other]);
  lines.push(...og.map(([p, c]) => `<meta property="${p}" content="${escapeHtml(c)}">`));
  return lines.join('\n');
}
