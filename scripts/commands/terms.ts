// terms: `npm run terms -- export|import|list`: the termbase (terms/termbase.json) as TBX
// for translation tools, a TBX file back into the termbase, and its state per language.
import { resolve } from 'node:path';
import { UserError } from '../errors.ts';
import { readText, writeIfChanged } from '../io/files.ts';
import { readTermbase, writeTermbase } from '../io/termbase.ts';
import { readTbx, writeTbx } from '../stages/tbx.ts';
import { TERMBASE_FILE, type Termbase } from '../stages/terms.ts';
import type { Command, Io } from './command.ts';
import { parseOptions } from './options.ts';

const HELP = `Usage: npm run terms -- <command> [options]

The termbase (${TERMBASE_FILE}): per entry the English term, and per language the
required term, its allowed forms, forbidden variants, status (verified / proposed) and
source. npm run check warns when a translation lacks a required term (term-missing) or
uses a forbidden variant (term-forbidden).

Commands:
  export [--out <file>]       the termbase as TBX (ISO 30042:2019, TBX-Basic, DCA style)
                              (default: exports/terms/termbase.tbx; "-" prints it)
  import <file> [--replace]   a TBX file into the termbase: its entries replace those of
                              the same id and new ones are added (--replace: the file's
                              entries only)
  list [--format text|json]   how many terms each language has, verified and proposed

Exit codes: 0 done; 2 bad input (a TBX file that cannot be read names its line).
`;

export const terms: Command = {
  name: 'terms',
  summary: 'the termbase: export to TBX, import a TBX file, list its terms per language',
  help: () => HELP,
  run: runTerms,
};

async function runTerms(args: string[], io: Io): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'export') return exportTbx(rest, io);
  if (command === 'import') return importTbx(rest, io);
  if (command === 'list') return list(rest, io);
  throw new UserError(
    command === undefined ? 'terms needs a command' : `unknown terms command "${command}"`,
    'Use "terms export", "terms import <file>" or "terms list" (see "terms --help").',
  );
}

async function exportTbx(args: string[], io: Io): Promise<number> {
  const { values } = parseOptions(args, { out: { type: 'string' } });
  const termbase = await readTermbase(io.cwd);
  const text = writeTbx(termbase);
  if (values.out === '-') {
    io.stdout.write(text);
    return 0;
  }
  const out = values.out ?? 'exports/terms/termbase.tbx';
  await writeIfChanged(resolve(io.cwd, out), text);
  io.stdout.write(`exported ${termbase.entries.length} entries to ${out} (TBX-Basic)\n`);
  return 0;
}

async function importTbx(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, { replace: { type: 'boolean' } }, true);
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0)
    throw new UserError(
      'terms import needs exactly one file',
      'Name the TBX file, e.g. "terms import exports/terms/termbase.tbx".',
    );
  const incoming = readTbx(await readText(resolve(io.cwd, file), file), file);
  const current = await readTermbase(io.cwd);
  const merged = values.replace ? incoming : merge(current, incoming);
  const changed = await writeTermbase(io.cwd, merged);
  const added = incoming.entries.filter((e) => !current.entries.some((c) => c.id === e.id));
  io.stdout.write(
    `imported ${file}: ${incoming.entries.length} entries (${added.length} new); ${TERMBASE_FILE} ${changed ? 'updated' : 'unchanged'}\n`,
  );
  return 0;
}

/** The current entries, each replaced by the incoming one of its id; new ones at the end. */
function merge(current: Termbase, incoming: Termbase): Termbase {
  const byId = new Map(incoming.entries.map((e) => [e.id, e]));
  const kept = current.entries.map((e) => byId.get(e.id) ?? e);
  const ids = new Set(current.entries.map((e) => e.id));
  return { entries: [...kept, ...incoming.entries.filter((e) => !ids.has(e.id))] };
}

async function list(args: string[], io: Io): Promise<number> {
  const { values } = parseOptions(args, { format: { type: 'string', default: 'text' } });
  const termbase = await readTermbase(io.cwd);
  const counts = new Map<string, { verified: number; proposed: number; sources: Set<string> }>();
  for (const e of termbase.entries)
    for (const [lang, t] of Object.entries(e.langs)) {
      const c = counts.get(lang) ?? { verified: 0, proposed: 0, sources: new Set<string>() };
      c[t.status]++;
      if (t.status === 'verified' && t.source) c.sources.add(t.source);
      counts.set(lang, c);
    }
  const langs = [...counts.keys()].sort();
  if (values.format === 'json') {
    const data = Object.fromEntries(
      langs.map((l) => {
        const c = counts.get(l);
        return [
          l,
          { verified: c?.verified, proposed: c?.proposed, sources: [...(c?.sources ?? [])] },
        ];
      }),
    );
    io.stdout.write(
      `${JSON.stringify({ entries: termbase.entries.length, languages: data }, null, 2)}\n`,
    );
    return 0;
  }
  io.stdout.write(`${termbase.entries.length} entries in ${TERMBASE_FILE}\n`);
  for (const l of langs) {
    const c = counts.get(l);
    io.stdout.write(`${l.padEnd(8)} ${c?.verified ?? 0} verified, ${c?.proposed ?? 0} proposed\n`);
  }
  return 0;
}
