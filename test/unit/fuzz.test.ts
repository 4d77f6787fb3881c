// Property-based: random Markdown and random translation JSON through parse →
// segment → merge → render never throw anything but a UserError, keep every key, and
// always give sanitized HTML.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { UserError } from '../../scripts/errors.ts';
import { REGISTRY, language } from '../project-registry.ts';
import { createTranslator, mergeEdition } from '../../scripts/stages/merge.ts';
import { parseDocument } from '../../scripts/stages/parse.ts';
import { parseFlatResource } from '../../scripts/stages/read-json.ts';
import { renderEdition } from '../../scripts/stages/render.ts';
import { segmentDocument } from '../../scripts/stages/segment.ts';
import { ROOT } from '../helpers.ts';

const enUi = JSON.parse(await readFile(join(ROOT, 'translations/en/ui.json'), 'utf8')) as Record<
  string,
  string
>;
const FRONT = '---\nid: fuzz\ntitle: Fuzz\nplace: Sofia\ndate: 2020-02-02\nissuer: SELEC\n---\n';

const hostile = fc.constantFrom(
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<iframe src="file:///etc/passwd"></iframe>',
  '[x](javascript:alert(1))',
  '<a href="javascript:x">y</a>',
  '<style>*{}</style>',
  '<object data=x></object>',
  '<svg onload=alert(1)>',
  '<p onclick="x">p</p>',
  '<link rel=stylesheet href=http://127.0.0.1/>',
  '<sup>th</sup>',
  '*em*',
  '**b**',
  '`code`',
  '<',
  '>',
  '&',
  '"',
  "'",
  '{{x}}',
  '$t(x)',
  '\u0000',
  '\u00AD',
  'ș',
  'Љ',
  'Ω',
);
const word = fc.oneof(
  fc.string({ minLength: 1, maxLength: 8 }).map((s) => s.replace(/[\n\r{}#]/g, 'x')),
  hostile,
);
const inline = fc
  .array(word, { minLength: 1, maxLength: 12 })
  .map((ws) => ws.join(' ').trim() || 'x');
const key = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);
const block = fc.tuple(fc.constantFrom('p', 'h1', 'h2', 'li', 'quote'), inline);

/** The whole page: only our own links and one style element; no active content anywhere. */
const clean = (html: string): boolean => {
  const page = html
    .replace(
      /<link rel="(alternate|stylesheet)"[^>]*href="\.\.\/[^"<>]*"( type="application\/pdf")?>/g,
      '',
    )
    .replace(/<link rel="alternate" type="application\/pdf" href="[a-z0-9-]+\.pdf">/g, '')
    // The JSON-LD data block: never run, and no "<" inside it (escaped as \u003c).
    .replace(/<script type="application\/ld\+json">\n[^<]*\n<\/script>/, '')
    // <meta name|property content>: inert text (Open Graph repeats the title there); escaping keeps '"' out of it.
    .replace(/<meta (name|property)="[^"<>]*" content="[^"<>]*">/g, '');
  // Escaped text may mention anything; what matters is what is a tag or an attribute.
  return (
    !/<(script|iframe|object|embed|link|img|svg)\b/i.test(page) &&
    (page.match(/<style\b/gi) ?? []).length === 1 &&
    (page.match(/<\/style/gi) ?? []).length === 1 &&
    !/<[^>]*\son\w+\s*=/i.test(page) &&
    !/<[^>]*javascript:/i.test(page)
  );
};

test('random documents and translations: only UserErrors, keys kept, HTML sanitized', () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(key, { minLength: 1, maxLength: 8 }),
      fc.array(block, { minLength: 8, maxLength: 8 }),
      fc.dictionary(
        fc.oneof(key, fc.constantFrom('__proto__', 'constructor', 'meta.title')),
        fc.oneof(inline, fc.constant('')),
      ),
      inline,
      (keys, blocks, translation, pageLabel) => {
        const body = keys
          .map((k, i) => {
            const [kind, text] = blocks[i] ?? ['p', 'x'];
            const safe = text.replace(/^[\s#>*+\-\d.|=`~_]+/, '').trim() || 'x';
            const prefix =
              kind === 'h1'
                ? '# '
                : kind === 'h2'
                  ? '## '
                  : kind === 'li'
                    ? '- '
                    : kind === 'quote'
                      ? '> '
                      : '';
            return `${prefix}${safe} {#${k}}`;
          })
          .join('\n\n');
        try {
          const doc = parseDocument('source/fuzz.md', `${FRONT}\n${body}\n`);
          const seg = segmentDocument(doc);
          const bodyKeys = seg.segments.filter((s) => s.kind !== 'meta').map((s) => s.key);
          assert.deepEqual(bodyKeys, keys);
          const flat = parseFlatResource('translations/hr/fuzz.json', JSON.stringify(translation));
          const t = createTranslator(
            {
              en: { ui: enUi },
              hr: {
                fuzz: flat.values,
                ui: { page: `${pageLabel} {{page}} / {{pages}}`, unofficial: pageLabel },
              },
            },
            REGISTRY,
          );
          const edition = mergeEdition(doc, seg, language('hr'), t, {}, Object.keys(flat.values));
          assert.equal(edition.counts.total, seg.segments.length);
          const { html } = renderEdition(edition, {});
          assert.ok(clean(html), html);
        } catch (err) {
          if (err instanceof UserError) return;
          throw err;
        }
      },
    ),
    { numRuns: 300, seed: 20191031 },
  );
});

test('random bytes as a translation file: a located UserError or a resource, never a crash', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
      try {
        const r = parseFlatResource('translations/el/x.json', text);
        for (const v of Object.values(r.values)) assert.equal(typeof v, 'string');
      } catch (err) {
        assert.ok(err instanceof UserError, String(err));
        assert.ok(err.location?.file === 'translations/el/x.json');
      }
    }),
    { numRuns: 500, seed: 7 },
  );
});
