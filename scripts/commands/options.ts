// options: the argument rules every command shares: one parser, one way to read
// --lang, --format and a document id, one "did you mean".
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../errors.ts';
import { SOURCE_LANGUAGE, unknownLanguage, type Language, type Registry } from '../languages.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * The options of a command (node:util parseArgs, strict): an unknown option or a missing
 * value is a UserError (exit 2) that points to --help.
 * @example parseOptions(['--lang', 'hr'], { lang: { type: 'string' } }).values.lang // 'hr'
 */
export function parseOptions<O extends Options>(
  args: string[],
  options: O,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))
      throw new UserError((err as Error).message, 'See --help for the options.', undefined, {
        cause: err,
      });
    throw err;
  }
}

/** The codes of --lang (comma-separated), each in the registry; undefined when not given. */
export function parseLangs(value: string | undefined, registry: Registry): string[] | undefined {
  if (value === undefined) return undefined;
  const codes = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = codes.find((c) => !registry.find(c));
  if (unknown !== undefined) throw unknownLanguage(unknown, registry);
  if (codes.length === 0)
    throw new UserError(
      '--lang names no language',
      `Use codes of the registry: ${registry.codes.join(', ')}.`,
    );
  return codes;
}

/** `value` when it is one of `allowed`; a UserError naming the option and the choices otherwise. */
export function oneOf<T extends string>(
  option: string,
  value: string | undefined,
  allowed: readonly T[],
  hint: string,
): T {
  if (allowed.includes(value as T)) return value as T;
  const choices = allowed.map((a) => `"${a}"`);
  const list =
    choices.length === 2
      ? choices.join(' or ')
      : `one of ${choices.slice(0, -1).join(', ')} or ${choices.at(-1) ?? ''}`;
  throw new UserError(`${option} must be ${list}, not "${value ?? ''}"`, hint);
}

export { findDocument } from '../services/signoff.ts';

/**
 * A language whose translations are stored and signed: not the English original, not a
 * language generated from another (sr-Latn follows sr-Cyrl). `what` names the action.
 */
export function storedTranslation(code: string, registry: Registry, what: string): Language {
  const lang = registry.find(code);
  if (!lang) throw unknownLanguage(code, registry);
  if (lang.code === SOURCE_LANGUAGE)
    throw new UserError(
      `${code} is the authentic English text; it has no translation to ${what}`,
      'Name a translation language, e.g. --lang hr.',
    );
  if (lang.derivedFrom)
    throw new UserError(
      `${code} is generated from ${lang.derivedFrom.code}; it has nothing of its own to ${what}`,
      `Name ${lang.derivedFrom.code} instead: --lang ${lang.derivedFrom.code}.`,
    );
  return lang;
}

/** The codes of the languages whose translations are stored (not English, not derived). */
export function storedCodes(registry: Registry): string[] {
  return registry.languages
    .filter((l) => l.code !== SOURCE_LANGUAGE && !l.derivedFrom)
    .map((l) => l.code);
}
