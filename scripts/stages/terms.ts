// terms: the termbase (terms/termbase.json) as data, and the term check of one segment.
// Pure: the file's text comes in, entries and findings go out.
//
// A form is a phrase written as the translation has it, with three signs:
//   Konvencij* …  a word ending in "*" is a stem: any letters follow (inflection, and a
//                 suffix after an apostrophe or hyphen, as in SELEC’in, SELEC-et, SELEC-a);
//                 a "*" inside a word stands for letters only (Βοσνί*-Ερζεγοβίν*);
//   …             between words: up to five other words may stand there (word order);
//   ^             before a form: its letters must have the case written (bar the first).
// Greek is compared without accents (the tonos moves in inflection: κράτη, κρατών).
import { UserError } from '../errors.ts';
import { lineColumn } from './read-json.ts';
import { serbianCyrillicToLatin } from './transliterate.ts';

export type TermStatus = 'verified' | 'proposed';

export interface LanguageTerm {
  /** The required term, in its base form. */
  term: string;
  /** Allowed forms (see above); the translation must contain one of them. */
  forms: string[];
  /** Variants that must not be used (the same signs). */
  forbidden: string[];
  status: TermStatus;
  /** What makes the term official: a ratification law and its gazette, a ministry's page. */
  source?: string;
  note?: string;
}

export interface TermEntry {
  id: string;
  /** The English term and its variants, as they stand in the English (same signs). */
  en: string[];
  note?: string;
  langs: Record<string, LanguageTerm>;
}

export interface Termbase {
  entries: TermEntry[];
}

export const TERMBASE_FILE = 'terms/termbase.json';

/**
 * Reads and checks the termbase's text; a mistake is a UserError naming the entry's line.
 * @example parseTermbase('{"entries":[]}').entries // []
 */
export function parseTermbase(text: string, file = TERMBASE_FILE): Termbase {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UserError(
      `not valid JSON (${(err as Error).message})`,
      'Fix the syntax of the termbase.',
      { file },
      { cause: err },
    );
  }
  const entries = (raw as { entries?: unknown })?.entries;
  if (!Array.isArray(entries))
    throw new UserError('the termbase has no "entries" list', 'Write {"entries": [ … ]}.', {
      file,
      line: 1,
    });
  const seen = new Set<string>();
  return {
    entries: entries.map((e: unknown, i) => {
      const entry = checkEntry(e, i, text, file);
      if (seen.has(entry.id))
        throw new UserError(`entry "${entry.id}" is given twice`, 'Give each entry its own id.', {
          file,
          line: lineOf(text, entry.id),
        });
      seen.add(entry.id);
      return entry;
    }),
  };
}

function lineOf(text: string, id: string): number {
  const at = text.indexOf(`"id": ${JSON.stringify(id)}`);
  return at < 0 ? 1 : lineColumn(text, at).line;
}

const strings = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((s) => typeof s === 'string' && s.trim() !== '');

function checkEntry(e: unknown, i: number, text: string, file: string): TermEntry {
  const entry = e as Partial<TermEntry> | null;
  const id = typeof entry?.id === 'string' ? entry.id : '';
  const where = { file, line: id ? lineOf(text, id) : 1 };
  const fail = (what: string, fix: string): never => {
    throw new UserError(`entry ${id ? `"${id}"` : `#${i + 1}`}: ${what}`, fix, where);
  };
  if (!id) fail('no "id"', 'Give the entry an id, e.g. "selec-name".');
  if (!strings(entry?.en)) fail('"en" is not a list of English terms', 'Write "en": ["…"].');
  const langs = entry?.langs;
  if (langs === null || typeof langs !== 'object' || Array.isArray(langs))
    fail('"langs" is not an object', 'Write "langs": { "<lang>": { "term": …, "forms": […] } }.');
  for (const [lang, t] of Object.entries(langs as Record<string, Partial<LanguageTerm>>)) {
    if (typeof t?.term !== 'string' || !strings(t.forms) || t.forms.length === 0)
      fail(`${lang}: needs "term" and a non-empty "forms" list`, 'See README, "Termbase".');
    if (t.forbidden !== undefined && !strings(t.forbidden))
      fail(`${lang}: "forbidden" is not a list of strings`, 'Write "forbidden": ["…"].');
    if (t.status !== 'verified' && t.status !== 'proposed')
      fail(`${lang}: "status" is "${String(t.status)}"`, 'Use "verified" or "proposed".');
    if (t.status === 'verified' && !t.source)
      fail(`${lang}: verified without a "source"`, 'Cite the source, or mark it "proposed".');
  }
  return {
    id,
    en: entry?.en as string[],
    ...(typeof entry?.note === 'string' ? { note: entry.note } : {}),
    langs: Object.fromEntries(
      Object.entries(langs as Record<string, LanguageTerm>).map(([l, t]) => [
        l,
        { ...t, forbidden: t.forbidden ?? [] },
      ]),
    ),
  };
}

/**
 * The term of an entry in a language; a language derived by transliteration (sr-Latn)
 * without its own gets its source's, transliterated.
 */
export function termFor(entry: TermEntry, lang: string): LanguageTerm | undefined {
  const own = entry.langs[lang];
  if (own || lang !== 'sr-Latn') return own;
  const cyr = entry.langs['sr-Cyrl'];
  if (!cyr) return undefined;
  const t = serbianCyrillicToLatin;
  return {
    ...cyr,
    term: t(cyr.term),
    forms: cyr.forms.map(t),
    forbidden: cyr.forbidden.map(t),
    note: `${cyr.note ? `${cyr.note} ` : ''}(transliterated from sr-Cyrl)`,
  };
}

const LETTER = '[\\p{L}\\p{M}]';
const STEM_TAIL = `${LETTER}*(?:[-'’]${LETTER}+)?`;
const patterns = new Map<string, RegExp>();

/** Letters as compared: NFC; Greek without its accents. */
function fold(text: string, lang: string): string {
  return lang === 'el'
    ? text.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC')
    : text.normalize('NFC');
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The regular expression of a form (see the file's head), cached. */
function formPattern(form: string, lang: string): RegExp {
  const key = `${lang}\n${form}`;
  const cached = patterns.get(key);
  if (cached) return cached;
  const exact = form.startsWith('^');
  const words = fold(exact ? form.slice(1) : form, lang)
    .trim()
    .split(/\s+/);
  let source = '';
  words.forEach((w, i) => {
    if (w === '…') {
      source += `(?:\\s+\\S+){0,5}?`;
      return;
    }
    if (i > 0) source += '\\s+';
    const stem = w.endsWith('*');
    const literal = stem ? w.slice(0, -1) : w;
    const first = exact && i === 0 ? literal.charAt(0) : '';
    // A "*" inside a word (Βοσνί*-Ερζεγοβίν*) stands for letters only.
    const body = literal.slice(first.length).split('*').map(escape).join(`${LETTER}*`);
    const head = first ? `[${escape(first.toLowerCase())}${escape(first.toUpperCase())}]` : '';
    source += head + body + (stem ? STEM_TAIL : '');
  });
  const re = new RegExp(`(?<!${LETTER})${source}(?!${LETTER})`, exact ? 'gu' : 'giu');
  patterns.set(key, re);
  return re;
}

/** Every place (start, end) where `form` stands in `text` (both already folded). */
function spans(text: string, form: string, lang: string): Array<[number, number]> {
  const re = formPattern(form, lang);
  re.lastIndex = 0;
  return [...text.matchAll(re)].map((m) => [m.index, m.index + m[0].length]);
}

/**
 * A form as a reader sees it: without the signs of the pattern.
 * @example shownTerm('^member state*') // 'member state'
 */
export function shownTerm(form: string): string {
  return form
    .replace(/^\^/, '')
    .replace(/\*/g, '')
    .replace(/\s*…\s*/g, ' … ');
}

/** The entries whose English stands in `english` (Markdown markup aside). */
export function termsIn(termbase: Termbase, english: string): TermEntry[] {
  const text = fold(plainText(english), 'en');
  return termbase.entries.filter((e) => e.en.some((f) => spans(text, f, 'en').length > 0));
}

/** Markdown emphasis, links' targets and tags out, so that a term marked up still reads as one. */
function plainText(markdown: string): string {
  return markdown
    .replace(/<[^>]*>/g, ' ')
    .replace(/\]\([^)]*\)/g, ' ')
    .replace(/[*_`[\]]/g, '')
    .replace(/\s+/g, ' ');
}

export interface TermProblem {
  rule: 'term-missing' | 'term-forbidden';
  entry: TermEntry;
  term: LanguageTerm;
  message: string;
}

/**
 * The term problems of one translated segment: a required term missing in every allowed
 * form, or a forbidden variant used (a variant inside an allowed form is no variant).
 * @example checkTerms(termbase, 'hr', 'the SELEC Convention', 'Konvencija SELEC-a') // []
 */
export function checkTerms(
  termbase: Termbase,
  lang: string,
  english: string,
  translation: string,
): TermProblem[] {
  const text = fold(plainText(translation), lang);
  const out: TermProblem[] = [];
  for (const entry of termsIn(termbase, english)) {
    const term = termFor(entry, lang);
    if (!term) continue;
    const allowed = term.forms.flatMap((f) => spans(text, f, lang));
    if (allowed.length === 0)
      out.push({
        rule: 'term-missing',
        entry,
        term,
        message: `"${shownTerm(entry.en[0] ?? '')}" is translated without the ${term.status} term "${term.term}" (termbase entry ${entry.id}); expected one of its forms: ${term.forms.join(' | ')}`,
      });
    for (const variant of term.forbidden) {
      const used = spans(text, variant, lang).filter(
        ([s, e]) => !allowed.some(([as, ae]) => as <= s && e <= ae),
      );
      const first = used[0];
      if (first)
        out.push({
          rule: 'term-forbidden',
          entry,
          term,
          message: `"${text.slice(first[0], first[1])}" is a forbidden variant of "${shownTerm(entry.en[0] ?? '')}" (termbase entry ${entry.id}); expected "${term.term}"`,
        });
    }
  }
  return out;
}

/** The entries of a segment as a translator reads them: "English → term (status)". */
export function glossary(
  termbase: Termbase,
  lang: string,
  english: string,
): Array<{ entry: TermEntry; term: LanguageTerm }> {
  return termsIn(termbase, english).flatMap((entry) => {
    const term = termFor(entry, lang);
    return term ? [{ entry, term }] : [];
  });
}

/**
 * The termbase's file text, canonical: what parseTermbase reads back to the same entries
 * (an empty "forbidden" left out, fields in one order), so that an import round-trips.
 */
export function formatTermbase(termbase: Termbase, comment?: string): string {
  const entries = termbase.entries.map((e) => ({
    id: e.id,
    en: e.en,
    ...(e.note ? { note: e.note } : {}),
    langs: Object.fromEntries(
      // Languages sorted by code, as in the TBX file.
      Object.entries(e.langs)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([l, t]) => [
          l,
          {
            term: t.term,
            forms: t.forms,
            ...(t.forbidden.length > 0 ? { forbidden: t.forbidden } : {}),
            status: t.status,
            ...(t.source ? { source: t.source } : {}),
            ...(t.note ? { note: t.note } : {}),
          },
        ]),
    ),
  }));
  return `${JSON.stringify({ ...(comment ? { $comment: comment } : {}), entries }, null, 2)}\n`;
}

/** The "$comment" of a termbase's text, kept when the file is rewritten. */
export function termbaseComment(text: string): string | undefined {
  const c = (JSON.parse(text) as { $comment?: unknown }).$comment;
  return typeof c === 'string' ? c : undefined;
}
