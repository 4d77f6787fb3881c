// context: what every phase of the build shares. The options and events of a build,
// and `prepare`, which reads the project once, writes the assets, and reads what
// earlier builds recorded, so that the phases after it touch the inputs no more.
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { type Diagnostic } from '../errors.ts';
import { type Language } from '../languages.ts';
import { listAssets, writeAssets } from '../io/assets.ts';
import { codeFingerprint } from '../io/fingerprint.ts';
import { readWordList } from '../io/spelling.ts';
import { loadProject, type Project } from '../io/project.ts';
import { createTranslator } from '../stages/merge.ts';
import { type StaleMode } from '../stages/render.ts';
import { type ManifestEdition } from '../stages/manifest.ts';
import type { SealOptions } from '../services/seal.ts';
import type { StagedSearch } from './search.ts';
import { readManifests, readRecords, shardDiagnostics, type RenderState } from './records.ts';
import { type LedgerLine } from '../stages/ledger.ts';
import { readReleases } from '../io/releases.ts';

/** Whatever can print an HTML file to PDF bytes: the Printer, or a test double. */
export interface PrintService {
  print(job: { htmlPath: string; allow: string; version?: string }): Promise<Uint8Array>;
  /** Start the browser in the background: the build has something to print. */
  warm?(): void;
}

/** A review or approval that lapsed since the last build, as the build names it. */
export interface Lapsed {
  lang: string;
  document: string;
  status: 'reviewed' | 'approved';
  by: string;
  date: string;
  /** The keys whose English or translation changed (empty lists: not on record). */
  english: string[];
  translation: string[];
  message: string;
}

export type BuildEvent =
  | { type: 'start'; editions: number; toPrint: number; withheld: number }
  | {
      type: 'edition';
      lang: string;
      document: string;
      result: 'printed' | 'unchanged' | 'failed';
      pages?: number;
      bytes?: number;
      breaks?: number;
      error?: string;
      done: number;
      total: number;
    }
  | { type: 'diagnostic'; diagnostic: Diagnostic }
  /** A review or approval lapsed since the last build (the text it was signed for changed). */
  | { type: 'lapse'; lapse: Lapsed }
  /** Every PDF of the build is printed (or failed): the browser is no longer needed. */
  | { type: 'printed'; printed: number; failed: number };

export interface BuildOptions {
  root: string;
  /** dist/ by default. */
  outDir?: string;
  /** Edition codes to build; all by default. */
  langs?: string[];
  printer: PrintService;
  onEvent?: (event: BuildEvent) => void;
  /** Seconds since 1970 for the PDFs' dates (SOURCE_DATE_EPOCH); the adoption date otherwise. */
  sourceDateEpoch?: number;
  /** Re-print every PDF even when its inputs did not change. */
  force?: boolean;
  /** Pages printed at once. */
  concurrency?: number;
  /** Build only the editions whose position modulo `count` is `index - 1` (1-based). */
  shard?: { index: number; count: number };
  /** Render and print nothing: merge the manifests already in dist/ into the distribution set. */
  indexOnly?: boolean;
  /** Stale segments: the outdated translation marked (default), or the English marked. */
  stale?: StaleMode;
  /** With `indexOnly`, publish even when a shard of the set is missing (a warning instead of an error). */
  allowPartial?: boolean;
  /** Absolute URL dist/ is published at (see parseBaseUrl): writes sitemap.xml and canonical links. */
  baseUrl?: string;
  /** Stop once the HTML editions and the reports are written: print nothing (the dev server). */
  htmlOnly?: boolean;
  /**
   * Where the internal reports go (coverage dashboard, review pages, hyphenation breaks):
   * reports/ beside the release by default; the dev server serves them from its own folder.
   */
  reportsDir?: string;
  /** Warnings keep an edition out of the release too (missing and stale segments included). */
  strict?: boolean;
  /** Publish editions that do not meet the publication policy (marked, as before the policy). */
  allowIncomplete?: boolean;
  /** The project as already read (the dev server checks it first); read from `root` otherwise. */
  project?: Project;
  /** Seal every PDF written, and sign SHA256SUMS (the dev server never seals). */
  seal?: SealOptions;
  /** A sealed build's identity without its key: a release asks the plan of that build again. */
  sealedAs?: string;
  /** Languages whose bilingual PDF (beside the authentic text) is printed: --bilingual. */
  bilingual?: string[];
}

/** An edition the build did not publish, and why. */
export interface Withheld {
  lang: string;
  document: string;
  /** 'error': a finding keeps it out (its published files, if any, stay as they were); 'policy': in preparation. */
  kind: 'error' | 'policy';
  reasons: string[];
}

export const PRODUCER = 'selec-editions (puppeteer, Chromium, pdf-lib)';
// Bump when the printing itself changes in a way that the HTML does not show.
export const PRINT_VERSION = '3';

/** Everything the phases share. */
export interface Context {
  options: BuildOptions;
  root: string;
  out: string;
  emit: (event: BuildEvent) => void;
  project: Project;
  langs: Language[];
  translator: ReturnType<typeof createTranslator>;
  diagnostics: Diagnostic[];
  /** Hash of the assets: part of every print key. */
  assetKey: string;
  /** Hash of what every edition shares: code, assets, registry, documents, options. */
  sharedKey: string;
  /** dist/manifest.json (and shards): candidates per "lang/document", checked against the files. */
  manifest: Map<string, ManifestEdition[]>;
  /** dist/.build-state.json: per "lang/document", the last rendering. */
  records: Map<string, RenderState>;
  /** The folder of the internal reports. */
  reports: string;
  /** The project word list: names the check rules accept in any script. */
  properNames: ReadonlySet<string>;
  /** Hyphenation exceptions per language code, as read by the plan. */
  exceptions: Map<string, string>;
  /** The releases of releases/ledger.jsonl, checked with their kept files. */
  releases: LedgerLine[];
  /** Files under dist/ this build printed besides the editions (bilingual PDFs): kept by publish. */
  extraFiles: string[];
  /** The search index, built while the browser prints (see build/search.ts). */
  search?: Promise<StagedSearch | undefined>;
}

/**
 * Reads the project, writes the assets (unless `writes` is false: a release only reads),
 * and reads what earlier builds recorded.
 */
export async function prepare(options: BuildOptions, writes = true): Promise<Context> {
  const root = resolve(options.root);
  const out = resolve(options.outDir ?? join(root, 'dist'));
  const emit = options.onEvent ?? (() => undefined);
  const project = options.project ?? (await loadProject(root));
  const langs: Language[] = options.langs
    ? project.registry.languages.filter((l) => options.langs?.includes(l.code))
    : [...project.registry.languages];
  // Findings about a language concern its editions (and those derived from it) only.
  const concerned = new Set(langs.flatMap((l) => [l.code, l.derivedFrom?.code ?? l.code]));
  const diagnostics: Diagnostic[] = project.diagnostics.filter(
    (d) => d.lang === undefined || concerned.has(d.lang),
  );
  for (const d of diagnostics) emit({ type: 'diagnostic', diagnostic: d });
  const assets = await listAssets(project.registry.languages.map((l) => l.script));
  const assetHash = createHash('sha256');
  for (const a of assets) assetHash.update(a.name).update(a.content);
  const assetKey = assetHash.digest('hex');
  if (writes) await writeAssets(join(out, 'assets'), assets);
  const sharedKey = await sharedInputs(project, options, assetKey);
  // What earlier builds (and, for --index-only, the shards) recorded: candidates, checked against the files below.
  const manifest = await readManifests(out, options.indexOnly === true, project.registry);
  if (options.indexOnly) {
    for (const d of await shardDiagnostics(out, options.allowPartial === true)) {
      diagnostics.push(d);
      emit({ type: 'diagnostic', diagnostic: d });
    }
  }
  const records = options.htmlOnly ? new Map<string, RenderState>() : await readRecords(out);
  return {
    options,
    root,
    out,
    reports: reportsFolder(options, root, out),
    emit,
    project,
    langs,
    translator: createTranslator(project.resources, project.registry),
    diagnostics,
    assetKey,
    sharedKey,
    manifest,
    records,
    properNames: new Set(await readWordList()),
    exceptions: new Map(),
    releases: options.htmlOnly ? [] : await readReleases(root),
    extraFiles: [],
  };
}

/** What every edition is made from besides its own texts: code, assets, registry, options. */
async function sharedInputs(
  project: Project,
  options: BuildOptions,
  assetKey: string,
): Promise<string> {
  const settings = [
    options.stale ?? null,
    options.baseUrl ?? null,
    options.sourceDateEpoch ?? null,
    project.policy.identifier,
    sealIdentity(options),
  ];
  return createHash('sha256')
    .update(PRINT_VERSION)
    .update(await codeFingerprint())
    .update(assetKey)
    .update(JSON.stringify(project.registry.languages))
    .update(JSON.stringify(project.documents.map((d) => [d.doc.id, d.doc.meta.title])))
    .update(JSON.stringify(settings))
    .digest('hex');
}

/** Who seals and how: a new seal certificate or a time-stamping authority re-seals every PDF. */
export function sealIdentity(options: BuildOptions): string | null {
  if (options.seal) return `${options.seal.key.fingerprint} ${options.seal.tsa ?? ''}`;
  return options.sealedAs ?? null;
}

/** A finding of the build: kept for its result and told to whoever follows it. */
export function report(ctx: Context, d: Diagnostic): void {
  ctx.diagnostics.push(d);
  ctx.emit({ type: 'diagnostic', diagnostic: d });
}

/**
 * Where the reports go: as asked; reports/ of the project beside its dist/; beside any
 * other release folder, "<folder>-reports" (never inside the release).
 */
function reportsFolder(options: BuildOptions, root: string, out: string): string {
  if (options.reportsDir) return resolve(options.reportsDir);
  return out === join(root, 'dist') ? join(root, 'reports') : `${out}-reports`;
}
