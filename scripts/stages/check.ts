// check: one translated segment → QA findings (markup, numbers, placeholders, script,
// spelling…). Pure: the speller and the list of proper names are handed in, and the
// findings are data for the CLI to print and weigh.
import { NOTE_REF, noteLabel } from './notes.ts';
import { Lexer, type Links, type Token } from 'marked';
import { checkTerms, type Termbase } from './terms.ts';
import { scriptName as scriptEnglishName, type Script } from '../writing-systems.ts';

export interface CheckInput {
  lang: string;
  /** ISO 15924 code: a translation in any script but Latin is checked for words in others. */
  script: Script;
  document: string;
  key: string;
  english: string;
  translation: string;
  /** The document's link reference definitions: "[text][label]" is a link, its label no word. */
  links?: Links;
  file?: string;
  line?: number;
  column?: number;
}
export interface Finding {
  severity: 'error' | 'warning';
  rule: string;
  lang: string;
  document: string;
  key: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}
export interface CheckOptions {
  properNames: ReadonlySet<string>;
  spell?: (word: string) => boolean;
  /** The English is checked on its own (sourceProblems): do not report its mistakes again here. */
  englishChecked?: boolean;
  /** The project's termbase: its terms are required in the translation (term-missing, term-forbidden). */
  termbase?: Termbase;
}

/** What the Markdown of a segment shows and what markup it carries. */
interface Analysis {
  /** The visible text: markup, tag names, URLs, code spans and placeholders removed. */
  plain: string;
  /** The text with only literal characters left, where a `*` or `_` still standing is unbalanced. */
  residual: string;
  /** Markup → count; `ordinal <sup>` is a <sup>/<sub> right after a number. */
  marks: Map<string, number>;
}

const PLACEHOLDER = /\{\{[^}]*\}\}|\$t\([^)]*\)/g;
const WORD = /[\p{L}\p{M}]+/gu;
const ACRONYM = /^\p{Lu}{2,}$/u;
const CEDILLA: Record<string, string> = { ş: 'ș', ţ: 'ț', Ş: 'Ș', Ţ: 'Ț' };

/**
 * The findings of every rule on one segment, errors and warnings in rule order.
 * @example checkSegment({ lang: 'ro', script: 'Latn', document: 'd', key: 'k', english: 'Yes', translation: 'Da' }, { properNames: new Set() }) // []
 */
export function checkSegment(input: CheckInput, options: CheckOptions): Finding[] {
  const out: Finding[] = [];
  const report = reporter(input, out);
  const english = input.english.normalize('NFC').trim();
  const translation = input.translation.normalize('NFC').trim();
  if (translation === '') {
    report(
      'error',
      'empty',
      'the translation is empty; expected a translation of the English or no entry at all',
    );
    return out;
  }
  const pair: Pair = {
    input,
    options,
    english,
    translation,
    en: analyse(english, input.links),
    tr: analyse(translation, input.links),
    report,
  };
  checkMarkup(pair);
  checkKept(pair);
  checkLanguage(pair);
  checkStyle(pair);
  checkTypography(pair);
  if (options.termbase)
    for (const p of checkTerms(options.termbase, input.lang, english, translation))
      report('warning', p.rule, p.message);
  return out;
}

type Report = (severity: Finding['severity'], rule: string, message: string) => void;

/** A segment's English and translation, analysed, and where its findings go. */
interface Pair {
  input: CheckInput;
  options: CheckOptions;
  english: string;
  translation: string;
  en: Analysis;
  tr: Analysis;
  report: Report;
}

// Every finding carries the segment's place, so that the rules only say what is wrong.
function reporter(input: CheckInput, out: Finding[]): Report {
  return (severity, rule, message) => {
    out.push({
      severity,
      rule,
      lang: input.lang,
      document: input.document,
      key: input.key,
      message,
      ...(input.file === undefined ? {} : { file: input.file }),
      ...(input.line === undefined ? {} : { line: input.line }),
      ...(input.column === undefined ? {} : { column: input.column }),
    });
  };
}

// Errors: the markup of the translation differs from the English, or emphasis is left open.
function checkMarkup({ en, tr, report, options }: Pair): void {
  const unclosed = [
    ...(options.englishChecked ? [] : unclosedEmphasis(en.residual, 'the English')),
    ...unclosedEmphasis(tr.residual, 'the translation'),
  ];
  for (const m of markupDifferences(en.marks, tr.marks, unclosed.length > 0))
    report('error', 'markup', m);
  for (const m of unclosed) report('error', 'unclosed-emphasis', m);
}

// Errors: what a translation must keep as the English has it (numbers, placeholders).
function checkKept({ english, translation, en, tr, report }: Pair): void {
  const numbers = multisetDifference(en.plain.match(/\d+/g) ?? [], tr.plain.match(/\d+/g) ?? []);
  if (numbers)
    report(
      'error',
      'numbers',
      `numbers differ from the English: ${numbers}; expected the same numbers as the English`,
    );
  const placeholders = multisetDifference(
    english.match(PLACEHOLDER) ?? [],
    translation.match(PLACEHOLDER) ?? [],
  );
  if (placeholders)
    report(
      'error',
      'placeholders',
      `placeholders differ from the English: ${placeholders}; expected every placeholder of the English, as often as there`,
    );
  const refs = (text: string): string[] => (text.match(NOTE_REF) ?? []).map(noteLabel);
  const notes = multisetDifference(refs(english), refs(translation));
  if (notes)
    report(
      'error',
      'notes',
      `footnote references differ from the English: ${notes}; expected each reference of the English ("[^label]", the label unchanged) where the sentence needs it`,
    );
}

// Errors: the translation is not in its language (script, still English, Romanian cedillas).
function checkLanguage({ input, options, english, translation, en, tr, report }: Pair): void {
  if (input.script !== 'Latn')
    for (const m of scriptProblems(tr.plain, input.script, options.properNames))
      report('error', 'script', m);
  if (english === translation && !words(en.plain).every((w) => options.properNames.has(w))) {
    report(
      'error',
      'untranslated',
      'the translation is identical to the English; expected a translation (only proper names, numbers and punctuation may stay as they are)',
    );
  }
  if (input.lang === 'ro') {
    const m = cedillas(translation);
    if (m) report('error', 'romanian-cedilla', m);
  }
}

// Warnings: signs of a slip a reviewer should look at (final mark, length, spelling).
function checkStyle({ input, options, english, translation, en, tr, report }: Pair): void {
  // A text that ends with a placeholder ends with whatever is put there, not with the mark before it.
  const mark = (raw: string, plain: string) =>
    /\}\}\s*$/.test(raw) ? '' : finalMark(plain, input.lang);
  const [ep, tp] = [mark(english, en.plain), mark(translation, tr.plain)];
  // A translation ending with a placeholder ("…, {{date, longdate}}"): the value brings its
  // own final mark (a Croatian long date ends with "."), so there is nothing to compare.
  const open = /\}\}\s*$/.test(translation);
  if (!open && ep !== tp && !(input.lang === 'el' && ep === '?' && tp === ';')) {
    report(
      'warning',
      'punctuation',
      `the translation ends ${tp ? `with "${tp}"` : 'without final punctuation'}; expected ${ep ? `"${ep}"` : 'no final punctuation'} as in the English`,
    );
  }
  const [el, tl] = [[...english].length, [...translation].length];
  if (el > 40 && (tl / el < 0.5 || tl / el > 2.2)) {
    report(
      'warning',
      'length',
      `the translation has ${tl} characters for ${el} in the English (${Math.round((tl / el) * 100)}%); expected between 50% and 220%: check for a missing or repeated passage`,
    );
  }
  if (options.spell) {
    const unknown = misspelled(tr.plain, input.lang, options.spell, options.properNames);
    if (unknown.length > 0)
      report(
        'warning',
        'spelling',
        `unknown to the ${input.lang} dictionary: ${unknown.map((w) => `"${w}"`).join(', ')}; expected correct spelling, or add a proper name or term to the project word list`,
      );
  }
}

const QUOTES = /[“”„‟«»"]/g;

// Warnings: what translate-toolkit's pofilter tests that a translation can break without
// breaking its markup (brackets, double spaces, quotation marks, repeated words, blanks).
function checkTypography({ input, english, translation, en, tr, report }: Pair): void {
  for (const [open, close] of ['()', '[]', '{}'] as const) {
    const count = (s: string): number => [...s].filter((c) => c === open || c === close).length;
    if (count(en.plain) !== count(tr.plain))
      report(
        'warning',
        'brackets',
        `the translation has ${count(tr.plain)} of the brackets ${open}${close}, the English ${count(en.plain)}; expected the same (a bracket lost or left open)`,
      );
  }
  const doubled = (s: string): boolean => /\S[ \u00A0]{2,}\S/.test(s);
  if (doubled(translation) && !doubled(english))
    report('warning', 'double-space', 'the translation has two spaces in a row; expected one');
  const quotes = (s: string): number => s.match(QUOTES)?.length ?? 0;
  if (quotes(en.plain) !== quotes(tr.plain))
    report(
      'warning',
      'quotes',
      `the translation has ${quotes(tr.plain)} quotation marks, the English ${quotes(en.plain)}; expected a quoted passage for each of the English (in the language's own marks)`,
    );
  const repeated = /(?<![\p{L}\p{M}])([\p{L}\p{M}]{3,})\s+\1(?![\p{L}\p{M}])/iu.exec(tr.plain);
  if (repeated && !new RegExp(`${repeated[1]}\\s+${repeated[1]}`, 'iu').test(en.plain))
    report('warning', 'repeated-word', `"${repeated[1]}" is repeated; expected it once`);
  if (input.translation !== input.translation.trim() || /\t/.test(translation))
    report(
      'warning',
      'whitespace',
      'the translation starts or ends with a blank, or has a tab; expected none (the English has none)',
    );
}

function analyse(markdown: string, links: Links = {}): Analysis {
  const a: Analysis = { plain: '', residual: '', marks: new Map() };
  const lexer = new Lexer({ gfm: true });
  Object.assign(lexer.tokens.links, links);
  walk(lexer.inlineTokens(markdown), a);
  a.plain = a.plain.replace(PLACEHOLDER, ' ').replace(NOTE_REF, ' ');
  return a;
}

function walk(tokens: readonly Token[], a: Analysis): void {
  const count = (mark: string): void => void a.marks.set(mark, (a.marks.get(mark) ?? 0) + 1);
  for (const t of tokens) {
    if (t.type === 'text' || t.type === 'escape') {
      a.plain += t.type === 'text' ? t.raw : t.text;
      a.residual += t.type === 'text' ? t.raw : 'x';
    } else if (t.type === 'html') {
      const tag = /^<([a-z][a-z0-9]*)\b/i.exec(t.raw);
      const name = tag?.[1]?.toLowerCase();
      if (name)
        count(
          (name === 'sup' || name === 'sub') && /\d[-‑]?$/.test(a.plain)
            ? `ordinal <${name}>`
            : `<${name}>`,
        );
      a.plain += ' ';
      a.residual += ' ';
    } else if (t.type === 'codespan') {
      a.plain += ' ';
      a.residual += 'x';
    } else {
      if (t.type === 'em') count(t.raw.startsWith('_') ? 'emphasis _…_' : 'emphasis *…*');
      else if (t.type === 'strong') count('strong emphasis **…**');
      else if (t.type === 'link' || t.type === 'image') count(`${t.type} to ${String(t.href)}`);
      if ('tokens' in t && Array.isArray(t.tokens)) walk(t.tokens as Token[], a);
      else a.residual += 'x';
    }
  }
}

/** "missing X (English 2, translation 1)" for each mark that differs; a dropped ordinal <sup> is fine. */
function markupDifferences(
  en: ReadonlyMap<string, number>,
  tr: ReadonlyMap<string, number>,
  skipEmphasis: boolean,
): string[] {
  const out: string[] = [];
  for (const mark of [...new Set([...en.keys(), ...tr.keys()])].sort()) {
    const [e, t] = [en.get(mark) ?? 0, tr.get(mark) ?? 0];
    if (
      e === t ||
      (skipEmphasis && mark.includes('emphasis')) ||
      (mark.startsWith('ordinal') && t < e)
    )
      continue;
    const what = mark.startsWith('ordinal') ? `${mark.slice(8)} after a number` : mark;
    out.push(
      `markup differs from the English: ${t < e ? 'missing' : 'unexpected'} ${what} (English ${e}, translation ${t}); expected the same markup as the English`,
    );
  }
  return out;
}

/** What a segment's Markdown may point to: reference labels and in-document anchors. */
export interface LinkTargets {
  /** Labels of the document's link reference definitions, normalised as marked does. */
  labels: ReadonlySet<string>;
  /** Ids of the edition's page that a `#fragment` may name. */
  anchors: ReadonlySet<string>;
}

/** A reference label as CommonMark compares them: case-folded, inner whitespace collapsed. */
export const normalizeLabel = (label: string): string =>
  label.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * The mistakes of one segment's Markdown on its own: emphasis never closed, a reference
 * label no definition has, a `#fragment` that names no place of the page.
 * @example markdownProblems('*Mindful', 'the English', { labels: new Set(), anchors: new Set() }) // ['the English opens emphasis "*" before "Mindful" …']
 */
export function markdownProblems(markdown: string, whose: string, targets: LinkTargets): string[] {
  const out = unclosedEmphasis(analyse(markdown).residual, whose);
  for (const m of markdown.matchAll(/(?<!\\)\[([^\]]*)\]\[([^\]]*)\]/g)) {
    const label = normalizeLabel(m[2] || m[1] || '');
    if (!targets.labels.has(label))
      out.push(
        `${whose} refers to the link label "[${m[2] || m[1]}]", which no definition has; expected one of ${[...targets.labels].map((l) => `[${l}]`).join(', ') || 'none (define it: [label]: https://…)'}`,
      );
  }
  for (const m of markdown.matchAll(/\]\(#([^)\s"]+)/g)) {
    const id = m[1] ?? '';
    if (!targets.anchors.has(id))
      out.push(
        `${whose} links to "#${id}", which is no place of the page; expected #seg-<key> of a segment of this document`,
      );
  }
  return out;
}

/** A `*`, `**` or `_` that opens emphasis never closed, or closes one never opened. */
function unclosedEmphasis(residual: string, whose: string): string[] {
  const out: string[] = [];
  for (const m of residual.matchAll(
    /(?<=^|[\s\p{Ps}\p{Pi}\p{Pd}"'„«])(\*{1,3}|_{1,3})(?=[^\s*_])/gu,
  )) {
    const next = /[\p{L}\p{N}]+/u.exec(residual.slice(m.index))?.[0] ?? '';
    out.push(
      `${whose} opens emphasis "${m[1]}" before "${next}" and never closes it; expected "${m[1]}${next}…${m[1]}" or no "${m[1]}"`,
    );
  }
  for (const m of residual.matchAll(/(?<=[^\s*_\p{Ps}\p{Pi}])(\*{1,3}|_{1,3})(?=$|[\s\p{P}])/gu)) {
    const before = /[\p{L}\p{N}]+$/u.exec(residual.slice(0, m.index))?.[0] ?? '';
    out.push(
      `${whose} closes emphasis "${m[1]}" after "${before}" that was never opened; expected "${m[1]}…${before}${m[1]}" or no "${m[1]}"`,
    );
  }
  return out;
}

/** "missing 20, unexpected 21", or '' when both lists hold the same items as often. */
function multisetDifference(english: readonly string[], translation: readonly string[]): string {
  const left = [...translation];
  const missing: string[] = [];
  for (const item of english) {
    const i = left.indexOf(item);
    if (i < 0) missing.push(item);
    else left.splice(i, 1);
  }
  return [
    missing.length > 0 ? `missing ${missing.join(', ')}` : '',
    left.length > 0 ? `unexpected ${left.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

function words(plain: string): string[] {
  return plain.match(WORD) ?? [];
}

/** Mixed-script words, and Latin (or other foreign) words that are neither acronyms nor proper names. */
function scriptProblems(plain: string, script: Script, properNames: ReadonlySet<string>): string[] {
  const own = new RegExp(`\\p{Script=${script}}`, 'u');
  const ownName = scriptEnglishName(script);
  const out: string[] = [];
  for (const word of new Set(words(plain))) {
    const foreign = [...new Set([...word].filter((c) => /\p{L}/u.test(c) && !own.test(c)))];
    if (foreign.length === 0) continue;
    const chars = foreign.map((c) => `${scriptName(c)} "${c}" (${codePoint(c)})`).join(', ');
    if ([...word].some((c) => own.test(c))) {
      out.push(
        `"${word}" mixes scripts: ${chars} inside a ${ownName} word; expected ${ownName} letters only`,
      );
    } else if (
      !(ACRONYM.test(word) && foreign.every((c) => /\p{Script=Latin}/u.test(c))) &&
      !properNames.has(word)
    ) {
      out.push(
        `"${word}" is not written in ${ownName} script; expected a ${ownName} word (foreign words only as capital acronyms or listed proper names)`,
      );
    }
  }
  return out;
}

function scriptName(c: string): string {
  for (const s of ['Latin', 'Cyrillic', 'Greek', 'Georgian', 'Armenian', 'Hebrew', 'Arabic'])
    if (new RegExp(`\\p{Script=${s}}`, 'u').test(c)) return s;
  return 'another script';
}

function codePoint(c: string): string {
  return `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

function cedillas(text: string): string {
  const found = [...new Set(text.match(/[şţŞŢ]/g) ?? [])];
  if (found.length === 0) return '';
  const list = found.map(
    (c) =>
      `"${c}" (${codePoint(c)}) instead of "${CEDILLA[c] ?? ''}" (${codePoint(CEDILLA[c] ?? '')})`,
  );
  const samples = [...new Set(text.match(/[\p{L}\p{M}]*[şţŞŢ][\p{L}\p{M}]*/gu) ?? [])]
    .slice(0, 5)
    .map((w) => `"${w}"`);
  return `cedilla letters in ${samples.join(', ')}: ${list.join(', ')}; expected the comma-below letters of Romanian`;
}

/** The sentence-final mark: . : ; ! ? … or '' (closing quotes, brackets and markup ignored). */
function finalMark(plain: string, lang: string): string {
  let s = plain.replace(/[\s\p{Pe}\p{Pf}"'*_]+$/u, '').replace(/\.\.\.$/, '…');
  if (lang === 'el') s = s.replace(/\u037E$/, '?').replace(/[\u0387\u00B7]$/, ';');
  const last = s.slice(-1);
  return '.:;!?…'.includes(last) && last !== '' ? last : '';
}

/** Words the speller does not know; compound words pass when whole or all their parts pass. */
function misspelled(
  plain: string,
  lang: string,
  spell: (word: string) => boolean,
  properNames: ReadonlySet<string>,
): string[] {
  const unknown = new Set<string>();
  for (const m of plain.matchAll(/[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*/gu)) {
    const before = plain.slice(0, m.index);
    if ([...m[0]].length < 2 || /\d[-‑]?$/.test(before)) continue; // one letter, or an ordinal ending such as 20-тата
    const sentenceStart = /(^|[.!?…])[\s\p{Ps}\p{Pi}"'„«*_]*$/u.test(before);
    const known = (w: string): boolean =>
      properNames.has(w) ||
      ACRONYM.test(w) ||
      spell(w) ||
      (sentenceStart && spell(w.toLocaleLowerCase(lang)));
    // Dictionaries write the ASCII apostrophe; a name with an apostrophe case ending (Bükreş’te) is checked by its name.
    const word = m[0].replace(/’/g, "'");
    const name = /^(\p{Lu}[^']*)'[\p{L}\p{M}]+$/u.exec(word)?.[1];
    if (
      !properNames.has(m[0]) &&
      !known(word) &&
      !(name !== undefined && known(name)) &&
      !word.split(/['-]/).every(known)
    )
      unknown.add(m[0]);
  }
  return [...unknown];
}
