// translations: writes translation resources and their source records in the one
// canonical form (keys in source order, 2-space JSON, final newline), so that a
// round trip through any tool leaves the repository byte-for-byte unchanged.
import { join } from 'node:path';
import { fingerprint, type SourceRecords } from '../stages/merge.ts';
import type { Segment } from '../stages/segment.ts';
import { writeIfChanged } from './files.ts';
import { RECORD_SUFFIX } from './project.ts';

/** Orders keys as the segments of the document, then any others (orphans) sorted. */
export function orderKeys<T>(
  values: Record<string, T>,
  segments: readonly Segment[],
): Record<string, T> {
  const out: Record<string, T> = {};
  for (const s of segments) if (Object.hasOwn(values, s.key)) out[s.key] = values[s.key] as T;
  for (const k of Object.keys(values).sort()) if (!Object.hasOwn(out, k)) out[k] = values[k] as T;
  return out;
}

export function serializeJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Writes translations/<lang>/<doc>.json canonically; returns whether it changed. */
export async function writeResource(
  root: string,
  lang: string,
  docId: string,
  values: Record<string, string>,
  segments: readonly Segment[],
): Promise<boolean> {
  return writeIfChanged(
    join(root, 'translations', lang, `${docId}.json`),
    serializeJson(orderKeys(values, segments)),
  );
}

/** Writes translations/<lang>/<doc>.source.json canonically; returns whether it changed. */
export async function writeRecords(
  root: string,
  lang: string,
  docId: string,
  records: SourceRecords,
  segments: readonly Segment[],
): Promise<boolean> {
  return writeIfChanged(
    join(root, 'translations', lang, `${docId}${RECORD_SUFFIX}`),
    serializeJson(orderKeys(records, segments)),
  );
}

/** Records that the translation of each segment in `keys` was made from its current English. */
export function markCurrent(
  records: SourceRecords,
  segments: readonly Segment[],
  keys: Iterable<string>,
): SourceRecords {
  const out: SourceRecords = { ...records };
  const byKey = new Map(segments.map((s) => [s.key, s]));
  for (const k of keys) {
    const seg = byKey.get(k);
    if (seg) out[k] = { sha: fingerprint(seg.text), en: seg.text };
  }
  return out;
}
