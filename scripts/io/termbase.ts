// termbase: reads terms/termbase.json of a project (none: an empty termbase) and writes it.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseTermbase, TERMBASE_FILE, type Termbase } from '../stages/terms.ts';
import { writeIfChanged } from './files.ts';

/** The project's termbase; a project without terms/termbase.json has an empty one. */
export async function readTermbase(root: string): Promise<Termbase> {
  const text = await readFile(join(root, TERMBASE_FILE), 'utf8').catch(
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    },
  );
  return text === undefined ? { entries: [] } : parseTermbase(text, TERMBASE_FILE);
}

/** Writes the termbase as reviewable JSON (two-space indent, one field a line). */
export async function writeTermbase(
  root: string,
  termbase: Termbase,
  comment?: string,
): Promise<void> {
  const data = { ...(comment ? { $comment: comment } : {}), entries: termbase.entries };
  await writeIfChanged(join(root, TERMBASE_FILE), `${JSON.stringify(data, null, 2)}\n`);
}
