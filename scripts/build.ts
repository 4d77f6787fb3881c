// build: the one orchestrator. Reads the project once, merges and renders every
// edition, prints the PDFs that changed on one browser, writes dist/ atomically.
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UserError, type Diagnostic } from './errors.ts';
import { LANGUAGES, SOURCE_LANGUAGE, findLanguage, type Language } from './languages.ts';
import { ID_PATTERN } from './stages/parse.ts';
import { listAssets, writeAssets } from './io/assets.ts';
import { clearLeftovers, commit, discardStaged, inside, listFiles, promote, stagedPath, writeAtomic, writeIfChanged } from './io/files.ts';
import { acquireLock } from './io/lock.ts';
import { DEFAULT_CONCURRENCY } from './io/browser.ts';
import { hyphenatorFor } from './io/hyphenation.ts';
import { readIcc } from './io/icc.ts';
import { breakReportPath, renderBreakReport } from './stages/break-report.ts';
import { loadProject, type Project } from './io/project.ts';
import { createTranslator, mergeEdition, metaText, type Counts, type Edition } from './stages/merge.ts';
import { computeCoverage, percent, coverageBadge, renderDashboard, renderReviewPage } from './stages/report.ts';
import { renderEdition, editionFile, signoffParts, type ReviewStatus, type StaleMode } from './stages/render.ts';
import { currentSignoff, fingerprintsNow, reviewSummary, type CurrentSignoff } from './stages/signoff.ts';
import { renderIndex, type IndexEntry } from './stages/render-index.ts';
import { renderSitemap } from './stages/sitemap.ts';
import { bundleZip } from './stages/bundle.ts';
import { sha256Sums, type Manifest, type ManifestEdition } from './stages/manifest.ts';
import { missingShards } from './stages/shards.ts';

/** Whatever can print an HTML file to PDF bytes: the Printer, or a test double. */
export interface PrintService {
  print(job: { htmlPath: string; allow: string }): Promise<Uint8Array>;
  /** Start the browser in the background: the build has something to print. */
  warm?(): void;
}

export type BuildEvent =
  | { type: 'start'; editions: number; toPrint: number }
  | { type: 'edition'; lang: string; document: string; result: 'printed' | 'unchanged' | 'failed'; pages?: number; bytes?: number; breaks?: number; error?: string; done: number; total: number }
  | { type: 'diagnostic'; diagnostic: Diagnostic };

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

export interface BuildResult {
  editions: EditionResult[];
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

async function buildLocked(options: BuildOptions): Promise<BuildResult> {
  const root = resolve(options.root);
  const out = resolve(options.outDir ?? join(root, 'dist'));
  const emit = options.onEvent ?? (() => undefined);
  const project = options.project ?? (await loadProject(root));
  const langs: Language[] = options.langs ? LANGUAGES.filter((l) => options.langs?.includes(l.code)) : [...LANGUAGES];
  // Findings about a language concern its editions (and those derived from it) only.
  const concerned = new Set(langs.flatMap((l) => [l.code, l.derivedFrom?.code ?? l.code]));
  const diagnostics: Diagnostic[] = project.diagnostics.filter((d) => d.lang === undefined || concerned.has(d.lang));
  for (const d of diagnostics) emit({ type: 'diagnostic', diagnostic: d });
  const assets = await listAssets();
  const assetHash = createHash('sha256');
  for (const a of assets) assetHash.update(a.name).update(a.content);
  const assetKey = assetHash.digest('hex');
  await writeAssets(join(out, 'assets'), assets);

  // What earlier builds (and, for --index-only, the shards) recorded: candidates, checked against the files below.
  const manifest = await readManifests(out, options.indexOnly === true);
  if (options.indexOnly) {
    for (const d of await shardDiagnostics(out, options.allowPartial === true)) {
      diagnostics.push(d);
      emit({ type: 'diagnostic', diagnostic: d });
    }
  }

  type Job = { edition: Edition; htmlPath: string; pdfPath: string; stagedHtml: string; stagedPdf: string; key: string; status: ReviewStatus | 'original'; signoff: CurrentSignoff | undefined; state: ReturnType<typeof editionState> };
  const ready: Array<{ job: Job; entry: ManifestEdition }> = [];
  const jobs: Job[] = [];
  const results: EditionResult[] = [];
  const translator = createTranslator(project.resources);
  const merged = mergeAll(project, langs, translator);
  const shard = options.shard;
  const mine = options.indexOnly ? [] : shard ? merged.filter((_, i) => i % shard.count === shard.index - 1) : merged;
  for (const edition of mine) {
    const { lang, doc } = edition;
    const signoff = signoffOf(project, lang.code, doc.id);
    const status = signoff?.effective ?? 'original';
    const rendered = renderEdition(edition, { hyphenate: hyphenatorFor(lang, root), ...(signoff ? { signoff } : {}), ...(options.stale ? { stale: options.stale } : {}), ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}) });
    const found = [...rendered.diagnostics, ...orphanDiagnostics(edition)];
    for (const d of found) {
      diagnostics.push(d);
      emit({ type: 'diagnostic', diagnostic: d });
    }
    const htmlPath = inside(out, join(lang.code, editionFile(doc.id, 'html')));
    const pdfPath = inside(out, join(lang.code, editionFile(doc.id, 'pdf')));
    // Everything the PDF is made of: the page, its assets, and the metadata written after printing.
    const key = createHash('sha256').update(PRINT_VERSION).update(assetKey).update(rendered.html).update(JSON.stringify(pdfMetadata(edition, options.sourceDateEpoch, signoff))).digest('hex');
    results.push({ lang: lang.code, document: doc.id, counts: edition.counts, status, ok: true });
    const known = (manifest.get(`${lang.code}/${doc.id}`) ?? []).find((e) => e.key === key);
    const state = editionState(edition, signoff);
    if (!options.force && known && (await fileSha(pdfPath)) === known.sha256) {
      // The PDF on disk was printed from exactly this page: the HTML belongs with it.
      await writeIfChanged(htmlPath, rendered.html);
      manifest.set(`${lang.code}/${doc.id}`, [{ ...known, ...state }]);
      continue;
    }
    if (options.htmlOnly) {
      await writeIfChanged(htmlPath, rendered.html);
      continue;
    }
    const stagedHtml = stagedPath(htmlPath);
    await writeAtomic(stagedHtml, rendered.html);
    // Launching Chromium takes about a second: overlap it with rendering the rest.
    if (jobs.length === 0) options.printer.warm?.();
    jobs.push({ edition, htmlPath, pdfPath, stagedHtml, stagedPdf: stagedPath(pdfPath), key, status, signoff, state });
  }
  const all = langs.length === LANGUAGES.length ? merged : mergeAll(project, LANGUAGES, translator);
  await writeReports(out, project, all);
  if (options.htmlOnly) return { editions: results, printed: 0, failed: 0, diagnostics, sitemap: false };

  const total = results.length;
  let done = total - jobs.length;
  emit({ type: 'start', editions: total, toPrint: jobs.length });
  let printed = 0;
  let failed = 0;
  let aborted = false;
  const runJob = async (job: Job): Promise<void> => {
    const { edition } = job;
    let lastError: unknown;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const raw = await options.printer.print({ htmlPath: job.stagedHtml, allow: out });
        const { finalizePdf } = await import('./stages/finalize-pdf.ts');
        const pdf = await finalizePdf(raw, pdfMetadata(edition, options.sourceDateEpoch, job.signoff), { icc: await readIcc() });
        await writeAtomic(job.stagedPdf, pdf.bytes);
        await writeIfChanged(inside(out, breakReportPath(edition.lang.code, edition.doc.id)), renderBreakReport(edition.lang.code, edition.doc.id, pdf.breaks));
        const sha256 = createHash('sha256').update(pdf.bytes).digest('hex');
        ready.push({
          job,
          entry: {
            lang: edition.lang.code,
            document: edition.doc.id,
            html: `${edition.lang.code}/${editionFile(edition.doc.id, 'html')}`,
            pdf: `${edition.lang.code}/${editionFile(edition.doc.id, 'pdf')}`,
            bytes: pdf.bytes.length,
            sha256,
            pages: pdf.pages,
            ...job.state,
            key: job.key,
          },
        });
        printed++;
        emit({ type: 'edition', lang: edition.lang.code, document: edition.doc.id, result: 'printed', pages: pdf.pages, bytes: pdf.bytes.length, breaks: pdf.breaks.length, done: ++done, total });
        return;
      } catch (err) {
        // No browser at all is not this edition's fault: stop, keep what is built.
        if (err instanceof UserError) {
          aborted = true;
          throw err;
        }
        lastError = err;
      }
    }
    failed++;
    discardStaged([job.stagedHtml, job.stagedPdf]);
    const result = results.find((r) => r.lang === edition.lang.code && r.document === edition.doc.id);
    if (result) result.ok = false;
    emit({ type: 'edition', lang: edition.lang.code, document: edition.doc.id, result: 'failed', error: (lastError as Error)?.message ?? String(lastError), done: ++done, total });
  };
  const queue = [...jobs];
  // Twice as many workers as pages: while one finalizes and writes a PDF in Node,
  // another already prints on the page it gave back.
  const workers = Array.from({ length: Math.max(1, Math.min(2 * (options.concurrency ?? DEFAULT_CONCURRENCY), queue.length)) }, async () => {
    for (let job = queue.shift(); job && !aborted; job = queue.shift()) await runJob(job);
  });
  await Promise.all(workers);
  for (const r of results) {
    if (r.ok && !jobs.some((j) => j.edition.lang.code === r.lang && j.edition.doc.id === r.document)) {
      emit({ type: 'edition', lang: r.lang, document: r.document, result: 'unchanged', done: total, total });
    }
  }

  let sitemap = false;
  await commit(async () => {
    // Each edition's page and PDF move in together, then the set that describes them.
    for (const { job, entry } of ready) {
      await promote([
        [job.stagedHtml, job.htmlPath],
        [job.stagedPdf, job.pdfPath],
      ]);
      manifest.set(`${entry.lang}/${entry.document}`, [entry]);
    }
    sitemap = await writeDistribution({ out, project, manifest, mine, all, translator, diagnostics, emit, baseUrl: options.baseUrl, ...(shard ? { shard } : {}), ...(options.sourceDateEpoch !== undefined ? { sourceDateEpoch: options.sourceDateEpoch } : {}) });
  });
  return { editions: results, printed, failed, diagnostics, sitemap };
}

interface DistributionInput {
  out: string;
  project: Project;
  manifest: Map<string, ManifestEdition[]>;
  mine: Edition[];
  /** Every edition of every language, for the coverage the index shows. */
  all: Edition[];
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
async function writeDistribution({ out, project, manifest, mine, all, translator, diagnostics, emit, baseUrl, shard, sourceDateEpoch }: DistributionInput): Promise<boolean> {
  const editions: ManifestEdition[] = [];
  const pdfs: Array<{ name: string; bytes: Uint8Array }> = [];
  for (const { doc } of project.documents) {
    for (const lang of LANGUAGES) {
      const candidates = manifest.get(`${lang.code}/${doc.id}`) ?? [];
      if (candidates.length === 0) continue;
      const bytes = await readFile(inside(out, join(lang.code, editionFile(doc.id, 'pdf')))).catch(() => undefined);
      const sha = bytes && createHash('sha256').update(bytes).digest('hex');
      const entry = candidates.find((e) => e.sha256 === sha);
      if (!entry || !bytes) {
        const d: Diagnostic = { severity: 'warning', rule: 'edition-not-recorded', message: `dist/${lang.code}/${editionFile(doc.id, 'pdf')} is missing or not the one recorded; left out of the index until it is built again`, lang: lang.code };
        diagnostics.push(d);
        emit({ type: 'diagnostic', diagnostic: d });
        continue;
      }
      editions.push(entry);
      pdfs.push({ name: entry.pdf, bytes });
    }
  }
  const finalManifest: Manifest = { producer: PRODUCER, editions };
  await writeIfChanged(join(out, 'manifest.json'), `${JSON.stringify(finalManifest, null, 2)}\n`);
  if (shard) {
    const own: Manifest = { producer: PRODUCER, editions: editions.filter((e) => mine.some((m) => m.lang.code === e.lang && m.doc.id === e.document)) };
    await writeIfChanged(join(out, 'shards', `${shard.index}-of-${shard.count}.json`), `${JSON.stringify(own, null, 2)}\n`);
  }
  await writeIfChanged(join(out, 'SHA256SUMS'), sha256Sums(editions));
  const zipDate = sourceDateEpoch !== undefined ? new Date(sourceDateEpoch * 1000) : new Date(`${project.documents[0]?.doc.meta.date ?? '2019-10-31'}T12:00:00Z`);
  await writeIfChanged(join(out, BUNDLE), bundleZip(pdfs, zipDate));
  const entries: IndexEntry[] = project.documents.map(({ doc }) => ({
    id: doc.id,
    title: doc.meta.title,
    editions: editions.filter((e) => e.document === doc.id),
    counts: Object.fromEntries(all.filter((e) => e.doc.id === doc.id).map((e) => [e.lang.code, e.counts])),
  }));
  await writeIfChanged(join(out, 'index.html'), renderIndex(entries, (k, v) => translator.t(k, { ...v, lng: SOURCE_LANGUAGE, ns: 'ui' }) as string));
  return writeSitemap(out, entries, baseUrl);
}

/** Every edition of every document in `langs`, merged: the data all reports share. */
export function mergeAll(project: Project, langs: readonly Language[], translator = createTranslator(project.resources)): Edition[] {
  const out: Edition[] = [];
  for (const { doc, segmented } of project.documents) {
    for (const lang of langs) {
      const keys = Object.keys(project.resources[lang.code]?.[doc.id] ?? {});
      out.push(mergeEdition(doc, segmented, lang, translator, project.records[lang.code]?.[doc.id] ?? {}, keys));
    }
  }
  return out;
}

/**
 * The sign-off of an edition now, against the English and the translation of today;
 * sr-Latn follows sr-Cyrl's. Undefined for the English original.
 * @example signoffOf(project, 'hr', 'joint-declaration')?.current
 */
export function signoffOf(project: Project, code: string, docId: string): CurrentSignoff | undefined {
  if (code === SOURCE_LANGUAGE) return undefined;
  const own = findLanguage(code)?.derivedFrom?.code ?? code;
  const loaded = project.documents.find((d) => d.doc.id === docId);
  if (!loaded) return undefined;
  const now = fingerprintsNow(loaded.doc, project.resources[own]?.[docId] ?? {}, loaded.segmented.segments);
  return currentSignoff(project.signoffs[own] ?? [], docId, now);
}

/** What the manifest and the index say of an edition: what readers are shown, coverage, the review object. */
function editionState(edition: Edition, signoff: CurrentSignoff | undefined): Pick<ManifestEdition, 'status' | 'percent' | 'review'> {
  return { status: signoff?.effective ?? 'original', percent: percent(edition.counts.translated, edition.counts.total), ...(signoff ? { review: reviewSummary(signoff) } : {}) };
}

function orphanDiagnostics(edition: Edition): Diagnostic[] {
  const file = `translations/${edition.lang.derivedFrom?.code ?? edition.lang.code}/${edition.doc.id}.json`;
  if (edition.lang.derivedFrom) return [];
  return edition.orphans.map((key) => ({ severity: 'warning', rule: 'orphaned', message: `key "${key}" matches no segment of ${edition.doc.path} (orphaned translation)`, location: { file }, lang: edition.lang.code, key }));
}

/** dist/sitemap.xml of the editions in the index; without a base URL none (and an old one goes). */
async function writeSitemap(out: string, entries: IndexEntry[], baseUrl: string | undefined): Promise<boolean> {
  const path = join(out, 'sitemap.xml');
  if (!baseUrl) {
    await rm(path, { force: true });
    return false;
  }
  await writeIfChanged(path, renderSitemap(entries.map((e) => ({ id: e.id, langs: e.editions.map((x) => x.lang) })), baseUrl));
  return true;
}

/** The coverage dashboard, badges and review pages: always of every language. */
async function writeReports(out: string, project: Project, all: Edition[]): Promise<void> {
  const coverage = computeCoverage(all, (code, docId) => signoffOf(project, code, docId));
  await writeIfChanged(join(out, 'coverage', 'index.html'), renderDashboard(coverage, project.documents.map((d) => d.doc.id)));
  await writeIfChanged(join(out, 'coverage', 'coverage.json'), `${JSON.stringify(coverage, null, 2)}\n`);
  for (const [code, c] of Object.entries(coverage.languages)) await writeIfChanged(join(out, 'coverage', `${code}.svg`), coverageBadge(code, c));
  for (const edition of all) {
    if (edition.lang.code === SOURCE_LANGUAGE) continue;
    await writeIfChanged(inside(out, join('review', edition.lang.code, `${edition.doc.id}.html`)), renderReviewPage(edition));
  }
}

/**
 * The editions recorded in dist/manifest.json (and, with shards, in dist/shards/*.json),
 * as candidates per "lang/document". Paths are rebuilt from the language and document,
 * never taken from the file, and malformed records are skipped.
 */
async function readManifests(out: string, withShards: boolean): Promise<Map<string, ManifestEdition[]>> {
  const files = [join(out, 'manifest.json')];
  if (withShards) files.push(...(await listFiles(join(out, 'shards'), '.json')).map((f) => join(out, 'shards', f)));
  const editions = new Map<string, ManifestEdition[]>();
  for (const file of files) {
    let m: Partial<Manifest>;
    try {
      m = JSON.parse(await readFile(file, 'utf8')) as Partial<Manifest>;
    } catch {
      continue; // no manifest yet, or an unreadable one: everything is printed again
    }
    for (const e of Array.isArray(m.editions) ? m.editions : []) {
      if (!e || !findLanguage(String(e.lang)) || !ID_PATTERN.test(String(e.document)) || !/^[0-9a-f]{64}$/.test(String(e.sha256))) continue;
      if (!Number.isInteger(e.pages) || !Number.isInteger(e.bytes) || typeof e.key !== 'string' || typeof e.status !== 'string') continue;
      const entry: ManifestEdition = { ...e, html: `${e.lang}/${editionFile(e.document, 'html')}`, pdf: `${e.lang}/${editionFile(e.document, 'pdf')}` };
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
  if (allowPartial) return [{ severity: 'warning', rule: 'partial-set', message: `publishing a partial set: ${names} missing (--allow-partial); their editions are left out` }];
  throw new UserError(`shard manifest${missing.length === 1 ? '' : 's'} missing: ${names}; the set is incomplete and was not published`, 'Run the missing shard (npm run build -- --shard i/n) and copy its dist/ in, or pass --allow-partial to publish what is there.');
}

async function fileSha(path: string): Promise<string | undefined> {
  try {
    return createHash('sha256').update(await readFile(path)).digest('hex');
  } catch {
    return undefined;
  }
}

function pdfMetadata(edition: Edition, epoch: number | undefined, signoff: CurrentSignoff | undefined) {
  const subject = metaText(edition, 'subject');
  // The Subject carries what the reader is shown: "…, hrvatski — Odobreni prijevod".
  const status = signoffParts(edition, signoff).status;
  return {
    title: metaText(edition, 'title'),
    author: metaText(edition, 'issuer'),
    subject: edition.lang.code === SOURCE_LANGUAGE ? subject : `${edition.ui('pdfSubject', { subject, language: edition.lang.nativeName })} — ${status}`,
    keywords: [metaText(edition, 'keywords')].filter(Boolean),
    lang: edition.lang.code,
    date: epoch !== undefined ? new Date(epoch * 1000) : new Date(`${edition.doc.meta.date}T00:00:00Z`),
    producer: PRODUCER,
  };
}
