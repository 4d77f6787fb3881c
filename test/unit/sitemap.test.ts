// stages/sitemap.ts: dist/sitemap.xml, every HTML edition with its alternates, in the
// fixture registry's order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readRegistry } from '../../scripts/io/registry.ts';
import { renderSitemap } from '../../scripts/stages/sitemap.ts';
import { FIXTURE } from '../helpers.ts';

const LANGUAGES = readRegistry(FIXTURE).languages;
const BASE = 'https://example.org/editions/';

test('one <url> per edition that exists; each lists every edition of its document and x-default', () => {
  const xml = renderSitemap(
    [
      { id: 'statement', langs: ['el', 'en'] },
      { id: 'programme', langs: ['hr'] },
    ],
    BASE,
    LANGUAGES,
  );
  const alternates = [
    '    <xhtml:link rel="alternate" hreflang="en" href="https://example.org/editions/en/statement.html"/>',
    '    <xhtml:link rel="alternate" hreflang="el" href="https://example.org/editions/el/statement.html"/>',
    '    <xhtml:link rel="alternate" hreflang="x-default" href="https://example.org/editions/en/statement.html"/>',
  ].join('\n');
  assert.equal(
    xml,
    `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
  <url>
    <loc>https://example.org/editions/en/statement.html</loc>
${alternates}
  </url>
  <url>
    <loc>https://example.org/editions/el/statement.html</loc>
${alternates}
  </url>
  <url>
    <loc>https://example.org/editions/hr/programme.html</loc>
    <xhtml:link rel="alternate" hreflang="hr" href="https://example.org/editions/hr/programme.html"/>
  </url>
</urlset>
`,
  );
});

test('a language the registry does not have is left out; no edition, no <url>', () => {
  const xml = renderSitemap([{ id: 'd', langs: ['tr', 'sr-Latn'] }], BASE, LANGUAGES);
  assert.deepEqual(
    [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1]),
    ['https://example.org/editions/sr-Latn/d.html'],
  );
  assert.doesNotMatch(xml, /hreflang="tr"|x-default/);
  assert.doesNotMatch(renderSitemap([{ id: 'd', langs: [] }], BASE, LANGUAGES), /<url>/);
});
