// check-ui: a language's interface strings (translations/<lang>/ui.json) against the
// English ones: a key English does not have is a typo, a key it lacks shows English,
// an empty string is a string not translated yet (what add-language scaffolds).
import type { Diagnostic } from '../errors.ts';
import { lineColumn } from './read-json.ts';
import { didYouMean } from './suggest.ts';

/** Line and column of `"key":` in the JSON text, for the message. */
function keyLocation(
  text: string,
  key: string,
): { line: number; column: number } | Record<string, never> {
  const at = text.indexOf(`${JSON.stringify(key)}:`);
  return at < 0 ? {} : lineColumn(text, at);
}

/**
 * Findings of one ui.json: checkUi('translations/de/ui.json', text, {pagee: '…'}, {page: '…'}, 'de')
 * → an error "unknown key "pagee" … Did you mean "page"?" and an error for the missing "page".
 */
export function checkUi(
  file: string,
  text: string,
  values: Record<string, string>,
  english: Record<string, string>,
  lang: string,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const known = Object.keys(english);
  for (const key of Object.keys(values)) {
    if (Object.hasOwn(english, key)) continue;
    out.push({
      severity: 'error',
      rule: 'ui-unknown-key',
      message: `unknown interface key "${key}" (translations/en/ui.json has no such key).${didYouMean(key, known)} Rename or delete it.`,
      location: { file, ...keyLocation(text, key) },
      lang,
      key,
    });
  }
  const missing = known.filter((k) => !Object.hasOwn(values, k));
  if (missing.length > 0) {
    out.push({
      severity: 'error',
      rule: 'ui-missing-key',
      message: `${missing.length} interface string${missing.length === 1 ? ' is' : 's are'} missing and shown in English (fallback): ${missing.join(', ')}. Add ${missing.length === 1 ? 'it' : 'them'} to ${file}.`,
      location: { file, line: 1 },
      lang,
    });
  }
  for (const key of known) {
    if (values[key] === undefined || values[key].trim() !== '') continue;
    out.push({
      severity: 'warning',
      rule: 'ui-untranslated',
      message: `interface string "${key}" is not translated yet and is shown in English (fallback): "${english[key] ?? ''}"`,
      location: { file, ...keyLocation(text, key) },
      lang,
      key,
    });
  }
  return out;
}
