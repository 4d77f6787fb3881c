// The real translations, every language and segment: translated, faithful in markup,
// numbers and script, and complete in their interface strings.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadProject } from '../../scripts/io/project.ts';
import { LANGUAGES } from '../project-registry.ts';
import { checkSegment } from '../../scripts/stages/check.ts';
import { ROOT, runMain } from '../helpers.ts';

const project = await loadProject(ROOT);
const words = new Set(
  (await readFile(join(ROOT, 'scripts', 'templates', 'words.txt'), 'utf8'))
    .split('\n')
    .map((w) => w.trim())
    .filter((w) => w && !w.startsWith('#')),
);
const enUi = JSON.parse(
  await readFile(join(ROOT, 'translations', 'en', 'ui.json'), 'utf8'),
) as Record<string, string>;
const translated = LANGUAGES.filter((l) => l.code !== 'en');

// Completeness is the coverage report's business (a new document or language starts empty):
// these tests hold every translation that exists to the English it translates.
test('every translation that exists is non-empty text, and every interface string keeps the placeholders', () => {
  for (const lang of translated) {
    for (const { doc, segmented } of project.documents) {
      const res = project.resources[lang.code]?.[doc.id] ?? {};
      for (const seg of segmented.segments) {
        const t = res[seg.key];
        if (t !== undefined)
          assert.ok(t.trim() !== '', `${lang.code} ${doc.id}#${seg.key} is empty`);
      }
    }
    const ui = project.resources[lang.code]?.['ui'] ?? {};
    assert.deepEqual(
      project.diagnostics
        .filter((d) => d.lang === lang.code && d.severity === 'error')
        .map((d) => d.message),
      [],
      `${lang.code}: ui.json and its folder`,
    );
    for (const [k, v] of Object.entries(enUi)) {
      if (!ui[k]) continue; // untranslated: shown in English and listed by check
      const placeholders = (s: string) => (s.match(/\{\{[^}]+\}\}/g) ?? []).sort();
      assert.deepEqual(
        placeholders(ui[k] ?? ''),
        placeholders(v),
        `${lang.code} ui.${k} placeholders`,
      );
    }
  }
});

test('no QA error in any segment of any language: markup, numbers, script, untranslated, placeholders', () => {
  const errors: string[] = [];
  for (const lang of translated) {
    for (const { doc, segmented } of project.documents) {
      for (const seg of segmented.segments) {
        const t = project.resources[lang.code]?.[doc.id]?.[seg.key];
        if (t === undefined) continue; // not translated yet: coverage counts it
        for (const f of checkSegment(
          {
            lang: lang.code,
            script: lang.script,
            document: doc.id,
            key: seg.key,
            english: seg.text,
            translation: t,
          },
          { properNames: words },
        )) {
          if (f.severity === 'error')
            errors.push(`${lang.code} ${seg.key} ${f.rule}: ${f.message}`);
        }
      }
    }
  }
  assert.deepEqual(errors, []);
});

test('emphasis: the same segments are emphasised, once each, as in the English', () => {
  for (const lang of translated) {
    for (const { doc, segmented } of project.documents) {
      for (const seg of segmented.segments) {
        const t = project.resources[lang.code]?.[doc.id]?.[seg.key];
        if (t === undefined) continue;
        const count = (s: string) => (s.match(/\*[^*]+\*/g) ?? []).length;
        assert.equal(count(t), count(seg.text), `${lang.code} ${seg.key}`);
      }
    }
  }
});

test('all eleven member states and the three partners are named in every language', () => {
  const preamble = project.documents[0]?.segmented.segments.find((s) => s.key === 'preamble');
  assert.ok(preamble);
  for (const lang of translated.filter(
    (l) => project.resources[l.code]?.['joint-declaration']?.['preamble'] !== undefined,
  )) {
    const t = project.resources[lang.code]?.['joint-declaration']?.['preamble'] ?? '';
    // Eleven states: ten list separators (commas and the final conjunction) inside the parentheses.
    const list = /\(([^)]*)\)/.exec(t)?.[1] ?? '';
    assert.ok(
      list
        .split(/,| и | i | dhe | και | és | și | ve /)
        .map((s) => s.trim())
        .filter(Boolean).length >= 11,
      `${lang.code}: ${list}`,
    );
    const partners = project.resources[lang.code]?.['joint-declaration']?.['partners'] ?? '';
    assert.match(partners, /[IİИΙ][nнν][tтτ]/u, `${lang.code}: Interpol`);
  }
});

test('Romanian uses comma-below ș ț, never the cedilla; Cyrillic and Greek carry no Latin letters but SELEC and PDF', () => {
  const ro = JSON.stringify(project.resources['ro']);
  assert.ok(!/[şţŞŢ]/.test(ro));
  assert.ok(/[șț]/.test(ro));
  for (const lang of LANGUAGES.filter((l) => l.script !== 'Latn')) {
    for (const ns of Object.values(project.resources[lang.code] ?? {})) {
      for (const [k, v] of Object.entries(ns)) {
        const latin = v.replace(/\{\{[^}]*\}\}|<[^>]*>/g, '').match(/[A-Za-z]+/g) ?? [];
        assert.deepEqual(
          latin.filter((w) => !['SELEC', 'PDF'].includes(w)),
          [],
          `${lang.code} ${k}`,
        );
      }
    }
  }
});

test('the derived sr-Latn edition is exactly the transliteration of sr-Cyrl, in Latin letters only', () => {
  const latn = project.resources['sr-Latn']?.['joint-declaration'] ?? {};
  const cyrl = project.resources['sr-Cyrl']?.['joint-declaration'] ?? {};
  assert.deepEqual(Object.keys(latn), Object.keys(cyrl));
  for (const v of Object.values(latn)) assert.ok(!/[\u0400-\u04FF]/.test(v), v);
  assert.match(latn['heading'] ?? '', /^Zajednička deklaracija$/);
});

test('no edition of the real translations is signed off: nobody has reviewed them yet', async () => {
  const { signoffOf } = await import('../../scripts/stages/editions.ts');
  for (const lang of translated) {
    for (const { doc } of project.documents) {
      const s = signoffOf(project, lang.code, doc.id);
      assert.equal(s?.effective, 'draft', `${lang.code}/${doc.id}`);
      // Whatever is recorded names who signed (the history's reader refuses it otherwise).
      if (s?.entry) assert.ok(s.entry.by.trim() !== '', `${lang.code}/${doc.id}`);
    }
  }
});

test('coverage of the real project: every registry language reported, nothing stale or orphaned, --fail-under agrees with the JSON', async () => {
  // coverage and check only read: they run on the repository itself.
  const r = await runMain(ROOT, ['coverage', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const cov = JSON.parse(r.stdout) as {
    languages: Record<
      string,
      { total: number; translated: number; stale: number; missing: number; orphaned: number }
    >;
  };
  assert.deepEqual(
    Object.keys(cov.languages),
    LANGUAGES.map((l) => l.code),
  );
  for (const [code, c] of Object.entries(cov.languages)) {
    // Missing is allowed (a new document or language shows English until translated); stale or orphaned is not.
    assert.deepEqual([c.stale, c.orphaned], [0, 0], code);
    assert.equal(c.translated + c.missing, c.total, code);
    assert.equal(
      c.total,
      project.documents.reduce((n, d) => n + d.segmented.segments.length, 0),
    );
  }
  const complete = Object.values(cov.languages).every((c) => c.translated === c.total);
  assert.equal((await runMain(ROOT, ['coverage', '--fail-under', '100'])).code, complete ? 0 : 1);
});

test('npm run check finds no error in the real translations (warnings are for the reviewers)', async () => {
  const r = await runMain(ROOT, ['check', '--no-spelling', '--format', 'json']);
  const report = JSON.parse(r.stdout) as { errors: number; findings: Array<{ severity: string }> };
  assert.deepEqual(
    report.findings.filter((f) => f.severity === 'error'),
    [],
  );
  assert.equal(r.code, 0);
});
