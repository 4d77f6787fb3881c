// stages/render-index.ts: the download page, a row per registry language and document.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readRegistry } from '../../scripts/io/registry.ts';
import type { ManifestEdition } from '../../scripts/stages/manifest.ts';
import { renderIndex } from '../../scripts/stages/render-index.ts';
import { FIXTURE } from '../helpers.ts';

const LANGUAGES = readRegistry(FIXTURE).languages;
const ui = (key: string): string => ({ downloadPdf: 'Download PDF' })[key] ?? key;

function edition(lang: string, over: Partial<ManifestEdition> = {}): ManifestEdition {
  return {
    lang,
    document: 'statement',
    html: `${lang}/statement.html`,
    pdf: `${lang}/statement.pdf`,
    xml: `${lang}/statement.akn.xml`,
    xmlSha256: '3'.repeat(64),
    bytes: 48_213,
    sha256: `${lang.length}`.repeat(64),
    pages: 2,
    status: lang === 'en' ? 'original' : 'draft',
    key: 'k',
    ...over,
  };
}

const html = renderIndex(
  [
    {
      id: 'statement',
      title: 'Statement <on> "Cooperation" & more',
      editions: [
        edition('en'),
        edition('sr-Cyrl', {
          status: 'approved',
          review: {
            status: 'approved',
            current: true,
            by: 'M. P., translator',
            date: '2026-12-05',
          },
        }),
        edition('el', {
          review: { status: 'approved', current: false, by: 'A <b>', date: '2026-01-31' },
        }),
      ],
      counts: {
        en: { total: 14, translated: 14, stale: 0, missing: 0, orphaned: 0 },
        el: { total: 13, translated: 12, stale: 0, missing: 1, orphaned: 0 },
      },
    },
  ],
  ui,
  LANGUAGES,
);
const rows = [...html.matchAll(/<tr id="([^"]+)">([\s\S]*?)<\/tr>/g)];

test('a row per registry language, in its order, each edition named in its own language', () => {
  assert.deepEqual(
    rows.map((r) => r[1]),
    ['statement-en', 'statement-hr', 'statement-sr-Cyrl', 'statement-sr-Latn', 'statement-el'],
  );
  assert.ok(
    html.includes(
      '<th scope="row" class="edition"><span lang="sr-Cyrl">српски (ћирилица)</span></th><td class="language">Serbian (Cyrillic)</td>',
    ),
  );
  // What was not built says so, across the columns.
  const hr = rows.find((r) => r[1] === 'statement-hr')?.[2] ?? '';
  assert.match(hr, /<td class="missing-edition" colspan="7">not built<\/td>$/);
});

test('a built row: links, size, pages, status from the review, coverage, checksum', () => {
  const en = rows.find((r) => r[1] === 'statement-en')?.[2] ?? '';
  assert.ok(
    en.includes('<td class="html"><a href="en/statement.html" hreflang="en">HTML</a></td>'),
  );
  assert.ok(
    en.includes(
      '<td class="pdf"><a href="en/statement.pdf" hreflang="en" type="application/pdf">PDF</a>, 48.2 kB</td>',
    ),
  );
  assert.ok(
    en.includes(
      '<td class="xml"><a href="en/statement.akn.xml" hreflang="en" type="application/akn+xml">Akoma Ntoso XML</a></td>',
    ),
    'the XML edition is the third link',
  );
  assert.ok(en.includes('<td class="pages" data-unit="pages">2</td>'));
  assert.ok(en.includes('<td class="status">original</td>'));
  assert.ok(en.includes('<td class="coverage" data-unit="translated">100.0%</td>'));
  assert.ok(en.includes(`<code>${'2'.repeat(12)}…</code></summary><code>${'2'.repeat(64)}</code>`));
  const cyrl = rows.find((r) => r[1] === 'statement-sr-Cyrl')?.[2] ?? '';
  assert.ok(cyrl.includes('<td class="status">approved by M. P., translator on 2026-12-05</td>'));
  assert.ok(cyrl.includes('<td class="coverage" data-unit="translated"></td>'), 'no counts given');
  const el = rows.find((r) => r[1] === 'statement-el')?.[2] ?? '';
  assert.ok(
    el.includes('<td class="status">draft — approval of 2026-01-31 by A &lt;b&gt; lapsed</td>'),
  );
  assert.ok(el.includes('<td class="coverage" data-unit="translated">92.3%</td>'));
});

test('the title is escaped in the heading and the caption; the column head is the interface string', () => {
  const title = 'Statement &lt;on&gt; &quot;Cooperation&quot; &amp; more';
  assert.ok(html.includes(`<h2 id="doc-statement">${title}</h2>`));
  assert.ok(html.includes(`<caption>Editions of ${title}</caption>`));
  assert.ok(html.includes('<th scope="col">Download PDF</th>'));
  assert.doesNotMatch(html, /<on>|<b>/);
  assert.match(html, /^<!doctype html>\n<html lang="en">/);
});
