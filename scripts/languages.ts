// The registry of editions. Its order is the documented order of the language
// switcher, the index and every report: the authentic English text first, then the
// member-state languages in the order SELEC lists them in its calls for editions.

export type Script = 'Latn' | 'Cyrl' | 'Grek';

export interface Language {
  /** BCP 47 code; also the folder name under translations/ and dist/. */
  code: string;
  englishName: string;
  /** The name as its speakers write it (Intl has no data for cnr, so we never ask it). */
  nativeName: string;
  script: Script;
  /** Member states whose readers use this edition. */
  states: string[];
  /** Locale handed to Intl for dates; cnr has no CLDR data, so it borrows sr-Latn-ME. */
  intlLocale: string;
  /** Hyphenation patterns: `hyph_xx.dic` names a LibreOffice file in vendor/hyphen/, any other id a pattern file of the `hyphen` package (hyphen/patterns/<id>.js). */
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

const SH_LATN = ['januara', 'februara', 'marta', 'aprila', 'maja', 'juna', 'jula', 'avgusta', 'septembra', 'oktobra', 'novembra', 'decembra'];
const BS_LATN = ['januara', 'februara', 'marta', 'aprila', 'maja', 'juna', 'jula', 'augusta', 'septembra', 'oktobra', 'novembra', 'decembra'];
const SR_CYRL = ['јануара', 'фебруара', 'марта', 'априла', 'маја', 'јуна', 'јула', 'августа', 'септембра', 'октобра', 'новембра', 'децембра'];
export const LANGUAGES: readonly Language[] = [
  { code: 'en', englishName: 'English', nativeName: 'English', script: 'Latn', states: [], intlLocale: 'en-GB', hyphenation: 'en-gb' },
  { code: 'sq', englishName: 'Albanian', nativeName: 'shqip', script: 'Latn', states: ['Albania', 'North Macedonia'], intlLocale: 'sq', hyphenation: 'sq' },
  { code: 'bs', englishName: 'Bosnian', nativeName: 'bosanski', script: 'Latn', states: ['Bosnia and Herzegovina'], intlLocale: 'bs-Latn', hyphenation: 'sh-latn', genitiveMonths: BS_LATN },
  { code: 'hr', englishName: 'Croatian', nativeName: 'hrvatski', script: 'Latn', states: ['Bosnia and Herzegovina'], intlLocale: 'hr', hyphenation: 'hr' },
  { code: 'sr-Cyrl', englishName: 'Serbian (Cyrillic)', nativeName: 'српски (ћирилица)', script: 'Cyrl', states: ['Serbia', 'Bosnia and Herzegovina', 'Montenegro'], intlLocale: 'sr-Cyrl', hyphenation: 'hyph_sr_RS.dic', genitiveMonths: SR_CYRL },
  { code: 'sr-Latn', englishName: 'Serbian (Latin)', nativeName: 'srpski (latinica)', script: 'Latn', states: ['Serbia', 'Bosnia and Herzegovina', 'Montenegro'], intlLocale: 'sr-Latn', hyphenation: 'sh-latn', genitiveMonths: SH_LATN, derivedFrom: { code: 'sr-Cyrl', transform: 'serbian-cyrillic-to-latin' } },
  { code: 'cnr', englishName: 'Montenegrin', nativeName: 'crnogorski', script: 'Latn', states: ['Montenegro'], intlLocale: 'sr-Latn-ME', hyphenation: 'sh-latn', genitiveMonths: SH_LATN },
  { code: 'bg', englishName: 'Bulgarian', nativeName: 'български', script: 'Cyrl', states: ['Bulgaria'], intlLocale: 'bg', hyphenation: 'bg' },
  { code: 'el', englishName: 'Greek', nativeName: 'Ελληνικά', script: 'Grek', states: ['Greece'], intlLocale: 'el', hyphenation: 'el-monoton' },
  { code: 'hu', englishName: 'Hungarian', nativeName: 'magyar', script: 'Latn', states: ['Hungary'], intlLocale: 'hu', hyphenation: 'hu' },
  { code: 'ro', englishName: 'Romanian', nativeName: 'română', script: 'Latn', states: ['Romania', 'Moldova'], intlLocale: 'ro', hyphenation: 'ro' },
  { code: 'mk', englishName: 'Macedonian', nativeName: 'македонски', script: 'Cyrl', states: ['North Macedonia'], intlLocale: 'mk', hyphenation: 'mk' },
  { code: 'tr', englishName: 'Turkish', nativeName: 'Türkçe', script: 'Latn', states: ['Türkiye'], intlLocale: 'tr', hyphenation: 'tr' },
];

const byCode = new Map(LANGUAGES.map((l) => [l.code, l]));

/** The registry entry of `code`, or undefined when the code is not an edition. */
export function findLanguage(code: string): Language | undefined {
  return byCode.get(code);
}

/** Like findLanguage, for codes already validated. */
export function language(code: string): Language {
  const found = byCode.get(code);
  if (!found) throw new Error(`internal: language ${code} is not in the registry`);
  return found;
}
