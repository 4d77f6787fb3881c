// A user's mistake: carries where it happened and what to do, and is printed by the
// CLI without a stack trace. Anything else that is thrown is a bug and keeps its stack.

export interface Location {
  file: string;
  line?: number;
  column?: number;
}

export class UserError extends Error {
  readonly location: Location | undefined;
  readonly hint: string;

  constructor(message: string, hint: string, location?: Location, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UserError';
    this.hint = hint;
    this.location = location;
  }
}

/** `file:line:column` as editors and terminals link it. */
export function formatLocation(loc: Location): string {
  let s = loc.file;
  if (loc.line !== undefined) s += `:${loc.line}`;
  if (loc.line !== undefined && loc.column !== undefined) s += `:${loc.column}`;
  return s;
}

/** A finding that does not stop the build: a warning or an error left for the CLI to weigh. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  /** A stable id of the kind of finding (e.g. "ui-unknown-key"), for --format json and for filtering. */
  rule?: string;
  message: string;
  location?: Location;
  lang?: string;
  /** The document it concerns (with `lang`: that edition; without: every edition of it). */
  document?: string;
  key?: string;
  /** What to do about it. */
  hint?: string;
}
