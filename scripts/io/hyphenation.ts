// hyphenation: soft hyphens for body text (headless Chromium has no hyphenation
// dictionaries offline). Patterns come from the `hyphen` package or from a LibreOffice
// .dic vendored in vendor/hyphen/; each language adds its own exceptions, which a
// translator edits in translations/<lang>/hyphenation.txt.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NO_HYPHENATION, type Language } from '../languages.ts';
import {
  fromHyphenPackage,
  hyphenateHtml,
  parseDic,
  parseExceptions,
  type Hyphenator,
  type Patterns,
} from '../stages/hyphenate.ts';
import { serbianCyrillicToLatin } from '../stages/transliterate.ts';

const require = createRequire(import.meta.url);
export const VENDOR_DIR = fileURLToPath(new URL('../../vendor/hyphen/', import.meta.url));
export const EXCEPTIONS_FILE = 'hyphenation.txt';
/** Shorter words are left whole: a break in them saves little and looks fussy. */
const MIN_WORD_LENGTH = 7;

// Letters that carry a syllable, by language (syllabic r included where it is one: "Sr-bi-ja").
const VOWELS: Record<string, string> = {
  sq: 'aeëiouy',
  bs: 'aeiour',
  hr: 'aeiour',
  sr: 'aeiourаеиоур',
  cnr: 'aeiour',
  bg: 'аъоуеиюя',
  el: 'αεηιουωάέήίόύώϊϋΐΰ',
  hu: 'aáeéiíoóöőuúüű',
  ro: 'aăâeiîouy',
  mk: 'аеиоур',
  tr: 'aeıioöuü',
  ka: 'აეიოუ',
};

const patternCache = new Map<string, Patterns>();
// Compiled patterns as JSON, keyed by the bytes they come from: the `hyphen` package ships
// them as JavaScript literals that take V8 ~0.3 s to compile for Hungarian alone, where
// JSON.parse of the same trie takes a few milliseconds.
const PATTERN_CACHE = fileURLToPath(
  new URL('../../node_modules/.cache/selec-editions/hyphen/', import.meta.url),
);
const PATTERN_FORMAT = '1';
const hyphenators = new Map<string, Hyphenator>();

/** Patterns named by the registry: `hyph_xx.dic` is a file in vendor/hyphen/, anything else a pattern id of the `hyphen` package. */
export function loadPatterns(id: string): Patterns {
  const found = patternCache.get(id);
  if (found) return found;
  const path = id.endsWith('.dic')
    ? join(VENDOR_DIR, id)
    : require.resolve(`hyphen/patterns/${id}.js`);
  const bytes = readFileSync(path);
  const patterns = throughCache(id, bytes, () =>
    id.endsWith('.dic') ? readDic(path, bytes) : fromHyphenPackage(require(path)),
  );
  patternCache.set(id, patterns);
  return patterns;
}

/** The patterns compiled from `bytes`, from the JSON cache when it has them; a cache that cannot be written is skipped. */
function throughCache(id: string, bytes: Buffer, compile: () => Patterns): Patterns {
  const file = join(
    PATTERN_CACHE,
    `${id.replace(/[^\w.-]/g, '_')}.${createHash('sha256').update(PATTERN_FORMAT).update(bytes).digest('hex').slice(0, 16)}.json`,
  );
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Patterns;
  } catch {
    // not cached yet (or unreadable): compile below
  }
  const patterns = compile();
  try {
    mkdirSync(PATTERN_CACHE, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(patterns));
    renameSync(tmp, file);
  } catch {
    // a read-only checkout: compile each time
  }
  return patterns;
}

/** A .dic names its charset on its first line (UTF-8, ISO8859-2, …). */
function readDic(path: string, bytes: Buffer): Patterns {
  const charset = bytes
    .subarray(0, bytes.indexOf(10))
    .toString('latin1')
    .trim()
    .toLowerCase()
    .replace(/^iso8859/, 'iso-8859');
  return parseDic(new TextDecoder(charset).decode(bytes), path);
}

/** The project's exceptions for a language; a derived edition (sr-Latn) takes its source's, transliterated. */
export function readExceptionsText(root: string, lang: Language): { file: string; text: string } {
  const code = lang.derivedFrom?.code ?? lang.code;
  const file = join('translations', code, EXCEPTIONS_FILE);
  let text = '';
  try {
    text = readFileSync(join(root, file), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return { file, text: lang.derivedFrom ? serbianCyrillicToLatin(text) : text };
}

/** The hyphenator of a language with the project's exceptions (patterns and words cached across editions). */
export function hyphenatorOf(lang: Language, root: string): Hyphenator {
  const { file, text } = readExceptionsText(root, lang);
  const key = `${lang.code}\0${lang.hyphenation}\0${text}`;
  const found = hyphenators.get(key);
  if (found) return found;
  const locale = lang.intlLocale;
  const h: Hyphenator = {
    patterns: loadPatterns(lang.hyphenation),
    locale,
    exceptions: parseExceptions(text, file, locale),
    minWordLength: MIN_WORD_LENGTH,
    cache: new Map(),
    ...(VOWELS[lang.code.split('-')[0] ?? ''] === undefined
      ? {}
      : { vowels: VOWELS[lang.code.split('-')[0] ?? ''] }),
  };
  hyphenators.set(key, h);
  return h;
}

/** A function that hyphenates an HTML fragment in the language, leaving tags alone. */
export function hyphenatorFor(lang: Language, root: string): (html: string) => string {
  // A language without patterns ("hyphenation": "none", e.g. Hebrew) breaks only at spaces.
  if (lang.hyphenation === NO_HYPHENATION) return (html) => html;
  const h = hyphenatorOf(lang, root);
  return (html) => hyphenateHtml(html, h);
}
