import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { REGISTRY, language } from '../project-registry.ts';
import {
  createTranslator,
  fingerprint,
  mergeEdition,
  type Resources,
} from '../../scripts/stages/merge.ts';
import { languageWithCode, renderEdition } from '../../scripts/stages/render.ts';
import { transliterateResource } from '../../scripts/stages/transliterate.ts';
import { ROOT, doc } from '../helpers.ts';

const BODY =
  '\n# Demo {#heading}\n\n*Knowing* that 20<sup>th</sup> {#knowing}\n\nSecond {#second}\n\nThird {#third}\n';
const enUi = JSON.parse(await readFile(join(ROOT, 'translations/en/ui.json'), 'utf8')) as Record<
  string,
  string
>;

function setup(hr: Record<string, string>, extra: Resources = {}) {
  const d = doc(BODY);
  const resources: Resources = {
    en: { ui: enUi },
    hr: {
      demo: hr,
      ui: { page: 'Stranica {{page}} od {{pages}}', dateline: '{{place}}, {{date, longdate}}' },
    },
    ...extra,
  };
  return { ...d, t: createTranslator(resources, REGISTRY) };
}

test('translated, stale, missing and orphaned segments are told apart', () => {
  const {
    doc: d,
    segmented,
    t,
  } = setup({ heading: 'Demo HR', knowing: '*Znajući* da 20.', second: 'Drugi', gone: 'Nestalo' });
  const records = {
    heading: { sha: fingerprint('Demo'), en: 'Demo' },
    knowing: { sha: fingerprint('*Knowing* that 19'), en: '*Knowing* that 19' },
    second: { sha: fingerprint('Second'), en: 'Second' },
  };
  const e = mergeEdition(d, segmented, language('hr'), t, records, [
    'heading',
    'knowing',
    'second',
    'gone',
  ]);
  const status = Object.fromEntries([...e.segments.values()].map((s) => [s.key, s.status]));
  assert.deepEqual(status, {
    'meta.title': 'missing',
    'meta.place': 'missing',
    'meta.issuer': 'missing',
    heading: 'translated',
    knowing: 'stale',
    second: 'translated',
    third: 'missing',
  });
  assert.deepEqual(e.counts, { total: 7, translated: 2, stale: 1, missing: 4, orphaned: 1 });
  assert.deepEqual(e.orphans, ['gone']);
  assert.equal(e.segments.get('knowing')?.translatedFrom, '*Knowing* that 19');
  assert.equal(e.segments.get('third')?.text, 'Third');
});

test('a translation without a record of its English counts as stale, never as up to date', () => {
  const { doc: d, segmented, t } = setup({ second: 'Drugi' });
  const e = mergeEdition(d, segmented, language('hr'), t, {}, ['second']);
  assert.equal(e.segments.get('second')?.status, 'stale');
});

test('the English edition is the source: every segment its own', () => {
  const { doc: d, segmented, t } = setup({});
  const e = mergeEdition(d, segmented, language('en'), t, {}, []);
  assert.equal(e.counts.translated, e.counts.total);
});

test('interface strings interpolate, format the date in the language, and fall back to English', () => {
  const { doc: d, segmented, t } = setup({});
  const e = mergeEdition(d, segmented, language('hr'), t, {}, []);
  assert.equal(
    e.ui('dateline', { place: 'Bukurešt', date: '2019-10-31' }),
    'Bukurešt, 31. listopada 2019.',
  );
  assert.equal(e.ui('downloadPdf'), 'Download PDF');
  const cnr = mergeEdition(d, segmented, language('cnr'), t, {}, []);
  assert.equal(
    cnr.ui('dateline', { place: 'Bukurešt', date: '2019-10-31' }),
    'Bukurešt, 31. oktobra 2019.',
  );
  const sr = mergeEdition(d, segmented, language('sr-Cyrl'), t, {}, []);
  assert.equal(
    sr.ui('dateline', { place: 'Букурешт', date: '2019-10-31' }),
    'Букурешт, 31. октобра 2019.',
  );
});

test('the HTML edition: lang, main, switcher, hreflang, PDF link, fallback visibly marked', () => {
  const { doc: d, segmented, t } = setup({ heading: 'Demo HR', knowing: '*Znajući* da 20.' });
  const e = mergeEdition(d, segmented, language('hr'), t, {}, ['heading', 'knowing']);
  const { html } = renderEdition(e);
  assert.match(html, /^<!doctype html>\n<html lang="hr" dir="ltr">/);
  assert.match(html, /<main id="text" data-legal-status="translation">/);
  assert.match(html, /<title>Demo Declaration<\/title>/);
  assert.match(html, /<link rel="alternate" hreflang="sr-Cyrl" href="\.\.\/sr-Cyrl\/demo\.html">/);
  assert.match(html, /<a lang="el" hreflang="el" href="\.\.\/el\/demo\.html">Ελληνικά<\/a>/);
  assert.match(html, /<a aria-current="page" lang="hr" href="demo\.html">hrvatski<\/a>/);
  assert.match(html, /<a href="demo\.pdf" type="application\/pdf">/);
  assert.match(
    html,
    /<h1 id="seg-heading" data-status="stale" class="stale" data-stale="The English text of this passage has changed since it was translated\.">Demo HR<\/h1>/,
  );
  assert.match(
    html,
    /<p id="seg-second" data-status="missing" lang="en" class="fallback" data-fallback="Not yet translated: the English text is shown.">Second<\/p>/,
  );
  assert.match(
    html,
    /<p class="notice" role="note" data-review="draft">Unofficial translation\. Only the English text is authentic\.<\/p>/,
  );
  assert.match(html, /content: "Stranica " counter\(page\) " od " counter\(pages\);/);
  // No script runs: the only <script> is the JSON-LD data block.
  assert.deepEqual(
    [...html.matchAll(/<script[^>]*>/g)].map((m) => m[0]),
    ['<script type="application/ld+json">'],
  );
});

test('raw HTML in a translation is sanitized, and the removal is reported naming the segment', () => {
  const {
    doc: d,
    segmented,
    t,
  } = setup({
    second:
      'Drugi <script>alert(1)</script><img src="http://127.0.0.1/x.png" onerror="x"> <a href="javascript:alert(1)">a</a> <sup>x</sup>',
  });
  const e = mergeEdition(d, segmented, language('hr'), t, {}, ['second']);
  const { html, diagnostics } = renderEdition(e, {});
  const inert = html.replace(/<script type="application\/ld\+json">\n[^<]*\n<\/script>/, '');
  assert.ok(!/<script|<img|javascript:|onerror/.test(inert));
  assert.match(html, /<sup>x<\/sup>/);
  assert.equal(diagnostics.length, 1);
  assert.equal(diagnostics[0]?.key, 'second');
  assert.equal(diagnostics[0]?.location?.file, 'translations/hr/demo.json');
  assert.match(
    diagnostics[0]?.message ?? '',
    /^removed unsafe or unsupported HTML from segment "second": <img>, <script>, javascript: link/,
  );
});

test('relative links are removed, and the report says so', () => {
  const {
    doc: d,
    segmented,
    t,
  } = setup({ second: '[a](../../etc/passwd) [b](https://selec.org/) [c](#top)' });
  const { html, diagnostics } = renderEdition(
    mergeEdition(d, segmented, language('hr'), t, {}, ['second']),
    {},
  );
  const p = /<p id="seg-second"[^>]*>(.*?)<\/p>/.exec(html)?.[1] ?? '';
  assert.equal(p, '<a>a</a> <a href="https://selec.org/">b</a> <a href="#top">c</a>');
  assert.match(diagnostics[0]?.message ?? '', /relative link "\.\.\/\.\.\/etc\/passwd"/);
});

test('values interpolated into HTML are escaped', () => {
  const d = doc(
    '\nText {#t}\n',
    '---\nid: demo\ntitle: "A <b>&</b> \\"q\\""\nplace: P\ndate: 2019-10-31\nissuer: I\n---\n',
  );
  const t = createTranslator({ en: { ui: enUi } }, REGISTRY);
  const { html } = renderEdition(mergeEdition(d.doc, d.segmented, language('en'), t, {}, []), {});
  assert.match(html, /<title>A &lt;b&gt;&amp;&lt;\/b&gt; &quot;q&quot;<\/title>/);
});

test('sr-Latn is the transliteration of sr-Cyrl, never stored twice', () => {
  const cyr = { knowing: '*Знајући* да 20. Његош' };
  const latn = transliterateResource(cyr);
  assert.deepEqual(latn, { knowing: '*Znajući* da 20. Njegoš' });
});

test('a localized footer cannot close the <style> it is written into', () => {
  const d = doc(BODY);
  const t = createTranslator(
    {
      en: { ui: enUi },
      hr: {
        demo: {},
        ui: { page: 'Str {{page}} </style><script>alert(1)</script><style> "x" {{pages}}' },
      },
    },
    REGISTRY,
  );
  const { html } = renderEdition(mergeEdition(d.doc, d.segmented, language('hr'), t, {}, []), {});
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
  assert.ok(!/[<>"]/.test(style.replace(/content: |"[^"]*"/g, '')), style);
  // No script runs: the only <script> is the JSON-LD data block.
  assert.deepEqual(
    [...html.matchAll(/<script[^>]*>/g)].map((m) => m[0]),
    ['<script type="application/ld+json">'],
  );
  assert.match(
    style,
    /^@page \{ @bottom-center \{ content: "Str " counter\(page\) " \\00003c \\00002f style\\00003e /,
  );
});

test('a translation may use the reference links the English defines; the definitions print nowhere', () => {
  const d = doc(
    '\n# Demo {#heading}\n\nSee [the Convention][conv]. {#see}\n\n[conv]: https://example.org/convention "SELEC Convention"\n',
  );
  const t = createTranslator(
    {
      en: { ui: enUi },
      hr: { demo: { see: 'Vidi [Konvenciju][conv].' }, ui: {} },
    },
    REGISTRY,
  );
  const html = renderEdition(
    mergeEdition(d.doc, d.segmented, language('hr'), t, {}, ['see']),
    {},
  ).html;
  assert.match(
    html,
    /<p id="seg-see" data-status="stale"[^>]*>Vidi <a title="SELEC Convention" href="https:\/\/example.org\/convention">Konvenciju<\/a>\.<\/p>/,
  );
  assert.doesNotMatch(html, /\[conv\]|example\.org\/convention "/);
});

test('the record names each language of the registry with its code in one bracket, never two in a row', () => {
  for (const lang of REGISTRY.languages) {
    const shown = languageWithCode(lang.nativeName, lang.code);
    assert.equal((shown.match(/\(/g) ?? []).length, 1, shown);
    assert.ok(shown.endsWith(`${lang.code})`), shown);
    assert.doesNotMatch(shown, /\) \(/, shown);
  }
  // The 2026-12-05 review, sr-Cyrl E2 and sr-Latn E2: one of the forms the reviewers proposed.
  assert.equal(
    languageWithCode(language('sr-Cyrl').nativeName, 'sr-Cyrl'),
    'српски (ћирилица, sr-Cyrl)',
  );
  assert.equal(
    languageWithCode(language('sr-Latn').nativeName, 'sr-Latn'),
    'srpski (latinica, sr-Latn)',
  );
  assert.equal(languageWithCode(language('hr').nativeName, 'hr'), 'hrvatski (hr)');
});
