// termbase: reads terms/termbase.json of a project (none: an empty termbase) and writes it.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  formatTermbase,
  parseTermbase,
  termbaseComment,
  TERMBASE_FILE,
  type Termbase,
} from '../stages/terms.ts';
import { writeIfChanged } from './files.ts';

async function readRaw(root: string): Promise<string | undefined> {
  return readFile(join(root, TERMBASE_FILE), 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
}

/** The project's termbase; a project without terms/termbase.json has an empty one. */
export async function readTermbase(root: string): Promise<Termbase> {
  const text = await readRaw(root);
  return text === undefined ? { entries: [] } : parseTermbase(text, TERMBASE_FILE);
}

/** Writes the termbase in its canonical form, keeping the file's "$comment"; true if it changed. */
export async function writeTermbase(root: string, termbase: Termbase): Promise<boolean> {
  const old = await readRaw(root);
  const comment = old === undefined ? undefined : termbaseComment(old);
  return writeIfChanged(join(root, TERMBASE_FILE), formatTermbase(termbase, comment));
}
