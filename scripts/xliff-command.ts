// xliff-command: `xliff export` and `xliff import`, the exchange of translations with
// translation tools as XLIFF 2.0, XLIFF 1.2 or gettext PO (stages/exchange/). Prints only through `out`; user mistakes are thrown
// as UserError for the CLI to report.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UserError } from './errors.ts';
import { TEMPLATES } from './io/assets.ts';
import { readText, writeIfChanged } from './io/files.ts';
import { loadProject, type LoadedDocument, type Project } from './io/project.ts';
import { markCurrent, writeRecords, writeResource } from './io/translations.ts';
import { LANGUAGES, SOURCE_LANGUAGE, findLanguage, language } from './languages.ts';
import { checkSegment } from './stages/check.ts';
import { FORMATS, detectFormat, isFormat, type FormatId } from './stages/exchange/formats.ts';
import {
  alignTarget,
  codeIds,
  codeTable,
  lostMarkup,
  restore,
  toParts,
  type IdPart,
} from './stages/exchange/inline.ts';
import type { Segment } from './stages/segment.ts';
import {
  decide,
  exportUnits,
  type ExportDocument,
  type Outcome,
  type ReturnedUnit,
} from './stages/exchange/model.ts';

export interface Output {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const CODES = LANGUAGES.filter((l) => l.code !== SOURCE_LANGUAGE && !l.derivedFrom)
  .map((l) => l.code)
  .join(' ');

const FORMAT_NAMES = Object.keys(FORMATS).join('|');

const HELP = `Usage: npm run xliff -- <command> [options]
       npm run po -- <command> [options]     (the same, with --format po)

Exchanges translations with translation tools (CAT tools, Weblate, Poedit) as
XLIFF 2.0, XLIFF 1.2 or gettext PO files.

Commands:
  export --lang <code> [--document <id>] [--format ${FORMAT_NAMES}] [--out <file>]
  import <file> [--force]     the translations of an exported file, back into translations/

Run "npm run xliff -- <command> --help" for the options of a command.
`;

const EXPORT_HELP = `Usage: npm run xliff -- export --lang <code> [--document <id>] [--format ${FORMAT_NAMES}] [--out <file>]

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

Options:
  --lang <code>       the language: ${CODES}
                      (sr-Latn is generated from sr-Cyrl: export sr-Cyrl)
  --document <id>     only this document (default: all of them)
  --format <name>     xliff2 (default), xliff12 or po
  --out <file>        where to write (default: dist/xliff/<code>[.<document>].xlf, .xliff
                      or .po; "-" prints it)
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
                 inline codes of the target were lost, repeated or broken
  skipped        no segment of source/ has this document and key

An empty target never erases a translation. Inline codes are restored to the exact
Markdown of the English.

Options:
  --lang <code>  the language, for a file that names none (one converted by a tool,
                 e.g. translate-toolkit's xliff2po); else it must match the file's
  --force        accept targets whose English changed since export, as translations of
                 the current English
  -h, --help     show this help

Exit codes: 0 nothing refused; 1 a unit was refused; 2 bad input or options.
`;

export interface XliffDefaults {
  format?: FormatId;
}

/** Runs `xliff <command> …` in the project at `root`; returns the exit code. */
export async function runXliff(
  args: string[],
  root: string,
  out: Output,
  defaults: XliffDefaults = {},
): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case 'export':
      return runExport(rest, root, out, defaults.format ?? 'xliff2');
    case 'import':
      return runImport(rest, root, out);
    case '-h':
    case '--help':
    case 'help':
      out.stdout(HELP);
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
  root: string,
  out: Output,
  defaultFormat: FormatId,
): Promise<number> {
  const { values } = options('xliff export', () =>
    parseArgs({
      args,
      options: {
        lang: { type: 'string' },
        document: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }),
  );
  if (values.help) {
    out.stdout(EXPORT_HELP);
    return 0;
  }
  if (values.lang === undefined)
    throw new UserError(
      'xliff export needs --lang <code>',
      `Name the language to export, one of: ${CODES}.`,
    );
  const format = values.format ?? defaultFormat;
  if (!isFormat(format))
    throw new UserError(
      `--format "${format}" is not an exchange format`,
      `Use one of: ${FORMAT_NAMES}.`,
    );
  const lang = translatable(values.lang, '--lang');
  const project = await loadProject(root);
  const documents = project.documents.filter(
    (d) => values.document === undefined || d.doc.id === values.document,
  );
  if (documents.length === 0) {
    throw new UserError(
      `--document "${values.document}" is not a document of source/`,
      `Use one of: ${project.documents.map((d) => d.doc.id).join(', ')}.`,
    );
  }
  const { signoffOf } = await import('./build.ts');
  const units = exportUnits(
    documents.map((d) => exportDocument(project, lang, d, signoffOf)),
    await qaNotes(project, lang),
  );
  const text = await FORMATS[format].write({ srcLang: SOURCE_LANGUAGE, trgLang: lang, units });
  const counts = new Map<string, number>();
  for (const u of units) counts.set(u.state, (counts.get(u.state) ?? 0) + 1);
  const summary = `${units.length} units: ${['translated', 'reviewed', 'final', 'stale', 'new'].map((s) => `${counts.get(s) ?? 0} ${s === 'new' ? 'not translated' : s}`).join(', ')}\n`;
  if (values.out === '-') {
    out.stdout(text);
    out.stderr(`exported ${lang} (${FORMATS[format].name}): ${summary}`);
    return 0;
  }
  const shown =
    values.out ??
    `dist/xliff/${lang}${values.document ? `.${values.document}` : ''}${FORMATS[format].extension}`;
  await writeIfChanged(resolve(root, shown), text);
  out.stdout(`exported ${lang} to ${shown} (${FORMATS[format].name}): ${summary}`);
  return 0;
}

// Only a sign-off current for today's English and translation makes units reviewed or final.
function exportDocument(
  project: Project,
  lang: string,
  d: LoadedDocument,
  signoffOf: SignoffOf,
): ExportDocument {
  const signed = signoffOf(project, lang, d.doc.id)?.effective ?? 'draft';
  return {
    id: d.doc.id,
    path: d.doc.path,
    segments: d.segmented.segments,
    values: project.resources[lang]?.[d.doc.id] ?? {},
    records: project.records[lang]?.[d.doc.id] ?? {},
    signed,
  };
}

type SignoffOf = (typeof import('./build.ts'))['signoffOf'];

/** The QA warnings of each translated segment (spelling aside), as notes for the translator. */
async function qaNotes(
  project: Project,
  lang: string,
): Promise<(document: string, key: string) => string[]> {
  const words = (await readFile(join(TEMPLATES, 'words.txt'), 'utf8'))
    .split('\n')
    .map((w) => w.trim())
    .filter((w) => w && !w.startsWith('#'));
  const script = language(lang).script;
  const notes = new Map<string, string[]>();
  for (const { doc, segmented } of project.documents) {
    const values = project.resources[lang]?.[doc.id] ?? {};
    for (const seg of segmented.segments) {
      const translation = values[seg.key];
      if (translation === undefined || translation.trim() === '') continue;
      const findings = checkSegment(
        { lang, script, document: doc.id, key: seg.key, english: seg.text, translation },
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

interface Plan {
  loaded: LoadedDocument;
  values: Record<string, string>;
  changed: boolean;
  mark: Set<string>;
}

type Tally = Record<Outcome | 'skipped', number>;

async function runImport(args: string[], root: string, out: Output): Promise<number> {
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
    out.stdout(IMPORT_HELP);
    return 0;
  }
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0)
    throw new UserError(
      'xliff import needs exactly one file',
      'Name the file to import, e.g. "xliff import dist/xliff/hr.xlf".',
    );
  const text = await readText(resolve(root, file), file);
  const format = detectFormat(text);
  const returned = await FORMATS[format].read(text, file);
  if (returned.srcLang.split(/[-_]/)[0] !== SOURCE_LANGUAGE) {
    throw new UserError(
      `${file}: the source language is "${returned.srcLang}", not "${SOURCE_LANGUAGE}"`,
      'Import a file exported by "npm run xliff -- export": its sources are the English text.',
      { file, line: 1 },
    );
  }
  const lang = targetLanguage(returned.trgLang, values.lang, file);
  const project = await loadProject(root);
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
    report: (s) => out.stderr(s),
  });
  await applyPlans(project, lang, plans, root);
  const named = `${tally.written} written, ${tally.confirmed} confirmed up to date, ${tally.unchanged} unchanged, ${tally['still-stale']} still stale, ${tally.refused} refused, ${tally.skipped} skipped`;
  out.stdout(`imported ${file} (${FORMATS[format].name}) into translations/${lang}/: ${named}\n`);
  return tally.refused > 0 ? 1 : 0;
}

function planImport(
  project: Project,
  lang: string,
  units: readonly ReturnedUnit[],
  ctx: {
    force: boolean;
    format: FormatId;
    tally: Tally;
    file: string;
    report: (s: string) => void;
  },
): Map<string, Plan> {
  const docs = new Map(project.documents.map((d) => [d.doc.id, d]));
  const plans = new Map<string, Plan>();
  for (const unit of units) {
    const { loaded, seg } = locate(unit, docs);
    if (!loaded || !seg) {
      ctx.tally.skipped++;
      ctx.report(
        `skipped ${unit.document} ${unit.key} (${ctx.file}:${unit.line}): ${loaded ? `no segment has this key in ${loaded.doc.path}` : 'no document in source/ has this id'}\n`,
      );
      continue;
    }
    const record = project.records[lang]?.[loaded.doc.id]?.[seg.key];
    const plan = plans.get(loaded.doc.id) ?? {
      loaded,
      values: { ...(project.resources[lang]?.[loaded.doc.id] ?? {}) },
      changed: false,
      mark: new Set<string>(),
    };
    plans.set(loaded.doc.id, plan);
    const stored =
      Object.hasOwn(plan.values, seg.key) && plan.values[seg.key]?.trim()
        ? plan.values[seg.key]
        : undefined;
    const texts = unitTexts(unit, seg.text, record?.en, stored, ctx.format);
    if (texts.target === undefined || texts.target.trim() === '') continue; // nothing to import; never erases
    const where = `${loaded.doc.id} ${seg.key} (${loaded.doc.path}:${seg.line})`;
    if (texts.error) {
      ctx.tally.refused++;
      ctx.report(`refused ${where}: ${texts.error}\n`);
      continue;
    }
    const current = stored !== undefined && asRead(stored) === texts.target ? texts.target : stored;
    const decision = decide({
      target: texts.target,
      current,
      record,
      english: seg.text,
      sourceCurrent: texts.sourceCurrent,
      confirmed: unit.confirmed,
      force: ctx.force,
    });
    ctx.tally[decision.outcome]++;
    if (decision.outcome === 'refused' || decision.outcome === 'still-stale')
      ctx.report(
        `${decision.outcome === 'refused' ? 'refused' : 'still stale'} ${where}: ${decision.reason ?? 'the English changed since it was translated; revise the target, or mark it translated in your tool'}\n`,
      );
    else if (decision.reason) ctx.report(`forced ${where}: ${decision.reason}\n`);
    if (decision.value !== undefined && decision.value !== stored) {
      plan.values[seg.key] = decision.value;
      plan.changed = true;
    }
    if (decision.mark) plan.mark.add(seg.key);
  }
  return plans;
}

/**
 * The document and segment of a returned unit: by its document and key; by its key alone
 * when a tool dropped the document (unique among the documents); else by its notes.
 */
function locate(
  unit: ReturnedUnit,
  docs: ReadonlyMap<string, LoadedDocument>,
): { loaded?: LoadedDocument; seg?: Segment } {
  const find = (document: string, key: string): { loaded?: LoadedDocument; seg?: Segment } => {
    const loaded = docs.get(document);
    const seg = loaded?.segmented.segments.find((s) => s.key === key);
    return loaded ? (seg ? { loaded, seg } : { loaded }) : {};
  };
  if (unit.document !== '') {
    const found = find(unit.document, unit.key);
    if (found.seg || !unit.hint) return found;
  } else {
    const owners = [...docs.keys()].filter((id) => find(id, unit.key).seg);
    if (owners.length === 1) return find(owners[0] as string, unit.key);
  }
  return unit.hint ? find(unit.hint.document, unit.hint.key) : {};
}

/**
 * The Markdown of a returned unit's source and target, its codes restored from the English
 * it was exported from (today's, or the one its translation was made from) and from the
 * stored translation; or why not. The codes the stored translation has (the English's,
 * for a new one) must all come back.
 */
function unitTexts(
  unit: ReturnedUnit,
  english: string,
  previous: string | undefined,
  stored: string | undefined,
  format: FormatId,
): { sourceCurrent: boolean; target?: string; error?: string } {
  const reference = stored ?? english;
  const plain = (parts: readonly IdPart[] | undefined): boolean =>
    (parts ?? []).every((p) => typeof p === 'string');
  // PO, and XLIFF written by a tool that carries Markdown as plain text (translate-toolkit's po2xliff).
  if (format === 'po' || (plain(unit.source) && plain(unit.target))) {
    const source = unit.source.join('');
    const target = unit.target?.join('');
    const sourceCurrent = source === english;
    if (target === undefined) return { sourceCurrent };
    const lost = lostMarkup(reference, target);
    return lost ? { sourceCurrent, target, error: lost } : { sourceCurrent, target };
  }
  for (const candidate of previous === undefined || previous === english
    ? [english]
    : [english, previous]) {
    const sourceParts = toParts(candidate);
    const source = restore(unit.source, codeTable(sourceParts));
    if (
      'error' in source ||
      (source.markdown !== candidate && source.markdown !== asRead(candidate))
    )
      continue;
    const sourceCurrent = candidate === english;
    if (unit.target === undefined) return { sourceCurrent };
    const storedParts =
      stored === undefined ? undefined : alignTarget(sourceParts, toParts(stored));
    const table = codeTable(storedParts ?? [], codeTable(sourceParts));
    const target = restore(unit.target, table, codeIds(storedParts ?? sourceParts));
    if ('error' in target)
      return {
        sourceCurrent,
        target: '-',
        error: `${target.error}; restore the codes (tags) in the target`,
      };
    return { sourceCurrent, target: target.markdown };
  }
  return {
    sourceCurrent: false,
    target: '-',
    error:
      'its source is not the English of this segment, so its inline codes cannot be restored; export it anew',
  };
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
        `${shown}: ${broken.message}; nothing was imported`,
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
function targetLanguage(declared: string, given: string | undefined, file: string): string {
  if (declared === '' && given === undefined)
    throw new UserError(
      `${file}: the file names no target language`,
      'Name it with --lang <code>, or export the file anew with "npm run xliff -- export --lang <code>".',
      { file, line: 1 },
    );
  if (declared !== '' && given !== undefined && declared !== given)
    throw new UserError(
      `${file}: the file's target language is "${declared}", not "${given}"`,
      'Leave out --lang, or import the file of that language.',
      { file, line: 1 },
    );
  return translatable(
    declared || (given as string),
    declared ? `${file}: target language` : '--lang',
  );
}

/** The code of a language that has its own translation files, or a UserError. */
function translatable(code: string, where: string): string {
  const lang = findLanguage(code);
  if (!lang)
    throw new UserError(
      `${where}: "${code}" is not a language of the registry`,
      `Use one of: ${CODES} (codes are case-sensitive).`,
    );
  if (lang.code === SOURCE_LANGUAGE)
    throw new UserError(
      `${where}: "${code}" is the source language; there is nothing to translate into it`,
      `Use one of: ${CODES}.`,
    );
  if (lang.derivedFrom) {
    const from = lang.derivedFrom.code;
    throw new UserError(
      `${where}: ${code} is generated from ${from} and has no translation files of its own`,
      `Exchange ${from} instead: "npm run xliff -- export --lang ${from}"; ${code} follows from it.`,
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

/**
 * A text as the xliff package gives it back: it drops a final line end and the blanks
 * after it, and a text of blanks only.
 * @example asRead('Bok\n') // 'Bok'
 */
export function asRead(text: string): string {
  if (text.trim() === '') return '';
  return /\n\s*$/.test(text) ? text.slice(0, text.lastIndexOf('\n')) : text;
}
