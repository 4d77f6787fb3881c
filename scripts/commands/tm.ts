// tm: `npm run tm -- export`: the translation memory (every translated segment of every
// document, with the English it was made from) as TMX 1.4 for CAT tools.
import { resolve } from 'node:path';
import { UserError } from '../errors.ts';
import { writeIfChanged } from '../io/files.ts';
import { loadProject } from '../io/project.ts';
import { importMemory, readMemoryFiles } from '../io/memory.ts';
import { memoryOf } from '../services/memory.ts';
import { readRegistry } from '../io/registry.ts';
import { SOURCE_LANGUAGE } from '../languages.ts';
import type { MemoryPair } from '../stages/memory.ts';
import { writeTmx } from '../stages/tmx.ts';
import type { Command, Io } from './command.ts';
import { parseLangs, parseOptions } from './options.ts';

const HELP = `Usage: npm run tm -- export [--lang <codes>] [--out <file>]
       npm run tm -- import <file.tmx>

export: writes the translation memory as TMX 1.4: one <tu> per segment of every
document, its English and every translation made from it (a stale translation comes
with the older English it translates), and the memories imported into memory/.
import: a TMX file (a CAT tool's, or an export) into memory/<name>.tmx, as TMX 1.4 of
the registry's languages ("hr-HR" is hr); it never changes translations/.
The same memory gives "npm run xliff -- export" its matches (100 % for the same
English, fuzzy from 75 %; see README, "Termbase and translation memory").

Options of export:
  --lang <codes>  only these languages, comma-separated (default: all)
  --out <file>    where to write (default: exports/tm/memory.tmx; "-" prints it)
  -h, --help      show this help

Exit codes: 0 done; 2 bad input.
`;

export const tm: Command = {
  name: 'tm',
  summary: 'the translation memory as TMX 1.4: export it, import a TMX into memory/',
  help: () => HELP,
  run: runTm,
};

async function runTm(args: string[], io: Io): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'import') return runImport(rest, io);
  if (command !== 'export')
    throw new UserError(
      command === undefined ? 'tm needs a command' : `unknown tm command "${command}"`,
      'Use "tm export" or "tm import <file.tmx>" (see "tm --help").',
    );
  const { values } = parseOptions(rest, { lang: { type: 'string' }, out: { type: 'string' } });
  const registry = readRegistry(io.cwd);
  const codes = parseLangs(values.lang, registry);
  const project = await loadProject(io.cwd, registry);
  const imported = await readMemoryFiles(io.cwd, registry);
  const memories: Record<string, MemoryPair[]> = {};
  for (const lang of registry.languages)
    if (lang.code !== SOURCE_LANGUAGE && (!codes || codes.includes(lang.code)))
      memories[lang.code] = [...memoryOf(project, lang.code), ...(imported[lang.code] ?? [])];
  const text = writeTmx(memories);
  if (values.out === '-') {
    io.stdout.write(text);
    return 0;
  }
  const out = values.out ?? 'exports/tm/memory.tmx';
  await writeIfChanged(resolve(io.cwd, out), text);
  const pairs = Object.values(memories).reduce((n, m) => n + m.length, 0);
  io.stdout.write(
    `exported ${pairs} translations (${Object.keys(memories).length} language${Object.keys(memories).length === 1 ? '' : 's'}) to ${out} (TMX 1.4)\n`,
  );
  return 0;
}

async function runImport(args: string[], io: Io): Promise<number> {
  const { positionals } = parseOptions(args, {}, true);
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0)
    throw new UserError(
      'tm import needs exactly one file',
      'Name the TMX file, e.g. "tm import exports/tm/memory.tmx".',
    );
  const { saved, counts } = await importMemory(io.cwd, file, readRegistry(io.cwd));
  const shown = Object.entries(counts)
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');
  io.stdout.write(`imported ${file} into ${saved}: ${shown}\n`);
  return 0;
}
