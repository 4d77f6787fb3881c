// compare: dist/compare/<document>/<authentic>-<lang>.html, every published translation
// beside the document's (first) authentic text, aligned by provision; pages no longer
// published are removed.
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeIfChanged } from '../io/files.ts';
import { compareData, compareFile, renderComparePage } from '../stages/compare.ts';
import type { ManifestEdition } from '../stages/manifest.ts';
import type { Edition } from '../stages/merge.ts';

export const COMPARE_FOLDER = 'compare';

/** Writes the comparison pages of the published editions; returns their paths under dist/. */
export async function writeComparisons(
  out: string,
  all: readonly Edition[],
  published: readonly ManifestEdition[],
  keep: readonly string[] = [],
): Promise<string[]> {
  const written: string[] = [...keep];
  const isPublished = (e: Edition) =>
    published.some((p) => p.lang === e.lang.code && p.document === e.doc.id);
  for (const docId of [...new Set(published.map((p) => p.document))]) {
    const editions = all.filter((e) => e.doc.id === docId && isPublished(e));
    const reference = editions.find((e) => e.lang.code === e.doc.meta.authentic[0]);
    if (!reference) continue;
    const others = editions.filter((e) => e !== reference);
    const data = `${COMPARE_FOLDER}/${docId}/texts.json`;
    await writeIfChanged(join(out, data), `${JSON.stringify(compareData(editions))}\n`);
    written.push(data);
    for (const other of others) {
      const path = `${COMPARE_FOLDER}/${docId}/${compareFile([reference.lang.code, other.lang.code])}`;
      await writeIfChanged(
        join(out, path),
        renderComparePage([reference, other], others, editions),
      );
      written.push(path);
    }
  }
  await removeOthers(out, new Set(written));
  return written;
}

async function removeOthers(out: string, keep: ReadonlySet<string>): Promise<void> {
  const root = join(out, COMPARE_FOLDER);
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (!e.isFile()) continue;
    const rel = join(e.parentPath, e.name)
      .slice(out.length + 1)
      .split('\\')
      .join('/');
    if (!keep.has(rel)) await rm(join(out, rel), { force: true });
  }
}
