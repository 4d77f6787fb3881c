// memory: the translation memory: every translated segment of every document, paired with
// the English it was made from, and the matches it offers a segment to translate.
// Pure: the project's texts come in, pairs and matches go out.
//
// Similarity (documented in the README): the English texts are split into tokens (words,
// numbers, and each other non-blank character: punctuation and Markdown marks), and the
// score is 1 − (token edit distance ÷ the longer text's token count), in whole per cent,
// case-sensitive, so that a changed word, a dropped comma or a changed emphasis each cost
// one token. 100 % only for the same English (blanks aside). Fuzzy matches from 75 %.
import { fingerprint, type SourceRecords } from './merge.ts';
import type { Segment } from './segment.ts';

export interface MemoryPair {
  /** The English the translation was made from. */
  source: string;
  target: string;
  document: string;
  key: string;
}

export interface Match {
  source: string;
  target: string;
  /** Whole per cent, 100 for the same English. */
  quality: number;
  /** "<document>/<key>" of the segment the match comes from. */
  origin: string;
}

export const FUZZY_THRESHOLD = 75;
const MAX_MATCHES = 3;

/** What the memory of one language is built from: each document's segments, translations, records. */
export interface MemoryDocument {
  id: string;
  segments: readonly Segment[];
  values: Record<string, string>;
  records: SourceRecords;
}

/**
 * The pairs of one language: a current translation with today's English; a stale one with
 * the English it was made from (its record), which is what it translates.
 * @example buildMemory([{ id: 'd', segments: [seg], values: { k: 'Bok' }, records: {} }])[0].target // 'Bok'
 */
export function buildMemory(documents: readonly MemoryDocument[]): MemoryPair[] {
  const pairs: MemoryPair[] = [];
  for (const d of documents)
    for (const seg of d.segments) {
      const target = d.values[seg.key];
      if (target === undefined || target.trim() === '') continue;
      const record = d.records[seg.key];
      const stale = record !== undefined && record.sha !== fingerprint(seg.text);
      pairs.push({
        source: stale ? record.en : seg.text,
        target,
        document: d.id,
        key: seg.key,
      });
    }
  return pairs;
}

/** Tokens of a text: words and numbers whole, every other non-blank character alone. */
export function tokens(text: string): string[] {
  return text.normalize('NFC').match(/[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]/gu) ?? [];
}

/**
 * Similarity of two English texts in whole per cent (see the file's head).
 * @example similarity('We welcome the results', 'We welcome the achievements') // 75
 */
export function similarity(a: string, b: string): number {
  const [x, y] = [tokens(a), tokens(b)];
  if (x.join(' ') === y.join(' ')) return 100;
  const longer = Math.max(x.length, y.length);
  if (longer === 0) return 100;
  // Not the same English: at most 99, however long the text.
  return Math.min(99, Math.floor((1 - distance(x, y) / longer) * 100));
}

/** Levenshtein distance over tokens, two rows. */
function distance(x: readonly string[], y: readonly string[]): number {
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++)
      row[j] = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
    prev = row;
  }
  return prev[y.length] as number;
}

/**
 * The best matches (at most three, best first) for `english` among `memory`, leaving out
 * the segment itself (`self`, "<document>/<key>"); one match per distinct translation.
 * @example matchesFor(memory, 'Adopted in Bucharest', 'new-doc/adopted')[0]?.quality // 100
 */
export function matchesFor(
  memory: readonly MemoryPair[],
  english: string,
  self: string,
  threshold = FUZZY_THRESHOLD,
): Match[] {
  const wanted = tokens(english).length;
  const found: Match[] = [];
  for (const p of memory) {
    const origin = `${p.document}/${p.key}`;
    if (origin === self) continue;
    // The length alone bounds the score: skip what cannot reach the threshold.
    const n = tokens(p.source).length;
    if (Math.min(n, wanted) / Math.max(n, wanted, 1) < threshold / 100) continue;
    const quality = similarity(english, p.source);
    if (quality >= threshold) found.push({ source: p.source, target: p.target, quality, origin });
  }
  found.sort((a, b) => b.quality - a.quality || (a.origin < b.origin ? -1 : 1));
  const seen = new Set<string>();
  return found
    .filter((m) => (seen.has(m.target) ? false : (seen.add(m.target), true)))
    .slice(0, MAX_MATCHES);
}
