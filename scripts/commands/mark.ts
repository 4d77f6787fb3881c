// mark: `npm run mark`: records that translations were made from the English as it is
// now (after a reviewer checked a stale segment), through services/segments.ts.
import { UserError } from '../errors.ts';
import { readRegistry } from '../io/registry.ts';
import type { LoadedDocument, Project } from '../io/project.ts';
import { markUpToDate } from '../services/segments.ts';
import { documentPlaces, placeLabel } from '../stages/places.ts';
import { didYouMean } from '../stages/suggest.ts';
import type { Command, Io } from './command.ts';
import {
  findDocument,
  parseLangs,
  parseOptions,
  storedCodes,
  storedTranslation,
} from './options.ts';

const HELP = `Usage: npm run mark -- --lang <codes> [--document <id>] [--key <keys>]

Records that the translations of a language were made from the English as it is now,
so that they count as up to date again (after a reviewer checked a stale segment).
This is the only command besides "xliff import" that changes that record; a build
never does. Writes translations/<lang>/<document-id>.source.json.

Options:
  --lang <codes>      languages, comma-separated, or "all" (derived editions follow their source)
  --document <id>     only this document
  --key <keys>        only these segment keys, comma-separated (default: every translated key)
  -h, --help          show this help
`;

export const mark: Command = {
  name: 'mark',
  summary: 'record translations as made from the English of today (after checking them)',
  help: () => HELP,
  run: runMark,
};

async function runMark(args: string[], io: Io): Promise<number> {
  const { values } = parseOptions(args, {
    lang: { type: 'string' },
    document: { type: 'string' },
    key: { type: 'string' },
  });
  if (!values.lang)
    throw new UserError(
      'mark needs --lang',
      'For example: npm run mark -- --lang hr --key preamble',
    );
  const registry = readRegistry(io.cwd);
  const codes =
    values.lang === 'all' ? storedCodes(registry) : (parseLangs(values.lang, registry) ?? []);
  for (const code of codes) storedTranslation(code, registry, 'mark');
  const { loadProject } = await import('../io/project.ts');
  const project = await loadProject(io.cwd, registry);
  const wanted = values.key
    ?.split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  const docs = chosenDocuments(project.documents, values.document, wanted, (id) =>
    findDocument(project, id),
  );
  let marked = 0;
  for (const code of codes)
    for (const loaded of docs) marked += await markDocument(project, code, loaded, wanted, io);
  io.stdout.write(`marked ${marked} segments\n`);
  return 0;
}

// Marks one edition's translations (the wanted keys, or all) and lists what it marked by
// place, the key beside it: "  Recital 1 · knowing".
async function markDocument(
  project: Project,
  code: string,
  loaded: LoadedDocument,
  wanted: readonly string[] | undefined,
  io: Io,
): Promise<number> {
  const { doc, segmented } = loaded;
  const places = documentPlaces(segmented);
  const translated = Object.keys(project.resources[code]?.[doc.id] ?? {});
  const keys = (wanted ?? translated).filter((k) => translated.includes(k));
  for (const k of wanted ?? []) {
    if (segmented.segments.some((s) => s.key === k) && !translated.includes(k))
      io.stderr.write(
        `warning: ${code} has no translation of ${placeLabel(places, k)} in ${doc.id}; ` +
          'nothing to mark\n',
      );
  }
  const changed = await markUpToDate(project, code, loaded, keys);
  const n = changed.length;
  io.stdout.write(
    `${code}/${doc.id}: ${n} segment${n === 1 ? '' : 's'} marked up to date ` +
      `(${keys.length} checked)\n`,
  );
  for (const k of changed) io.stdout.write(`  ${placeLabel(places, k)}\n`);
  return n;
}

/**
 * The documents to mark: the one named (or all), and with keys only those that have one of
 * them; a key that no document has is a UserError with the closest key.
 */
function chosenDocuments(
  all: readonly LoadedDocument[],
  document: string | undefined,
  wanted: readonly string[] | undefined,
  find: (id: string) => LoadedDocument,
): LoadedDocument[] {
  const docs = document === undefined ? [...all] : [find(document)];
  if (!wanted) return docs;
  // Without --document, a key names the segment of whichever document has it.
  const keys = docs.flatMap((d) => d.segmented.segments.map((s) => s.key));
  const unknown = wanted.find((k) => !keys.includes(k));
  if (unknown !== undefined) {
    const where = document
      ? `${docs[0]?.doc.path ?? ''} has no segment`
      : 'no document in source/ has a segment';
    throw new UserError(
      `${where} "${unknown}".${didYouMean(unknown, keys)}`.replace(/\.$/, ''),
      'Use the key written after the block as {#key} (npm run coverage lists the keys not up to date per edition).',
    );
  }
  return docs.filter((d) => d.segmented.segments.some((s) => wanted.includes(s.key)));
}
