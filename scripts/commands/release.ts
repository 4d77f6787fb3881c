// release: `npm run release`: publishes the editions of a document as they are now in
// dist/, for good (scripts/services/release.ts); the next build serves the version at its
// own address. A mistake in the options exits 2; a release refused (not current, stale,
// already released, another release running) exits 1, saying where and what to do.
import { UserError } from '../errors.ts';
import { readRegistry } from '../io/registry.ts';
import { formatUserError } from '../stages/diagnostics.ts';
import type { Command, Io } from './command.ts';
import { findDocument, parseLangs, parseOptions } from './options.ts';

const HELP = `Usage: npm run release -- --document <id> --version <YYYY-MM-DD> [options]

Publishes the editions of a document as they are now in dist/ (run npm run build
first): every released file (HTML, PDF, Akoma Ntoso XML, the stylesheets and fonts the
HTML uses) is kept byte for byte in releases/<document>/<version>/, and the release is
recorded in releases/ledger.jsonl (append-only, each line hash-chained over the one
before). The next npm run build serves it at dist/<document>/<version>/<lang>/ and lists it
in the manifest, the index and the current editions. Commit releases/ afterwards.

Refused (exit 1): a build that is not current; editions with stale or missing segments
(unless --force --note); a version already released or before the last one.

Options:
  --document <id>          the document to release (its id)
  --version <YYYY-MM-DD>   the version: the date the text is released as
  --lang <codes>           only these editions, comma-separated (English, the authentic
                           text, always among them; default: every edition in dist/)
  --note "<text>"          what this release is; required with --force and --corrigendum-of
  --corrigendum-of <ver>   this release corrects that earlier version (say how in --note)
  --force                  release stale or incomplete editions too (with --note)
  -h, --help               show this help
`;

export const release: Command = {
  name: 'release',
  summary: 'publish a document\u2019s editions as a permanent version (releases/)',
  help: () => HELP,
  run: runRelease,
};

async function runRelease(args: string[], io: Io): Promise<number> {
  const { values } = parseOptions(args, {
    document: { type: 'string' },
    version: { type: 'string' },
    lang: { type: 'string' },
    note: { type: 'string' },
    'corrigendum-of': { type: 'string' },
    force: { type: 'boolean', default: false },
  });
  if (!values.document || !values.version)
    throw new UserError(
      'npm run release needs --document <id> and --version <YYYY-MM-DD>',
      'For example: npm run release -- --document joint-declaration --version 2026-12-06',
    );
  const { checkRequest, releaseDocument, USAGE } = await import('../services/release.ts');
  const registry = readRegistry(io.cwd);
  const langs = parseLangs(values.lang, registry);
  const request = {
    root: io.cwd,
    document: values.document,
    version: values.version,
    ...(langs ? { langs } : {}),
    ...(values.note ? { note: values.note } : {}),
    ...(values['corrigendum-of'] ? { corrigendumOf: values['corrigendum-of'] } : {}),
    force: values.force,
    today: (io.now?.() ?? new Date()).toISOString().slice(0, 10),
  };
  checkRequest(request);
  const { loadProject } = await import('../io/project.ts');
  const project = await loadProject(io.cwd, registry);
  findDocument(project, request.document);
  try {
    const done = await releaseDocument(request, project);
    const files = done.editions.reduce((n, e) => n + Object.keys(e.files).length, 0);
    io.stdout.write(
      `released ${done.document} ${done.version}: ${done.editions.map((e) => e.lang).join(', ')} ` +
        `(${files} files and ${Object.keys(done.assets).length} assets kept in releases/${done.document}/${done.version}/, ` +
        `recorded in releases/ledger.jsonl)\nRun npm run build to publish it at dist/${done.document}/${done.version}/, then commit releases/.\n`,
    );
    const left = registry.codes.filter((c) => !done.editions.some((e) => e.lang === c));
    if (left.length > 0)
      io.stdout.write(
        `not in this release: ${left.join(', ')}${langs ? '' : ' (not published in dist/: in preparation or withheld by the build)'}\n`,
      );
    return 0;
  } catch (err) {
    if (!(err instanceof UserError) || err.rule === USAGE) throw err;
    io.stderr.write(formatUserError(err));
    return 1;
  }
}
