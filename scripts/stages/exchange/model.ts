// exchange model: the one shape every exchange format writes and reads. A unit is a
// segment of a document with its English, its translation and its state; each format
// (xliff2, xliff12, po) is a thin writer/reader over it, and the import rules live here.
import type { Links } from 'marked';
import { fingerprint, type SourceRecords } from '../merge.ts';
import { placeLabel, placeSegments, type Places } from '../places.ts';
import type { Abbreviation } from '../abbreviations.ts';
import type { Note } from '../notes.ts';
import { nestingNote, type Block, type Segment } from '../segment.ts';
import type { Match } from '../memory.ts';
import type { IdPart } from './inline.ts';

/**
 * new: no translation; stale: translated from an older English; translated: from the
 * current English; reviewed / final: that, in a document whose current sign-off says
 * reviewed / approved.
 */
export type UnitState = 'new' | 'stale' | 'translated' | 'reviewed' | 'final';

export interface ExchangeUnit {
  document: string;
  key: string;
  /** The English now (Markdown). */
  source: string;
  target?: string;
  state: UnitState;
  /** The English the translation was made from, when it differs from the English now. */
  previousSource?: string;
  /** Where the segment is, e.g. "source/demo.md:12". */
  location: string;
  /** For the translator: where the segment sits, QA warnings. */
  notes: string[];
  /** The document's link reference definitions: "[text][label]" is an inline code. */
  links?: Links;
  /** Translation-memory matches for a unit to translate (new or stale), best first. */
  matches?: Match[];
  /** The termbase entries whose English stands in the unit's English. */
  glossary?: GlossaryEntry[];
  /** The target is a memory match written in (--prefill exact; PO's fuzzy pre-fill): no translation until confirmed. */
  prefill?: Match;
}

/** A termbase entry as a unit carries it. */
export interface GlossaryEntry {
  id: string;
  english: string;
  term: string;
  forms: string[];
  forbidden: string[];
  status: 'verified' | 'proposed';
  source?: string;
  note?: string;
}

export interface ExchangeFile {
  srcLang: string;
  trgLang: string;
  units: ExchangeUnit[];
}

/** The sign-off of a document as the exchange needs it: only a current one counts. */
export type SignedStatus = 'draft' | 'reviewed' | 'approved';

export interface ExportDocument {
  id: string;
  path: string;
  segments: readonly Segment[];
  values: Record<string, string>;
  records: SourceRecords;
  signed: SignedStatus;
  /** The document's link reference definitions (segmented.links). */
  links?: Links;
  /** The document's blocks: with them, each unit's notes name its place ("Article 1(2)"). */
  blocks?: readonly Block[];
  /** The document's footnotes: with them, a note's unit says where it is referenced. */
  notes?: readonly Note[];
  /** The document's abbreviations: a unit of an expansion is named by its abbreviation. */
  abbreviations?: readonly Abbreviation[];
}

/**
 * One unit per segment of each document, in document order.
 * @example exportUnits([{ id: 'demo', path: 'source/demo.md', segments, values: {}, records: {}, signed: 'draft' }], () => [])[0].state // 'new'
 */
export function exportUnits(
  documents: readonly ExportDocument[],
  notesFor: (document: string, key: string) => string[],
): ExchangeUnit[] {
  return documents.flatMap((d) => {
    const places = d.blocks
      ? placeSegments(d.blocks, d.segments, d.notes, d.abbreviations)
      : undefined;
    return d.segments.map((seg) => unitOf(d, seg, notesFor(d.id, seg.key), places));
  });
}

function unitOf(
  d: ExportDocument,
  seg: Segment,
  notes: string[],
  places: Places | undefined,
): ExchangeUnit {
  // The segment by its place, the key beside it: "Article 1(2)(b) · art-1-2-b"; that says
  // which list items it sits in too. Without the blocks, the keys of those items.
  const where = places?.has(seg.key) ? placeLabel(places, seg.key) : nestingNote(d.segments, seg);
  const base = {
    document: d.id,
    key: seg.key,
    source: seg.text,
    location: `${d.path}:${seg.line}`,
    notes: [`${d.id} · ${seg.key} · ${d.path}:${seg.line}`, ...(where ? [where] : []), ...notes],
    ...(d.links ? { links: d.links } : {}),
  };
  const target = Object.hasOwn(d.values, seg.key) ? d.values[seg.key] : undefined;
  if (target === undefined || target.trim() === '') return { ...base, state: 'new' };
  const record = d.records[seg.key];
  if (record && record.sha !== fingerprint(seg.text)) {
    return { ...base, target, state: 'stale', previousSource: record.en };
  }
  return {
    ...base,
    target,
    state: d.signed === 'approved' ? 'final' : d.signed === 'reviewed' ? 'reviewed' : 'translated',
  };
}

/** A unit as a reader gives it back: text with inline codes by id, and whether the translator confirmed it. */
export interface ReturnedUnit {
  document: string;
  key: string;
  source: IdPart[];
  target?: IdPart[];
  /** translated / reviewed / final (XLIFF), not fuzzy (PO): the translator stands by the target. */
  confirmed: boolean;
  /** Line of the unit in the file, for messages. */
  line: number;
  /** Document and key from the unit's notes, for files a tool renumbered. */
  hint?: { document: string; key: string };
  /** Why the unit cannot be read (codes that do not pair, an unknown state): it is refused. */
  error?: string;
  /** The target is a memory pre-fill of the export: imported only once the translator confirms it. */
  prefill?: boolean;
}

export interface ReturnedFile {
  srcLang: string;
  trgLang: string;
  units: ReturnedUnit[];
}

export type Outcome = 'written' | 'confirmed' | 'unchanged' | 'still-stale' | 'refused';

export interface Decision {
  outcome: Outcome;
  /** The translation to store (written only). */
  value?: string;
  /** Record the translation as made from the current English. */
  mark: boolean;
  reason?: string;
}

/**
 * What importing one unit does. `target` is already restored to Markdown;
 * `sourceCurrent` says whether the unit's English is today's.
 * @example decide({ target: 'Bok', current: 'Bok', record: undefined, english: 'Hello', sourceCurrent: true, confirmed: true, force: false }).outcome // 'unchanged'
 */
export function decide(input: {
  target: string;
  current: string | undefined;
  record: { sha: string } | undefined;
  english: string;
  sourceCurrent: boolean;
  confirmed: boolean;
  force: boolean;
  /** The target is a memory pre-fill of the export (a 100 % or fuzzy match). */
  prefill?: boolean;
}): Decision {
  const { target, current, record, english, sourceCurrent, confirmed, force } = input;
  // A match never becomes a translation by itself: the translator has to confirm it.
  if (input.prefill === true && !confirmed) return { outcome: 'unchanged', mark: false };
  const stale = record !== undefined && record.sha !== fingerprint(english);
  if (current !== undefined && current === target) {
    if (!sourceCurrent) return { outcome: stale ? 'still-stale' : 'unchanged', mark: false };
    if (stale)
      return confirmed
        ? { outcome: 'confirmed', mark: true }
        : { outcome: 'still-stale', mark: false };
    // A translation with no record, exported from the current English, gets one.
    return { outcome: 'unchanged', mark: record === undefined };
  }
  if (!sourceCurrent && !force)
    return {
      outcome: 'refused',
      mark: false,
      reason: 'the English changed since export; re-export, or use --force',
    };
  return {
    outcome: 'written',
    value: target,
    mark: true,
    ...(sourceCurrent
      ? {}
      : {
          reason:
            'the English changed since export; recorded as a translation of the current English (--force)',
        }),
  };
}
