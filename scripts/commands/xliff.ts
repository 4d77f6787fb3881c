// xliff: `npm run xliff -- export|import` (and `npm run po`, the same with PO by
// default): the exchange of translations with translation tools as XLIFF 2.0, XLIFF 1.2
// or gettext PO (stages/exchange/). User mistakes are thrown as UserError.

import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UserError, type Location } from '../errors.ts';
import { readWordList } from '../io/spelling.ts';
import { readText, writeIfChanged } from '../io/files.ts';
import { loadProject, type LoadedDocument, type Project } from '../io/project.ts';
import { markCurrent, writeRecords, writeResource } from '../io/translations.ts';
import { SOURCE_LANGUAGE, type Registry } from '../languages.ts';
import { readRegistry } from '../io/registry.ts';
import { signoffOf } from '../stages/editions.ts';
import { planImport, type Plan, type Tally } from '../stages/exchange/import-plan.ts';
import type { Command, Io } from './command.ts';
import { storedCodes } from './options.ts';
import { checkSegment } from '../stages/check.ts';
import { FORMATS, detectFormat, isFormat, type FormatId } from '../stages/exchange/formats.ts';

import { exportUnits, type ExchangeUnit, type ExportDocument } from '../stages/exchange/model.ts';
import { leverage } from '../stages/exchange/leverage.ts';
import { FUZZY_THRESHOLD, type MemoryPair } from '../stages/memory.ts';
import { readTmx } from '../stages/tmx.ts';
import type { Termbase } from '../stages/terms.ts';
import { readTermbase } from '../io/termbase.ts';
import { memoryOf } from '../services/memory.ts';
import { byRegistry, readMemoryFiles } from '../io/memory.ts';

const FORMAT_NAMES = Object.keys(FORMATS).join('|');

const HELP = (_codes: readonly string[]): string => `Usage: npm run xliff -- <command> [options]
       npm run po -- <command> [options]     (the same, with --format po)

Exchanges translations with translation tools (CAT tools, Weblate, Poedit) as
XLIFF 2.0, XLIFF 1.2 or gettext PO files.

Commands:
  export --lang <code> [--document <id>] [--format ${FORMAT_NAMES}] [--out <file>]
         [--prefill exact] [--tm <file.tmx>] [--fuzzy <percent>]
  import <file> [--force]     the translations of an exported file, back into translations/

Run "npm run xliff -- <command> --help" for the options of a command.
`;

const EXPORT_HELP = (
  codes: readonly string[],
): string => `Usage: npm run xliff -- export --lang <code> [--document <id>] [--format ${FORMAT_NAMES}] [--out <file>]
                                [--prefill exact] [--tm <file.tmx>] [--fuzzy <percent>]

Writes one file with every segment of every document in source/ (or of one): the English
now as the source, the translation (when there is one) as the target, notes for the
translator (document, key, place in the source, QA warnings), Markdown markup as inline
codes (XLIFF) or as it is (PO), and the state of each segment:

  segment                      XLIFF 2.0    XLIFF 1.2                  PO
  not translated               initial      new                        empty msgstr
  stale (English changed)      initial      needs-review-translation   #, fuzzy + #| msgid
  translated                   translated   translated                 msgstr
  reviewed (current sign-off)  reviewed     signed-off                 msgstr
  approved (current sign-off)  final        final                      msgstr

(the sign-off of a document: npm run review; current = made for today's English and translation)

A stale segment carries the English it was translated from (a note in XLIFF, "#| msgid"
in PO) so the translator sees what changed.

Translation memory: each segment not translated or stale gets the best three matches
from every translated segment of every document (100 % for the same English, fuzzy
from 75 %): XLIFF 2.0 <mtc:match matchQuality>, XLIFF 1.2 <alt-trans match-quality>,
PO comments "TM match <n>%", and in PO the best match pre-filled as "#, fuzzy".
Termbase: the entries whose English stands in a segment (terms/termbase.json), as
XLIFF 2.0 <gls:glossEntry>, notes in XLIFF 1.2 and comments in PO. A pre-filled target
is never imported until the translator confirms it (XLIFF translated or later, PO
without "fuzzy"); a match never becomes reviewed or approved by itself.

Options:
  --lang <code>       the language: ${codes.join(' ')}
                      (sr-Latn is generated from sr-Cyrl: export sr-Cyrl)
  --document <id>     only this document (default: all of them)
  --format <name>     xliff2 (default), xliff12 or po
  --out <file>        where to write (default: exports/xliff/<code>[.<document>].xlf, .xliff
                      or .po; "-" prints it)
  --prefill exact     write each 100 % match into its untranslated segment's target,
                      unconfirmed (XLIFF 2.0 initial + subState selec:tm-prefill, 1.2
                      needs-review-translation + leveraged-tm, PO fuzzy)
  --tm <file.tmx>     more memory: the translations of a TMX file (e.g. npm run tm -- export)
  --fuzzy <percent>   the lowest fuzzy match offered (default 75)
  -h, --help          show this help
`;

const IMPORT_HELP = `Usage: npm run xliff -- import <file> [--lang <code>] [--force]

Reads an XLIFF 2.0, XLIFF 1.2 or PO file (the format is detected) and writes every
changed target into translations/<lang>/<document>.json (<lang> is the file's target
language), recorded as translated from the current English (<document>.source.json).

  written        a changed target, now up to date
  confirmed      a stale target the translator kept and marked translated (XLIFF
                 translated/reviewed/final, PO without fuzzy): up to date again
  unchanged      nothing to do
  still stale    a stale target that came back untouched and unconfirmed
  refused        the English changed since export (use --force to accept), or the
                 inline codes of the target were lost, repeated or broken, or the
                 unit has a state its format does not have; the other units are imported
  skipped        no segment of source/ has this document and key

Each unit refused, still stale, forced or skipped is named with its line in <file> and
the line of its English. An empty target is passed over: it never erases a translation
and is never refused. Inline codes are restored to the exact Markdown of the English.

Options:
  --lang <code>  the language, for a file that names none (one converted by a tool,
                 e.g. translate-toolkit's xliff2po); else it must match the file's
  --force        accept targets whose English changed since export, as translations of
                 the current English
  -h, --help     show this help

Exit codes: 0 nothing refused; 1 a unit was refused; 2 bad input or options.
`;

export const xliff: Command = {
  name: 'xliff',
  summary: 'export translations for translation tools (XLIFF 2.0, 1.2, PO) and import them',
  help: HELP,
  run: (args, io) => runXliff(args, io, 'xliff2'),
};

export const po: Command = {
  name: 'po',
  summary: 'the same as xliff, with gettext PO as the default format',
  help: HELP,
  run: (args, io) => runXliff(args, io, 'po'),
};

/** Runs `xliff <command> …` in the project at `io.cwd`; returns the exit code. */
export async function runXliff(args: string[], io: Io, defaultFormat: FormatId): Promise<number> {
  const [command, ...rest] = args;
  const codes = storedCodes(readRegistry(io.cwd));
  switch (command) {
    case 'export':
      return runExport(rest, io, defaultFormat, codes);
    case 'import':
      return runImport(rest, io);
    case '-h':
    case '--help':
    case 'help':
      io.stdout.write(HELP(codes));
      return 0;
    default:
      throw new UserError(
        command === undefined ? 'xliff needs a command' : `unknown xliff command "${command}"`,
        'Use "xliff export --lang <code>" or "xliff import <file>" (see "xliff --help").',
      );
  }
}

async function runExport(
  args: string[],
  io: Io,
  defaultFormat: FormatId,
  codes: readonly string[],
): Promise<number> {
  const root = io.cwd;
  const { values } = options('xliff export', () =>
    parseArgs({
      args,
      options: {
        lang: { type: 'string' },
        document: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        prefill: { type: 'string' },
        tm: { type: 'string' },
        fuzzy: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }),
  );
  if (values.help) {
    io.stdout.write(EXPORT_HELP(codes));
    return 0;
  }
  if (values.lang === undefined)
    throw new UserError(
      'xliff export needs --lang <code>',
      `Name the language to export, one of: ${codes.join(' ')}.`,
    );
  const format = values.format ?? defaultFormat;
  if (!isFormat(format))
    throw new UserError(
      `--format "${format}" is not an exchange format`,
      `Use one of: ${FORMAT_NAMES}.`,
    );
  const leverageOptions = await leverageOf(values, root, format);
  const project = await loadProject(root);
  // The memories imported into memory/ (npm run tm -- import) count as memory too.
  for (const [code, pairs] of Object.entries(await readMemoryFiles(root, project.registry)))
    leverageOptions.extra[code] = [...(leverageOptions.extra[code] ?? []), ...pairs];
  const lang = translatable(values.lang, '--lang', project.registry);
  const units = await exportedUnits(project, lang, values.document, leverageOptions);
  const text = await FORMATS[format].write({ srcLang: SOURCE_LANGUAGE, trgLang: lang, units });
  const summary = unitSummary(units);
  if (values.out === '-') {
    io.stdout.write(text);
    io.stderr.write(`exported ${lang} (${FORMATS[format].name}): ${summary}`);
    return 0;
  }
  const shown =
    values.out ??
    `exports/xliff/${lang}${values.document ? `.${values.document}` : ''}${FORMATS[format].extension}`;
  await writeIfChanged(resolve(root, shown), text);
  io.stdout.write(`exported ${lang} to ${shown} (${FORMATS[format].name}): ${summary}`);
  return 0;
}

/** The units of an export, with their QA notes, matches, terms and pre-fills. */
async function exportedUnits(
  project: Project,
  lang: string,
  document: string | undefined,
  options: Awaited<ReturnType<typeof leverageOf>>,
): Promise<ExchangeUnit[]> {
  const units = exportUnits(
    exportedDocuments(project, document).map((d) => exportDocument(project, lang, d)),
    await qaNotes(project, lang),
  );
  const memory = [...memoryOf(project, lang), ...(options.extra[lang] ?? [])];
  return leverage(units, { ...options, lang, memory });
}

/** The export's memory and termbase options, checked before the project is read. */
async function leverageOf(
  values: { prefill?: string | undefined; tm?: string | undefined; fuzzy?: string | undefined },
  root: string,
  format: FormatId,
): Promise<{
  termbase: Termbase;
  extra: Record<string, MemoryPair[]>;
  threshold: number;
  prefill?: 'exact' | 'best';
}> {
  if (values.prefill !== undefined && values.prefill !== 'exact')
    throw new UserError(
      `--prefill "${values.prefill}" is not known`,
      'Use --prefill exact (100 % matches only; fuzzy matches are offered, never written in).',
    );
  const threshold = values.fuzzy === undefined ? FUZZY_THRESHOLD : Number(values.fuzzy);
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > 100)
    throw new UserError(
      `--fuzzy "${values.fuzzy ?? ''}" is not a whole percentage from 1 to 100`,
      'For example --fuzzy 80.',
    );
  // A CAT tool's language tags ("hr-HR") as the registry's codes.
  const extra: Record<string, MemoryPair[]> = values.tm
    ? byRegistry(
        readTmx(await readText(resolve(root, values.tm), values.tm), values.tm),
        readRegistry(root),
      )
    : {};
  // PO has no unconfirmed target but a fuzzy one: there the best match is always pre-filled.
  const prefill = format === 'po' ? 'best' : values.prefill === 'exact' ? 'exact' : undefined;
  return {
    termbase: await readTermbase(root),
    extra,
    threshold,
    ...(prefill ? { prefill } : {}),
  };
}

// The documents exported: all, or the one --document names.
function exportedDocuments(project: Project, document: string | undefined): LoadedDocument[] {
  const documents = project.documents.filter(
    (d) => document === undefined || d.doc.id === document,
  );
  if (documents.length === 0) {
    throw new UserError(
      `--document "${document}" is not a document of source/`,
      `Use one of: ${project.documents.map((d) => d.doc.id).join(', ')}.`,
    );
  }
  return documents;
}

// How many units of each state were exported, for the line that reports the export.
function unitSummary(units: readonly ExchangeUnit[]): string {
  const counts = new Map<string, number>();
  for (const u of units) counts.set(u.state, (counts.get(u.state) ?? 0) + 1);
  const states = ['translated', 'reviewed', 'final', 'stale', 'new'].map(
    (s) => `${counts.get(s) ?? 0} ${s === 'new' ? 'not translated' : s}`,
  );
  const best = units.flatMap((u) => (u.matches?.[0] ? [u.matches[0].quality] : []));
  const exact = best.filter((q) => q === 100).length;
  const prefilled = units.filter((u) => u.prefill).length;
  const memory =
    best.length > 0
      ? `; memory: ${exact} with a 100 % match, ${best.length - exact} with a fuzzy one, ${prefilled} pre-filled`
      : '';
  return `${units.length} units: ${states.join(', ')}${memory}\n`;
}

// Only a sign-off current for today's English and translation makes units reviewed or final.
function exportDocument(project: Project, lang: string, d: LoadedDocument): ExportDocument {
  const signed = signoffOf(project, lang, d.doc.id)?.effective ?? 'draft';
  return {
    id: d.doc.id,
    path: d.doc.path,
    segments: d.segmented.segments,
    blocks: d.segmented.blocks,
    notes: d.segmented.notes,
    abbreviations: d.segmented.abbreviations,
    values: project.resources[lang]?.[d.doc.id] ?? {},
    records: project.records[lang]?.[d.doc.id] ?? {},
    signed,
    links: d.segmented.links,
  };
}

/** The QA warnings of each translated segment (spelling aside), as notes for the translator. */
async function qaNotes(
  project: Project,
  lang: string,
): Promise<(document: string, key: string) => string[]> {
  const words = await readWordList();
  const script = project.registry.get(lang).script;
  const notes = new Map<string, string[]>();
  for (const { doc, segmented } of project.documents) {
    const values = project.resources[lang]?.[doc.id] ?? {};
    for (const seg of segmented.segments) {
      const translation = values[seg.key];
      if (translation === undefined || translation.trim() === '') continue;
      const findings = checkSegment(
        {
          lang,
          script,
          document: doc.id,
          key: seg.key,
          english: seg.text,
          translation,
          links: segmented.links,
        },
        { properNames: new Set(words) },
      );
      if (findings.length > 0)
        notes.set(
          `${doc.id}\n${seg.key}`,
          findings.map((f) => `QA ${f.severity} (${f.rule}): ${f.message}`),
        );
    }
  }
  return (document, key) => notes.get(`${document}\n${key}`) ?? [];
}

async function runImport(args: string[], io: Io): Promise<number> {
  const root = io.cwd;
  const { values, positionals } = options('xliff import', () =>
    parseArgs({
      args,
      options: {
        force: { type: 'boolean' },
        lang: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
  if (values.help) {
    io.stdout.write(IMPORT_HELP);
    return 0;
  }
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0)
    throw new UserError(
      'xliff import needs exactly one file',
      'Name the file to import, e.g. "xliff import exports/xliff/hr.xlf".',
    );
  const text = await readText(resolve(root, file), file);
  const format = detectFormat(text);
  const returned = await FORMATS[format].read(text, file);
  if (returned.srcLang.split(/[-_]/)[0] !== SOURCE_LANGUAGE) {
    throw new UserError(
      `the source language is "${returned.srcLang}", not "${SOURCE_LANGUAGE}"`,
      'Import a file exported by "npm run xliff -- export": its sources are the English text.',
      { file, line: 1 },
    );
  }
  const project = await loadProject(root);
  const lang = targetLanguage(returned.trgLang, values.lang, file, project.registry);
  const tally: Tally = {
    written: 0,
    confirmed: 0,
    unchanged: 0,
    'still-stale': 0,
    refused: 0,
    skipped: 0,
  };
  const plans = planImport(project, lang, returned.units, {
    force: values.force === true,
    format,
    tally,
    file,
    report: (s) => void io.stderr.write(s),
  });
  await applyPlans(project, lang, plans, root);
  const named = `${tally.written} written, ${tally.confirmed} confirmed up to date, ${tally.unchanged} unchanged, ${tally['still-stale']} still stale, ${tally.refused} refused, ${tally.skipped} skipped`;
  io.stdout.write(
    `imported ${file} (${FORMATS[format].name}) into translations/${lang}/: ${named}\n`,
  );
  return tally.refused > 0 ? 1 : 0;
}

async function applyPlans(
  project: Project,
  lang: string,
  plans: Map<string, Plan>,
  root: string,
): Promise<void> {
  for (const [id, plan] of plans) {
    const shown = `translations/${lang}/${id}.json`;
    const broken = project.diagnostics.find(
      (d) => d.severity === 'error' && d.location?.file === shown,
    );
    if (plan.changed && broken) {
      throw new UserError(
        `${broken.message}; nothing was imported`,
        `Fix ${shown} first: rewriting it would lose that entry.`,
        broken.location,
      );
    }
  }
  for (const [id, plan] of plans) {
    const segments = plan.loaded.segmented.segments;
    if (plan.changed) await writeResource(root, lang, id, plan.values, segments);
    if (plan.mark.size > 0)
      await writeRecords(
        root,
        lang,
        id,
        markCurrent(project.records[lang]?.[id] ?? {}, segments, plan.mark),
        segments,
      );
  }
}

/** The language to import into: the file's, or --lang for a file that names none (e.g. converted by a tool). */
function targetLanguage(
  declared: string,
  given: string | undefined,
  file: string,
  registry: Registry,
): string {
  if (declared === '' && given === undefined)
    throw new UserError(
      'the file names no target language',
      'Name it with --lang <code>, or export the file anew with "npm run xliff -- export --lang <code>".',
      { file, line: 1 },
    );
  if (declared !== '' && given !== undefined && declared !== given)
    throw new UserError(
      `the file's target language is "${declared}", not "${given}"`,
      'Leave out --lang, or import the file of that language.',
      { file, line: 1 },
    );
  return translatable(
    declared || (given as string),
    declared ? 'target language' : '--lang',
    registry,
    declared ? { file } : undefined,
  );
}

/** The code of a language that has its own translation files, or a UserError (at `location`, if given). */
function translatable(
  code: string,
  where: string,
  registry: Registry,
  location?: Location,
): string {
  const lang = registry.find(code);
  const codes = storedCodes(registry).join(' ');
  if (!lang)
    throw new UserError(
      `${where}: "${code}" is not a language of the registry`,
      `Use one of: ${codes} (codes are case-sensitive).`,
      location,
    );
  if (lang.code === SOURCE_LANGUAGE)
    throw new UserError(
      `${where}: "${code}" is the source language; there is nothing to translate into it`,
      `Use one of: ${codes}.`,
      location,
    );
  if (lang.derivedFrom) {
    const from = lang.derivedFrom.code;
    throw new UserError(
      `${where}: ${code} is generated from ${from} and has no translation files of its own`,
      `Exchange ${from} instead: "npm run xliff -- export --lang ${from}"; ${code} follows from it.`,
      location,
    );
  }
  return lang.code;
}

function options<T>(command: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new UserError(
      `${command}: ${(err as Error).message}`,
      `See "npm run ${command.replace(' ', ' -- ')} --help" for the options.`,
      undefined,
      { cause: err },
    );
  }
}
