// command: the one shape of a command, and the world it is given. cli.ts dispatches to
// a table of these; a test drives any of them with a scratch root and string buffers.

/** What a command may touch: its output streams, the environment, the project folder, the clock. */
export interface Io {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown };
  env: NodeJS.ProcessEnv;
  /** The project's root: source/, translations/ and the registry are read from here. */
  cwd: string;
  /** The clock of dated records (npm run review); the system clock by default. */
  now?: () => Date;
}

export interface Command {
  /** The word after the script name: `npm run <name>` (or `npm run build -- …`). */
  name: string;
  /** One line for the list of commands. */
  summary: string;
  /** The --help text; `codes` are the registry's language codes (empty when it is unreadable). */
  help(codes: readonly string[]): string;
  /** Runs with the arguments after the command's name; resolves to the exit code. */
  run(args: string[], io: Io): Promise<number>;
}
