// sitemap: dist/sitemap.xml, every HTML edition with its language alternates
// (hreflang, x-default = the English), as search engines read them.
import { UserError } from '../errors.ts';
import { SOURCE_LANGUAGE, type Language } from '../languages.ts';
import { escapeHtml } from './escape.ts';
import { editionUrl } from './web-meta.ts';

/** The editions of one document that exist, by language code. */
export interface SitemapDocument {
  id: string;
  langs: readonly string[];
  /** Earlier versions kept at their own addresses, relative to the base URL (listed after the current ones). */
  versions?: readonly string[];
}

/**
 * Checks a --base-url and returns it ending in "/", so that relative paths resolve under it.
 * @example parseBaseUrl('https://example.org/editions') // 'https://example.org/editions/'
 */
export function parseBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch (err) {
    throw new UserError(
      `--base-url "${value}" is not an absolute URL`,
      'Give the address the dist/ folder is published at, e.g. --base-url https://example.org/editions/',
      undefined,
      { cause: err },
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UserError(
      `--base-url must be an http or https URL, not "${value}"`,
      'For example --base-url https://example.org/editions/',
    );
  if (url.search || url.hash)
    throw new UserError(
      `--base-url "${value}" has a query or fragment`,
      'Give only the folder address, e.g. https://example.org/editions/',
    );
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

/**
 * The sitemap of every edition, in registry order, each listing all editions of its
 * document (itself included, as the protocol asks) and x-default.
 * @example renderSitemap([{ id: 'd', langs: ['en', 'hr'] }], 'https://x.org/', registry.languages)
 */
export function renderSitemap(
  documents: readonly SitemapDocument[],
  baseUrl: string,
  registry: readonly Language[],
): string {
  const urls: string[] = [];
  for (const doc of documents) {
    const langs = registry.filter((l) => doc.langs.includes(l.code)).map((l) => l.code);
    const alternates = langs.map((code) => link(code, editionUrl(code, doc.id, baseUrl)));
    if (langs.includes(SOURCE_LANGUAGE))
      alternates.push(link('x-default', editionUrl(SOURCE_LANGUAGE, doc.id, baseUrl)));
    for (const code of langs) {
      urls.push(
        `  <url>\n    <loc>${escapeHtml(editionUrl(code, doc.id, baseUrl))}</loc>\n${alternates.join('\n')}\n  </url>`,
      );
    }
    for (const path of doc.versions ?? [])
      urls.push(`  <url>\n    <loc>${escapeHtml(new URL(path, baseUrl).href)}</loc>\n  </url>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
${urls.join('\n')}
</urlset>
`;
}

function link(hreflang: string, href: string): string {
  return `    <xhtml:link rel="alternate" hreflang="${hreflang}" href="${escapeHtml(href)}"/>`;
}
