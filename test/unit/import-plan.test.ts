// stages/exchange/import-plan.ts: what a returned XLIFF/PO file does, unit by unit,
// against the fixture project (its "intro" reworded, so the hr translation is stale).
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadProject } from '../../scripts/io/project.ts';
import type { FormatId } from '../../scripts/stages/exchange/formats.ts';
import { asRead, planImport, type Tally } from '../../scripts/stages/exchange/import-plan.ts';
import type { ReturnedUnit } from '../../scripts/stages/exchange/model.ts';
import { fixtureProject } from '../helpers.ts';

const DOC = 'cooperation-statement';
const OTHER = 'training-programme';
const root = await fixtureProject();
const source = join(root, 'source', `${DOC}.md`);
const original = await readFile(source, 'utf8');
await writeFile(source, original.replace(' {#intro}', ' Reworded. {#intro}'));
const project = await loadProject(root);
const english = (doc: string, key: string): string =>
  project.documents.find((d) => d.doc.id === doc)?.segmented.segments.find((s) => s.key === key)
    ?.text ?? assert.fail(`no ${doc}#${key}`);
const hr = (doc: string, key: string): string =>
  project.resources['hr']?.[doc]?.[key] ?? assert.fail(`no hr ${doc}#${key}`);

let line = 0;
/** A returned unit with plain text (as PO gives it): today's English unless another is given. */
function unit(
  document: string,
  key: string,
  target: string | undefined,
  over: Partial<ReturnedUnit> & { english?: string } = {},
): ReturnedUnit {
  const { english: en, ...rest } = over;
  return {
    document,
    key,
    source: [en ?? (document === DOC || document === OTHER ? english(document, key) : 'x')],
    ...(target === undefined ? {} : { target: [target] }),
    confirmed: true,
    line: ++line,
    ...rest,
  };
}

function plan(units: ReturnedUnit[], options: { force?: boolean; format?: FormatId } = {}) {
  const tally: Tally = {
    written: 0,
    confirmed: 0,
    unchanged: 0,
    'still-stale': 0,
    refused: 0,
    skipped: 0,
  };
  const lines: string[] = [];
  const plans = planImport(project, 'hr', units, {
    force: options.force ?? false,
    format: options.format ?? 'po',
    tally,
    file: 'hr.po',
    report: (s) => lines.push(s),
  });
  return { plans, tally, lines };
}

test('a unit with no document or segment is skipped and reported with its line', () => {
  line = 0;
  const { plans, tally, lines } = plan([
    unit('minutes', 'x', 'y'),
    unit(DOC, 'nokey', 'y', { english: 'x' }),
  ]);
  assert.equal(plans.size, 0);
  assert.equal(tally.skipped, 2);
  assert.deepEqual(lines, [
    'skipped minutes x (hr.po:1): no document in source/ has this id\n',
    `skipped ${DOC} nokey (hr.po:2): no segment has this key in source/${DOC}.md\n`,
  ]);
});

test('an unchanged target changes nothing; a changed one is written and marked current', () => {
  const { plans, tally, lines } = plan([
    unit(DOC, 'commitments', hr(DOC, 'commitments')),
    unit(DOC, 'agree', 'Države članice dogovorile su se da će:'),
    unit(DOC, 'adopted', '   '),
    unit(DOC, 'report', undefined),
  ]);
  assert.deepEqual(
    [tally.unchanged, tally.written, tally.refused, tally.skipped],
    [1, 1, 0, 0],
    'an empty or absent target counts for nothing and never erases',
  );
  assert.deepEqual(lines, []);
  const p = plans.get(DOC) ?? assert.fail('no plan');
  assert.equal(p.changed, true);
  assert.equal(p.values['agree'], 'Države članice dogovorile su se da će:');
  assert.equal(p.values['adopted'], hr(DOC, 'adopted'));
  assert.deepEqual([...p.mark], ['agree']);
  // The project itself is not changed: the plan holds a copy.
  assert.equal(hr(DOC, 'agree'), 'Države članice suglasne su da će:');
});

test('a stale translation sent back unchanged: confirmed when the translator marked it so, else still stale', () => {
  const stored = hr(DOC, 'intro');
  const confirmed = plan([unit(DOC, 'intro', stored)]);
  assert.equal(confirmed.tally.confirmed, 1);
  assert.deepEqual([...(confirmed.plans.get(DOC)?.mark ?? [])], ['intro']);
  assert.equal(confirmed.plans.get(DOC)?.changed, false);
  const fuzzy = plan([unit(DOC, 'intro', stored, { confirmed: false })]);
  assert.equal(fuzzy.tally['still-stale'], 1);
  assert.deepEqual([...(fuzzy.plans.get(DOC)?.mark ?? [])], []);
  assert.match(
    fuzzy.lines[0] ?? '',
    /^still stale cooperation-statement intro \(hr\.po:\d+, English at source\/cooperation-statement\.md:\d+\): the English changed since it was translated; revise the target, or mark it translated in your tool\n$/,
  );
});

test('a target translated from an older English is refused, unless forced', () => {
  const old = english(DOC, 'intro').replace(' Reworded.', '');
  const units = [unit(DOC, 'intro', 'Nova rečenica.', { english: old })];
  const refused = plan(units);
  assert.equal(refused.tally.refused, 1);
  assert.equal(refused.plans.get(DOC)?.changed, false);
  assert.match(
    refused.lines[0] ?? '',
    /^refused cooperation-statement intro \(.*\): the English changed since export; re-export, or use --force\n$/,
  );
  const forced = plan(units, { force: true });
  assert.equal(forced.tally.written, 1);
  assert.equal(forced.plans.get(DOC)?.values['intro'], 'Nova rečenica.');
  assert.match(forced.lines[0] ?? '', /^forced cooperation-statement intro .*\(--force\)\n$/);
});

test('a target that lost the markup of the stored translation is refused, naming what was lost', () => {
  const { tally, lines, plans } = plan([
    unit(DOC, 'recognising', 'Prepoznajući da se organizirani kriminalitet ne zaustavlja'),
  ]);
  assert.equal(tally.refused, 1);
  assert.match(lines[0] ?? '', /^refused cooperation-statement recognising \(.*\): .*\*/);
  assert.equal(plans.get(DOC)?.values['recognising'], hr(DOC, 'recognising'));
});

test('an unreadable unit is refused, named with its line in the file and the English line, when it brings a target', () => {
  line = 0;
  const englishLine = (key: string): number =>
    project.documents.find((d) => d.doc.id === DOC)?.segmented.segments.find((s) => s.key === key)
      ?.line ?? assert.fail(`no ${key}`);
  const broken = 'the inline codes are unbalanced: start code 1 is never closed';
  const { tally, lines, plans } = plan([
    unit(DOC, 'agree', 'Države članice dogovorile su se da će:', { error: broken }),
    unit(DOC, 'report', undefined, { error: 'the state "x-y" is unknown' }),
    unit(DOC, 'adopted', 'Usvojeno u Sofiji 12. svibnja 2021. godine.'),
  ]);
  assert.deepEqual([tally.refused, tally.written], [1, 1], 'no target: nothing to refuse');
  assert.deepEqual(lines, [
    `refused ${DOC} agree (hr.po:1, English at source/${DOC}.md:${englishLine('agree')}): ${broken}\n`,
  ]);
  assert.equal(plans.get(DOC)?.values['agree'], hr(DOC, 'agree'));
  assert.equal(plans.get(DOC)?.values['adopted'], 'Usvojeno u Sofiji 12. svibnja 2021. godine.');
});

test('a unit without its document is found by its key when one document has it, else by its notes', () => {
  const byKey = plan([
    unit('', 'course-liaison', 'Suradnja s časnicima za vezu SELEC-a', {
      source: [english(OTHER, 'course-liaison')],
    }),
  ]);
  assert.equal(byKey.tally.written, 1);
  assert.deepEqual([...byKey.plans.keys()], [OTHER]);
  // "heading" is in both documents: the key alone does not say which.
  const ambiguous = plan([unit('', 'heading', 'Naslov', { source: [english(DOC, 'heading')] })]);
  assert.equal(ambiguous.tally.skipped, 1);
  const hinted = plan([
    unit('renumbered', 'u7', 'Naslov izjave', {
      source: [english(DOC, 'heading')],
      hint: { document: DOC, key: 'heading' },
    }),
  ]);
  assert.equal(hinted.tally.written, 1);
  assert.equal(hinted.plans.get(DOC)?.values['heading'], 'Naslov izjave');
});

test('asRead: a final line end and the blanks after it go, as the xliff package reads them', () => {
  assert.equal(asRead('Bok\n'), 'Bok');
  assert.equal(asRead('Bok\n  \n'), 'Bok\n  ');
  assert.equal(asRead('a\nb'), 'a\nb');
  assert.equal(asRead('  \n '), '');
});
