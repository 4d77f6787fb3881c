// build: the one orchestrator. Reads the project once, merges and renders every
// edition, prints the PDFs that changed on one browser, writes dist/ atomically.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UserError, type Diagnostic } from './errors.ts';
import { LANGUAGES, SOURCE_LANGUAGE, findLanguage, type Language } from './languages.ts';
import { ID_PATTERN } from './stages/parse.ts';
import { listAssets, writeAssets } from './io/assets.ts';
import { inside, listFiles, writeAtomic, writeIfChanged } from './io/files.ts';
import { DEFAULT_CONCURRENCY } from './io/browser.ts';
import { hyphenatorFor } from './io/hyphenation.ts';
import { loadProject, type Project } from './io/project.ts';
import { createTranslator, mergeEdition, metaText, type Counts, type Edition } from './stages/merge.ts';
import { computeCoverage, coverageBadge, renderDashboard, renderReviewPage } from './stages/report.ts';
import { renderEdition, editionFile, type ReviewStatus } from './stages/render.ts';
import { renderIndex, type IndexEntry } from './stages/render-index.ts';
import { bundleZip } from './stages/bundle.ts';
import { sha256Sums, type Manifest, type ManifestEdition } from './stages/manifest.ts';

/** Whatever can print an HTML file to PDF bytes: the Printer, or a test double. */
export interface PrintService {
  print(job: { htmlPath: string; allow: string }): Promise<Uint8Array>;
  /** Start the browser in the background: the build has something to print. */
  warm?(): void;
}

export type BuildEvent =
  | { type: 'start'; editions: number; toPrint: number }
  | { type: 'edition'; lang: string; document: string; result: 'printed' | 'unchanged' | 'failed'; pages?: number; bytes?: number; error?: string; done: number; total: number }
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
}

export const BUNDLE = 'selec-editions.zip';
export const PRODUCER = 'selec-editions (puppeteer, Chromium, pdf-lib)';
// Bump when the printing itself changes in a way that the HTML does not show.
const PRINT_VERSION = '1';

/** Builds every edition of every document (or those of `langs`) into dist/. */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const root = resolve(options.root);
  const out = resolve(options.outDir ?? join(root, 'dist'));
  const emit = options.onEvent ?? (() => undefined);
  const project = options.project ?? (await loadProject(root));
  const diagnostics: Diagnostic[] = [...project.diagnostics];
  for (const d of project.diagnostics) emit({ type: 'diagnostic', diagnostic: d });

  const langs: Language[] = options.langs ? LANGUAGES.filter((l) => options.langs?.includes(l.code)) : [...LANGUAGES];
  const assets = await listAssets();
  const assetHash = createHash('sha256');
  for (const a of assets) assetHash.update(a.name).update(a.content);
  const assetKey = assetHash.digest('hex');
  await writeAssets(join(out, 'assets'), assets);

  // What earlier builds (and, for --index-only, the shards) recorded: candidates, checked against the files below.
  const manifest = await readManifests(out, options.indexOnly === true);

  type Job = { edition: Edition; htmlPath: string; pdfPath: string; key: string; status: ReviewStatus | 'original' };
  const jobs: Job[] = [];
  const results: EditionResult[] = [];
  const translator = createTranslator(project.resources);
  const merged = mergeAll(project, langs, translator);
  const shard = options.shard;
  const mine = options.indexOnly ? [] : shard ? merged.filter((_, i) => i % shard.count === shard.index - 1) : merged;
  for (const edition of mine) {
    const { lang, doc } = edition;
    const status = reviewStatus(project, lang.code);
    const rendered = renderEdition(edition, { hyphenate: hyphenatorFor(lang), ...(status === 'original' ? {} : { status }) });
    const found = [...rendered.diagnostics, ...orphanDiagnostics(edition)];
    for (const d of found) {
      diagnostics.push(d);
      emit({ type: 'diagnostic', diagnostic: d });
    }
    const htmlPath = inside(out, join(lang.code, editionFile(doc.id, 'html')));
    const pdfPath = inside(out, join(lang.code, editionFile(doc.id, 'pdf')));
    await writeIfChanged(htmlPath, rendered.html);
    // Everything the PDF is made of: the page, its assets, and the metadata written after printing.
    const key = createHash('sha256').update(PRINT_VERSION).update(assetKey).update(rendered.html).update(JSON.stringify(pdfMetadata(edition, options.sourceDateEpoch))).digest('hex');
    results.push({ lang: lang.code, document: doc.id, counts: edition.counts, status, ok: true });
    const known = (manifest.get(`${lang.code}/${doc.id}`) ?? []).find((e) => e.key === key);
    if (!options.force && known && (await fileSha(pdfPath)) === known.sha256) {
      manifest.set(`${lang.code}/${doc.id}`, [known]);
      continue;
    }
    // Launching Chromium takes about a second: overlap it with rendering the rest.
    if (jobs.length === 0 && !options.htmlOnly) options.printer.warm?.();
    jobs.push({ edition, htmlPath, pdfPath, key, status });
  }
  await writeReports(out, project, langs.length === LANGUAGES.length ? merged : mergeAll(project, LANGUAGES, translator));
  if (options.htmlOnly) return { editions: results, printed: 0, failed: 0, diagnostics };

  const total = results.length;
  let done = total - jobs.length;
  emit({ type: 'start', editions: total, toPrint: jobs.length });
  let printed = 0;
  let failed = 0;
  let aborted = false;
  const runJob = async (job: Job): Promise<void> => {
    const { edition } = job;
    const id = `${edition.lang.code}/${edition.doc.id}`;
    let lastError: unknown;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const raw = await options.printer.print({ htmlPath: job.htmlPath, allow: out });
        const { finalizePdf } = await import('./stages/finalize-pdf.ts');
        const pdf = await finalizePdf(raw, pdfMetadata(edition, options.sourceDateEpoch));
        await writeAtomic(job.pdfPath, pdf.bytes);
        const sha256 = createHash('sha256').update(pdf.bytes).digest('hex');
        manifest.set(id, [
          {
            lang: edition.lang.code,
            document: edition.doc.id,
            html: `${edition.lang.code}/${editionFile(edition.doc.id, 'html')}`,
            pdf: `${edition.lang.code}/${editionFile(edition.doc.id, 'pdf')}`,
            bytes: pdf.bytes.length,
            sha256,
            pages: pdf.pages,
            status: job.status,
            key: job.key,
          },
        ]);
        printed++;
        emit({ type: 'edition', lang: edition.lang.code, document: edition.doc.id, result: 'printed', pages: pdf.pages, bytes: pdf.bytes.length, done: ++done, total });
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

  // The distribution set: manifest, checksums, download page. Only PDFs that are on
  // disk with the recorded checksum are listed; a record that lies is dropped.
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
        const d: Diagnostic = { severity: 'warning', message: `dist/${lang.code}/${editionFile(doc.id, 'pdf')} is missing or not the one recorded; left out of the index until it is built again`, lang: lang.code };
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
  const zipDate = options.sourceDateEpoch !== undefined ? new Date(options.sourceDateEpoch * 1000) : new Date(`${project.documents[0]?.doc.meta.date ?? '2019-10-31'}T12:00:00Z`);
  await writeIfChanged(join(out, BUNDLE), bundleZip(pdfs, zipDate));
  const entries: IndexEntry[] = project.documents.map(({ doc }) => ({
    id: doc.id,
    title: doc.meta.title,
    editions: editions.filter((e) => e.document === doc.id),
  }));
  await writeIfChanged(join(out, 'index.html'), renderIndex(entries, (k, v) => translator.t(k, { ...v, lng: SOURCE_LANGUAGE, ns: 'ui' }) as string));
  return { editions: results, printed, failed, diagnostics };
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

export function reviewStatus(project: Project, code: string): ReviewStatus | 'original' {
  return code === SOURCE_LANGUAGE ? 'original' : (project.reviews[code]?.status ?? 'draft');
}

function orphanDiagnostics(edition: Edition): Diagnostic[] {
  const file = `translations/${edition.lang.derivedFrom?.code ?? edition.lang.code}/${edition.doc.id}.json`;
  if (edition.lang.derivedFrom) return [];
  return edition.orphans.map((key) => ({ severity: 'warning', message: `key "${key}" matches no segment of ${edition.doc.path} (orphaned translation)`, location: { file }, lang: edition.lang.code, key }));
}

/** The coverage dashboard, badges and review pages: always of every language. */
async function writeReports(out: string, project: Project, all: Edition[]): Promise<void> {
  const coverage = computeCoverage(all, (code) => reviewStatus(project, code));
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

async function fileSha(path: string): Promise<string | undefined> {
  try {
    return createHash('sha256').update(await readFile(path)).digest('hex');
  } catch {
    return undefined;
  }
}

function pdfMetadata(edition: Edition, epoch: number | undefined) {
  const subject = metaText(edition, 'subject');
  return {
    title: metaText(edition, 'title'),
    author: metaText(edition, 'issuer'),
    subject: edition.lang.code === SOURCE_LANGUAGE ? subject : edition.ui('pdfSubject', { subject, language: edition.lang.nativeName }),
    keywords: [metaText(edition, 'keywords')].filter(Boolean),
    lang: edition.lang.code,
    date: epoch !== undefined ? new Date(epoch * 1000) : new Date(`${edition.doc.meta.date}T00:00:00Z`),
    producer: PRODUCER,
  };
}
