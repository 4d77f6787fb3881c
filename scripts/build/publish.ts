// publish: the release, once everything is printed. Moves each printed edition's page
// and PDF in together, then writes the distribution set that describes what is on disk
// (manifest, checksums, zip, index, sitemap), removes what is no longer published, and
// records the build state, all inside one commit so that an interruption leaves one version.
import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Diagnostic } from '../errors.ts';
import { CODE_PATTERN, SOURCE_LANGUAGE, type Registry } from '../languages.ts';
import { commit, inside, promote, writeIfChanged } from '../io/files.ts';
import { type Project } from '../io/project.ts';
import { createTranslator, type Edition } from '../stages/merge.ts';
import { percent } from '../stages/report.ts';
import { editionFile } from '../stages/render.ts';
import { renderIndex, type IndexEntry } from '../stages/render-index.ts';
import { renderSitemap } from '../stages/sitemap.ts';
import { bundleZip } from '../stages/bundle.ts';
import {
  sha256Sums,
  type Manifest,
  type ManifestEdition,
  type WithheldEdition,
} from '../stages/manifest.ts';
import { PRODUCER, sealIdentity, type BuildEvent, type Context, type Withheld } from './context.ts';
import { type Printed } from './print.ts';
import { writeRecords } from './records.ts';
import { writeSearch, type StagedSearch } from './search.ts';
import { writeComparisons } from './compare.ts';
import type { SealOptions } from '../services/seal.ts';
import { publishReleases, releasedPages } from './releases.ts';
import { releasesOf } from '../stages/ledger.ts';
import { type ManifestVersion } from '../stages/versions.ts';

export const BUNDLE = 'selec-editions.zip';
/** The detached CMS signature of SHA256SUMS, written when the build seals. */
export const SIGNED_SUMS = 'SHA256SUMS.p7s';

/** Moves each printed edition's page and PDF in together, then writes the set that describes them and the build state. */
export async function publish(
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
        [job.stagedXml, job.planned.xmlPath],
      ]);
      ctx.manifest.set(job.planned.id, [entry]);
      ctx.records.set(job.planned.id, job.record);
    }
    const versions = await publishReleases(ctx, all, new Set(ctx.manifest.keys()));
    const sitemap = await writeDistribution({
      versions,
      released: (doc: string) => releasedPages(releasesOf(ctx.releases, doc)).map((p) => p.path),
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
      ...(options.seal ? { seal: options.seal } : {}),
      keep: ctx.extraFiles,
      ...(ctx.search ? { search: ctx.search } : {}),
    });
    if (!options.indexOnly)
      await writeRecords(out, ctx.records, {
        ...(options.stale ? { stale: options.stale } : {}),
        ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
        ...(options.sourceDateEpoch !== undefined
          ? { sourceDateEpoch: options.sourceDateEpoch }
          : {}),
        ...(sealIdentity(options) !== null ? { seal: sealIdentity(options) as string } : {}),
      });
    return sitemap;
  });
}

interface DistributionInput {
  /** The released versions per "lang/document". */
  versions: Map<string, ManifestVersion[]>;
  /** The kept versions' pages of a document, relative to dist/ (for the sitemap). */
  released: (doc: string) => string[];
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
  /** Sign SHA256SUMS with the seal (SHA256SUMS.p7s); without it an old signature goes. */
  seal?: SealOptions;
  /** Files under dist/ this build wrote besides the editions (bilingual PDFs): not removed. */
  keep?: string[];
  /** The search index built while the browser printed, when there is one. */
  search?: Promise<StagedSearch | undefined>;
}

/**
 * The distribution set: manifest, checksums, zip, download page. Only PDFs that are on
 * disk with the recorded checksum are listed; a record that lies is dropped.
 */
async function writeDistribution(input: DistributionInput): Promise<boolean> {
  const { out, project, all, withheld, coverageHref, translator } = input;
  const { editions, files } = await onDisk(input).then(({ editions, files }) => ({
    editions: editions.map((e) => withVersions(e, input.versions.get(`${e.lang}/${e.document}`))),
    files,
  }));
  const withheldNow = withheld.map((w) => ({ ...w, percent: percentOf(all, w) }));
  await writeManifests(input, editions, withheldNow);
  await writeChecksums(out, sha256Sums(editions), input.seal);
  await writeIfChanged(join(out, BUNDLE), bundleZip(files, zipDate(input)));
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
  // A shard holds part of the set: search and comparisons are made with the whole (--index-only).
  if (!input.shard) {
    await writeSearch(
      out,
      editions,
      project.registry.languages,
      (lang) => String(translator.t('search', { lng: lang, ns: 'ui' })),
      input.search,
    );
    await writeComparisons(out, all, editions, input.keep ?? []);
  }
  return writeSitemap(out, entries, input, project.registry);
}

/** An edition with its released versions (and none left from an earlier manifest when it has none). */
function withVersions(
  e: ManifestEdition,
  versions: ManifestVersion[] | undefined,
): ManifestEdition {
  const rest = { ...e };
  delete rest.versions;
  return versions && versions.length > 0 ? { ...rest, versions } : rest;
}

/** SHA256SUMS, and its detached signature when the build seals (an unsealed build removes an old one). */
async function writeChecksums(
  out: string,
  sums: string,
  seal: SealOptions | undefined,
): Promise<void> {
  await writeIfChanged(join(out, 'SHA256SUMS'), sums);
  const signature = join(out, SIGNED_SUMS);
  if (!seal) return void (await rm(signature, { force: true }));
  const { signDetached } = await import('../services/seal.ts');
  await writeIfChanged(signature, signDetached(Buffer.from(sums), seal.key));
}

/**
 * The recorded editions whose PDF is on disk as recorded, in document and registry order,
 * with the bytes of the PDF and of the XML edition (an XML not on disk as recorded is left out).
 */
async function onDisk({ out, project, manifest, diagnostics, emit }: DistributionInput): Promise<{
  editions: ManifestEdition[];
  files: Array<{ name: string; bytes: Uint8Array }>;
}> {
  const editions: ManifestEdition[] = [];
  const files: Array<{ name: string; bytes: Uint8Array }> = [];
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
      const xml = await xmlOnDisk(out, entry);
      editions.push(xml ? entry : withoutXml(entry));
      files.push(
        { name: entry.pdf, bytes },
        ...(xml ? [{ name: xml.name, bytes: xml.bytes }] : []),
      );
    }
  }
  return { editions, files };
}

/** An entry's XML edition, when it is on disk with the recorded checksum. */
async function xmlOnDisk(
  out: string,
  entry: ManifestEdition,
): Promise<{ name: string; bytes: Uint8Array } | undefined> {
  if (!entry.xml || !entry.xmlSha256) return undefined;
  const bytes = await readFile(inside(out, entry.xml)).catch(() => undefined);
  const sha = bytes && createHash('sha256').update(bytes).digest('hex');
  return bytes && sha === entry.xmlSha256 ? { name: entry.xml, bytes } : undefined;
}

function withoutXml(entry: ManifestEdition): ManifestEdition {
  const rest = { ...entry };
  delete rest.xml;
  delete rest.xmlSha256;
  return rest;
}

/** dist/manifest.json, and with a shard its own share, which --index-only merges later. */
async function writeManifests(
  { out, mine, shard }: DistributionInput,
  editions: ManifestEdition[],
  withheldNow: WithheldEdition[],
): Promise<void> {
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
}

/** The zip's file dates: reproducible, from SOURCE_DATE_EPOCH or the first document's adoption. */
function zipDate({ project, sourceDateEpoch }: DistributionInput): Date {
  return sourceDateEpoch !== undefined
    ? new Date(sourceDateEpoch * 1000)
    : new Date(`${project.documents[0]?.doc.meta.date ?? '2019-10-31'}T12:00:00Z`);
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
  const listed = new Set(editions.flatMap((e) => [e.html, e.pdf, ...(e.xml ? [e.xml] : [])]));
  for (const entry of await readdir(out, { withFileTypes: true }).catch(() => [])) {
    if (!entry.isDirectory()) continue;
    if (reportsElsewhere && LEGACY_FOLDERS.includes(entry.name)) {
      await rm(join(out, entry.name), { recursive: true, force: true });
      continue;
    }
    if (!CODE_PATTERN.test(entry.name)) continue;
    const files = await readdir(join(out, entry.name));
    for (const f of files)
      if (/^[a-z0-9][a-z0-9-]*\.(html|pdf|akn\.xml)$/.test(f) && !listed.has(`${entry.name}/${f}`))
        await rm(join(out, entry.name, f), { force: true });
    if ((await readdir(join(out, entry.name))).length === 0)
      await rm(join(out, entry.name), { recursive: true });
  }
}

/** dist/sitemap.xml of the editions in the index; without a base URL none (and an old one goes). */
async function writeSitemap(
  out: string,
  entries: IndexEntry[],
  { baseUrl, released }: Pick<DistributionInput, 'baseUrl' | 'released'>,
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
      entries.map((e) => ({
        id: e.id,
        langs: e.editions.map((x) => x.lang),
        versions: released(e.id),
      })),
      baseUrl,
      registry.languages,
    ),
  );
  return true;
}
