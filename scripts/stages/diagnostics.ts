// diagnostics: one formatter per audience for findings and user errors: the terminal
// ("error: file:line:column: message" and the hint below it), --format json, and the
// dev server's HTTP answers. The location is always a field, never parsed from text.
import { locatedText, type Diagnostic, type Location, type UserError } from '../errors.ts';

/**
 * A finding as the terminal shows it.
 * @example formatDiagnostic({ severity: 'warning', message: 'm', location: { file: 'f', line: 2 } }) // 'warning: f:2: m'
 */
export function formatDiagnostic(d: Diagnostic): string {
  const lang = d.lang ? `[${d.lang}] ` : '';
  return `${d.severity}: ${locatedText(`${lang}${d.message}`, d.location, d.namesFile)}`;
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
  return `${formatDiagnostic(err.diagnostic)}\n  ${err.hint}\n`;
}

/** A problem as the dev server answers it (review API, build problem): where in fields, not in `error`. */
export interface ProblemJson {
  error: string;
  hint: string;
  file?: string;
  line?: number;
  column?: number;
  /** `error` names its file itself: a client shows it without the location in front. */
  namesFile?: true;
}

/**
 * A finding as the dev server answers it.
 * @example problemJson({ severity: 'error', message: 'm', location: { file: 'f', line: 2 } }) // { error: 'm', hint: '', file: 'f', line: 2 }
 */
export function problemJson(d: Diagnostic): ProblemJson {
  const loc = d.location;
  return {
    error: d.message,
    hint: d.hint ?? '',
    ...(loc ? { file: loc.file } : {}),
    ...(loc?.line !== undefined ? { line: loc.line } : {}),
    ...(loc?.column !== undefined ? { column: loc.column } : {}),
    ...(d.namesFile ? { namesFile: true as const } : {}),
  };
}

/** A user's mistake as the dev server answers it: `{ error, hint, file, line, column }`. */
export function userErrorJson(err: UserError): ProblemJson {
  return problemJson(err.diagnostic);
}

/** A dev-server problem as the terminal shows it: `file:line:column: error`. */
export function formatProblem(p: ProblemJson): string {
  const loc: Location | undefined =
    p.file === undefined
      ? undefined
      : {
          file: p.file,
          ...(p.line !== undefined ? { line: p.line } : {}),
          ...(p.column !== undefined ? { column: p.column } : {}),
        };
  return locatedText(p.error, loc, p.namesFile);
}
