// build: the one orchestrator. Reads the project once, merges and renders every
// edition, prints the PDFs that changed on one browser, writes dist/ atomically.
import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { UserError, type Diagnostic } from './errors.ts';
import { CODE_PATTERN, SOURCE_LANGUAGE, type Language, type Registry } from './languages.ts';
import { ID_PATTERN } from './stages/parse.ts';
import { listAssets, writeAssets } from './io/assets.ts';
import {
  clearLeftovers,
  commit,
  discardStaged,
  inside,
  listFiles,
  promote,
  stagedPath,
  writeAtomic,
  writeIfChanged,
} from './io/files.ts';
import { acquireLock } from './io/lock.ts';
import { DEFAULT_CONCURRENCY } from './io/browser.ts';
import { codeFingerprint } from './io/fingerprint.ts';
import { hyphenatorFor, readExceptionsText } from './io/hyphenation.ts';
import { readIcc } from './io/icc.ts';
import { readWordList } from './io/spelling.ts';
import { breakReportPath, renderBreakReport } from './stages/break-report.ts';
import { loadProject, type Project } from './io/project.ts';
import { createTranslator, metaText, type Counts, type Edition } from './stages/merge.ts';
import {
  computeCoverage,
  percent,
  coverageBadge,
  renderDashboard,
  renderReviewPage,
} from './stages/report.ts';
import {
  renderEdition,
  editionFile,
  signoffParts,
  type ReviewStatus,
  type StaleMode,
} from './stages/render.ts';
import { type CurrentSignoff } from './stages/signoff.ts';
import { renderIndex, type IndexEntry } from './stages/render-index.ts';
import { renderSitemap } from './stages/sitemap.ts';
import { bundleZip } from './stages/bundle.ts';
import { sha256Sums, type Manifest, type ManifestEdition } from './stages/manifest.ts';
import { missingShards } from './stages/shards.ts';
import { editionState, mergeAll, signoffOf } from './stages/editions.ts';
import { blockedEditions, sourceFindings, translationFindings, uiFindings } from './stages/gate.ts';
import { heldBack, policyOf } from './stages/policy.ts';
import { trace } from './io/trace.ts';

/** Whatever can print an HTML file to PDF bytes: the Printer, or a test double. */
export interface PrintService {
  print(job: { htmlPath: string; allow: string; version?: string }): Promise<Uint8Array>;
  /** Start the browser in the background: the build has something to print. */
  warm?(): void;
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
}

export interface EditionResult {
  lang: string;
  document: string;
  counts: Counts;
  status: ReviewStatus | 'original';
  ok: boolean;
}

/** An edition the build did not publish, and why. */
export interface Withheld {
  lang: string;
  document: string;
  /** 'error': a finding keeps it out (its published files, if any, stay as they were); 'policy': in preparation. */
  kind: 'error' | 'policy';
  reasons: string[];
}

export interface BuildResult {
  editions: EditionResult[];
  /** Editions not published this time, and why. */
  withheld: Withheld[];
  printed: number;
  failed: number;
  diagnostics: Diagnostic[];
  /** dist/sitemap.xml was written (only with a base URL). */
  sitemap: boolean;
}

export const BUNDLE = 'selec-editions.zip';
export const PRODUCER = 'selec-editions (puppeteer, Chromium, pdf-lib)';
// Bump when the printing itself changes in a way that the HTML does not show.
const PRINT_VERSION = '2';

/**
 * Builds every edition of every document (or those of `langs`) into dist/: one build at a
 * time per folder (a lock naming the holder's pid). Each edition's HTML and PDF are
 * prepared beside their places and moved in together, with the distribution set, at the
 * end: an interrupted or failed build leaves every edition and the set at one version.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  // The dev server's HTML pass writes pages only, into its own folder, beside that
  // server's own print build: no release to keep consistent, so no lock.
  if (options.htmlOnly) return buildLocked(options);
  const out = resolve(options.outDir ?? join(resolve(options.root), 'dist'));
  const release = await acquireLock(out);
  try {
    await clearLeftovers(out);
    return await buildLocked(options);
  } finally {
    discardStaged();
    await release();
  }
}

/** What the last build recorded of an edition it rendered: enough to skip rendering it again. */
interface EditionRecord {
  /** Hash of everything the edition is made from (see editionInputs). */
  inputs: string;
  /** The print key of the page rendered from them (the manifest entry's `key`). */
  key: string;
  /** sha256 of the HTML written. */
  html: string;
  /** What rendering said (removed HTML, …): said again when the rendering is skipped. */
  diagnostics: Diagnostic[];
}

/** Everything the phases share. */
interface Context {
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
  records: Map<string, EditionRecord>;
  /** The folder of the internal reports. */
  reports: string;
  /** The project word list: names the check rules accept in any script. */
  properNames: ReadonlySet<string>;
  /** Hyphenation exceptions per language code, as read by the plan. */
  exceptions: Map<string, string>;
}

/** One edition as planned: merged, signed off, and the last build's outputs when they still hold. */
interface Planned {
  edition: Edition;
  id: string;
  signoff: CurrentSignoff | undefined;
  inputs: string;
  htmlPath: string;
  pdfPath: string;
  /** The last build's outputs are of exactly these inputs and are on disk: nothing to render. */
  reused?: { entry: ManifestEdition; record: EditionRecord };
}

interface PrintJob {
  planned: Planned;
  record: EditionRecord;
  stagedHtml: string;
  stagedPdf: string;
}

interface Printed {
  ready: Array<{ job: PrintJob; entry: ManifestEdition }>;
  printed: number;
  failed: Set<string>;
}

export const BUILD_STATE = '.build-state.json';

/**
 * The phases: plan (what changed since the last build, from the inputs alone), render
 * and print (one pipeline: each page goes to the browser as soon as it is rendered), and
 * publish (each edition's files moved in, then the distribution set).
 */
async function buildLocked(options: BuildOptions): Promise<BuildResult> {
  trace('build: start');
  const ctx = await prepare(options);
  trace('build: project read');
  const { project, langs, emit } = ctx;
  const merged = mergeAll(project, langs, ctx.translator);
  const shard = options.shard;
  const mine = options.indexOnly
    ? []
    : shard
      ? merged.filter((_, i) => i % shard.count === shard.index - 1)
      : merged;
  const withheld = options.htmlOnly ? [] : judge(ctx, mine);
  const held = new Set(withheld.map((w) => `${w.lang}/${w.document}`));
  const plan = await planEditions(
    ctx,
    mine.filter((e) => !held.has(`${e.lang.code}/${e.doc.id}`)),
  );
  const toRender = plan.filter((p) => !p.reused);
  trace(`build: planned, ${toRender.length} of ${plan.length} to render`);
  // Launching Chromium takes about a second: overlap it with rendering.
  if (!options.htmlOnly && toRender.length > 0) options.printer.warm?.();
  for (const p of plan) if (p.reused) reuse(ctx, p);
  const all =
    langs.length === project.registry.languages.length
      ? merged
      : mergeAll(project, project.registry.languages, ctx.translator);
  if (!options.htmlOnly)
    emit({
      type: 'start',
      editions: plan.length + withheld.length,
      toPrint: toRender.length,
      withheld: withheld.length,
    });
  const outcome = await renderAndPrint(ctx, toRender, plan.length - toRender.length, () =>
    writeReports(ctx, all),
  );
  const results: EditionResult[] = plan.map((p) => ({
    lang: p.edition.lang.code,
    document: p.edition.doc.id,
    counts: p.edition.counts,
    status: p.signoff?.effective ?? 'original',
    ok: !outcome.failed.has(p.id),
  }));
  if (options.htmlOnly)
    return {
      editions: results,
      withheld,
      printed: 0,
      failed: 0,
      diagnostics: ctx.diagnostics,
      sitemap: false,
    };
  emit({ type: 'printed', printed: outcome.printed, failed: outcome.failed.size });
  const printedIds = new Set(outcome.ready.map((r) => r.job.planned.id));
  for (const p of plan)
    if (!printedIds.has(p.id) && !outcome.failed.has(p.id))
      emit({
        type: 'edition',
        lang: p.edition.lang.code,
        document: p.edition.doc.id,
        result: 'unchanged',
        done: plan.length,
        total: plan.length,
      });
  trace('build: printed');
  const sitemap = await publish(ctx, outcome, mine, all, withheld);
  trace('build: published');
  return {
    editions: results,
    withheld,
    printed: outcome.printed,
    failed: outcome.failed.size,
    diagnostics: ctx.diagnostics,
    sitemap,
  };
}

/**
 * Where the reports go: as asked; reports/ of the project beside its dist/; beside any
 * other release folder, "<folder>-reports" (never inside the release).
 */
function reportsFolder(options: BuildOptions, root: string, out: string): string {
  if (options.reportsDir) return resolve(options.reportsDir);
  return out === join(root, 'dist') ? join(root, 'reports') : `${out}-reports`;
}

/** Reads the project, writes the assets, and reads what earlier builds recorded. */
async function prepare(options: BuildOptions): Promise<Context> {
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
  const assets = await listAssets();
  const assetHash = createHash('sha256');
  for (const a of assets) assetHash.update(a.name).update(a.content);
  const assetKey = assetHash.digest('hex');
  await writeAssets(join(out, 'assets'), assets);
  const sharedKey = createHash('sha256')
    .update(PRINT_VERSION)
    .update(await codeFingerprint())
    .update(assetKey)
    .update(JSON.stringify(project.registry.languages))
    .update(JSON.stringify(project.documents.map((d) => [d.doc.id, d.doc.meta.title])))
    .update(
      JSON.stringify([
        options.stale ?? null,
        options.baseUrl ?? null,
        options.sourceDateEpoch ?? null,
      ]),
    )
    .digest('hex');
  // What earlier builds (and, for --index-only, the shards) recorded: candidates, checked against the files below.
  const manifest = await readManifests(out, options.indexOnly === true, project.registry);
  if (options.indexOnly) {
    for (const d of await shardDiagnostics(out, options.allowPartial === true)) {
      diagnostics.push(d);
      emit({ type: 'diagnostic', diagnostic: d });
    }
  }
  const records = options.htmlOnly ? new Map<string, EditionRecord>() : await readRecords(out);
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
  };
}

/**
 * The gate, before anything is rendered: every finding about the editions of this build
 * (their English, their translation), then which editions are not published. An edition
 * with an error (with --strict, a warning) keeps its published files as they were; one
 * that does not meet the publication policy is "in preparation" and leaves the release.
 */
function judge(ctx: Context, mine: readonly Edition[]): Withheld[] {
  const { project, options } = ctx;
  const found: Diagnostic[] = [...ctx.diagnostics];
  const say = (d: Diagnostic): void => {
    report(ctx, d);
    found.push(d);
  };
  for (const { doc, segmented } of project.documents)
    if (mine.some((e) => e.doc.id === doc.id))
      for (const d of sourceFindings(doc, segmented)) say(d);
  for (const lang of new Set(mine.map((e) => e.lang)))
    for (const d of uiFindings(
      lang,
      project.resources[lang.code]?.['ui'] ?? {},
      project.resources[SOURCE_LANGUAGE]?.['ui'] ?? {},
      {
        file: `translations/${lang.code}/ui.json`,
        lines: project.keyLines[lang.code]?.['ui'] ?? {},
        properNames: ctx.properNames,
      },
    ))
      say(d);
  for (const edition of mine) for (const d of editionFindings(ctx, edition)) say(d);
  const blocked = blockedEditions(
    mine.map((e) => ({ lang: e.lang, document: e.doc.id })),
    found,
    options.strict === true,
  );
  const out: Withheld[] = [];
  for (const edition of mine) {
    const id = `${edition.lang.code}/${edition.doc.id}`;
    const errors = blocked.get(id);
    const base = { lang: edition.lang.code, document: edition.doc.id };
    if (errors) {
      const rules = [...new Set(errors.map((d) => d.rule ?? d.severity))];
      out.push({ ...base, kind: 'error', reasons: rules });
      continue;
    }
    if (options.allowIncomplete) continue;
    const signoff = signoffOf(project, edition.lang.code, edition.doc.id);
    const reasons = heldBack(edition, signoff, policyOf(project.policy, edition.doc.id));
    if (reasons.length > 0) out.push({ ...base, kind: 'policy', reasons });
  }
  for (const w of out) if (w.kind === 'policy') ctx.manifest.delete(`${w.lang}/${w.document}`);
  return out;
}

/** The findings about one edition's translation, and what --strict adds: missing and stale segments. */
function editionFindings(ctx: Context, edition: Edition): Diagnostic[] {
  const { project } = ctx;
  const { lang, doc } = edition;
  const own = lang.derivedFrom?.code ?? lang.code;
  const id = `${lang.code}/${doc.id}`;
  const file = `translations/${own}/${doc.id}.json`;
  const out: Diagnostic[] = [];
  if (lang.code !== SOURCE_LANGUAGE && !lang.derivedFrom && !project.resources[own]?.[doc.id]) {
    // A published edition whose translation file is gone would turn English: a mistake.
    if (ctx.manifest.has(id))
      out.push({
        severity: 'error',
        rule: 'translation-file-missing',
        message: `${file} is missing: the published ${lang.englishName} edition would be English only`,
        hint: `Restore it (git checkout -- ${file}); to withdraw the edition, remove its entry from the registry instead.`,
        location: { file },
        lang: lang.code,
        document: doc.id,
      });
    return out;
  }
  out.push(
    ...translationFindings(edition, {
      file,
      lines: project.keyLines[own]?.[doc.id] ?? {},
      records: project.records[own]?.[doc.id] ?? {},
      properNames: ctx.properNames,
    }),
  );
  if (ctx.options.strict) out.push(...incompleteFindings(edition, file));
  return out;
}

/** Under --strict: segments still in English, or translated from an older English, as warnings. */
function incompleteFindings(edition: Edition, file: string): Diagnostic[] {
  const keys = (status: string) =>
    [...edition.segments.values()].filter((s) => s.status === status).map((s) => s.key);
  const base = { severity: 'warning' as const, lang: edition.lang.code, document: edition.doc.id };
  const out: Diagnostic[] = [];
  const missing = keys('missing');
  if (missing.length > 0)
    out.push({
      ...base,
      rule: 'missing-translation',
      message: `${missing.length} segment${missing.length === 1 ? '' : 's'} shown in English: ${missing.join(', ')}`,
      location: { file },
    });
  const stale = keys('stale');
  if (stale.length > 0)
    out.push({
      ...base,
      rule: 'stale-translation',
      message: `${stale.length} segment${stale.length === 1 ? '' : 's'} translated from an older English: ${stale.join(', ')}`,
      location: { file },
    });
  return out;
}

/** Each edition with its inputs' hash; those whose last outputs are of the same inputs and intact are reused. */
async function planEditions(ctx: Context, mine: Edition[]): Promise<Planned[]> {
  const plan: Planned[] = [];
  for (const edition of mine) {
    const { lang, doc } = edition;
    const id = `${lang.code}/${doc.id}`;
    const signoff = signoffOf(ctx.project, lang.code, doc.id);
    const inputs = editionInputs(ctx, edition);
    const htmlPath = inside(ctx.out, join(lang.code, editionFile(doc.id, 'html')));
    const pdfPath = inside(ctx.out, join(lang.code, editionFile(doc.id, 'pdf')));
    const planned: Planned = { edition, id, signoff, inputs, htmlPath, pdfPath };
    const record = ctx.records.get(id);
    const entry = record && (ctx.manifest.get(id) ?? []).find((e) => e.key === record.key);
    if (
      !ctx.options.force &&
      !ctx.options.htmlOnly &&
      record?.inputs === inputs &&
      entry &&
      (await fileSha(pdfPath)) === entry.sha256 &&
      (await fileSha(htmlPath)) === record.html
    )
      planned.reused = { entry, record };
    plan.push(planned);
  }
  return plan;
}

/**
 * Everything one edition's page and PDF are made from, besides what all editions share:
 * the document, the translations and interface strings of its language and of English
 * (the fallback), the record of what was translated from, the sign-offs, the exceptions.
 */
function editionInputs(ctx: Context, edition: Edition): string {
  const { lang, doc } = edition;
  const { resources, records, signoffs } = ctx.project;
  const own = lang.derivedFrom?.code ?? lang.code;
  const strings = (code: string) => [
    resources[code]?.['ui'] ?? null,
    resources[code]?.[doc.id] ?? null,
  ];
  return createHash('sha256')
    .update(ctx.sharedKey)
    .update(JSON.stringify(lang))
    .update(JSON.stringify(doc))
    .update(
      JSON.stringify([
        strings(lang.code),
        strings(SOURCE_LANGUAGE),
        records[lang.code]?.[doc.id] ?? null,
        signoffs[own] ?? [],
      ]),
    )
    .update(exceptionsOf(ctx, lang))
    .digest('hex');
}

/** A language's hyphenation exceptions, read once a build (not once per document). */
function exceptionsOf(ctx: Context, lang: Language): string {
  let text = ctx.exceptions.get(lang.code);
  if (text === undefined) {
    text = readExceptionsText(ctx.root, lang).text;
    ctx.exceptions.set(lang.code, text);
  }
  return text;
}

/** An edition whose outputs stand: its manifest entry follows today's sign-off and coverage; what rendering said is said again. */
function reuse(ctx: Context, p: Planned): void {
  if (!p.reused) return;
  for (const d of p.reused.record.diagnostics) report(ctx, d);
  ctx.manifest.set(p.id, [{ ...p.reused.entry, ...editionState(p.edition, p.signoff) }]);
}

function report(ctx: Context, d: Diagnostic): void {
  ctx.diagnostics.push(d);
  ctx.emit({ type: 'diagnostic', diagnostic: d });
}

/**
 * Renders the editions one by one and prints each as soon as it is rendered, on as
 * many workers as twice the browser's pages: while one finalizes a PDF in Node, another
 * already prints. `afterRender` runs once every page is rendered, beside the printing.
 */
async function renderAndPrint(
  ctx: Context,
  toRender: Planned[],
  alreadyDone: number,
  afterRender: () => Promise<void>,
): Promise<Printed> {
  const outcome: Printed = { ready: [], printed: 0, failed: new Set() };
  const queue: PrintJob[] = [];
  let rendering = true;
  const waiting: Array<() => void> = [];
  const wake = (): void => {
    for (const w of waiting.splice(0)) w();
  };
  const progress = { done: alreadyDone, total: alreadyDone + toRender.length };
  let aborted = false;
  const next = async (): Promise<PrintJob | undefined> => {
    while (queue.length === 0 && rendering) await new Promise<void>((r) => waiting.push(r));
    return queue.shift();
  };
  const worker = async (): Promise<void> => {
    for (let job = await next(); job && !aborted; job = await next()) {
      try {
        await printJob(ctx, job, outcome, progress);
      } catch (err) {
        aborted = true;
        throw err;
      }
    }
  };
  const workers = ctx.options.htmlOnly
    ? []
    : Array.from(
        {
          length: Math.max(
            1,
            Math.min(2 * (ctx.options.concurrency ?? DEFAULT_CONCURRENCY), toRender.length),
          ),
        },
        worker,
      );
  const producer = (async () => {
    try {
      for (const p of toRender) {
        if (aborted) break;
        const job = await renderOne(ctx, p, progress);
        trace(`build: rendered ${p.id}`);
        if (job) {
          queue.push(job);
          wake();
        }
        // Let the browser's messages through between pages.
        await new Promise<void>((r) => setImmediate(r));
      }
    } finally {
      rendering = false;
      wake();
    }
    // Load the PDF post-processing while the browser prints, not after.
    if (!ctx.options.htmlOnly && toRender.length > 0) await import('./stages/finalize-pdf.ts');
    await afterRender();
  })();
  const settled = await Promise.allSettled([producer, ...workers]);
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) throw failure.reason;
  return outcome;
}

/** Renders one edition: unchanged (its PDF already printed from this very page), HTML only, or a print job. */
async function renderOne(
  ctx: Context,
  p: Planned,
  progress: { done: number; total: number },
): Promise<PrintJob | undefined> {
  const { edition, signoff } = p;
  const { options } = ctx;
  const rendered = renderEdition(edition, {
    hyphenate: hyphenatorFor(edition.lang, ctx.root),
    ...(signoff ? { signoff } : {}),
    ...(options.stale ? { stale: options.stale } : {}),
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
  });
  for (const d of rendered.diagnostics) report(ctx, d);
  // Everything the PDF is made of: the page, its assets, and the metadata written after printing.
  const key = createHash('sha256')
    .update(PRINT_VERSION)
    .update(ctx.assetKey)
    .update(rendered.html)
    .update(JSON.stringify(pdfMetadata(edition, options.sourceDateEpoch, signoff)))
    .digest('hex');
  const record: EditionRecord = {
    inputs: p.inputs,
    key,
    html: createHash('sha256').update(rendered.html).digest('hex'),
    diagnostics: rendered.diagnostics,
  };
  const known = (ctx.manifest.get(p.id) ?? []).find((e) => e.key === key);
  if (
    options.htmlOnly ||
    (!options.force && known && (await fileSha(p.pdfPath)) === known.sha256)
  ) {
    // The PDF on disk was printed from exactly this page: the HTML belongs with it.
    await writeIfChanged(p.htmlPath, rendered.html);
    if (known && !options.htmlOnly) {
      ctx.manifest.set(p.id, [{ ...known, ...editionState(edition, signoff) }]);
      ctx.records.set(p.id, record);
      progress.done++; // reported as unchanged with the others, once printing is over
    }
    return undefined;
  }
  const stagedHtml = stagedPath(p.htmlPath);
  await writeAtomic(stagedHtml, rendered.html);
  return { planned: p, record, stagedHtml, stagedPdf: stagedPath(p.pdfPath) };
}

/** Prints, finalizes and stages one PDF; a second failure marks the edition failed. No browser at all stops the build. */
async function printJob(
  ctx: Context,
  job: PrintJob,
  outcome: Printed,
  progress: { done: number; total: number },
): Promise<void> {
  const { edition, signoff } = job.planned;
  const { options, out } = ctx;
  let lastError: unknown;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const raw = await options.printer.print({
        htmlPath: job.stagedHtml,
        allow: out,
        version: ctx.assetKey,
      });
      const { finalizePdf } = await import('./stages/finalize-pdf.ts');
      const pdf = await finalizePdf(raw, pdfMetadata(edition, options.sourceDateEpoch, signoff), {
        icc: await readIcc(),
      });
      await writeAtomic(job.stagedPdf, pdf.bytes);
      await writeIfChanged(
        inside(ctx.reports, breakReportPath(edition.lang.code, edition.doc.id)),
        renderBreakReport(edition.lang.code, edition.doc.id, pdf.breaks),
      );
      const entry: ManifestEdition = {
        lang: edition.lang.code,
        document: edition.doc.id,
        html: `${edition.lang.code}/${editionFile(edition.doc.id, 'html')}`,
        pdf: `${edition.lang.code}/${editionFile(edition.doc.id, 'pdf')}`,
        bytes: pdf.bytes.length,
        sha256: createHash('sha256').update(pdf.bytes).digest('hex'),
        pages: pdf.pages,
        ...editionState(edition, signoff),
        key: job.record.key,
      };
      outcome.ready.push({ job, entry });
      outcome.printed++;
      ctx.emit({
        type: 'edition',
        lang: edition.lang.code,
        document: edition.doc.id,
        result: 'printed',
        pages: pdf.pages,
        bytes: pdf.bytes.length,
        breaks: pdf.breaks.length,
        done: ++progress.done,
        total: progress.total,
      });
      return;
    } catch (err) {
      if (err instanceof UserError) throw err;
      lastError = err;
    }
  }
  outcome.failed.add(job.planned.id);
  discardStaged([job.stagedHtml, job.stagedPdf]);
  ctx.emit({
    type: 'edition',
    lang: edition.lang.code,
    document: edition.doc.id,
    result: 'failed',
    error: (lastError as Error)?.message ?? String(lastError),
    done: ++progress.done,
    total: progress.total,
  });
}

/** Moves each printed edition's page and PDF in together, then writes the set that describes them and the build state. */
async function publish(
  ctx: Context,
  outcome: Printed,
  mine: Edition[],
  all: Edition[],
  withheld: Withheld[],
): Promise<boolean> {
  const { out, options } = ctx;
  return commit(async () => {
    for (const { job, entry } of outcome.ready) {
      await promote([
        [job.stagedHtml, job.planned.htmlPath],
        [job.stagedPdf, job.planned.pdfPath],
      ]);
      ctx.manifest.set(job.planned.id, [entry]);
      ctx.records.set(job.planned.id, job.record);
    }
    const sitemap = await writeDistribution({
      out,
      project: ctx.project,
      manifest: ctx.manifest,
      mine,
      all,
      withheld,
      coverageHref: ctx.reports === out ? 'coverage/index.html' : undefined,
      translator: ctx.translator,
      diagnostics: ctx.diagnostics,
      emit: ctx.emit,
      baseUrl: options.baseUrl,
      ...(options.shard ? { shard: options.shard } : {}),
      ...(options.sourceDateEpoch !== undefined
        ? { sourceDateEpoch: options.sourceDateEpoch }
        : {}),
    });
    if (!options.indexOnly) await writeRecords(out, ctx.records);
    return sitemap;
  });
}

/** dist/.build-state.json as a map; none (everything is rendered) when it is missing or unreadable. */
async function readRecords(out: string): Promise<Map<string, EditionRecord>> {
  try {
    const data = JSON.parse(await readFile(join(out, BUILD_STATE), 'utf8')) as {
      version?: unknown;
      editions?: Record<string, EditionRecord>;
    };
    if (data.version !== 1 || typeof data.editions !== 'object' || data.editions === null)
      return new Map();
    return new Map(
      Object.entries(data.editions).filter(
        ([, r]) =>
          typeof r?.inputs === 'string' &&
          typeof r.key === 'string' &&
          typeof r.html === 'string' &&
          Array.isArray(r.diagnostics),
      ),
    );
  } catch {
    return new Map();
  }
}

async function writeRecords(out: string, records: Map<string, EditionRecord>): Promise<void> {
  const editions = Object.fromEntries([...records].sort(([a], [b]) => a.localeCompare(b)));
  await writeIfChanged(join(out, BUILD_STATE), `${JSON.stringify({ version: 1, editions })}\n`);
}

interface DistributionInput {
  out: string;
  project: Project;
  manifest: Map<string, ManifestEdition[]>;
  mine: Edition[];
  /** Every edition of every language, for the coverage the index shows. */
  all: Edition[];
  /** Editions this build did not publish, and why. */
  withheld: Withheld[];
  /** The coverage dashboard's address from the index, when the reports share its folder. */
  coverageHref: string | undefined;
  translator: ReturnType<typeof createTranslator>;
  baseUrl: string | undefined;
  diagnostics: Diagnostic[];
  emit: (event: BuildEvent) => void;
  shard?: { index: number; count: number };
  sourceDateEpoch?: number;
}

/**
 * The distribution set: manifest, checksums, zip, download page. Only PDFs that are on
 * disk with the recorded checksum are listed; a record that lies is dropped.
 */
async function writeDistribution({
  out,
  project,
  manifest,
  mine,
  all,
  withheld,
  coverageHref,
  translator,
  diagnostics,
  emit,
  baseUrl,
  shard,
  sourceDateEpoch,
}: DistributionInput): Promise<boolean> {
  const editions: ManifestEdition[] = [];
  const pdfs: Array<{ name: string; bytes: Uint8Array }> = [];
  for (const { doc } of project.documents) {
    for (const lang of project.registry.languages) {
      const candidates = manifest.get(`${lang.code}/${doc.id}`) ?? [];
      if (candidates.length === 0) continue;
      const bytes = await readFile(inside(out, join(lang.code, editionFile(doc.id, 'pdf')))).catch(
        () => undefined,
      );
      const sha = bytes && createHash('sha256').update(bytes).digest('hex');
      const entry = candidates.find((e) => e.sha256 === sha);
      if (!entry || !bytes) {
        const d: Diagnostic = {
          severity: 'warning',
          rule: 'edition-not-recorded',
          message: `dist/${lang.code}/${editionFile(doc.id, 'pdf')} is missing or not the one recorded; left out of the index until it is built again`,
          lang: lang.code,
        };
        diagnostics.push(d);
        emit({ type: 'diagnostic', diagnostic: d });
        continue;
      }
      editions.push(entry);
      pdfs.push({ name: entry.pdf, bytes });
    }
  }
  const withheldNow = withheld.map((w) => ({ ...w, percent: percentOf(all, w) }));
  const finalManifest: Manifest = {
    producer: PRODUCER,
    editions,
    ...(withheldNow.length > 0 ? { withheld: withheldNow } : {}),
  };
  await writeIfChanged(join(out, 'manifest.json'), `${JSON.stringify(finalManifest, null, 2)}\n`);
  if (shard) {
    const own: Manifest = {
      producer: PRODUCER,
      editions: editions.filter((e) =>
        mine.some((m) => m.lang.code === e.lang && m.doc.id === e.document),
      ),
    };
    await writeIfChanged(
      join(out, 'shards', `${shard.index}-of-${shard.count}.json`),
      `${JSON.stringify(own, null, 2)}\n`,
    );
  }
  await writeIfChanged(join(out, 'SHA256SUMS'), sha256Sums(editions));
  const zipDate =
    sourceDateEpoch !== undefined
      ? new Date(sourceDateEpoch * 1000)
      : new Date(`${project.documents[0]?.doc.meta.date ?? '2019-10-31'}T12:00:00Z`);
  await writeIfChanged(join(out, BUNDLE), bundleZip(pdfs, zipDate));
  const entries: IndexEntry[] = project.documents.map(({ doc }) => ({
    id: doc.id,
    title: doc.meta.title,
    editions: editions.filter((e) => e.document === doc.id),
    counts: Object.fromEntries(
      all.filter((e) => e.doc.id === doc.id).map((e) => [e.lang.code, e.counts]),
    ),
    withheld: withheldNow.filter((w) => w.document === doc.id),
  }));
  await removeUnpublished(out, editions, coverageHref === undefined);
  await writeIfChanged(
    join(out, 'index.html'),
    renderIndex(
      entries,
      (k, v) => translator.t(k, { ...v, lng: SOURCE_LANGUAGE, ns: 'ui' }) as string,
      project.registry.languages,
      coverageHref,
    ),
  );
  return writeSitemap(out, entries, baseUrl, project.registry);
}

/** The percent up to date of a withheld edition, as the coverage report counts it. */
function percentOf(all: readonly Edition[], w: { lang: string; document: string }): number {
  const e = all.find((x) => x.lang.code === w.lang && x.doc.id === w.document);
  return e ? percent(e.counts.translated, e.counts.total) : 0;
}

/** Folders earlier versions of this tool wrote into the release: internal, never published. */
const LEGACY_FOLDERS = ['coverage', 'review', 'hyphenation', 'xliff'];

/**
 * The release holds what the manifest lists: an edition file no longer listed (a removed
 * document or language, an edition in preparation) and the internal folders of earlier
 * versions are removed. Only names this build writes are touched.
 */
async function removeUnpublished(
  out: string,
  editions: readonly ManifestEdition[],
  reportsElsewhere: boolean,
): Promise<void> {
  const listed = new Set(editions.flatMap((e) => [e.html, e.pdf]));
  for (const entry of await readdir(out, { withFileTypes: true }).catch(() => [])) {
    if (!entry.isDirectory()) continue;
    if (reportsElsewhere && LEGACY_FOLDERS.includes(entry.name)) {
      await rm(join(out, entry.name), { recursive: true, force: true });
      continue;
    }
    if (!CODE_PATTERN.test(entry.name)) continue;
    const files = await readdir(join(out, entry.name));
    for (const f of files)
      if (/^[a-z0-9][a-z0-9-]*\.(html|pdf)$/.test(f) && !listed.has(`${entry.name}/${f}`))
        await rm(join(out, entry.name, f), { force: true });
    if ((await readdir(join(out, entry.name))).length === 0)
      await rm(join(out, entry.name), { recursive: true });
  }
}

/** dist/sitemap.xml of the editions in the index; without a base URL none (and an old one goes). */
async function writeSitemap(
  out: string,
  entries: IndexEntry[],
  baseUrl: string | undefined,
  registry: Registry,
): Promise<boolean> {
  const path = join(out, 'sitemap.xml');
  if (!baseUrl) {
    await rm(path, { force: true });
    return false;
  }
  await writeIfChanged(
    path,
    renderSitemap(
      entries.map((e) => ({ id: e.id, langs: e.editions.map((x) => x.lang) })),
      baseUrl,
      registry.languages,
    ),
  );
  return true;
}

/** The address of the release from the reports' root: '' when they share a folder, else e.g. '../dist/'. */
function releaseHref(ctx: Context): string {
  const rel = relative(ctx.reports, ctx.out).split(sep).join('/');
  return rel === '' ? '' : `${rel}/`;
}

/** The coverage dashboard, badges and review pages (internal, never in the release): always of every language. */
async function writeReports(ctx: Context, all: Edition[]): Promise<void> {
  const { project, reports: out } = ctx;
  const toRelease = releaseHref(ctx);
  const coverage = computeCoverage(
    all,
    (code, docId) => signoffOf(project, code, docId),
    project.registry.languages,
  );
  await writeIfChanged(
    join(out, 'coverage', 'index.html'),
    renderDashboard(
      coverage,
      project.documents.map((d) => d.doc.id),
      project.registry.languages,
      toRelease,
    ),
  );
  await writeIfChanged(
    join(out, 'coverage', 'coverage.json'),
    `${JSON.stringify(coverage, null, 2)}\n`,
  );
  for (const [code, c] of Object.entries(coverage.languages))
    await writeIfChanged(join(out, 'coverage', `${code}.svg`), coverageBadge(code, c));
  for (const edition of all) {
    if (edition.lang.code === SOURCE_LANGUAGE) continue;
    await writeIfChanged(
      inside(out, join('review', edition.lang.code, `${edition.doc.id}.html`)),
      renderReviewPage(edition, toRelease),
    );
  }
}

/**
 * The editions recorded in dist/manifest.json (and, with shards, in dist/shards/*.json),
 * as candidates per "lang/document". Paths are rebuilt from the language and document,
 * never taken from the file, and malformed records are skipped.
 */
async function readManifests(
  out: string,
  withShards: boolean,
  registry: Registry,
): Promise<Map<string, ManifestEdition[]>> {
  const files = [join(out, 'manifest.json')];
  if (withShards)
    files.push(
      ...(await listFiles(join(out, 'shards'), '.json')).map((f) => join(out, 'shards', f)),
    );
  const editions = new Map<string, ManifestEdition[]>();
  for (const file of files) {
    let m: Partial<Manifest>;
    try {
      m = JSON.parse(await readFile(file, 'utf8')) as Partial<Manifest>;
    } catch {
      continue; // no manifest yet, or an unreadable one: everything is printed again
    }
    for (const e of Array.isArray(m.editions) ? m.editions : []) {
      if (
        !e ||
        !registry.find(String(e.lang)) ||
        !ID_PATTERN.test(String(e.document)) ||
        !/^[0-9a-f]{64}$/.test(String(e.sha256))
      )
        continue;
      if (
        !Number.isInteger(e.pages) ||
        !Number.isInteger(e.bytes) ||
        typeof e.key !== 'string' ||
        typeof e.status !== 'string'
      )
        continue;
      const entry: ManifestEdition = {
        ...e,
        html: `${e.lang}/${editionFile(e.document, 'html')}`,
        pdf: `${e.lang}/${editionFile(e.document, 'pdf')}`,
      };
      const id = `${e.lang}/${e.document}`;
      editions.set(id, [...(editions.get(id) ?? []), entry]);
    }
  }
  return editions;
}

/** A set of shards with one missing is not published (an error), unless partial sets are allowed (a warning). */
async function shardDiagnostics(out: string, allowPartial: boolean): Promise<Diagnostic[]> {
  const missing = missingShards(await listFiles(join(out, 'shards'), '.json'));
  if (missing.length === 0) return [];
  const names = missing.map((m) => `dist/shards/${m}`).join(', ');
  if (allowPartial)
    return [
      {
        severity: 'warning',
        rule: 'partial-set',
        message: `publishing a partial set: ${names} missing (--allow-partial); their editions are left out`,
      },
    ];
  throw new UserError(
    `shard manifest${missing.length === 1 ? '' : 's'} missing: ${names}; the set is incomplete and was not published`,
    'Run the missing shard (npm run build -- --shard i/n) and copy its dist/ in, or pass --allow-partial to publish what is there.',
  );
}

async function fileSha(path: string): Promise<string | undefined> {
  try {
    return createHash('sha256')
      .update(await readFile(path))
      .digest('hex');
  } catch {
    return undefined;
  }
}

function pdfMetadata(
  edition: Edition,
  epoch: number | undefined,
  signoff: CurrentSignoff | undefined,
) {
  const subject = metaText(edition, 'subject');
  // The Subject carries what the reader is shown: "…, hrvatski — Odobreni prijevod".
  const status = signoffParts(edition, signoff).status;
  return {
    title: metaText(edition, 'title'),
    author: metaText(edition, 'issuer'),
    subject:
      edition.lang.code === SOURCE_LANGUAGE
        ? subject
        : `${edition.ui('pdfSubject', { subject, language: edition.lang.nativeName })} — ${status}`,
    keywords: [metaText(edition, 'keywords')].filter(Boolean),
    lang: edition.lang.code,
    date:
      epoch !== undefined ? new Date(epoch * 1000) : new Date(`${edition.doc.meta.date}T00:00:00Z`),
    producer: PRODUCER,
  };
}
