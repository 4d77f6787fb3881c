// review-command: `npm run review`: a reviewer signs an edition (language × document)
// as reviewed or approved, or withdraws a sign-off (draft); `--list` shows the state of
// every edition. Each sign-off is one appended line of translations/<lang>/signoffs.jsonl.
import { parseArgs } from 'node:util';
import type { Io } from './cli.ts';
import { UserError } from './errors.ts';
import { LANGUAGES, SOURCE_LANGUAGE, findLanguage, type Language } from './languages.ts';
import type { Project } from './io/project.ts';
import {
  blockersOf,
  checkSigner,
  decideSignoff,
  fingerprintsNow,
  isoDate,
  reviewSummary,
  reviewText,
  SIGNOFF_STATUSES,
  type SignoffDecision,
  type SignoffRequest,
  type SignoffStatus,
} from './stages/signoff.ts';

const HELP = `Usage: npm run review -- --lang <code> --document <id> --status reviewed|approved|draft --by "<name, role>" [--note "<text>"] [--force]
       npm run review -- --list [--lang <codes>]

Signs one edition (a language's translation of one document) for the English and the
translation as they are now, and appends the sign-off to translations/<lang>/signoffs.jsonl
(one line each, never rewritten: git keeps the audit trail). A sign-off is current only
while both are unchanged; after any change the edition is shown as an unofficial
translation again until someone signs it anew. sr-Latn follows sr-Cyrl: sign sr-Cyrl.

  reviewed   a reviewer checked the translation against the English
  approved   the translation is approved for publication ("approved by <name> on <date>")
  draft      withdraws the sign-off

Reviewing or approving an edition with stale or missing segments is refused (it names
them); --force signs anyway and needs a --note saying why (the open keys are recorded).

Options:
  --lang <code>        the language (${LANGUAGES.filter(
    (l) => l.code !== SOURCE_LANGUAGE && !l.derivedFrom,
  )
    .map((l) => l.code)
    .join(' ')})
  --document <id>      the document (its id in source/<id>.md)
  --status <status>    reviewed, approved or draft
  --by "<name, role>"  who signs, e.g. "Ana Horvat, sworn translator"
  --note <text>        why, or anything the record should keep
  --force              sign although segments are stale or missing (needs --note)
  --list               the current state of every edition (with --lang: of those languages)
  -h, --help           show this help

Exit codes: 0 signed (or listed); 1 refused (stale or missing segments); 2 bad input.
`;

/** Runs `npm run review`; returns the exit code. */
export async function runReview(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      lang: { type: 'string' },
      document: { type: 'string' },
      status: { type: 'string' },
      by: { type: 'string' },
      note: { type: 'string' },
      force: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (values.list) return list(values.lang, io);
  const lang = signableLanguage(values.lang);
  const status = parseStatus(values.status);
  if (values.by === undefined)
    throw new UserError(
      'review needs --by "<name, role>": a sign-off names who signed',
      'For example --by "Ana Horvat, sworn translator".',
    );
  const problem = checkSigner(values.by);
  if (problem)
    throw new UserError(
      `--by ${problem}`,
      'Write the name and role on one line, e.g. --by "Ana Horvat, sworn translator".',
    );
  if (values.force && !values.note?.trim())
    throw new UserError(
      '--force needs --note "<why>"',
      'Say why the edition is signed although segments are stale or missing, e.g. --note "meta.keywords left in English on purpose".',
    );
  if (values.document === undefined)
    throw new UserError(
      'review needs --document <id>',
      'Name the document, e.g. --document joint-declaration (see npm run review -- --list).',
    );

  const { loadProject } = await import('./io/project.ts');
  const { historyPath } = await import('./io/signoffs.ts');
  const project = await loadProject(io.cwd);
  const date = isoDate((io.now ?? (() => new Date()))());
  const request = {
    lang: lang.code,
    document: values.document,
    status,
    by: values.by.trim(),
    date,
    ...(values.note !== undefined ? { note: values.note } : {}),
    force: values.force,
  };
  const decision = await signEdition(project, request);
  const id = `${lang.code}/${values.document}`;
  if (!decision.ok && decision.reason === 'force-needs-note')
    throw new UserError('--force needs --note "<why>"', 'Say why the edition is signed anyway.');
  if (!decision.ok) {
    const keys = [
      decision.stale.length > 0 ? `stale: ${decision.stale.join(', ')}` : '',
      decision.missing.length > 0 ? `missing: ${decision.missing.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    io.stderr.write(
      `error: refusing to mark ${id} ${status}: ${decision.count} segment${decision.count === 1 ? ' is' : 's are'} not up to date (${keys})\n`,
    );
    io.stderr.write(
      `  Translate the missing ones; check the stale ones (npm run coverage, dist/review/${id}.html), then npm run mark -- --lang ${lang.code} --document ${values.document} --key <keys>. Or sign anyway with --force --note "<why>".\n`,
    );
    return 1;
  }
  const e = decision.entry;
  const what = e.status === 'draft' ? 'withdrawn: draft' : `${e.status} by ${e.by} on ${e.date}`;
  io.stdout.write(
    `${id}: ${what}${e.stale || e.missing ? ` (forced: ${(e.stale?.length ?? 0) + (e.missing?.length ?? 0)} segments not up to date)` : ''}\n`,
  );
  io.stdout.write(
    `  English ${e.source.slice(0, 12)}, translation ${e.translation.slice(0, 12)}; recorded in ${historyPath(lang.code)}${derivedNote(lang)}\n`,
  );
  return 0;
}

/**
 * Signs one edition if the rules allow: checks the language and document, fingerprints the
 * English and the translation of `project` now, decides, and appends the entry to the history
 * under `project.root`. A refusal is returned, not thrown; unknown names throw a UserError.
 * @example await signEdition(project, { lang: 'hr', document: 'joint-declaration', status: 'approved', by: 'A, translator', date: '2026-11-30' })
 */
export async function signEdition(
  project: Project,
  request: SignoffRequest & { lang: string },
): Promise<SignoffDecision> {
  const lang = signableLanguage(request.lang);
  const ids = project.documents.map((d) => d.doc.id);
  const loaded = project.documents.find((d) => d.doc.id === request.document);
  if (!loaded)
    throw new UserError(
      `no document with the id "${request.document}"${didYouMean(request.document, ids)}`,
      `Use one of: ${ids.join(', ')}.`,
    );
  const problem = checkSigner(request.by);
  if (problem)
    throw new UserError(
      `the signer ("by") ${problem}`,
      'Write the name and role on one line, e.g. "Ana Horvat, sworn translator".',
    );
  const { mergeAll } = await import('./build.ts');
  const { appendSignoff } = await import('./io/signoffs.ts');
  const [edition] = mergeAll(project, [lang]).filter((e) => e.doc.id === loaded.doc.id);
  if (!edition) throw new Error(`internal: no edition ${lang.code}/${loaded.doc.id}`);
  const now = fingerprintsNow(
    loaded.doc,
    project.resources[lang.code]?.[loaded.doc.id] ?? {},
    loaded.segmented.segments,
  );
  const signed: SignoffRequest = {
    document: loaded.doc.id,
    status: request.status,
    by: request.by,
    date: request.date,
    ...(request.note !== undefined ? { note: request.note } : {}),
    ...(request.force !== undefined ? { force: request.force } : {}),
  };
  const decision = decideSignoff(signed, now, blockersOf(edition.segments.values()));
  if (decision.ok) await appendSignoff(project.root, lang.code, decision.entry);
  return decision;
}

async function list(langOption: string | undefined, io: Io): Promise<number> {
  const codes = langOption
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const c of codes ?? [])
    if (!findLanguage(c))
      throw new UserError(
        `unknown language code: ${c}${didYouMean(
          c,
          LANGUAGES.map((l) => l.code),
        )}`,
        `Use codes of the registry: ${LANGUAGES.map((l) => l.code).join(', ')}.`,
      );
  const { loadProject } = await import('./io/project.ts');
  const { mergeAll, signoffOf } = await import('./build.ts');
  const { percent } = await import('./stages/report.ts');
  const project = await loadProject(io.cwd);
  const langs = LANGUAGES.filter(
    (l) => l.code !== SOURCE_LANGUAGE && (!codes || codes.includes(l.code)),
  );
  const rows: string[][] = [];
  for (const edition of mergeAll(project, langs)) {
    const s = signoffOf(project, edition.lang.code, edition.doc.id);
    if (!s) continue;
    const follows = edition.lang.derivedFrom ? ` (follows ${edition.lang.derivedFrom.code})` : '';
    rows.push([
      edition.lang.code,
      edition.doc.id,
      `${percent(edition.counts.translated, edition.counts.total).toFixed(1)}%`,
      s.effective,
      `${reviewText(reviewSummary(s))}${follows}`,
    ]);
  }
  const head = ['language', 'document', 'up to date', 'shown as', 'sign-off'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((cell, i) => (i === 2 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  io.stdout.write(
    `${[line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')}\n`,
  );
  return 0;
}

function signableLanguage(code: string | undefined): Language {
  if (code === undefined)
    throw new UserError(
      'review needs --lang <code>',
      'For example --lang hr (or --list to see every edition).',
    );
  const lang = findLanguage(code);
  if (!lang)
    throw new UserError(
      `unknown language code: ${code}${didYouMean(
        code,
        LANGUAGES.map((l) => l.code),
      )}`,
      `Use codes of the registry: ${LANGUAGES.map((l) => l.code).join(', ')}.`,
    );
  if (lang.code === SOURCE_LANGUAGE)
    throw new UserError(
      'en is the authentic English text; it is not signed off',
      'Name a translation language, e.g. --lang hr.',
    );
  if (lang.derivedFrom)
    throw new UserError(
      `${lang.code} is generated from ${lang.derivedFrom.code} and follows its sign-off`,
      `Sign ${lang.derivedFrom.code} instead: --lang ${lang.derivedFrom.code}.`,
    );
  return lang;
}

function parseStatus(value: string | undefined): SignoffStatus {
  if (value === undefined)
    throw new UserError(
      'review needs --status reviewed|approved|draft',
      'For example --status approved.',
    );
  if (SIGNOFF_STATUSES.includes(value as SignoffStatus)) return value as SignoffStatus;
  throw new UserError(
    `--status must be reviewed, approved or draft, not "${value}"${didYouMean(value, SIGNOFF_STATUSES)}`,
    'For example --status approved; draft withdraws a sign-off.',
  );
}

function derivedNote(lang: Language): string {
  const derived = LANGUAGES.filter((l) => l.derivedFrom?.code === lang.code).map((l) => l.code);
  return derived.length > 0 ? `; ${derived.join(', ')} follows` : '';
}

/** " (did you mean "hr"?)" when one candidate is close (case aside, or within two edits); else "". */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const lower = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d =
      c.toLowerCase() === lower
        ? 0
        : c.toLowerCase().startsWith(lower) && lower.length >= 2
          ? 1
          : distance(lower, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.min(2, Math.max(1, Math.floor(best.length / 3)))
    ? ` (did you mean "${best}"?)`
    : '';
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    prev = row;
  }
  return prev[b.length] ?? 0;
}
