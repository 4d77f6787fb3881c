// hyphenate: Liang-pattern hyphenation of words and HTML fragments, with a project's
// exceptions. Our own small engine because the `hyphen` package lowercases without the
// language's locale (Turkish İ becomes two code units and shifts every break after it)
// and cannot read the LibreOffice .dic patterns that are better for several languages.
import { UserError } from '../errors.ts';

type TrieNode = number | [TrieObject, number] | TrieObject;
interface TrieObject {
  [letter: string]: TrieNode;
}

/**
 * Liang patterns as a trie of letters ('.' for a word edge), in the `hyphen` package's own
 * compiled shape so that its files load as they are: a node is a levels-table index (a
 * pattern ends here), an object of further letters, or both as [object, index]. Levels
 * count gaps from the one before the pattern's first letter, or after it when that is '.'.
 */
export interface Patterns {
  table: number[][];
  trie: TrieObject;
  leftMin: number;
  rightMin: number;
}

export interface Hyphenator {
  patterns: Patterns;
  /** BCP 47 locale for lowercasing (tr: İ→i, I→ı). */
  locale: string;
  /** Lowercased word without hyphens → gaps where it may break (index of the letter after the break). */
  exceptions: Map<string, number[]>;
  /** Words shorter than this (in letters) are left whole. */
  minWordLength: number;
  /** Letters that can carry a syllable (lowercase); a break leaving a part without one is dropped. */
  vowels?: string;
  /** Hyphenated words already seen: the same words recur on every page. */
  cache: Map<string, string>;
}

export const SOFT_HYPHEN = '\u00AD';

/**
 * Parses one Liang pattern such as `.be2z1` into its letters and gap levels.
 * @example parsePattern('a1b2c') // { letters: 'abc', levels: [0, 1, 2, 0] }
 */
export function parsePattern(text: string): { letters: string; levels: number[] } {
  let letters = '';
  const levels: number[] = [0];
  for (const ch of text) {
    if (ch >= '0' && ch <= '9') levels[levels.length - 1] = Number(ch);
    else {
      letters += ch;
      levels.push(0);
    }
  }
  return { letters, levels };
}

/**
 * Reads a LibreOffice/libhyphen .dic (already decoded to text): its charset line, options
 * and patterns. Patterns before NEXTLEVEL (compound level) are left out; a non-standard
 * pattern (`ssz1sz/sz=sz,2,3`) changes letters at the break, which a soft hyphen cannot
 * do, so its odd levels become even ones: no break there at all.
 */
export function parseDic(text: string, file: string): Patterns {
  const lines = text.split(/\r?\n/);
  const patterns: Patterns = { table: [], trie: {}, leftMin: 2, rightMin: 2 };
  const keys = new Map<string, number>();
  const from = lines.includes('NEXTLEVEL') ? lines.indexOf('NEXTLEVEL') + 1 : 1;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (i === 0 || line === '' || line.startsWith('%') || line.startsWith('#')) return;
    // Options apply to both levels; patterns are read from the word level only.
    const option = /^([A-Z]+)\s+(\d+)$/.exec(line);
    if (option) {
      if (option[1] === 'LEFTHYPHENMIN') patterns.leftMin = Number(option[2]);
      if (option[1] === 'RIGHTHYPHENMIN') patterns.rightMin = Number(option[2]);
      return;
    }
    if (i < from || /^[A-Z]+(\s|$)/.test(line)) return;
    const slash = line.indexOf('/');
    const parsed = parsePattern(slash >= 0 ? line.slice(0, slash) : line);
    if (parsed.letters === '')
      throw new UserError(
        `"${line}" is not a hyphenation pattern`,
        'Restore the file from its source package (see vendor/hyphen/README.md).',
        { file, line: i + 1 },
      );
    if (slash >= 0) parsed.levels = parsed.levels.map((l) => (l % 2 === 1 ? l + 1 : l));
    insert(
      patterns,
      keys,
      [...parsed.letters],
      parsed.letters.startsWith('.') ? parsed.levels.slice(1) : parsed.levels,
    );
  });
  return patterns;
}

/** Adds one pattern to the trie; where two patterns have the same letters the higher level wins. */
function insert(
  patterns: Patterns,
  keys: Map<string, number>,
  letters: string[],
  levels: number[],
): void {
  const index = (old: number | undefined): number => {
    const merged =
      old === undefined ? levels : levels.map((l, i) => Math.max(l, patterns.table[old]?.[i] ?? 0));
    const key = merged.join(',');
    let found = keys.get(key);
    if (found === undefined) {
      found = patterns.table.push(merged) - 1;
      keys.set(key, found);
    }
    return found;
  };
  let node = patterns.trie;
  letters.forEach((letter, i) => {
    const child = node[letter];
    const last = i === letters.length - 1;
    if (last) {
      if (child === undefined || typeof child === 'number') node[letter] = index(child);
      else if (Array.isArray(child)) child[1] = index(child[1]);
      else node[letter] = [child, index(undefined)];
      return;
    }
    if (child === undefined) node = node[letter] = {};
    else if (typeof child === 'number') node = (node[letter] = [{}, child])[0];
    else node = Array.isArray(child) ? child[0] : child;
  });
}

/** The `hyphen` package's compiled pattern file ([levels table, trie, …]), used as it is. */
export function fromHyphenPackage(definition: unknown, leftMin = 2, rightMin = 2): Patterns {
  const [table, trie] = definition as [number[][], TrieObject];
  return { table, trie, leftMin, rightMin };
}

/**
 * Parses an exceptions list: one word a line with its breaks as hyphens, `#` starts a comment.
 * @example parseExceptions('bez-bed-nost # not be-zbed-nost\n', 'x.txt', 'sr') // Map { 'bezbednost' => [3, 6] }
 */
export function parseExceptions(text: string, file: string, locale: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    if (!/^[\p{L}\p{M}]+(-[\p{L}\p{M}]+)*$/u.test(line)) {
      throw new UserError(
        `"${line}" is not a word with hyphens at its breaks`,
        'Write one word a line with a hyphen at each place it may break (e.g. bez-bed-nost); start a comment with #.',
        { file, line: i + 1, column: 1 },
      );
    }
    const { word, breaks } = splitMarked(line);
    out.set(lower(word, locale), breaks);
  });
  return out;
}

/**
 * A word marked with hyphens → the word and the index of the letter after each break.
 * @example splitMarked('bez-bed-nost') // { word: 'bezbednost', breaks: [3, 6] }
 */
export function splitMarked(marked: string): { word: string; breaks: number[] } {
  const parts = marked.split('-');
  const breaks: number[] = [];
  let at = 0;
  for (const part of parts.slice(0, -1)) {
    at += [...part].length;
    breaks.push(at);
  }
  return { word: parts.join(''), breaks };
}

/** Lowercases in the locale, one letter for one (İ→i in Turkish; elsewhere İ→i, never i + a combining dot). */
export function lower(word: string, locale: string): string {
  const whole = word.toLocaleLowerCase(locale);
  if (whole.length === word.length) return whole;
  let out = '';
  for (const ch of word) {
    const l = ch.toLocaleLowerCase(locale);
    out += [...l].length === 1 ? l : ([...l.normalize('NFC')][0] ?? ch);
  }
  return out;
}

/** Where a word (letters only) may break: indexes of the letter after each break. */
export function breakPoints(word: string, h: Hyphenator): number[] {
  const letters = [...lower(word, h.locale)];
  const exception = h.exceptions.get(letters.join(''));
  if (exception) return exception;
  const { patterns } = h;
  const padded = ['.', ...letters, '.'];
  const gaps = new Array<number>(padded.length + 1).fill(0);
  for (let start = 0; start < padded.length; start++) {
    const base = padded[start] === '.' ? start + 1 : start;
    let node: TrieObject | undefined = patterns.trie;
    for (let end = start; node && end < padded.length; end++) {
      const child: TrieNode | undefined = node[padded[end] ?? ''];
      if (child === undefined) break;
      const index = typeof child === 'number' ? child : Array.isArray(child) ? child[1] : -1;
      node = typeof child === 'number' ? undefined : Array.isArray(child) ? child[0] : child;
      (patterns.table[index] ?? []).forEach((level, i) => {
        if (level > (gaps[base + i] ?? 0)) gaps[base + i] = level;
      });
    }
  }
  // gaps[k] lies before padded[k], i.e. before letter k - 1 of the word.
  const out: number[] = [];
  for (let at = patterns.leftMin; at <= letters.length - patterns.rightMin; at++) {
    if ((gaps[at + 1] ?? 0) % 2 === 1) out.push(at);
  }
  return h.vowels === undefined ? out : keepSyllables(letters, out, h.vowels);
}

/** Drops breaks that would leave a part with no vowel ("b-rend", "бу-ку-реш-т"): patterns do that at word edges and in clusters. */
function keepSyllables(letters: string[], breaks: number[], vowels: string): number[] {
  const voiced = (from: number, to: number): boolean =>
    letters.slice(from, to).some((l) => vowels.includes(l));
  const kept: number[] = [];
  for (const at of breaks) {
    if (voiced(kept.at(-1) ?? 0, at) && voiced(at, letters.length)) kept.push(at);
  }
  return kept;
}

/** The word with soft hyphens (or `mark`) at its break points. */
export function hyphenateWord(word: string, h: Hyphenator, mark = SOFT_HYPHEN): string {
  const letters = [...word];
  if (letters.length < h.minWordLength) return word;
  const cached = mark === SOFT_HYPHEN ? h.cache.get(word) : undefined;
  if (cached !== undefined) return cached;
  const breaks = new Set(breakPoints(word, h));
  const out = letters.map((ch, i) => (breaks.has(i) ? mark + ch : ch)).join('');
  if (mark === SOFT_HYPHEN) h.cache.set(word, out);
  return out;
}

// A tag, an entity, or a run of text that looks like an address (left whole).
const SKIP = /(<[^>]*>|&[#\w]+;|\S*(?:\/\/|www\.|@)\S*)/u;
const WORD = /[\p{L}\p{M}]+/gu;

/**
 * Inserts soft hyphens into the text of an HTML fragment, leaving tags, entities and addresses alone.
 * @example hyphenateHtml('<em>bezbednost</em>', h) // '<em>bez\u00ADbed\u00ADnost</em>'
 */
export function hyphenateHtml(html: string, h: Hyphenator): string {
  return html
    .split(SKIP)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(WORD, (w) => hyphenateWord(w, h))))
    .join('');
}
