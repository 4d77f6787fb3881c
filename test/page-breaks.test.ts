// Page breaks in print: no heading, "not yet translated" label or table caption is left
// at the foot of a page, apart from what it introduces. A long legal text (articles of
// varying length, so that headings fall at many heights of the page, tables with
// captions, and footnotes) is printed in English and in a translation where most
// passages are English with their label; each page's last line of text is read back.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { build } from '../scripts/build.ts';
import { ROOT, tempDir, usePrinter } from './helpers.ts';

let dir: string;
const printer = await usePrinter();
const ID = 'long-act';
const SENTENCE =
  'The competent authorities of the Parties shall cooperate closely, in accordance with their national law, in preventing, detecting and investigating criminal offences.';

// Article n: a heading, its subject, a numbered list of 1–5 paragraphs of 1–4 sentences,
// and every third article a table with its caption.
function article(n: number): string {
  const items = Array.from({ length: 1 + ((n * 3) % 5) }, (_, i) => {
    const text = Array.from({ length: 1 + ((n + i) % 4) }, () => SENTENCE).join(' ');
    return `${i + 1}. ${text} {#a${n}-${i + 1}}`;
  });
  const table =
    n % 3 === 0
      ? `\nTable: Contributions under Article ${n} {#a${n}-cap}\n\n| Party {#a${n}-h1} | Share {#a${n}-h2} |\n|---|---|\n| First {#a${n}-r1} | 10 {#a${n}-v1} |\n| Second {#a${n}-r2} | 20 {#a${n}-v2} |\n`
      : '';
  const note = n % 4 === 0 ? `[^n${n}]` : '';
  return `## Article ${n} {#a${n}}\n\nSubject of Article ${n}${note} {#a${n}-s}\n\n${items.join('\n')}\n${table}`;
}

const SOURCE = `---
id: ${ID}
title: Rules on Operational Cooperation
place: Bucharest
date: 2021-03-01
issuer: Southeast European Law Enforcement Center (SELEC)
---

# Rules on Operational Cooperation {#title}

${Array.from({ length: 26 }, (_, i) => article(i + 1)).join('\n')}
${Array.from({ length: 6 }, (_, i) => `[^n${(i + 1) * 4}]: ${SENTENCE} {#fn-${(i + 1) * 4}}`).join('\n\n')}
`;

before(async () => {
  dir = await tempDir('breaks-');
  await mkdir(join(dir, 'source'));
  await writeFile(join(dir, 'source', `${ID}.md`), SOURCE);
  for (const part of ['languages.json', 'en', 'hr'])
    await cp(join(ROOT, 'translations', part), join(dir, 'translations', part), {
      recursive: true,
    });
  const file = join(dir, 'translations', 'languages.json');
  const registry = JSON.parse(await readFile(file, 'utf8')) as {
    languages: Array<{ code: string }>;
  };
  // English and one translation, two passages translated: the rest shows its label.
  registry.languages = registry.languages.filter((l) => ['en', 'hr'].includes(l.code));
  await writeFile(file, JSON.stringify(registry, null, 2));
  await writeFile(
    join(dir, 'translations', 'hr', `${ID}.json`),
    JSON.stringify({ a1: 'Članak 1.', 'a1-s': 'Predmet članka 1.' }),
  );
  await build({ root: dir, outDir: join(dir, 'dist'), printer, allowIncomplete: true });
});

/** The lines of text of each page, the page's footer left out. */
function pages(code: string): string[][] {
  const file = join(dir, 'dist', code, `${ID}.pdf`);
  const count = Number(
    /Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1],
  );
  return Array.from({ length: count }, (_, i) => {
    const text = execFileSync(
      'pdftotext',
      ['-layout', '-f', `${i + 1}`, '-l', `${i + 1}`, file, '-'],
      {
        encoding: 'utf8',
      },
    );
    const lines = text
      .replace(/\u00ad/g, '')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    return lines.slice(0, -1);
  });
}

for (const code of ['en', 'hr']) {
  test(`${code}: no heading, label or caption ends a page`, () => {
    const all = pages(code);
    assert.ok(all.length >= 5, `a long text: ${all.length} pages`);
    const label = code === 'hr' ? /^Još nije prevedeno/ : /^(?!)/;
    all.slice(0, -1).forEach((lines, i) => {
      const last = lines.at(-1) ?? '';
      const where = `page ${i + 1} of ${all.length} ends with "${last}"`;
      assert.doesNotMatch(last, /^(Article|Članak) \d+\.?$/, `a heading: ${where}`);
      assert.doesNotMatch(last, label, `a "not yet translated" label: ${where}`);
      assert.doesNotMatch(
        last,
        /^Table: |^Contributions under Article \d+$/,
        `a caption: ${where}`,
      );
      assert.doesNotMatch(last, /^Notes$|^Bilješke$/, `the heading of the notes: ${where}`);
    });
  });
}
