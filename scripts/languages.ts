// The registry of editions: the types, the validation and the lookups of
// translations/languages.json (data a maintainer edits without TypeScript, or with
// `npm run add-language`). Its order is the documented order of the language switcher,
// the index and every report: the authentic English text first. The file is the
// project's input, read by io/registry.ts from the project's root and passed on.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from './errors.ts';
import { didYouMean, didYouMeanLanguage } from './stages/suggest.ts';
import {
  BUNDLED_SCRIPTS,
  isScriptCode,
  scriptDirection,
  scriptName,
  type Script,
} from './writing-systems.ts';

export type { Script } from './writing-systems.ts';
/** The `hyphenation` value of a language that is never hyphenated (no patterns exist, or its orthography does not break words). */
export const NO_HYPHENATION = 'none';
export const TRANSFORMS = ['serbian-cyrillic-to-latin'] as const;

export interface Language {
  /** BCP 47 code; also the folder name under translations/ and dist/. */
  code: string;
  englishName: string;
  /** The name as its speakers write it (Intl has no data for cnr, so we never ask it). */
  nativeName: string;
  /** ISO 15924 code of its script; the project must bundle fonts for it (writing-systems.ts). */
  script: Script;
  /** Writing direction; when absent, the script's (rtl for Hebr, Arab, Syrc, Thaa, …). */
  dir?: 'ltr' | 'rtl';
  /** Member states whose readers use this edition. */
  states: string[];
  /** Locale handed to Intl for dates; cnr has no CLDR data, so it borrows sr-Latn-ME. */
  intlLocale: string;
  /** Hyphenation patterns: `hyph_xx.dic` names a LibreOffice file in vendor/hyphen/, "none" no hyphenation, any other id a pattern file of the `hyphen` package (hyphen/patterns/<id>.js). */
  hyphenation: string;
  /**
   * Month names in the genitive, for languages whose CLDR long date uses the
   * nominative ("31. oktobar 2019.") where official texts write "31. oktobra 2019.".
   */
  genitiveMonths?: readonly string[];
  /** A derived edition is produced from another one, never stored twice. */
  derivedFrom?: { code: string; transform: 'serbian-cyrillic-to-latin' };
}

export const SOURCE_LANGUAGE = 'en';
export const REGISTRY_FILE = 'translations/languages.json';
export const CODE_PATTERN = /^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|\d{3}))?$/;
const FIELDS = [
  'code',
  'englishName',
  'nativeName',
  'script',
  'dir',
  'states',
  'intlLocale',
  'hyphenation',
  'genitiveMonths',
  'derivedFrom',
];

const require = createRequire(import.meta.url);

/**
 * Whether `id` names hyphenation patterns: a pattern file of the `hyphen` package
 * (hyphen/patterns/<id>.js), or a LibreOffice dictionary vendored as vendor/hyphen/<id>.dic.
 */
export function hasHyphenation(id: string): boolean {
  if (id === NO_HYPHENATION) return true;
  if (/^[A-Za-z0-9_-]+\.dic$/.test(id))
    return existsSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'vendor', 'hyphen', id));
  if (!/^[a-z0-9-]+$/.test(id)) return false;
  try {
    require.resolve(`hyphen/${id}`);
    return true;
  } catch {
    return false;
  }
}

/**
 * The registry in `text` (the JSON of translations/languages.json), validated field by
 * field; a UserError names the file, the line of the entry, the field and what to write.
 */
export function parseRegistry(
  text: string,
  file = REGISTRY_FILE,
  patternExists = hasHyphenation,
): Language[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const m = /position (\d+)/.exec((err as Error).message);
    const before = text.slice(0, m ? Number(m[1]) : 0).split('\n');
    throw new UserError(
      `not valid JSON (${(err as Error).message})`,
      'Fix the JSON at that line and column.',
      { file, line: before.length, column: (before.at(-1)?.length ?? 0) + 1 },
      { cause: err },
    );
  }
  const list = (data as { languages?: unknown } | null)?.languages;
  if (!Array.isArray(list) || list.length === 0)
    throw new UserError(
      '"languages" must be a list of language entries',
      'Write {"languages": [{"code": "en", …}, …]}; restore the file from git if unsure.',
      { file, line: 1 },
    );
  const out: Language[] = [];
  list.forEach((entry: unknown, i) => {
    out.push(validateEntry(entry, i, out, text, file, patternExists));
  });
  if (out[0]?.code !== SOURCE_LANGUAGE)
    throw new UserError(
      `the first language must be "${SOURCE_LANGUAGE}" (the authentic text), not "${out[0]?.code ?? ''}"`,
      'Move the English entry to the top of the list.',
      { file, line: 1 },
    );
  return out;
}

// One entry of the registry, checked field by field; an error names the entry and its line.
function validateEntry(
  entry: unknown,
  i: number,
  before: readonly Language[],
  text: string,
  file: string,
  patternExists: (id: string) => boolean,
): Language {
  const e = (entry ?? {}) as Record<string, unknown>;
  const code = typeof e['code'] === 'string' ? e['code'] : '';
  const idx = code ? text.indexOf(`"code": "${code}"`) : -1;
  const line = idx >= 0 ? text.slice(0, idx).split('\n').length : 1;
  const fail: Fail = (field, what, hint) => {
    throw new UserError(
      `languages[${i}]${code ? ` (${code})` : ''}: ${field === '' ? '' : `"${field}" `}${what.replace(/\.$/, '')}`,
      hint,
      { file, line },
    );
  };
  checkIdentity(entry, e, before, fail);
  checkEdition(e, patternExists, fail);
  checkDerived(e, before, fail);
  return e as unknown as Language;
}

/** Throws the error of one field of one entry: `field` "" for the entry as a whole. */
type Fail = (field: string, what: string, hint: string) => never;

// The entry is an object of known fields, with a code of its own and both names.
function checkIdentity(
  entry: unknown,
  e: Record<string, unknown>,
  before: readonly Language[],
  fail: Fail,
): void {
  const code = typeof e['code'] === 'string' ? e['code'] : '';
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
    fail(
      '',
      'must be an object with the fields code, englishName, nativeName, script, states, intlLocale, hyphenation',
      'See the other entries of the file.',
    );
  for (const k of Object.keys(e))
    if (!FIELDS.includes(k))
      fail(
        k,
        `is not a field of a language.${didYouMean(k, FIELDS)}`,
        `Fields: ${FIELDS.join(', ')}.`,
      );
  if (!CODE_PATTERN.test(code))
    fail(
      'code',
      `must be a BCP 47 code such as "hr", "sr-Cyrl" or "cnr", not ${JSON.stringify(e['code'])}`,
      'Lowercase language subtag, then an optional script (Latn, Cyrl) and region.',
    );
  if (before.some((l) => l.code === code))
    fail('code', `"${code}" is listed twice`, 'Keep one entry per language.');
  for (const k of ['englishName', 'nativeName'] as const)
    if (typeof e[k] !== 'string' || (e[k] as string).trim() === '')
      fail(
        k,
        'must be a non-empty text',
        'For example "englishName": "German", "nativeName": "Deutsch".',
      );
}

// What the edition is made with: its script, states, dates, hyphenation and month names.
function checkEdition(
  e: Record<string, unknown>,
  patternExists: (id: string) => boolean,
  fail: Fail,
): void {
  checkScript(e, fail);
  if (!Array.isArray(e['states']) || !e['states'].every((s) => typeof s === 'string'))
    fail(
      'states',
      'must be a list of member-state names (may be empty)',
      'For example "states": ["Croatia"].',
    );
  try {
    if (
      typeof e['intlLocale'] !== 'string' ||
      Intl.getCanonicalLocales(e['intlLocale']).length !== 1
    )
      throw new Error('not a locale');
  } catch {
    fail(
      'intlLocale',
      `must be a locale Intl accepts (e.g. "hr", "sr-Latn-ME"), not ${JSON.stringify(e['intlLocale'])}`,
      'Used for the dates; usually the code itself.',
    );
  }
  if (typeof e['hyphenation'] !== 'string' || !patternExists(e['hyphenation']))
    fail(
      'hyphenation',
      `names no pattern file of the hyphen package and no dictionary in vendor/hyphen/: ${JSON.stringify(e['hyphenation'])}`,
      'Use an id listed in node_modules/hyphen/patterns/ (without .js), e.g. "hr", "sh-latn", "de", the name of a .dic file in vendor/hyphen/, or "none" for a language without patterns.',
    );
  const months = e['genitiveMonths'];
  if (
    months !== undefined &&
    (!Array.isArray(months) ||
      months.length !== 12 ||
      !months.every((m) => typeof m === 'string' && m !== ''))
  )
    fail(
      'genitiveMonths',
      'must list the twelve month names',
      'Leave it out unless the long date needs genitive month names.',
    );
}

// The script is an ISO 15924 code with bundled fonts; the direction, when given, ltr or rtl.
function checkScript(e: Record<string, unknown>, fail: Fail): void {
  const script = e['script'];
  if (!isScriptCode(script))
    fail(
      'script',
      `must be an ISO 15924 script code in title case (e.g. "Latn", "Cyrl", "Geor", "Hebr"), not ${JSON.stringify(script)}.${suggestScript(String(script))}`,
      `The script the edition is written in; bundled: ${BUNDLED_SCRIPTS.map((c) => `${c} (${scriptName(c)})`).join(', ')}.`,
    );
  if (!BUNDLED_SCRIPTS.includes(script))
    fail(
      'script',
      `${script} (${scriptName(script)}) has no bundled font: its text would print in whatever font the build machine has`,
      `Bundled scripts: ${BUNDLED_SCRIPTS.join(', ')}. For another, install its @fontsource Noto packages (serif and sans, exact versions) and add them to SCRIPT_FONTS in scripts/writing-systems.ts.`,
    );
  if (e['dir'] !== undefined && e['dir'] !== 'ltr' && e['dir'] !== 'rtl')
    fail(
      'dir',
      `must be "ltr" or "rtl", not ${JSON.stringify(e['dir'])}`,
      `Leave it out to take the script's direction (${script}: ${scriptDirection(script)}).`,
    );
}

// " Did you mean "Cyrl"?" for a misspelt code or a script's English name ("Cyrillic").
function suggestScript(value: string): string {
  const named = BUNDLED_SCRIPTS.find((c) => scriptName(c).toLowerCase() === value.toLowerCase());
  return named ? ` Did you mean "${named}"?` : didYouMean(value, BUNDLED_SCRIPTS);
}

/**
 * The writing direction of a language: its "dir", else its script's.
 * @example textDirection({ script: 'Hebr' }) // 'rtl'
 */
export function textDirection(lang: Pick<Language, 'script' | 'dir'>): 'ltr' | 'rtl' {
  return lang.dir ?? scriptDirection(lang.script);
}

/**
 * The `dir` attribute an element in `lang` needs inside a page written in `context`: none
 * when they agree (a page of LTR languages keeps its markup byte for byte).
 * @example dirAttribute({ script: 'Hebr' }) // ' dir="rtl"'; dirAttribute({ script: 'Latn' }, 'rtl') // ' dir="ltr"'
 */
export function dirAttribute(
  lang: Pick<Language, 'script' | 'dir'>,
  context: 'ltr' | 'rtl' = 'ltr',
): string {
  const dir = textDirection(lang);
  return dir === context ? '' : ` dir="${dir}"`;
}

// A derived language is made from a stored language above it, by a known transform.
function checkDerived(e: Record<string, unknown>, before: readonly Language[], fail: Fail): void {
  const derived = e['derivedFrom'] as { code?: unknown; transform?: unknown } | undefined;
  if (derived !== undefined) {
    if (!before.some((l) => l.code === derived?.code && !l.derivedFrom))
      fail(
        'derivedFrom',
        `must name a stored language listed above it, not ${JSON.stringify(derived?.code)}`,
        'For example {"code": "sr-Cyrl", "transform": "serbian-cyrillic-to-latin"}.',
      );
    if (!TRANSFORMS.includes(derived?.transform as (typeof TRANSFORMS)[number]))
      fail(
        'derivedFrom',
        `has an unknown transform ${JSON.stringify(derived?.transform)}`,
        `Known: ${TRANSFORMS.join(', ')}.`,
      );
  }
}

/** The languages of one project, in the registry's order, with lookups by code. */
export interface Registry {
  readonly languages: readonly Language[];
  /** The entry of `code`, or undefined when the code is not an edition. */
  find(code: string): Language | undefined;
  /** Like find, for codes already validated. */
  get(code: string): Language;
  /** Every code, in order. */
  readonly codes: readonly string[];
}

/**
 * A registry over `languages` (as parseRegistry returns them).
 * @example makeRegistry(parseRegistry(text)).get('hr').nativeName // 'hrvatski'
 */
export function makeRegistry(languages: readonly Language[]): Registry {
  const byCode = new Map(languages.map((l) => [l.code, l]));
  return {
    languages,
    codes: languages.map((l) => l.code),
    find: (code) => byCode.get(code),
    get: (code) => {
      const found = byCode.get(code);
      if (!found) throw new Error(`internal: language ${code} is not in the registry`);
      return found;
    },
  };
}

/** A UserError for a code that is not in the registry, with the closest code when it looks like a typo. */
export function unknownLanguage(code: string, registry: Registry): UserError {
  return new UserError(
    `unknown language code: ${code}.${didYouMeanLanguage(code, registry.languages)}`.replace(
      /\.$/,
      '',
    ),
    `Use codes of the registry (${REGISTRY_FILE}, case-sensitive): ${registry.codes.join(', ')}.`,
  );
}
