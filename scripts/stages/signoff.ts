// signoff: the rules of review and approval, per language and document (pure).
// A sign-off binds what was signed: the fingerprint of the English document and of
// the translation at that moment. It is *current* only while both still match; when
// either changes, the edition behaves as a draft again and says for which earlier
// version it was signed. The history is append-only: the latest entry of a document
// is its state (a "draft" entry withdraws an earlier sign-off).
import { createHash } from 'node:crypto';
import type { SourceDocument } from './parse.ts';
import type { Segment } from './segment.ts';

export type SignoffStatus = 'draft' | 'reviewed' | 'approved';
export const SIGNOFF_STATUSES: readonly SignoffStatus[] = ['draft', 'reviewed', 'approved'];

/** What a sign-off is bound to: sha256 (hex) of the English document and of the translation. */
export interface Fingerprints {
  source: string;
  translation: string;
}

/** One line of translations/<lang>/signoffs.jsonl. */
export interface SignoffEntry extends Fingerprints {
  document: string;
  status: SignoffStatus;
  /** "<name, role>" as the signer wrote it. */
  by: string;
  /** YYYY-MM-DD. */
  date: string;
  note?: string;
  /** Keys that were stale or missing when the sign-off was forced (--force). */
  stale?: string[];
  missing?: string[];
}

/** The state of one edition's sign-off now. */
export interface CurrentSignoff {
  /** The status of the latest entry (draft when there is none). */
  status: SignoffStatus;
  /** Whether that entry was signed for the English and translation of today (true when nothing was signed). */
  current: boolean;
  /** What readers are shown: `status` when current, otherwise draft. */
  effective: SignoffStatus;
  /** The latest entry, when there is one. */
  entry?: SignoffEntry;
}

/** The review object of reports: coverage --format json, manifest.json. */
export interface ReviewSummary {
  status: SignoffStatus;
  current: boolean;
  by: string | null;
  date: string | null;
}

/**
 * Fingerprint of the English document: the sha256 of its normalized file (front matter
 * included, so a new date or place expires a sign-off too). Equals `sha256sum source/<id>.md`
 * for a file saved as UTF-8, LF, NFC, without BOM.
 */
export function sourceFingerprint(doc: SourceDocument): string {
  return doc.version;
}

/**
 * Fingerprint of a translation: the sha256 of its segments' texts in document order
 * (missing ones as null; keys matching no segment are not part of the edition).
 * @example translationFingerprint(project.resources.hr['joint-declaration'], segmented.segments)
 */
export function translationFingerprint(
  values: Readonly<Record<string, string>>,
  segments: readonly Pick<Segment, 'key'>[],
): string {
  const pairs = segments.map((s) => [
    s.key,
    Object.hasOwn(values, s.key) && values[s.key]?.trim()
      ? (values[s.key] as string).normalize('NFC')
      : null,
  ]);
  return createHash('sha256').update(JSON.stringify(pairs)).digest('hex');
}

/** Both fingerprints of an edition as it is now. */
export function fingerprintsNow(
  doc: SourceDocument,
  values: Readonly<Record<string, string>>,
  segments: readonly Pick<Segment, 'key'>[],
): Fingerprints {
  return { source: sourceFingerprint(doc), translation: translationFingerprint(values, segments) };
}

/**
 * The sign-off of `document` as of now: the latest entry of the history, current while its
 * fingerprints match `now`.
 * @example currentSignoff(history, 'joint-declaration', now) → { status: 'approved', current: false, effective: 'draft', entry }
 */
export function currentSignoff(
  history: readonly SignoffEntry[],
  document: string,
  now: Fingerprints,
): CurrentSignoff {
  let entry: SignoffEntry | undefined;
  for (const e of history) if (e.document === document) entry = e;
  if (!entry) return { status: 'draft', current: true, effective: 'draft' };
  const current = entry.source === now.source && entry.translation === now.translation;
  return { status: entry.status, current, effective: current ? entry.status : 'draft', entry };
}

/** The review object of the reports. */
export function reviewSummary(s: CurrentSignoff): ReviewSummary {
  return {
    status: s.status,
    current: s.current,
    by: s.entry?.by ?? null,
    date: s.entry?.date ?? null,
  };
}

/** One line for people: "approved by A, translator on 2026-11-30", "approved 2026-11-30 by A for an earlier version", "draft". */
export function reviewText(r: ReviewSummary): string {
  if (r.status === 'draft' || r.by === null) return 'draft';
  return r.current
    ? `${r.status} by ${r.by} on ${r.date ?? ''}`
    : `${r.status} ${r.date ?? ''} by ${r.by} for an earlier version`;
}

/** What stands in the way of signing an edition: its stale and missing segment keys, in document order. */
export interface Blockers {
  stale: string[];
  missing: string[];
}

export type SignoffDecision =
  | { ok: true; entry: SignoffEntry }
  | { ok: false; reason: 'open-segments'; count: number; stale: string[]; missing: string[] }
  | { ok: false; reason: 'force-needs-note' };

export interface SignoffRequest {
  document: string;
  status: SignoffStatus;
  by: string;
  date: string;
  note?: string;
  force?: boolean;
}

/**
 * The rule of signing: a document with stale or missing segments cannot be reviewed or
 * approved (readers would see English or an outdated sentence under a signed notice),
 * unless forced with a note saying why; the forced entry records the open keys.
 * A draft entry (withdrawal) is always allowed.
 * @example decideSignoff({ document, status: 'approved', by, date }, fingerprints, { stale: ['knowing'], missing: [] })
 *   → { ok: false, reason: 'open-segments', count: 1, stale: ['knowing'], missing: [] }
 */
export function decideSignoff(
  request: SignoffRequest,
  now: Fingerprints,
  blockers: Blockers,
): SignoffDecision {
  const open = blockers.stale.length + blockers.missing.length;
  const entry: SignoffEntry = {
    document: request.document,
    status: request.status,
    by: request.by,
    date: request.date,
    source: now.source,
    translation: now.translation,
  };
  if (request.note !== undefined && request.note.trim() !== '') entry.note = request.note.trim();
  if (request.force && !entry.note) return { ok: false, reason: 'force-needs-note' };
  if (request.status !== 'draft' && open > 0) {
    if (!request.force)
      return {
        ok: false,
        reason: 'open-segments',
        count: open,
        stale: [...blockers.stale],
        missing: [...blockers.missing],
      };
    if (blockers.stale.length > 0) entry.stale = [...blockers.stale];
    if (blockers.missing.length > 0) entry.missing = [...blockers.missing];
  }
  return { ok: true, entry };
}

/** Stale and missing keys of an edition's segments. */
export function blockersOf(segments: Iterable<{ key: string; status: string }>): Blockers {
  const out: Blockers = { stale: [], missing: [] };
  for (const s of segments) {
    if (s.status === 'stale') out.stale.push(s.key);
    else if (s.status === 'missing') out.missing.push(s.key);
  }
  return out;
}

/** A signer's name: "<name, role>", one line, not empty. Returns the problem, or undefined when fine. */
export function checkSigner(by: string): string | undefined {
  if (by.trim() === '') return 'is empty';
  if (/[\u0000-\u001f\u007f]/.test(by)) return 'contains a line break or control character';
  // The name is interpolated into the notice by i18next: no placeholders or nesting.
  if (by.includes('{{') || by.includes('$t(')) return 'contains "{{" or "$t("';
  if (by.length > 200) return 'is longer than 200 characters';
  return undefined;
}

/** Today's date as YYYY-MM-DD in the signer's local time. */
export function isoDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Orders statuses draft < reviewed < approved: the weakest of several editions is the language's. */
export function weakest(statuses: Iterable<SignoffStatus>): SignoffStatus {
  let out: SignoffStatus = 'approved';
  let any = false;
  for (const s of statuses) {
    any = true;
    if (SIGNOFF_STATUSES.indexOf(s) < SIGNOFF_STATUSES.indexOf(out)) out = s;
  }
  return any ? out : 'draft';
}
