// diagnostics: one formatter per audience for findings and user errors: the terminal
// ("error: file:line:column: message" and the hint below it), --format json, and the
// dev server's HTTP answers. The location is always a field, never parsed from text.
import { formatLocation, type Diagnostic, type UserError } from '../errors.ts';

/**
 * A finding as the terminal shows it.
 * @example formatDiagnostic({ severity: 'warning', message: 'm', location: { file: 'f', line: 2 } }) // 'warning: f:2: m'
 */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.location ? `${formatLocation(d.location)}: ` : '';
  const lang = d.lang ? `[${d.lang}] ` : '';
  return `${d.severity}: ${where}${lang}${d.message}`;
}

/** A finding as --format json shows it: a rule id always ("unclassified" for findings that have none yet). */
export function diagnosticJson(d: Diagnostic): Record<string, unknown> {
  return {
    severity: d.severity,
    rule: d.rule ?? 'unclassified',
    message: d.message,
    ...(d.location
      ? { file: d.location.file, line: d.location.line, column: d.location.column }
      : {}),
    ...(d.lang ? { lang: d.lang } : {}),
    ...(d.key ? { key: d.key } : {}),
    ...(d.hint ? { hint: d.hint } : {}),
  };
}

/** A user's mistake as the terminal shows it: the located message, then what to do. */
export function formatUserError(err: UserError): string {
  return `error: ${locatedMessage(err)}\n  ${err.hint}\n`;
}

/** The message with its line and column when the location knows more than the message says. */
function locatedMessage(err: UserError): string {
  const loc = err.location;
  if (loc?.line === undefined || !err.message.startsWith(`${loc.file}: `)) return err.message;
  return `${formatLocation(loc)}: ${err.message.slice(loc.file.length + 2)}`;
}

/** A user's mistake as the dev server answers it: `{ error, hint, file, line, column }`. */
export function userErrorJson(err: UserError): Record<string, unknown> {
  const loc = err.location;
  return {
    error: err.message,
    hint: err.hint,
    ...(loc ? { file: loc.file, line: loc.line, column: loc.column } : {}),
  };
}
