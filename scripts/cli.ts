// cli: argv → one command of the table → its exit code. Reports a user's mistake
// (UserError, exit 2) without a stack trace; anything else is a bug (exit 1).
import { pathToFileURL } from 'node:url';
import { UserError } from './errors.ts';
import { build } from './commands/build.ts';
import type { Command, Io } from './commands/command.ts';
import { formatUserError } from './stages/diagnostics.ts';

export type { Io } from './commands/command.ts';

/** Every command by name; loaded when called, so that `build` starts with few modules. */
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  build: async () => build,
  coverage: async () => (await import('./commands/coverage.ts')).coverage,
  check: async () => (await import('./commands/check.ts')).check,
  mark: async () => (await import('./commands/mark.ts')).mark,
  review: async () => (await import('./commands/review.ts')).review,
  xliff: async () => (await import('./commands/xliff.ts')).xliff,
  po: async () => (await import('./commands/xliff.ts')).po,
  release: async () => (await import('./commands/release.ts')).release,
  'add-language': async () => (await import('./commands/add-language.ts')).addLanguage,
  dev: async () => (await import('./commands/dev.ts')).dev,
  verify: async () => (await import('./commands/verify.ts')).verify,
  terms: async () => (await import('./commands/terms.ts')).terms,
  tm: async () => (await import('./commands/tm.ts')).tm,
  bench: async () => (await import('./commands/bench.ts')).bench,
  'bench:dev': async () => (await import('./commands/bench-dev.ts')).benchDev,
  'bench:finalize': async () => (await import('./commands/bench-finalize.ts')).benchFinalize,
};

/** Runs one command; returns the exit code. Without a command name (or with options first): build. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [name = 'build', ...args] = argv[0]?.startsWith('-') ? ['build', ...argv] : argv;
  try {
    if (name === 'help') return await listCommands(io);
    const load = COMMANDS[name];
    if (!load)
      throw new UserError(
        `unknown command "${name}"`,
        `Use one of: ${Object.keys(COMMANDS).join(', ')} (see npm run build -- --help).`,
      );
    const command = await load();
    // xliff/po have subcommands whose own --help their run prints.
    if (wantsHelp(args) && name !== 'xliff' && name !== 'po') {
      io.stdout.write(command.help(await registryCodes(io.cwd)));
      return 0;
    }
    return await command.run(args, io);
  } catch (err) {
    return reportError(err, io);
  }
}

function wantsHelp(args: readonly string[]): boolean {
  return args.includes('--help') || args.includes('-h');
}

/** The registry's codes for a help text; none when the registry cannot be read. */
async function registryCodes(root: string): Promise<string[]> {
  const { readRegistry } = await import('./io/registry.ts');
  try {
    return [...readRegistry(root).codes];
  } catch {
    return [];
  }
}

async function listCommands(io: Io): Promise<number> {
  const lines = ['Commands (npm run <command> -- --help for the options of each):'];
  for (const [name, load] of Object.entries(COMMANDS))
    lines.push(`  ${name.padEnd(16)}${(await load()).summary}`);
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

function reportError(err: unknown, io: Io): number {
  if (err instanceof UserError) {
    io.stderr.write(formatUserError(err));
    return 2;
  }
  io.stderr.write(`internal error (please report it): ${(err as Error)?.stack ?? String(err)}\n`);
  return 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  }).then((code) => {
    process.exitCode = code;
  });
}
