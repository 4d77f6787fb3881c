// xliff-command: `xliff export` and `xliff import`, the exchange of translations with
// translation tools as XLIFF 2.0. Prints only through `out`; user mistakes are thrown
// as UserError for the CLI to report.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UserError } from './errors.ts';
import { readText, writeIfChanged } from './io/files.ts';
import { loadProject, type LoadedDocument } from './io/project.ts';
import { markCurrent, writeRecords, writeResource } from './io/translations.ts';
import { LANGUAGES, SOURCE_LANGUAGE, findLanguage } from './languages.ts';
import { fingerprint } from './stages/merge.ts';
import { asRead, fromXliff, toXliff, type XliffUnit } from './stages/xliff.ts';

export interface Output {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const CODES = LANGUAGES.filter((l) => l.code !== SOURCE_LANGUAGE && !l.derivedFrom).map((l) => l.code).join(' ');

const HELP = `Usage: npm run xliff -- <command> [options]

Exchanges translations with translation tools as XLIFF 2.0 files.

Commands:
  export --lang <code> [--out <file>]   every segment, its English and its translation
  import <file> [--force]               the translations of an XLIFF file, back into translations/

Run "npm run xliff -- <command> --help" for the options of a command.
`;

const EXPORT_HELP = `Usage: npm run xliff -- export --lang <code> [--out <file>]

Writes one XLIFF 2.0 file with every segment of every document in source/: a <file>
per document, a <unit> per segment key, the English now as <source>, the translation
(when there is one) as <target>, and the state of each segment:
  initial      not translated yet
  translated   translated (from the current English or from an older one)
  reviewed     translated from the current English, in an edition whose sign-off
               (npm run review) is reviewed or approved and current

Options:
  --lang <code>   the language: ${CODES}
                  (sr-Latn is generated from sr-Cyrl: export sr-Cyrl)
  --out <file>    where to write (default: dist/xliff/<code>.xlf; "-" prints it)
  -h, --help      show this help
`;

const IMPORT_HELP = `Usage: npm run xliff -- import <file> [--force]

Writes every changed <target> of an XLIFF 2.0 file into translations/<lang>/<document>.json
(<lang> is the file's trgLang) and records it as translated from the current English
(<document>.source.json). A changed target whose <source> is no longer the English of
its segment is refused: the English changed since the export. Units that match no
segment are reported and skipped. An empty target never erases a translation.

Options:
  --force      accept refused units too, as translations of the current English
  -h, --help   show this help

Exit codes: 0 nothing refused; 1 a unit was refused; 2 bad input or options.
`;

/** Runs `xliff <command> …` in the project at `root`; returns the exit code. */
export async function runXliff(args: string[], root: string, out: Output): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case 'export':
      return runExport(rest, root, out);
    case 'import':
      return runImport(rest, root, out);
    case '-h':
    case '--help':
    case 'help':
      out.stdout(HELP);
      return 0;
    default:
      throw new UserError(command === undefined ? 'xliff needs a command' : `unknown xliff command "${command}"`, 'Use "xliff export --lang <code>" or "xliff import <file>" (see "xliff --help").');
  }
}

async function runExport(args: string[], root: string, out: Output): Promise<number> {
  const { values } = options('xliff export', () =>
    parseArgs({ args, options: { lang: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true }),
  );
  if (values.help) {
    out.stdout(EXPORT_HELP);
    return 0;
  }
  if (values.lang === undefined) throw new UserError('xliff export needs --lang <code>', `Name the language to export, one of: ${CODES}.`);
  const lang = translatable(values.lang, '--lang');
  const project = await loadProject(root);
  const { signoffOf } = await import('./build.ts');
  const units: XliffUnit[] = [];
  const counts = { initial: 0, translated: 0, reviewed: 0 };
  for (const { doc, segmented } of project.documents) {
    const values = project.resources[lang]?.[doc.id] ?? {};
    const records = project.records[lang]?.[doc.id] ?? {};
    // Only a sign-off current for today's English and translation makes its segments "reviewed".
    const reviewed = signoffOf(project, lang, doc.id)?.effective !== 'draft';
    for (const seg of segmented.segments) {
      const target = Object.hasOwn(values, seg.key) ? values[seg.key] : undefined;
      let unit: XliffUnit;
      if (target === undefined || target.trim() === '') unit = { document: doc.id, key: seg.key, source: seg.text, state: 'initial' };
      else {
        const upToDate = records[seg.key]?.sha === fingerprint(seg.text);
        unit = { document: doc.id, key: seg.key, source: seg.text, target, state: reviewed && upToDate ? 'reviewed' : 'translated' };
      }
      counts[unit.state]++;
      units.push(unit);
    }
  }
  const xml = await toXliff(SOURCE_LANGUAGE, lang, units);
  const summary = `${units.length} units: ${counts.translated} translated, ${counts.reviewed} reviewed, ${counts.initial} not translated\n`;
  if (values.out === '-') {
    out.stdout(xml);
    out.stderr(`exported ${lang}: ${summary}`);
    return 0;
  }
  const shown = values.out ?? `dist/xliff/${lang}.xlf`;
  await writeIfChanged(resolve(root, shown), xml);
  out.stdout(`exported ${lang} to ${shown}: ${summary}`);
  return 0;
}

interface Plan {
  loaded: LoadedDocument;
  values: Record<string, string>;
  changed: boolean;
  mark: Set<string>;
}

async function runImport(args: string[], root: string, out: Output): Promise<number> {
  const { values, positionals } = options('xliff import', () =>
    parseArgs({ args, options: { force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true }),
  );
  if (values.help) {
    out.stdout(IMPORT_HELP);
    return 0;
  }
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new UserError('xliff import needs exactly one file', 'Name the XLIFF file to import, e.g. "xliff import dist/xliff/hr.xlf".');
  const force = values.force === true;
  const xliff = await fromXliff(await readText(resolve(root, file), file), file);
  if (xliff.srcLang !== SOURCE_LANGUAGE) {
    throw new UserError(`${file}: the source language is "${xliff.srcLang}", not "${SOURCE_LANGUAGE}"`, 'Import a file exported by "npm run xliff -- export": its sources are the English text.', { file, line: 1 });
  }
  if (xliff.trgLang === '') throw new UserError(`${file}: the <xliff> element has no trgLang`, 'Export the file anew with "npm run xliff -- export --lang <code>".', { file, line: 1 });
  const lang = translatable(xliff.trgLang, `${file}: trgLang`);

  const project = await loadProject(root);
  const docs = new Map(project.documents.map((d) => [d.doc.id, d]));
  const plans = new Map<string, Plan>();
  const tally = { written: 0, unchanged: 0, refused: 0, skipped: 0 };
  for (const unit of xliff.units) {
    // A unit without text carries nothing to import: it never erases a translation.
    if (unit.target === undefined || unit.target.trim() === '') continue;
    const loaded = docs.get(unit.document);
    const seg = loaded?.segmented.segments.find((s) => s.key === unit.key);
    if (!loaded || !seg) {
      tally.skipped++;
      out.stderr(`skipped ${unit.document} ${unit.key}: ${loaded ? `no segment has this key in ${loaded.doc.path}` : 'no document in source/ has this id'}\n`);
      continue;
    }
    const plan = plans.get(loaded.doc.id) ?? { loaded, values: { ...(project.resources[lang]?.[loaded.doc.id] ?? {}) }, changed: false, mark: new Set<string>() };
    plans.set(loaded.doc.id, plan);
    const current = Object.hasOwn(plan.values, unit.key) ? plan.values[unit.key] : undefined;
    const sourceCurrent = unit.source === seg.text || unit.source === asRead(seg.text);
    if (current !== undefined && (current === unit.target || asRead(current) === unit.target)) {
      // Untouched: nothing to write, and no claim about the English. Only a translation
      // that has no record yet and was exported from the current English is recorded.
      tally.unchanged++;
      if (sourceCurrent && !project.records[lang]?.[loaded.doc.id]?.[unit.key]) plan.mark.add(unit.key);
      continue;
    }
    const where = `${unit.document} ${unit.key} (${loaded.doc.path}:${seg.line})`;
    if (!sourceCurrent && !force) {
      tally.refused++;
      out.stderr(`refused ${where}: the English changed since export; re-export or use --force\n`);
      continue;
    }
    if (!sourceCurrent) out.stderr(`forced ${where}: the English changed since export; recorded as a translation of the current English\n`);
    plan.values[unit.key] = unit.target;
    plan.changed = true;
    plan.mark.add(unit.key);
    tally.written++;
  }

  for (const [id, plan] of plans) {
    const shown = `translations/${lang}/${id}.json`;
    const broken = project.diagnostics.find((d) => d.severity === 'error' && d.location?.file === shown);
    if (plan.changed && broken) {
      throw new UserError(`${shown}: ${broken.message}; nothing was imported`, `Fix ${shown} first: rewriting it would lose that entry.`, broken.location);
    }
  }
  for (const [id, plan] of plans) {
    const segments = plan.loaded.segmented.segments;
    if (plan.changed) await writeResource(root, lang, id, plan.values, segments);
    if (plan.mark.size > 0) await writeRecords(root, lang, id, markCurrent(project.records[lang]?.[id] ?? {}, segments, plan.mark), segments);
  }
  out.stdout(`imported ${file} into translations/${lang}/: ${tally.written} written, ${tally.unchanged} unchanged, ${tally.refused} refused, ${tally.skipped} skipped\n`);
  return tally.refused > 0 ? 1 : 0;
}

/** The code of a language that has its own translation files, or a UserError. */
function translatable(code: string, where: string): string {
  const lang = findLanguage(code);
  if (!lang) throw new UserError(`${where}: "${code}" is not a language of the registry`, `Use one of: ${CODES} (codes are case-sensitive).`);
  if (lang.code === SOURCE_LANGUAGE) throw new UserError(`${where}: "${code}" is the source language; there is nothing to translate into it`, `Use one of: ${CODES}.`);
  if (lang.derivedFrom) {
    const from = lang.derivedFrom.code;
    throw new UserError(`${where}: ${code} is generated from ${from} and has no translation files of its own`, `Exchange ${from} instead: "npm run xliff -- export --lang ${from}"; ${code} follows from it.`);
  }
  return lang.code;
}

function options<T>(command: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new UserError(`${command}: ${(err as Error).message}`, `See "npm run ${command.replace(' ', ' -- ')} --help" for the options.`, undefined, { cause: err });
  }
}
