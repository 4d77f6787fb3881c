// search: the full-text search of the release, with Pagefind (npm `pagefind`: its
// indexer binary ships in the package; no server). dist/pagefind/ holds one index per
// language (stemmed where Pagefind has the language's stemmer), dist/search.html the
// page. The index is built again only when a published edition's HTML changed, and it
// is built while the browser prints (stageSearch): publishing then only moves it in.
import { createHash } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import type { Language } from '../languages.ts';
import { STAGED_PREFIX, isStopping, stagedPath, track, writeIfChanged } from '../io/files.ts';
import type { ManifestEdition } from '../stages/manifest.ts';
import { renderSearchPage } from '../stages/search-page.ts';
import { trace } from '../io/trace.ts';

export const SEARCH_FOLDER = 'pagefind';
const STAMP = 'selec-index.sha256';

type Page = { url: string; content: string };

/** An index built ahead of publishing: the hash of the pages it holds, and where it is. */
export interface StagedSearch {
  hash: string;
  /** Undefined when the published index already holds exactly these pages. */
  folder?: string;
}

function hashOf(pages: readonly Page[]): string {
  const hash = createHash('sha256');
  for (const p of [...pages].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0)))
    hash.update(p.url).update('\0').update(p.content).update('\0');
  return hash.digest('hex');
}

const stampOf = (out: string): Promise<string> =>
  readFile(join(out, SEARCH_FOLDER, STAMP), 'utf8').catch(() => '');

/** The HTML of every published edition. */
async function editionPages(out: string, editions: readonly ManifestEdition[]): Promise<Page[]> {
  const pages: Page[] = [];
  for (const e of editions) {
    const content = await readFile(join(out, e.html), 'utf8').catch(() => undefined);
    if (content !== undefined) pages.push({ url: e.html, content });
  }
  return pages;
}

async function runPagefind(pages: readonly Page[], folder: string): Promise<void> {
  const pagefind = await import('pagefind');
  try {
    const { index, errors } = await pagefind.createIndex({ rootSelector: 'article' });
    if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
    for (const page of pages) await index.addHTMLFile(page);
    await rm(folder, { recursive: true, force: true });
    const written = await index.writeFiles({ outputPath: folder });
    if (written.errors.length > 0) throw new Error(`Pagefind: ${written.errors.join('; ')}`);
  } finally {
    await pagefind.close();
  }
}

/** Indexes `pages` (the editions as they will be published) beside dist/pagefind, unless it already holds them. */
export async function stageSearch(out: string, pages: readonly Page[]): Promise<StagedSearch> {
  const hash = hashOf(pages);
  if ((await stampOf(out)) === hash) return { hash };
  // Staged like an edition's files: an interrupted build leaves no half-written index.
  const folder = stagedPath(join(out, SEARCH_FOLDER));
  await track(async () => {
    try {
      await runPagefind(pages, folder);
    } finally {
      // Stopping began while Pagefind wrote: the index goes with the build (SIGINT waits for this).
      if (isStopping()) await rm(folder, { recursive: true, force: true });
    }
  });
  trace('build: search index staged');
  return { hash, folder };
}

/** The pages the planned editions will publish: as rendered (staged beside their place) or as on disk. */
export async function plannedPages(out: string, htmlPaths: readonly string[]): Promise<Page[]> {
  const pages: Page[] = [];
  for (const path of htmlPaths) {
    const staged = join(dirname(path), `${STAGED_PREFIX}${basename(path)}`);
    const content =
      (await readFile(staged, 'utf8').catch(() => undefined)) ??
      (await readFile(path, 'utf8').catch(() => undefined));
    if (content !== undefined)
      pages.push({ url: relative(out, path).split('\\').join('/'), content });
  }
  return pages;
}

/** dist/search.html, and the Pagefind index of `editions`: the staged one when it holds them, else built now. */
export async function writeSearch(
  out: string,
  editions: readonly ManifestEdition[],
  languages: readonly Language[],
  label: (lang: string) => string,
  staged?: Promise<StagedSearch | undefined>,
): Promise<void> {
  const labels = Object.fromEntries(languages.map((l) => [l.code, label(l.code)]));
  await writeIfChanged(join(out, 'search.html'), renderSearchPage(languages, labels));
  const pages = await editionPages(out, editions);
  const hash = hashOf(pages);
  const ready = await staged?.catch(() => undefined);
  const folder = join(out, SEARCH_FOLDER);
  try {
    if ((await stampOf(out)) === hash) return;
    if (ready?.hash === hash && ready.folder) {
      await rm(folder, { recursive: true, force: true });
      await rename(ready.folder, folder);
    } else await track(() => runPagefind(pages, folder));
    await writeFile(join(folder, STAMP), hash);
    trace('build: search index written');
  } finally {
    await rm(stagedPath(folder), { recursive: true, force: true });
  }
}
