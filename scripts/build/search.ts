// search: the full-text search of the release, with Pagefind (npm `pagefind`: its
// indexer binary ships in the package; no server). dist/pagefind/ holds one index per
// language (stemmed where Pagefind has the language's stemmer), dist/search.html the
// page. The index is built again only when a published edition's HTML changed.
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Language } from '../languages.ts';
import { writeIfChanged } from '../io/files.ts';
import type { ManifestEdition } from '../stages/manifest.ts';
import { renderSearchPage } from '../stages/search-page.ts';
import { trace } from '../io/trace.ts';

export const SEARCH_FOLDER = 'pagefind';
const STAMP = 'selec-index.sha256';

/** The HTML of every published edition, and a hash of all of it. */
async function editionPages(out: string, editions: readonly ManifestEdition[]) {
  const pages: Array<{ url: string; content: string }> = [];
  const hash = createHash('sha256');
  for (const e of editions) {
    const content = await readFile(join(out, e.html), 'utf8').catch(() => undefined);
    if (content === undefined) continue;
    pages.push({ url: e.html, content });
    hash.update(e.html).update('\0').update(content).update('\0');
  }
  return { pages, hash: hash.digest('hex') };
}

/** dist/search.html, and the Pagefind index of `editions` when their HTML changed. */
export async function writeSearch(
  out: string,
  editions: readonly ManifestEdition[],
  languages: readonly Language[],
  label: (lang: string) => string,
): Promise<void> {
  const labels = Object.fromEntries(languages.map((l) => [l.code, label(l.code)]));
  await writeIfChanged(join(out, 'search.html'), renderSearchPage(languages, labels));
  const { pages, hash } = await editionPages(out, editions);
  const folder = join(out, SEARCH_FOLDER);
  if ((await readFile(join(folder, STAMP), 'utf8').catch(() => '')) === hash) return;
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
  await writeFile(join(folder, STAMP), hash);
  trace('build: search index written');
}
