// check: `npm run check`: QA of every translation segment (markup, numbers,
// placeholders, script purity, untranslated, punctuation, length, spelling).

import { loadProject } from '../io/project.ts';
import { loadSpeller } from '../io/spelling.ts';

import { SOURCE_LANGUAGE, type Language } from '../languages.ts';
import { readRegistry } from '../io/registry.ts';
import { readWordList } from '../io/spelling.ts';
import { readTermbase } from '../io/termbase.ts';
import type { Command, Io } from './command.ts';
import { oneOf, parseLangs, parseOptions } from './options.ts';
import { checkSegment, type CheckOptions, type Finding } from '../stages/check.ts';
import type { Project } from '../io/project.ts';
import type { Segment } from '../stages/segment.ts';
import { didYouMean } from '../stages/suggest.ts';

const HELP = `Usage: npm run check -- [options]

Checks every translated segment against its English: markup parity (emphasis, links,
superscripts, inline HTML), numbers, i18next placeholders, script purity (no Latin
letter inside a Cyrillic or Greek word), untranslated text, sentence-final
punctuation, length outliers, brackets, double spaces, quotation marks, repeated
words, blanks at the ends, Romanian comma-below letters, and spelling where a
hunspell dictionary exists (project word list: scripts/templates/words.txt), and the
terms of the termbase (terms/termbase.json): a segment whose English holds a term must
use the required term in one of its allowed forms (warning term-missing) and none of
its forbidden variants (warning term-forbidden).
Each finding: language, document, segment key, file:line and a one-line reason.

Options:
  --lang <codes>     only these languages, comma-separated
  --no-spelling      skip the spelling check
  --format text|json output format (default: text)
  -h, --help         show this help

Exit codes: 0 no errors (warnings are listed but do not fail); 1 errors found; 2 bad input.
`;

export const check: Command = {
  name: 'check',
  summary: 'QA of every translation: markup, numbers, script, punctuation, spelling',
  help: () => HELP,
  run: runCheck,
};

async function runCheck(args: string[], io: Io): Promise<number> {
  const { values } = parseOptions(args, {
    lang: { type: 'string' },
    'no-spelling': { type: 'boolean', default: false },
    format: { type: 'string', default: 'text' },
  });
  const format = oneOf('--format', values.format, ['text', 'json'], 'For example --format json.');
  const registry = readRegistry(io.cwd);
  const codes = parseLangs(values.lang, registry);
  const project = await loadProject(io.cwd, registry);
  const words = await readWordList();
  const properNames = new Set(words);
  const termbase = await readTermbase(io.cwd);
  const findings: Finding[] = projectFindings(project, codes);
  for (const lang of registry.languages) {
    if (lang.code === SOURCE_LANGUAGE || (codes && !codes.includes(lang.code))) continue;
    const spell = values['no-spelling'] ? undefined : await loadSpeller(lang.code, words);
    const options: CheckOptions = { properNames, termbase, ...(spell ? { spell } : {}) };
    findings.push(
      ...uiFindings(project, lang, options),
      ...documentFindings(project, lang, options),
    );
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  if (format === 'json')
    io.stdout.write(
      `${JSON.stringify({ errors, warnings: findings.length - errors, findings }, null, 2)}\n`,
    );
  else writeText(io, findings, errors);
  return errors > 0 ? 1 : 0;
}

/** The file a language's translations of `doc` are read from (a derived language's source's). */
function translationFile(lang: Language, doc: string): string {
  return `translations/${lang.derivedFrom?.code ?? lang.code}/${doc}.json`;
}

// The interface strings are checked like segments: they reach the page and the PDF too.
function uiFindings(project: Project, lang: Language, options: CheckOptions): Finding[] {
  const findings: Finding[] = [];
  const enUi = project.resources[SOURCE_LANGUAGE]?.['ui'] ?? {};
  for (const [key, english] of Object.entries(enUi)) {
    const translation = project.resources[lang.code]?.['ui']?.[key];
    // Empty: untranslated, reported once by the ui.json check (rule ui-untranslated).
    if (translation === undefined || translation.trim() === '') continue;
    // Single interface words often are the same in both (ro "Document"): a warning there, not an error.
    for (const f of checkSegment(
      {
        lang: lang.code,
        script: lang.script,
        document: 'ui',
        key,
        english,
        translation,
        file: translationFile(lang, 'ui'),
        ...project.keyLines[lang.derivedFrom?.code ?? lang.code]?.['ui']?.[key],
      },
      options,
    )) {
      findings.push(f.rule === 'untranslated' ? { ...f, severity: 'warning' } : f);
    }
  }
  return findings;
}

// Every translated segment of every document in one language, and its orphaned keys.
function documentFindings(project: Project, lang: Language, options: CheckOptions): Finding[] {
  const findings: Finding[] = [];
  for (const { doc, segmented } of project.documents) {
    const resource = project.resources[lang.code]?.[doc.id] ?? {};
    const file = translationFile(lang, doc.id);
    if (!lang.derivedFrom)
      findings.push(
        ...orphanFindings(lang.code, doc.id, doc.path, resource, segmented.segments, file).map(
          (f) => ({ ...f, ...project.keyLines[lang.code]?.[doc.id]?.[f.key] }),
        ),
      );
    for (const seg of segmented.segments) {
      const translation = resource[seg.key];
      if (translation === undefined) continue;
      findings.push(
        ...checkSegment(
          {
            lang: lang.code,
            script: lang.script,
            document: doc.id,
            key: seg.key,
            english: seg.text,
            translation,
            links: segmented.links,
            file,
            ...project.keyLines[lang.derivedFrom?.code ?? lang.code]?.[doc.id]?.[seg.key],
          },
          options,
        ),
      );
    }
  }
  return findings;
}

// One line a finding, then the totals.
function writeText(io: Io, findings: Finding[], errors: number): void {
  for (const f of findings)
    io.stdout.write(
      `${f.severity}: ${f.file ?? ''}${f.line ? `:${f.line}` : ''}${f.line && f.column ? `:${f.column}` : ''} [${f.lang}] ${f.document}#${f.key} ${f.rule}: ${f.message}\n`,
    );
  io.stdout.write(
    `check: ${errors} error${errors === 1 ? '' : 's'}, ${findings.length - errors} warning${findings.length - errors === 1 ? '' : 's'}\n`,
  );
}

/** What reading the project found about the languages checked (interface strings, folders), as findings. */
function projectFindings(project: Project, codes: string[] | undefined): Finding[] {
  const wanted = (lang: string | undefined): boolean =>
    lang !== undefined && lang !== SOURCE_LANGUAGE && (!codes || codes.includes(lang));
  return project.diagnostics
    .filter((d) => wanted(d.lang) && d.rule !== undefined)
    .map((d) => ({
      severity: d.severity,
      rule: d.rule ?? 'project',
      lang: d.lang ?? '',
      document: d.location?.file.endsWith('ui.json') ? 'ui' : '-',
      key: d.key ?? '-',
      message: d.message,
      ...(d.location ? { file: d.location.file } : {}),
      ...(d.location?.line !== undefined ? { line: d.location.line } : {}),
    }));
}

/** Keys of a translation that match no segment: the English block is gone or renamed (an error, as in the build). */
function orphanFindings(
  lang: string,
  document: string,
  path: string,
  resource: Record<string, string>,
  segments: readonly Segment[],
  file: string,
): Finding[] {
  const keys = segments.map((s) => s.key);
  return Object.keys(resource)
    .filter((k) => !keys.includes(k))
    .map((k) => ({
      severity: 'error' as const,
      rule: 'orphaned',
      lang,
      document,
      key: k,
      message: `key "${k}" matches no segment of ${path} (orphaned translation).${didYouMean(k, keys)} Delete or rename it.`,
      file,
    }));
}
