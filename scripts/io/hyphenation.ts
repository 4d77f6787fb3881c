// hyphenation: soft hyphens for body text, from the `hyphen` package's TeX patterns
// (headless Chromium has no hyphenation dictionaries offline).
import { createRequire } from 'node:module';
import type { Language } from '../languages.ts';

const require = createRequire(import.meta.url);
const cache = new Map<string, (html: string) => string>();

/** A function that hyphenates an HTML fragment in the language, leaving tags alone. */
export function hyphenatorFor(lang: Language): (html: string) => string {
  const found = cache.get(lang.hyphenation);
  if (found) return found;
  const mod = require(`hyphen/${lang.hyphenation}`) as { hyphenateHTMLSync: (text: string, options?: { minWordLength?: number }) => string };
  const fn = (html: string): string => mod.hyphenateHTMLSync(html, { minWordLength: 7 });
  cache.set(lang.hyphenation, fn);
  return fn;
}
