// abbreviations: "*[SELEC]: Southeast European Law Enforcement Center" (PHP Markdown
// Extra) defines an abbreviation. The definition is taken out of the body (notes.ts
// reads both kinds of definition line) and its expansion becomes a segment, translated
// like any other; every use of the abbreviation in the text of an edition is then an
// <abbr title="expansion"> in its language, and a Span with /E in the PDF.
import { UserError, type Diagnostic } from '../errors.ts';
import { splitKey, KEY_PATTERN, type Locate } from './markers.ts';

/** An abbreviation definition line: "*[ABBR]: expansion". */
export const ABBREVIATION = /^\*\[([^\]]+)\]:[ \t]?(.*)$/;

/** An abbreviation of a document: what is written, and the segment of its expansion. */
export interface Abbreviation {
  abbr: string;
  key: string;
}

/** A definition as written. */
export interface AbbreviationDefinition {
  abbr: string;
  raw: string;
  line: number;
}

/** An abbreviation with its expansion in one language (plain text). */
export interface Expansion {
  abbr: string;
  title: string;
}

/**
 * The key of a definition and its expansion: its own {#key}, else "abbr-<abbreviation>".
 * @example abbreviationKey({ abbr: 'SELEC', raw: 'Southeast …', line: 9 }, locate, 'source/a.md').key // 'abbr-selec'
 */
export function abbreviationKey(
  def: AbbreviationDefinition,
  locate: Locate,
  file: string,
): { key: string; text: string } {
  const split = splitKey(def.raw, def.line, locate);
  const text = split.text.trim();
  if (text === '')
    throw new UserError(
      `the abbreviation "*[${def.abbr}]:" has no expansion`,
      `Write what it stands for after the colon, e.g. "*[${def.abbr}]: Southeast European Law Enforcement Center".`,
      { file, line: def.line },
    );
  if (!/^[\p{L}\p{N}][\p{L}\p{N}.-]*$/u.test(def.abbr))
    throw new UserError(
      `"*[${def.abbr}]:" is not an abbreviation this text can mark: one word of letters and digits is`,
      'Write the abbreviation as it appears in the text (e.g. "*[SELEC]: …"), or spell the phrase out where it is used.',
      { file, line: def.line },
    );
  if (split.key !== undefined) return { key: split.key, text };
  const key = `abbr-${def.abbr.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  if (!KEY_PATTERN.test(key) || key === 'abbr-')
    throw new UserError(
      `the abbreviation "*[${def.abbr}]" cannot name its segment`,
      `Give the definition a key at its end, e.g. "*[${def.abbr}]: … {#abbr-1}".`,
      { file, line: def.line },
    );
  return { key, text };
}

/** Whether a text uses the abbreviation as a word of its own ("SELEC", "SELEC-a"). */
export function usesAbbreviation(text: string, abbr: string): boolean {
  return wordPattern(abbr).test(text);
}

function wordPattern(...abbrs: string[]): RegExp {
  const words = [...abbrs]
    .sort((a, b) => b.length - a.length)
    .map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
}

const SKIP = new Set(['a', 'abbr', 'code']);

/**
 * Marks every use of the abbreviations in an HTML fragment (text only; not inside a
 * link, code or an <abbr> the text has already).
 * @example wrapAbbreviations('Member of SELEC', [{ abbr: 'SELEC', title: 'Southeast …' }]) // 'Member of <abbr title="Southeast …">SELEC</abbr>'
 */
export function wrapAbbreviations(html: string, list: readonly Expansion[]): string {
  if (list.length === 0) return html;
  const titles = new Map(list.map((e) => [e.abbr, e.title]));
  const pattern = wordPattern(...titles.keys());
  const open: string[] = [];
  return html
    .split(/(<[^>]*>)/)
    .map((part, i) => {
      if (i % 2 === 1) {
        const m = /^<(\/?)([a-z][a-z0-9]*)/i.exec(part);
        const name = m?.[2]?.toLowerCase() ?? '';
        if (SKIP.has(name)) {
          if (m?.[1]) open.splice(open.lastIndexOf(name), 1);
          else open.push(name);
        }
        return part;
      }
      if (open.length > 0) return part;
      return part.replace(
        pattern,
        (w) => `<abbr title="${escapeAttr(titles.get(w) ?? '')}">${w}</abbr>`,
      );
    })
    .join('');
}

const escapeAttr = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * The abbreviations of a document, each added as a segment (its expansion) by `add`; an
 * abbreviation defined twice is an error, one the text never uses a warning.
 */
export function collectAbbreviations(
  defs: readonly AbbreviationDefinition[],
  texts: ReadonlyArray<{ text: string }>,
  cx: {
    file: string;
    locate: Locate;
    add: (text: string, line: number) => string;
    diagnostics: Diagnostic[];
  },
): Abbreviation[] {
  const out: Abbreviation[] = [];
  const lines = new Map<string, number>();
  for (const def of defs) {
    const first = lines.get(def.abbr);
    if (first !== undefined)
      throw new UserError(
        `the abbreviation "*[${def.abbr}]:" is defined twice (first on line ${first})`,
        'Keep one definition of it.',
        { file: cx.file, line: def.line },
      );
    lines.set(def.abbr, def.line);
    const { key, text } = abbreviationKey(def, cx.locate, cx.file);
    if (!texts.some((t) => usesAbbreviation(t.text, def.abbr)))
      cx.diagnostics.push({
        severity: 'warning',
        rule: 'abbreviation-unused',
        message: `the abbreviation "${def.abbr}" is defined but the text never uses it. Use it, or delete the definition.`,
        location: { file: cx.file, line: def.line },
      });
    out.push({ abbr: def.abbr, key: cx.add(`${text} {#${key}}`, def.line) });
  }
  return out;
}
