// segments: the two changes a reviewer or translator makes to a language's files,
// shared by `npm run mark`, the XLIFF/PO import and the dev server's editor: save a
// segment's translation, and record that translations were made from today's English.
import type { LoadedDocument, Project } from '../io/project.ts';
import { markCurrent, writeRecords, writeResource } from '../io/translations.ts';

/**
 * Records the translations of `keys` (every translated key by default) of one document
 * in `lang` as made from the English of today; returns the keys whose record changed.
 * @example await markUpToDate(project, 'hr', loaded, ['knowing']) // ['knowing']
 */
export async function markUpToDate(
  project: Project,
  lang: string,
  loaded: LoadedDocument,
  keys?: readonly string[],
): Promise<string[]> {
  const id = loaded.doc.id;
  const translated = Object.keys(project.resources[lang]?.[id] ?? {});
  const chosen = (keys ?? translated).filter((k) => translated.includes(k));
  const before = project.records[lang]?.[id] ?? {};
  const after = markCurrent(before, loaded.segmented.segments, chosen);
  await writeRecords(project.root, lang, id, after, loaded.segmented.segments);
  return chosen.filter((k) => before[k]?.sha !== after[k]?.sha);
}

/**
 * Writes the translation `text` of segment `key` into translations/<lang>/<doc>.json (in
 * its canonical form) and records it as made from the English of today.
 */
export async function saveSegment(
  project: Project,
  lang: string,
  loaded: LoadedDocument,
  key: string,
  text: string,
): Promise<void> {
  const id = loaded.doc.id;
  const segs = loaded.segmented.segments;
  const values = { ...(project.resources[lang]?.[id] ?? {}), [key]: text };
  await writeResource(project.root, lang, id, values, segs);
  const records = markCurrent(project.records[lang]?.[id] ?? {}, segs, [key]);
  await writeRecords(project.root, lang, id, records, segs);
}
