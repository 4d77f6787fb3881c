// writing-systems: the scripts an edition may be written in (ISO 15924 codes), the fonts
// the project bundles for each, and which of them run right to left. Data, read by the
// registry's validation, the stylesheet's fonts (io/assets.ts) and the script check.

/** An ISO 15924 code in title case that names a Unicode script ("Latn", "Geor", "Hebr"). */
export type Script = string;

/**
 * The fonts of a script that Noto Serif and Noto Sans lack: two @fontsource packages (pinned
 * in package.json) and the subset of each that holds the script's letters. They are declared
 * under those two family names (with the subset's unicode-range), so every stylesheet's
 * stack covers the script and no glyph falls back to a font of the build machine.
 */
export interface ScriptFonts {
  /** The package that stands in for Noto Serif, e.g. "noto-serif-georgian". */
  serif: string;
  /** The package that stands in for Noto Sans, e.g. "noto-sans-georgian". */
  sans: string;
  /** Their subset file prefix, e.g. "georgian". */
  subset: string;
}

/** Scripts Noto Serif and Noto Sans (@fontsource, always bundled) cover themselves. */
export const BASE_SCRIPTS: readonly Script[] = ['Latn', 'Cyrl', 'Grek'];

/** Scripts with fonts of their own, all SIL Open Font License 1.1 (the licence is in each package). */
export const SCRIPT_FONTS: Readonly<Record<Script, ScriptFonts>> = {
  Geor: { serif: 'noto-serif-georgian', sans: 'noto-sans-georgian', subset: 'georgian' },
  Hebr: { serif: 'noto-serif-hebrew', sans: 'noto-sans-hebrew', subset: 'hebrew' },
  // Naskh is the book hand of Arabic: the serif's role; Noto Sans Arabic the masthead's.
  Arab: { serif: 'noto-naskh-arabic', sans: 'noto-sans-arabic', subset: 'arabic' },
  Armn: { serif: 'noto-serif-armenian', sans: 'noto-sans-armenian', subset: 'armenian' },
};

/** Every script an edition can be printed in with bundled fonts only. */
export const BUNDLED_SCRIPTS: readonly Script[] = [...BASE_SCRIPTS, ...Object.keys(SCRIPT_FONTS)];

/** Scripts written right to left (Unicode's bidi class R or AL for their letters). */
export const RTL_SCRIPTS: readonly Script[] = [
  'Adlm',
  'Arab',
  'Hebr',
  'Mand',
  'Mend',
  'Nkoo',
  'Rohg',
  'Samr',
  'Syrc',
  'Thaa',
  'Yezi',
];

/**
 * Whether `code` is an ISO 15924 code (title case) that JavaScript's Unicode properties know.
 * @example isScriptCode('Geor') // true; isScriptCode('geor') // false; isScriptCode('Xyzw') // false
 */
export function isScriptCode(code: unknown): code is Script {
  if (typeof code !== 'string' || !/^[A-Z][a-z]{3}$/.test(code)) return false;
  try {
    new RegExp(`\\p{Script=${code}}`, 'u');
    return true;
  } catch {
    return false;
  }
}

/**
 * The English name of a script, from Intl.
 * @example scriptName('Geor') // 'Georgian'
 */
export function scriptName(code: Script): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'script' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The writing direction of a script: rtl for the scripts of RTL_SCRIPTS. */
export function scriptDirection(script: Script): 'ltr' | 'rtl' {
  return RTL_SCRIPTS.includes(script) ? 'rtl' : 'ltr';
}
