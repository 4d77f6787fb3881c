// spelling: a hunspell speller (nspell) per edition language, from the npm
// `dictionary-*` packages, with the project word list added. Languages without a
// usable dictionary get none: no npm package exists for sq, bs and cnr, and nspell
// runs out of memory on dictionary-hu (measured: > 8 GB), so hu has none either.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import nspell from 'nspell';
import { TEMPLATES } from './assets.ts';

const require = createRequire(import.meta.url);

/** The project's word list (scripts/templates/words.txt): names every speller accepts. */
export async function readWordList(): Promise<string[]> {
  return (await readFile(join(TEMPLATES, 'words.txt'), 'utf8'))
    .split('\n')
    .map((w) => w.trim())
    .filter((w) => w && !w.startsWith('#'));
}

/** Edition code → npm package holding index.aff and index.dic. */
const DICTIONARIES: Readonly<Record<string, string>> = {
  en: 'dictionary-en',
  ro: 'dictionary-ro',
  el: 'dictionary-el',
  tr: 'dictionary-tr',
  bg: 'dictionary-bg',
  mk: 'dictionary-mk',
  hr: 'dictionary-hr',
  'sr-Cyrl': 'dictionary-sr',
  'sr-Latn': 'dictionary-sr-latn',
};

/**
 * A spell check for `lang` that also knows `extraWords`, or undefined when the language has no dictionary.
 * @example (await loadSpeller('ro', ['SELEC']))?.('cooperare') // true
 */
export async function loadSpeller(
  lang: string,
  extraWords: Iterable<string>,
): Promise<((word: string) => boolean) | undefined> {
  const pkg = Object.hasOwn(DICTIONARIES, lang) ? DICTIONARIES[lang] : undefined;
  if (pkg === undefined) return undefined;
  // The files are read directly: the packages' own entry points differ (ESM with
  // top-level await in the newer ones, a CommonJS callback in dictionary-sr*).
  let dir: string;
  try {
    dir = dirname(require.resolve(pkg));
  } catch (error) {
    throw new Error(
      `The spelling dictionary ${pkg} for ${lang} is not installed. Run npm ci (or npm install ${pkg}).`,
      { cause: error },
    );
  }
  const [aff, dic] = await Promise.all([
    readFile(join(dir, 'index.aff'), 'utf8'),
    readFile(join(dir, 'index.dic'), 'utf8'),
  ]);
  const speller = nspell(adaptForNspell(aff, dic));
  for (const word of extraWords) if (word.trim() !== '') speller.add(word.trim());
  const lower = (w: string): string => w.toLocaleLowerCase(lang);
  // nspell lowercases a capitalised word without the locale: Turkish "İçişleri" would become "i̇çişleri".
  return (word) => speller.correct(word) || (word !== lower(word) && speller.correct(lower(word)));
}

/**
 * Rewrites two hunspell features that nspell lacks into ones it has: flag aliases
 * (`AF`, used by dictionary-hr) are expanded, and a flag naming both a prefix and a
 * suffix class (dictionary-ro: PFX K and SFX K) gets a second flag for the prefix
 * class. Without this nspell drops most inflected forms of those languages.
 */
export function adaptForNspell(aff: string, dic: string): { aff: string; dic: string } {
  const lines = aff.split(/\r?\n/);
  const mode = /^FLAG\s+(\S+)/m.exec(aff)?.[1] ?? 'char';
  const split = (flags: string): string[] =>
    mode === 'long' ? (flags.match(/../gs) ?? []) : mode === 'num' ? flags.split(',') : [...flags];
  const join = (flags: readonly string[]): string => flags.join(mode === 'num' ? ',' : '');
  const afAt = lines.findIndex((l) => /^AF\s+\d+\s*$/.test(l));
  const afCount = afAt < 0 ? 0 : Number(lines[afAt]?.split(/\s+/)[1]);
  const aliases = lines.slice(afAt + 1, afAt + 1 + afCount).map((l) => l.split(/\s+/)[1] ?? '');
  const headers = lines
    .map((l) => /^(PFX|SFX)\s+(\S+)\s+[YN]\s+\d+/.exec(l))
    .filter((m) => m !== null);
  const suffixFlags = new Set(headers.filter((m) => m[1] === 'SFX').map((m) => m[2]));
  const renamed = new Map<string, string>();
  for (const m of headers) {
    const flag = m[2] ?? '';
    if (m[1] === 'PFX' && suffixFlags.has(flag) && !renamed.has(flag)) {
      const n = renamed.size;
      renamed.set(
        flag,
        mode === 'num'
          ? String(65000 + n)
          : mode === 'long'
            ? `\uE000${String.fromCharCode(0xe000 + n)}`
            : String.fromCharCode(0xe000 + n),
      );
    }
  }
  if (aliases.length === 0 && renamed.size === 0) return { aff, dic };
  const fix = (flags: string): string => {
    const expanded =
      aliases.length > 0 && /^\d+$/.test(flags) ? (aliases[Number(flags) - 1] ?? '') : flags;
    const list = split(expanded);
    return join([...list, ...list.flatMap((f) => (renamed.has(f) ? [renamed.get(f) ?? ''] : []))]);
  };
  const newAff = lines.map((l) => {
    const m = /^(PFX|SFX)(\s+)(\S+)(.*)$/.exec(l);
    if (!m) return l;
    const flag = m[1] === 'PFX' ? (renamed.get(m[3] ?? '') ?? m[3]) : m[3];
    // An entry is "strip add/continuation condition"; the continuation flags need the same fixes.
    const rest = (m[4] ?? '').replace(
      /^(\s+\S+\s+[^\s/]+)\/(\S+)/,
      (_all, head: string, flags: string) => `${head}/${fix(flags)}`,
    );
    return `${m[1]}${m[2]}${flag}${rest}`;
  });
  const newDic = dic
    .split(/\r?\n/)
    .map((l, i) => {
      const m = i === 0 ? null : /^((?:[^/\s\\]|\\.)+)\/(\S+)(.*)$/.exec(l);
      return m ? `${m[1]}/${fix(m[2] ?? '')}${m[3]}` : l;
    })
    .join('\n');
  return { aff: newAff.join('\n'), dic: newDic };
}
