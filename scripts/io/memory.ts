// memory: the translation memories imported into the project (memory/*.tmx, e.g. a CAT
// tool's), read as pairs per language of the registry; and importing one.
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { UserError } from '../errors.ts';
import type { Registry } from '../languages.ts';
import type { MemoryPair } from '../stages/memory.ts';
import { readTmx, writeTmx, type Memories } from '../stages/tmx.ts';
import { listFiles, readText, writeIfChanged } from './files.ts';

export const MEMORY_DIR = 'memory';

/**
 * The registry's code of a TMX language ("hr-HR" → hr, "sr-Latn-RS" → sr-Latn): the
 * longest code the tag is or begins with, case aside; none for a language not here.
 */
export function registryCode(tag: string, registry: Registry): string | undefined {
  const t = tag.toLowerCase();
  return registry.languages
    .map((l) => l.code)
    .filter((c) => t === c.toLowerCase() || t.startsWith(`${c.toLowerCase()}-`))
    .sort((a, b) => b.length - a.length)[0];
}

/** Pairs per registry language from a TMX's memories (languages not in the registry left out). */
export function byRegistry(memories: Memories, registry: Registry): Record<string, MemoryPair[]> {
  const out: Record<string, MemoryPair[]> = {};
  for (const [tag, pairs] of Object.entries(memories)) {
    const code = registryCode(tag, registry);
    if (code) (out[code] ??= []).push(...pairs);
  }
  return out;
}

/** Every memory/*.tmx of the project, per registry language. */
export async function readMemoryFiles(
  root: string,
  registry: Registry,
): Promise<Record<string, MemoryPair[]>> {
  const out: Record<string, MemoryPair[]> = {};
  for (const name of await listFiles(join(root, MEMORY_DIR), '.tmx')) {
    const shown = `${MEMORY_DIR}/${name}`;
    const pairs = byRegistry(readTmx(await readFile(join(root, shown), 'utf8'), shown), registry);
    for (const [code, list] of Object.entries(pairs)) (out[code] ??= []).push(...list);
  }
  return out;
}

/**
 * Imports a TMX file as memory/<name>.tmx (rewritten as TMX 1.4 of the registry's
 * languages); returns where it went and how many translations per language it holds.
 */
export async function importMemory(
  root: string,
  file: string,
  registry: Registry,
): Promise<{ saved: string; counts: Record<string, number> }> {
  const pairs = byRegistry(readTmx(await readText(resolve(root, file), file), file), registry);
  const counts = Object.fromEntries(Object.entries(pairs).map(([c, p]) => [c, p.length]));
  if (Object.keys(counts).length === 0)
    throw new UserError(
      'the TMX file has no translation into a language of the registry',
      `Export it with the target languages (${registry.codes.join(', ')}) from your tool.`,
      { file },
    );
  const saved = `${MEMORY_DIR}/${basename(file).replace(/\.[^.]*$/, '')}.tmx`;
  await writeIfChanged(join(root, saved), writeTmx(pairs));
  return { saved, counts };
}
