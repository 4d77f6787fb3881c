// review: `npm run review`: a reviewer signs an edition (language × document)
// as reviewed or approved, or withdraws a sign-off (draft); `--list` shows the state of
// every edition. Each sign-off is one appended line of translations/<lang>/signoffs.jsonl.

import { diffWordsWithSpace } from 'diff';
import { UserError } from '../errors.ts';
import { SOURCE_LANGUAGE, type Language, type Registry } from '../languages.ts';
import { readRegistry } from '../io/registry.ts';
import {
  openKeys,
  signableLanguage,
  signEdition,
  type EditionSignoffRequest,
} from '../services/signoff.ts';
import { documentPlaces, placeItems, type Places } from '../stages/places.ts';
import { didYouMean } from '../stages/suggest.ts';
import type { Command, Io } from './command.ts';
import { parseLangs, parseOptions } from './options.ts';

import {
  checkSigner,
  isoDate,
  reviewSummary,
  reviewText,
  SIGNOFF_STATUSES,
  type SignoffDecision,
  type SignoffEntry,
  type SignoffStatus,
} from '../stages/signoff.ts';

const HELP = (
  codes: readonly string[],
): string => `Usage: npm run review -- --lang <code> --document <id> --status reviewed|approved|draft --by "<name, role>" [--note "<text>"] [--force]
       npm run review -- --lang <code> --document <id> --status <status> --key <ssh key> [--note "<text>"]
       npm run review -- --list [--lang <codes>]
       npm run review -- --since-signoff --lang <code> --document <id>
       npm run review -- --migrate

Signs one edition (a language's translation of one document) for the English and the
translation as they are now, and appends the sign-off to translations/<lang>/signoffs.jsonl
(one line each, never rewritten: git keeps the audit trail). A sign-off is current only
while both are unchanged; after any change the edition is shown as an unofficial
translation again until someone signs it anew. sr-Latn follows sr-Cyrl: sign sr-Cyrl.

  reviewed   a reviewer checked the translation against the English
  approved   the translation is approved for publication ("approved by <name> on <date>")
  draft      withdraws the sign-off

A sign-off is bound to the meaning of the texts: their segments, with white space and
Unicode normalised. A blank line, a changed date or reordered keys keep it; a changed
word, title, subject or keyword lapses it, and the build names the lapse. The texts
signed are kept in translations/<lang>/signed/ for --since-signoff.

Reviewing or approving an edition with stale or missing segments is refused (it names
them); --force signs anyway and needs a --note saying why (the open keys are recorded).

Options:
  --lang <code>        the language (${codes.join(' ')})
  --document <id>      the document (its id in source/<id>.md)
  --status <status>    reviewed, approved or draft
  --by "<name, role>"  who signs, e.g. "Ana Horvat, sworn translator" (with --key: from
                       translations/signers.json)
  --key <file>         sign with your SSH key (the private key, or its .pub held by
                       ssh-agent), listed in translations/allowed_signers: the sign-off is
                       then verified wherever it is shown
  --note <text>        why, or anything the record should keep
  --force              sign although segments are stale or missing (needs --note)
  --list               the current state of every edition (with --lang: of those languages)
  --since-signoff      what changed in the English and the translation since the last
                       review or approval, as a word diff ([-removed-]{+added+}), so that a
                       reviewer re-confirms only that
  --migrate            moves sign-offs of the first version (bound to the English file's
                       bytes) to fingerprints of meaning, where they still match today's texts
  -h, --help           show this help

Exit codes: 0 signed (or listed); 1 refused (stale or missing segments); 2 bad input.
`;

export const review: Command = {
  name: 'review',
  summary: 'sign an edition off (reviewed, approved) or withdraw it; --list shows every edition',
  help: (codes) => HELP(codes),
  run: runReview,
};

/** Runs `npm run review`; returns the exit code. */
async function runReview(args: string[], io: Io): Promise<number> {
  const { values } = parseOptions(args, {
    lang: { type: 'string' },
    document: { type: 'string' },
    status: { type: 'string' },
    by: { type: 'string' },
    note: { type: 'string' },
    force: { type: 'boolean', default: false },
    list: { type: 'boolean', default: false },
    'since-signoff': { type: 'boolean', default: false },
    migrate: { type: 'boolean', default: false },
    key: { type: 'string' },
  });
  if (values.list) return list(values.lang, io);
  if (values.migrate) return migrate(io);
  if (values['since-signoff']) return sinceSignoff(values.lang, values.document, io);
  const lang = signableLanguage(readRegistry(io.cwd), values.lang);
  const status = parseStatus(values.status);
  const { by, document } = checkRequest({
    ...values,
    by: values.by ?? (values.key !== undefined ? '' : undefined),
  });

  const { loadProject } = await import('../io/project.ts');
  const { historyPath } = await import('../io/signoffs.ts');
  const project = await loadProject(io.cwd);
  const date = isoDate((io.now ?? (() => new Date()))());
  const request: EditionSignoffRequest = {
    lang: lang.code,
    document,
    status,
    by: by.trim(),
    date,
    ...(values.note !== undefined ? { note: values.note } : {}),
    force: values.force,
    ...(values.key !== undefined
      ? { key: { key: values.key, interactive: process.stdin.isTTY === true } }
      : {}),
  };
  const decision = await signEdition(project, request);
  const id = `${lang.code}/${document}`;
  if (!decision.ok && decision.reason === 'force-needs-note')
    throw new UserError('--force needs --note "<why>"', 'Say why the edition is signed anyway.');
  if (!decision.ok) {
    const segmented = project.documents.find((d) => d.doc.id === document)?.segmented;
    const places = segmented ? documentPlaces(segmented) : new Map();
    writeRefused(io, request, decision, places);
    return 1;
  }
  io.stdout.write(
    signedLines(id, decision.entry, historyPath(lang.code), derivedNote(lang, project.registry)),
  );
  return 0;
}

// What a recorded sign-off prints: who and when, the fingerprints and file, whether signed.
function signedLines(id: string, e: SignoffEntry, file: string, derived: string): string {
  const what = e.status === 'draft' ? 'withdrawn: draft' : `${e.status} by ${e.by} on ${e.date}`;
  const open = (e.stale?.length ?? 0) + (e.missing?.length ?? 0);
  return [
    `${id}: ${what}${open > 0 ? ` (forced: ${open} segments not up to date)` : ''}`,
    `  English ${e.source.slice(0, 12)}, translation ${e.translation.slice(0, 12)}; recorded in ${file}${derived}`,
    e.signature
      ? `  signed with the SSH key of ${e.signer}: verified against translations/allowed_signers`
      : '  not signed with a key (unverified): --key <your SSH key> signs it',
    '',
  ].join('\n');
}

// The options a sign-off needs besides language and status, checked before the project is read.
function checkRequest(values: {
  by?: string | undefined;
  note?: string | undefined;
  force?: boolean | undefined;
  document?: string | undefined;
}): { by: string; document: string } {
  if (values.by === undefined)
    throw new UserError(
      'review needs --by "<name, role>": a sign-off names who signed',
      'For example --by "Ana Horvat, sworn translator".',
    );
  const problem = values.by === '' ? undefined : checkSigner(values.by);
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
  return { by: values.by, document: values.document };
}

// A refusal names the open segments and the ways forward.
function writeRefused(
  io: Io,
  request: EditionSignoffRequest,
  decision: Extract<SignoffDecision, { reason: 'open-segments' }>,
  places: Places,
): void {
  const id = `${request.lang}/${request.document}`;
  const keys = openKeys(decision);
  io.stderr.write(
    `error: refusing to mark ${id} ${request.status}: ${decision.count} segment${decision.count === 1 ? ' is' : 's are'} not up to date (${keys})\n`,
  );
  // Each by its place, the key beside it: "  Recital 1 · knowing (stale)".
  const open = { stale: decision.stale, missing: decision.missing };
  for (const item of placeItems(places, open)) io.stderr.write(`  ${item}\n`);
  io.stderr.write(
    `  Translate the missing ones; check the stale ones (npm run coverage lists them; reports/review/${id}.html), then npm run mark -- --lang ${request.lang} --document ${request.document} --key <keys>. Or sign anyway with --force --note "<why>".\n`,
  );
}

async function list(langOption: string | undefined, io: Io): Promise<number> {
  const registry = readRegistry(io.cwd);
  const codes = parseLangs(langOption, registry);
  const { loadProject } = await import('../io/project.ts');
  const { mergeAll, signoffOf } = await import('../stages/editions.ts');
  const { percent } = await import('../stages/report.ts');
  const project = await loadProject(io.cwd, registry);
  const langs = registry.languages.filter(
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

// --migrate: first-version sign-offs to fingerprints of meaning, each line reported.
async function migrate(io: Io): Promise<number> {
  const { loadProject } = await import('../io/project.ts');
  const { migrateSignoffs } = await import('../services/signoff.ts');
  const { historyPath } = await import('../io/signoffs.ts');
  const lines = await migrateSignoffs(await loadProject(io.cwd));
  for (const m of lines)
    io.stdout.write(
      `${historyPath(m.lang)}:${m.line}: ${m.lang}/${m.document}: ${m.result === 'migrated' ? 'migrated to fingerprints of meaning' : 'left as it is: signed for a text that has changed since'}\n`,
    );
  const moved = lines.filter((m) => m.result === 'migrated').length;
  io.stdout.write(
    lines.length === 0
      ? 'nothing to migrate: every sign-off has fingerprints of meaning\n'
      : `${moved} of ${lines.length} first-version sign-offs migrated; commit translations/*/signoffs.jsonl and translations/*/signed/\n`,
  );
  return 0;
}

// --since-signoff: the word diff of what changed since the last review or approval.
async function sinceSignoff(
  langOption: string | undefined,
  document: string | undefined,
  io: Io,
): Promise<number> {
  const lang = signableLanguage(readRegistry(io.cwd), langOption);
  if (document === undefined)
    throw new UserError(
      '--since-signoff needs --document <id>',
      'Name the document, e.g. --document joint-declaration (see npm run review -- --list).',
    );
  const { loadProject } = await import('../io/project.ts');
  const { changesSinceSignoff } = await import('../services/signoff.ts');
  const since = changesSinceSignoff(await loadProject(io.cwd), lang.code, document);
  io.stdout.write(`${since.heading}\n`);
  for (const c of since.changes)
    io.stdout.write(
      `\n${c.key} · ${c.side === 'english' ? 'English' : lang.code}\n  ${textDiff(c.before, c.after)}\n`,
    );
  if (since.changes.length === 0 && since.signed) io.stdout.write('nothing changed since\n');
  return 0;
}

/** A word diff as text, as git --word-diff=plain writes it: [-removed-]{+added+}. */
export function textDiff(before: string | null, after: string | null): string {
  if (before === null) return after === null ? '' : `{+${after}+}`;
  if (after === null) return `[-${before}-]`;
  return diffWordsWithSpace(before, after)
    .map((p) => (p.added ? `{+${p.value}+}` : p.removed ? `[-${p.value}-]` : p.value))
    .join('');
}

function parseStatus(value: string | undefined): SignoffStatus {
  if (value === undefined)
    throw new UserError(
      'review needs --status reviewed|approved|draft',
      'For example --status approved.',
    );
  if (SIGNOFF_STATUSES.includes(value as SignoffStatus)) return value as SignoffStatus;
  throw new UserError(
    `--status must be reviewed, approved or draft, not "${value}".${didYouMean(value, SIGNOFF_STATUSES)}`.replace(
      /\.$/,
      '',
    ),
    'For example --status approved; draft withdraws a sign-off.',
  );
}

function derivedNote(lang: Language, registry: Registry): string {
  const derived = registry.languages
    .filter((l) => l.derivedFrom?.code === lang.code)
    .map((l) => l.code);
  return derived.length > 0 ? `; ${derived.join(', ')} follows` : '';
}
