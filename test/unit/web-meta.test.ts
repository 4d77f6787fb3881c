// The pure parts of the web side: --base-url checking, Open Graph locales derived
// from the registry, the sitemap's escaping and the edition head without a base URL.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../../scripts/errors.ts';
import { SOURCE_LANGUAGE } from '../../scripts/languages.ts';
import { LANGUAGES } from '../project-registry.ts';
import { parseBaseUrl, renderSitemap } from '../../scripts/stages/sitemap.ts';
import { ogLocale, renderWebMeta } from '../../scripts/stages/web-meta.ts';
import { fixtureProject, runMain } from '../helpers.ts';

test('parseBaseUrl: an http(s) folder address, always ending in "/"', () => {
  assert.equal(parseBaseUrl('https://example.org/editions'), 'https://example.org/editions/');
  assert.equal(parseBaseUrl('https://example.org/editions/'), 'https://example.org/editions/');
  assert.equal(parseBaseUrl('http://example.org'), 'http://example.org/');
  for (const bad of [
    'editions/',
    'ftp://example.org/',
    'https://example.org/?a=1',
    'https://example.org/#x',
    '',
  ]) {
    assert.throws(
      () => parseBaseUrl(bad),
      (err: unknown) =>
        err instanceof UserError &&
        err.message.includes('--base-url') &&
        err.hint.includes('https://example.org/editions/'),
      bad,
    );
  }
});

test('a bad --base-url exits 2 before anything is built', async (t) => {
  const root = await fixtureProject(t);
  const r = await runMain(root, ['build', '--base-url', 'example.org'], {
    PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chromium',
  });
  assert.equal(r.code, 2);
  assert.equal(r.stderr.split('\n')[0], 'error: --base-url "example.org" is not an absolute URL');
  assert.equal(r.stdout, '');
});

test('og:locale of every registry language: its own language subtag and a territory', () => {
  for (const lang of LANGUAGES) {
    const locale = ogLocale(lang);
    assert.match(locale, /^[a-z]{2,3}_[A-Z]{2}$/, lang.code);
    assert.equal(
      locale.split('_')[0],
      lang.code.split('-')[0],
      `${lang.code}: the code's language, not the date locale's`,
    );
  }
  // Editions that differ only in script share a locale; every other pair differs.
  const byLocale = new Map<string, string[]>();
  for (const l of LANGUAGES)
    byLocale.set(ogLocale(l), [...(byLocale.get(ogLocale(l)) ?? []), l.code]);
  for (const codes of byLocale.values()) {
    if (codes.length > 1)
      assert.equal(new Set(codes.map((c) => c.split('-')[0])).size, 1, codes.join(' '));
  }
});

test('renderSitemap escapes the URLs and lists x-default only when the English exists', () => {
  const xml = renderSitemap(
    [{ id: 'd', langs: [LANGUAGES[1]?.code ?? 'sq', SOURCE_LANGUAGE] }],
    'https://example.org/a&b/',
    LANGUAGES,
  );
  assert.ok(xml.includes('<loc>https://example.org/a&amp;b/en/d.html</loc>'));
  assert.ok(!xml.includes('a&b'));
  // Registry order, whatever order the caller gives.
  assert.ok(
    xml.indexOf(`/${SOURCE_LANGUAGE}/d.html</loc>`) <
      xml.indexOf(`/${LANGUAGES[1]?.code}/d.html</loc>`),
  );
  assert.equal(xml.match(/hreflang="x-default"/g)?.length, 2);
  const without = renderSitemap(
    [{ id: 'd', langs: [LANGUAGES[1]?.code ?? 'sq'] }],
    'https://example.org/',
    LANGUAGES,
  );
  assert.doesNotMatch(without, /x-default/);
});

test('renderWebMeta without a base URL: relative alternates, no canonical, Open Graph escaped', () => {
  const lang = LANGUAGES[1] ?? LANGUAGES[0];
  assert.ok(lang);
  const html = renderWebMeta({
    lang,
    languages: LANGUAGES,
    docId: 'd',
    title: 'A "title" <b>',
    description: '',
  });
  assert.doesNotMatch(html, /canonical|og:url|og:description/);
  assert.ok(
    html.includes(`<link rel="alternate" hreflang="${lang.code}" href="../${lang.code}/d.html">`),
  );
  assert.ok(html.includes('<meta property="og:title" content="A &quot;title&quot; &lt;b&gt;">'));
  assert.ok(
    !html.includes(`og:locale:alternate" content="${ogLocale(lang)}"`),
    'its own locale is not an alternate',
  );
});
