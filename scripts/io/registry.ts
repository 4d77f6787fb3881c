// registry: reads the project's language registry (translations/languages.json) from
// the project's root, so that a second project, or a test's scratch copy, is built with
// its own languages.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { makeRegistry, parseRegistry, REGISTRY_FILE, type Registry } from '../languages.ts';

/**
 * The registry of the project under `root`, validated; a UserError names the file, the
 * line and what to do when it is missing or invalid.
 * @example readRegistry(process.cwd()).codes // ['en', 'sq', …]
 */
export function readRegistry(root: string): Registry {
  let text: string;
  try {
    text = readFileSync(join(root, REGISTRY_FILE), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new UserError(
      `cannot read ${REGISTRY_FILE}: ${code}`,
      'Run the command from the project folder (the one with source/ and translations/), or restore the language registry from git.',
      { file: REGISTRY_FILE },
      { cause: err, namesFile: true },
    );
  }
  return makeRegistry(parseRegistry(text));
}
