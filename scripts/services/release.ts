// release: publishes the editions of a document as they are now in dist/, for good.
// Refuses a build that is not current (the build's own plan decides), names editions
// that are stale or incomplete (released only with --force and a note), refuses a
// version that exists or comes before the last, then keeps every file byte for byte in
// releases/<document>/<version>/ and appends one hash-chained line to the ledger, under
// the build's lock: a second release, or a build, waits its turn.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { UserError } from '../errors.ts';
import { CODE_PATTERN, SOURCE_LANGUAGE } from '../languages.ts';
import { acquireLock } from '../io/lock.ts';
import { clearInterrupted, keepRelease, readLedger } from '../io/releases.ts';
import { type Project } from '../io/project.ts';
import { prepare, type PrintService } from '../build/context.ts';
import { planEditions, type Planned } from '../build/plan.ts';
import { readBuildSettings } from '../build/records.ts';
import { mergeAll } from '../stages/editions.ts';
import {
  LEDGER_FILE,
  releasesOf,
  sealRelease,
  VERSION_PATTERN,
  type Release,
  type ReleasedEdition,
} from '../stages/ledger.ts';
import { releasedName } from '../stages/versions.ts';
import { findDocument } from './signoff.ts';

/** The rule of a mistake in the request itself (exit 2), not a refusal of the release (exit 1). */
export const USAGE = 'release-usage';

export interface ReleaseRequest {
  root: string;
  document: string;
  version: string;
  /** Edition codes; every edition published in dist/ by default. */
  langs?: string[];
  note?: string;
  corrigendumOf?: string;
  force?: boolean;
  /** The day of the release (YYYY-MM-DD). */
  today: string;
  /** Runs just before the release is committed (tests interrupt it here). */
  beforeCommit?: () => Promise<void> | void;
}

/** Releases one document's editions; returns the ledger line written. */
export async function releaseDocument(req: ReleaseRequest, project: Project): Promise<Release> {
  checkRequest(req);
  const { doc } = findDocument(project, req.document);
  const out = join(req.root, 'dist');
  const unlock = await acquireLock(out, 'dist');
  try {
    const { lines, errors, text } = await readLedger(req.root);
    if (errors[0])
      throw new UserError(errors[0].message, errors[0].hint ?? '', errors[0].location, {
        rule: 'ledger-tampered',
      });
    const earlier = releasesOf(lines, doc.id);
    checkVersion(req, earlier, lines);
    await clearInterrupted(req.root, req);
    const planned = await currentEditions(req, project);
    const files = new Map<string, Uint8Array>();
    const editions: ReleasedEdition[] = [];
    for (const p of planned) editions.push(await releasedEdition(p, out, files));
    const assets = await assetFiles(out, files);
    const release = sealRelease(
      {
        document: doc.id,
        version: req.version,
        date: req.today,
        ...(req.note ? { note: req.note } : {}),
        ...(req.corrigendumOf ? { corrigendumOf: req.corrigendumOf } : {}),
        ...(await gitState(req.root)),
        ...(req.force ? { forced: true } : {}),
        editions,
        assets,
      },
      lines.at(-1)?.release,
    );
    await keepRelease(req.root, release, files, text, req.beforeCommit);
    return release;
  } finally {
    await unlock();
  }
}

/** The request itself: a version that is a date, a document id the build can host, a note where one is needed. */
export function checkRequest(req: Omit<ReleaseRequest, 'today' | 'root'>): void {
  if (!VERSION_PATTERN.test(req.version))
    throw new UserError(
      `--version must be a date, YYYY-MM-DD, not "${req.version}"`,
      'A version is named by the day its text is released as, e.g. --version 2026-12-06.',
    );
  if (CODE_PATTERN.test(req.document) || ['assets', 'shards'].includes(req.document))
    throw new UserError(
      `a document named "${req.document}" cannot be released: dist/${req.document}/ is a folder of the build`,
      'Give the document an id that is not a language code (id: in its front matter).',
    );
  if (req.corrigendumOf !== undefined && !req.note)
    throw new UserError(
      '--corrigendum-of needs --note "…" that says what it corrects',
      'For example --corrigendum-of 2026-11-02 --note "Article 3: the date of entry into force".',
    );
  if (req.force && !req.note)
    throw new UserError(
      '--force needs --note "…" that says why stale or incomplete editions are released',
      'For example --force --note "Greek under revision; released for the meeting of 12 December".',
    );
}

/** A version not released yet, after the last one, correcting one that exists. */
function checkVersion(
  req: ReleaseRequest,
  earlier: readonly Release[],
  lines: Awaited<ReturnType<typeof readLedger>>['lines'],
): void {
  const same = lines.find(
    (l) => l.release.document === req.document && l.release.version === req.version,
  );
  if (same)
    throw new UserError(
      `${req.document} ${req.version} is already released (on ${same.release.date}); a release is never changed or released again`,
      `A correction is a new release: --version <a later date> --corrigendum-of ${req.version} --note "what it corrects".`,
      { file: LEDGER_FILE, line: same.line },
      { rule: 'release-exists' },
    );
  const last = earlier.at(-1);
  if (last && last.version > req.version)
    throw new UserError(
      `${req.document} ${req.version} would come before the last release, ${last.version}`,
      `Name a version after ${last.version}.`,
      { file: LEDGER_FILE },
    );
  if (req.corrigendumOf !== undefined && !earlier.some((r) => r.version === req.corrigendumOf))
    throw new UserError(
      `--corrigendum-of ${req.corrigendumOf}: ${req.document} has no such release`,
      `Name one of: ${earlier.map((r) => r.version).join(', ') || '(none yet)'}.`,
      { file: LEDGER_FILE },
      { rule: USAGE },
    );
}

/**
 * The editions to release, each as current in dist/ as the build's plan sees it: the
 * same inputs as its last build and its files on disk as recorded. Anything else refuses.
 */
async function currentEditions(req: ReleaseRequest, project: Project): Promise<Planned[]> {
  // The last build's own settings (stale mode, base URL, dates): its plan, asked again.
  const { seal, ...settings } = await readBuildSettings(join(req.root, 'dist'));
  const ctx = await prepare(
    {
      root: req.root,
      printer: NO_PRINTER,
      project,
      ...settings,
      ...(seal !== undefined ? { sealedAs: seal } : {}),
    },
    false,
  );
  const langs =
    req.langs ?? project.registry.codes.filter((c) => ctx.manifest.has(`${c}/${req.document}`));
  if (!langs.includes(SOURCE_LANGUAGE))
    throw new UserError(
      `the authentic English edition of ${req.document} must be released with the others`,
      ctx.manifest.has(`${SOURCE_LANGUAGE}/${req.document}`)
        ? 'Add en to --lang.'
        : 'Build it first: npm run build.',
    );
  const editions = mergeAll(project, project.registry.languages, ctx.translator).filter(
    (e) => e.doc.id === req.document && langs.includes(e.lang.code),
  );
  const planned = await planEditions(ctx, editions);
  const old = planned.filter((p) => !p.reused).map((p) => `dist/${relative(ctx.out, p.htmlPath)}`);
  if (old.length > 0)
    throw new UserError(
      `the build is not current: ${old.join(', ')} ${old.length === 1 ? 'is' : 'are'} missing or out of date with their sources`,
      'Run npm run build first (with the options you publish with), then release what it published.',
      { file: old[0] ?? 'dist' },
      { rule: 'release-not-current' },
    );
  const weak = planned.filter((p) => p.edition.counts.stale + p.edition.counts.missing > 0);
  if (weak.length > 0 && !req.force)
    throw new UserError(
      `not released: ${weak.map((p) => `${p.id} (${p.edition.counts.stale} stale, ${p.edition.counts.missing} missing segments)`).join(', ')}`,
      'Bring the translations up to date and build again; or release them as they are with --force --note "why", or leave them out with --lang.',
      { file: `translations/${weak[0]?.edition.lang.code ?? ''}/${req.document}.json` },
      { rule: 'release-stale' },
    );
  return planned;
}

const NO_PRINTER: PrintService = {
  print: () => Promise.reject(new Error('internal: a release prints nothing')),
};

/** One edition's files read from dist/ (HTML, PDF, XML) and its segment texts, with their hashes. */
async function releasedEdition(
  p: Planned,
  out: string,
  files: Map<string, Uint8Array>,
): Promise<ReleasedEdition> {
  const { lang, doc, segments, counts } = p.edition;
  const entry = p.reused?.entry;
  const own: Record<string, string> = {};
  const add = (ext: string, bytes: Uint8Array): void => {
    const name = releasedName(lang.code, doc.id, ext);
    files.set(name, bytes);
    own[name] = sha256(bytes);
  };
  add('html', await readFile(p.htmlPath));
  add('pdf', await readFile(p.pdfPath));
  if (entry?.xml) add('akn.xml', await readFile(join(out, entry.xml)));
  const texts = Object.fromEntries([...segments.values()].map((s) => [s.key, s.text]));
  add('segments.json', Buffer.from(`${JSON.stringify(texts, null, 2)}\n`));
  return {
    lang: lang.code,
    status: entry?.status ?? 'original',
    ...(entry?.legalStatus ? { legalStatus: entry.legalStatus } : {}),
    percent: entry?.percent ?? 100,
    stale: counts.stale,
    missing: counts.missing,
    signoff: entry?.review ?? null,
    ...(entry?.seal ? { seal: entry.seal } : {}),
    files: own,
  };
}

/** dist/assets/ as the HTML uses it (stylesheets, fonts), kept with the release. */
async function assetFiles(
  out: string,
  files: Map<string, Uint8Array>,
): Promise<Record<string, string>> {
  const assets: Record<string, string> = {};
  const entries = await readdir(join(out, 'assets'), { recursive: true, withFileTypes: true });
  const names = entries
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => relative(out, join(e.parentPath, e.name)))
    .sort();
  for (const name of names) {
    const bytes = await readFile(join(out, name));
    files.set(name, bytes);
    assets[name] = sha256(bytes);
  }
  return assets;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The project's git commit and whether its files differ from it (null outside a repository). */
async function gitState(root: string): Promise<{ commit: string | null; dirty: boolean }> {
  const run = promisify(execFile);
  try {
    const head = (await run('git', ['rev-parse', 'HEAD'], { cwd: root })).stdout.trim();
    const status = await run('git', ['status', '--porcelain', '--', 'source', 'translations'], {
      cwd: root,
    });
    return { commit: head, dirty: status.stdout.trim() !== '' };
  } catch {
    return { commit: null, dirty: false };
  }
}
