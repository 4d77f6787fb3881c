// A user's mistake: carries where it happened and what to do, and is printed by the
// CLI without a stack trace. Anything else that is thrown is a bug and keeps its stack.

export interface Location {
  file: string;
  line?: number;
  column?: number;
}

/** What a UserError carries besides its reason, hint and location. */
export interface UserErrorOptions {
  cause?: unknown;
  /** A stable id of the kind of mistake, as Diagnostic.rule. */
  rule?: string;
  /**
   * The reason names its file itself, as the subject of its sentence ("translations/xx/ is
   * not a language of the registry"): the location is a field only, not put before it.
   */
  namesFile?: boolean;
}

export class UserError extends Error {
  /** What is wrong, without where: `message` is this reason after its location. */
  readonly reason: string;
  readonly hint: string;
  readonly location: Location | undefined;
  readonly rule: string | undefined;
  readonly namesFile: boolean;

  constructor(reason: string, hint: string, location?: Location, options: UserErrorOptions = {}) {
    super(
      locatedText(reason, location, options.namesFile),
      'cause' in options ? { cause: options.cause } : undefined,
    );
    this.name = 'UserError';
    this.reason = reason;
    this.hint = hint;
    this.location = location;
    this.rule = options.rule;
    this.namesFile = options.namesFile ?? false;
  }

  /** This mistake as a finding, for the formatters of stages/diagnostics.ts. */
  get diagnostic(): Diagnostic {
    return {
      severity: 'error',
      ...(this.rule !== undefined ? { rule: this.rule } : {}),
      message: this.reason,
      ...(this.location ? { location: this.location } : {}),
      hint: this.hint,
      ...(this.namesFile ? { namesFile: true } : {}),
    };
  }
}

/** `file:line:column` as editors and terminals link it. */
export function formatLocation(loc: Location): string {
  let s = loc.file;
  if (loc.line !== undefined) s += `:${loc.line}`;
  if (loc.line !== undefined && loc.column !== undefined) s += `:${loc.column}`;
  return s;
}

/**
 * A message after its location, as the terminal shows it; alone when it has none or names its file itself.
 * @example locatedText('not valid JSON', { file: 'x.json', line: 3, column: 1 }) // 'x.json:3:1: not valid JSON'
 */
export function locatedText(message: string, location?: Location, namesFile = false): string {
  return location && !namesFile ? `${formatLocation(location)}: ${message}` : message;
}

/** A finding that does not stop the build: a warning or an error left for the CLI to weigh. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  /** A stable id of the kind of finding (e.g. "ui-unknown-key"), for --format json and for filtering. */
  rule?: string;
  /** What is wrong, without the location (a field of its own). */
  message: string;
  location?: Location;
  lang?: string;
  /** The document it concerns (with `lang`: that edition; without: every edition of it). */
  document?: string;
  key?: string;
  /** What to do about it. */
  hint?: string;
  /** The message names its file itself (see UserErrorOptions.namesFile): the location is not put before it. */
  namesFile?: boolean;
}
