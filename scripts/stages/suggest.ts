// suggest: "did you mean" for a mistyped language code, document id, key or field.

/** Edit distance (insert, delete, substitute, swap of neighbours), case-insensitive. */
export function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) =>
    Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      row[j] = Math.min(
        (up[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (up[j - 1] as number) + (s[i - 1] === t[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (d[s.length] as number[])[t.length] as number;
}

/** The closest candidate when it is close enough to be a typo: suggest('hrr', ['hr', 'hu']) → 'hr'. */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const dist = distance(word, c);
    if (dist < bestDistance) {
      best = c;
      bestDistance = dist;
    }
  }
  // A third of the word may be wrong (at least one letter), never the whole of it.
  const allowed = Math.max(1, Math.floor(word.length / 3));
  return best !== undefined && bestDistance <= allowed && bestDistance < word.length
    ? best
    : undefined;
}

/** ` Did you mean "x"?` or the empty string: to append to a message. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const found = suggest(word, candidates);
  return found === undefined ? '' : ` Did you mean "${found}"?`;
}

/**
 * Codes people type for the languages of the region instead of the registry's: country
 * codes (ISO 3166), ISO 639-2/3 codes, and habits (`me` for Montenegrin, `sr` for
 * Serbian, which the registry writes in two scripts). Only codes the registry has are
 * ever suggested.
 */
const LANGUAGE_ALIASES: Readonly<Record<string, readonly string[]>> = {
  al: ['sq'],
  alb: ['sq'],
  sqi: ['sq'],
  ks: ['sq'],
  xk: ['sq'],
  ba: ['bs'],
  bih: ['bs'],
  bos: ['bs'],
  hrv: ['hr'],
  cro: ['hr'],
  scr: ['hr'],
  sr: ['sr-Cyrl', 'sr-Latn'],
  rs: ['sr-Cyrl', 'sr-Latn'],
  srb: ['sr-Cyrl', 'sr-Latn'],
  srp: ['sr-Cyrl', 'sr-Latn'],
  scc: ['sr-Cyrl', 'sr-Latn'],
  ser: ['sr-Cyrl', 'sr-Latn'],
  'sr-cyrl': ['sr-Cyrl'],
  'sr-latn': ['sr-Latn'],
  'sr-rs': ['sr-Cyrl', 'sr-Latn'],
  me: ['cnr'],
  mne: ['cnr'],
  'sr-me': ['cnr'],
  bul: ['bg'],
  bgr: ['bg'],
  gr: ['el'],
  gre: ['el'],
  ell: ['el'],
  grc: ['el'],
  hun: ['hu'],
  md: ['ro'],
  mo: ['ro'],
  mol: ['ro'],
  rum: ['ro'],
  ron: ['ro'],
  mda: ['ro'],
  rou: ['ro'],
  mac: ['mk'],
  mkd: ['mk'],
  tur: ['tr'],
  tk: ['tr'],
  eng: ['en'],
  gb: ['en'],
  uk: ['en'],
};

/** A language as suggest reads the registry. */
export interface NamedLanguage {
  code: string;
  englishName: string;
  nativeName: string;
  states: readonly string[];
}

const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();

/**
 * The registry codes someone who typed `input` most likely meant: an alias (`al` → sq,
 * `sr` → sr-Cyrl and sr-Latn), a language or state name in English or natively
 * ("Greek", "shqip", "Moldova"), or a near typo of a code.
 * @example suggestLanguages('me', registry.languages) // ['cnr']
 */
export function suggestLanguages(input: string, languages: readonly NamedLanguage[]): string[] {
  const codes = languages.map((l) => l.code);
  const word = fold(input);
  const known = (list: readonly string[]) => list.filter((c) => codes.includes(c));
  const exact = codes.filter((c) => c.toLowerCase() === word);
  if (exact.length > 0) return exact;
  const alias = known(LANGUAGE_ALIASES[word] ?? []);
  if (alias.length > 0) return alias;
  if (word.length >= 3) {
    const named = languages
      .filter(
        (l) =>
          [l.englishName, l.nativeName].some((n) => fold(n).startsWith(word)) ||
          l.states.some((s) => fold(s) === word),
      )
      .map((l) => l.code);
    if (named.length > 0) return named;
  }
  // A typo of a code: only when the word is not itself another language's code.
  const near = word.length > 2 ? suggest(input, codes) : undefined;
  return near === undefined ? [] : [near];
}

/** ` Did you mean "sq" (Albanian, shqip)?`, or '' when nothing is close. */
export function didYouMeanLanguage(input: string, languages: readonly NamedLanguage[]): string {
  const found = suggestLanguages(input, languages);
  if (found.length === 0) return '';
  const named = found.map((c) => {
    const l = languages.find((x) => x.code === c);
    return `"${c}"${l ? ` (${l.englishName}, ${l.nativeName})` : ''}`;
  });
  return ` Did you mean ${named.join(' or ')}?`;
}
