// coverage: `npm run coverage`: what is translated, stale and missing per language and
// document, and the review of each edition; --fail-under for CI.
import { UserError } from '../errors.ts';
import { readRegistry } from '../io/registry.ts';
import type { Command, Io } from './command.ts';
import { oneOf, parseLangs, parseOptions } from './options.ts';

const HELP = `Usage: npm run coverage -- [options]

Translation coverage per language and document: total segments, translated (up to
date), stale (the English changed since), missing (shown in English), orphaned
(a translation whose English segment is gone), percent up to date, and the review
of each edition: {status, current, by, date} in JSON (current: signed for the English
and the translation of today; see npm run review -- --help).

Options:
  --format table|json   output format (default: table)
  --lang <codes>        only these languages, comma-separated
  --fail-under <pct>    exit 1 when an edition (a language's edition of one document)
                        is below this percent up to date; names each such edition
  -h, --help            show this help
`;

export const coverage: Command = {
  name: 'coverage',
  summary: 'translation coverage per language and document (table or JSON)',
  help: () => HELP,
  run: runCoverage,
};

async function runCoverage(args: string[], io: Io): Promise<number> {
  const { values } = parseOptions(args, {
    format: { type: 'string', default: 'table' },
    lang: { type: 'string' },
    'fail-under': { type: 'string' },
  });
  const format = oneOf('--format', values.format, ['table', 'json'], 'For example --format json.');
  const failUnder = parseFailUnder(values['fail-under']);
  const registry = readRegistry(io.cwd);
  const codes = parseLangs(values.lang, registry);
  const { loadProject } = await import('../io/project.ts');
  const { mergeAll, signoffOf } = await import('../stages/editions.ts');
  const { computeCoverage, coverageTable } = await import('../stages/report.ts');
  const project = await loadProject(io.cwd, registry);
  const langs = registry.languages.filter((l) => !codes || codes.includes(l.code));
  const result = computeCoverage(
    mergeAll(project, langs),
    (code, docId) => signoffOf(project, code, docId),
    registry.languages,
  );
  io.stdout.write(
    format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : coverageTable(result, true),
  );
  if (failUnder === undefined) return 0;
  const below = Object.entries(result.languages).flatMap(([code, c]) =>
    Object.entries(c.documents)
      .filter(([, d]) => d.percent < failUnder)
      .map(([doc, d]) => [`${code}/${doc}`, d.percent] as const),
  );
  for (const [edition, pct] of below)
    io.stderr.write(`coverage of ${edition} is ${pct.toFixed(1)}%, below ${failUnder}%\n`);
  return below.length > 0 ? 1 : 0;
}

function parseFailUnder(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const pct = Number(value);
  if (!(pct >= 0 && pct <= 100))
    throw new UserError(
      `--fail-under must be a percent between 0 and 100, not "${value}"`,
      'For example --fail-under 90.',
    );
  return pct;
}
