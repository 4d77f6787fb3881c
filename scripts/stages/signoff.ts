// signoff: the rules of review and approval, per language and document (pure).
// A sign-off binds what was signed: the fingerprints of the meaning of the English
// document and of the translation at that moment, their translatable segments in
// document order, normalised (Unicode NFC, line endings and runs of white space as one
// space). A blank line, reordered keys in a translation file or a changed
// non-translatable front-matter field (date, id) change nothing a reader reads, so the
// sign-off holds; a changed word, title, subject or keyword lapses it. It is *current*
// only while both still match; when either changes, the edition behaves as a draft again
// and says whose sign-off lapsed and why. The history is append-only: the latest entry
// of a document is its state (a "draft" entry withdraws an earlier sign-off).
import { createHash } from 'node:crypto';
import type { SourceDocument } from './parse.ts';
import type { Segment } from './segment.ts';

export type SignoffStatus = 'draft' | 'reviewed' | 'approved';
export const SIGNOFF_STATUSES: readonly SignoffStatus[] = ['draft', 'reviewed', 'approved'];

/** The fingerprint scheme of new sign-offs: 2, the meaning; entries without `v` are 1, the bytes. */
export const FINGERPRINT_VERSION = 2;

/** What a sign-off is bound to: sha256 (hex) of the English document and of the translation. */
export interface Fingerprints {
  source: string;
  translation: string;
}

/** One line of translations/<lang>/signoffs.jsonl. */
export interface SignoffEntry extends Fingerprints {
  /** 2: fingerprints of meaning (signedTexts); absent: 1, the English file's bytes. */
  v?: 2;
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
  /** The signer's principal in translations/allowed_signers, when signed with a key. */
  signer?: string;
  /** The armored SSH signature of the entry (ssh-keygen -Y sign; see stages/signoff-message.ts). */
  signature?: string;
}

/**
 * The texts a sign-off binds, in document order: every segment of the English with its
 * normalised text, and the translation of each (null where there is none). Their
 * fingerprints are the sha256 of their JSON; translations/<lang>/signed/ keeps them.
 */
export interface SignedTexts {
  source: Array<[string, string]>;
  translation: Array<[string, string | null]>;
}

/** The edition now, as every fingerprint scheme sees it. */
export interface EditionNow {
  /** Fingerprints of meaning (scheme 2). */
  meaning: Fingerprints;
  /** Scheme 1: the English file's bytes, the translation's NFC texts. */
  bytes: Fingerprints;
  texts: SignedTexts;
}

/** What changed since the texts of a sign-off: segment keys of the English and of the translation. */
export interface Lapse {
  english: string[];
  translation: string[];
  /** False when the signed texts are not on record (a first-version entry, a deleted file). */
  known: boolean;
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
  /** When a review or approval lapsed: what changed since (see lapseOf). */
  lapse?: Lapse;
  /** Whether the latest entry is signed with a key of translations/allowed_signers. */
  verification?: Verification;
}

/** What checking an entry's SSH signature found. */
export type Verification =
  | { state: 'verified'; principal: string; name: string; role: string; key: string }
  | { state: 'unsigned' }
  | { state: 'invalid'; reason: string };

/** The review object of reports: coverage --format json, manifest.json. */
export interface ReviewSummary {
  status: SignoffStatus;
  current: boolean;
  by: string | null;
  date: string | null;
  /** When a review or approval lapsed: the keys whose English or translation changed. */
  lapsed?: { english: string[]; translation: string[] };
  /** Of a review or approval: signed with a verified key, not signed with a key, or a signature that fails. */
  signature?: Verification['state'];
}

/** A segment's text as a sign-off binds it: NFC, runs of white space (line ends too) as one space, trimmed. */
export function meaningText(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/**
 * The texts of an edition a sign-off binds (see SignedTexts).
 * @example signedTexts(segmented.segments, project.resources.hr['joint-declaration'])
 */
export function signedTexts(
  segments: readonly Pick<Segment, 'key' | 'text'>[],
  values: Readonly<Record<string, string>>,
): SignedTexts {
  return {
    source: segments.map((s) => [s.key, meaningText(s.text)]),
    translation: segments.map((s) => {
      const v = Object.hasOwn(values, s.key) ? meaningText(values[s.key] ?? '') : '';
      return [s.key, v === '' ? null : v];
    }),
  };
}

/** sha256 (hex) of a list of pairs, as JSON: the fingerprint of SignedTexts' halves. */
export function pairsFingerprint(pairs: ReadonlyArray<readonly [string, string | null]>): string {
  return createHash('sha256').update(JSON.stringify(pairs)).digest('hex');
}

/** The fingerprints of meaning of signed texts. */
export function meaningFingerprints(texts: SignedTexts): Fingerprints {
  return {
    source: pairsFingerprint(texts.source),
    translation: pairsFingerprint(texts.translation),
  };
}

/**
 * Fingerprint of a translation under scheme 1: the sha256 of its segments' texts in
 * document order (missing ones as null; keys matching no segment are not part of it).
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

/** An edition as it is now, under both fingerprint schemes. */
export function editionNow(
  doc: SourceDocument,
  values: Readonly<Record<string, string>>,
  segments: readonly Pick<Segment, 'key' | 'text'>[],
): EditionNow {
  const texts = signedTexts(segments, values);
  return {
    meaning: meaningFingerprints(texts),
    bytes: { source: doc.version, translation: translationFingerprint(values, segments) },
    texts,
  };
}

/** Whether `entry` was signed for the edition `now`, under the entry's own scheme. */
export function signedFor(entry: Fingerprints & { v?: number }, now: EditionNow): boolean {
  const fp = entry.v === FINGERPRINT_VERSION ? now.meaning : now.bytes;
  return entry.source === fp.source && entry.translation === fp.translation;
}

/**
 * The sign-off of `document` as of now: the latest entry of the history, current while its
 * fingerprints match `now`. `signed` gives the texts a lapsed entry was signed for, when
 * they are on record, so that the lapse names what changed.
 * @example currentSignoff(history, 'joint-declaration', now) → { status: 'approved', current: false, effective: 'draft', entry, lapse }
 */
export function currentSignoff(
  history: readonly SignoffEntry[],
  document: string,
  now: EditionNow,
  signed?: SignedTexts,
): CurrentSignoff {
  let entry: SignoffEntry | undefined;
  for (const e of history) if (e.document === document) entry = e;
  if (!entry) return { status: 'draft', current: true, effective: 'draft' };
  const current = signedFor(entry, now);
  const out: CurrentSignoff = {
    status: entry.status,
    current,
    effective: current ? entry.status : 'draft',
    entry,
  };
  if (!current && entry.status !== 'draft') out.lapse = lapseOf(signed, now.texts);
  return out;
}

/** The keys whose English or translation differ between the signed texts and now. */
export function lapseOf(signed: SignedTexts | undefined, now: SignedTexts): Lapse {
  if (!signed) return { english: [], translation: [], known: false };
  return {
    english: changedKeys(signed.source, now.source),
    translation: changedKeys(signed.translation, now.translation),
    known: true,
  };
}

// Keys added, removed or with another text, in the order of `after` (then removed ones).
function changedKeys(
  before: ReadonlyArray<readonly [string, string | null]>,
  after: ReadonlyArray<readonly [string, string | null]>,
): string[] {
  const old = new Map(before);
  const out = after.filter(([k, v]) => !old.has(k) || old.get(k) !== v).map(([k]) => k);
  const now = new Set(after.map(([k]) => k));
  for (const [k] of before) if (!now.has(k)) out.push(k);
  return out;
}

/** One segment's text that changed since a sign-off: in the English or in the translation. */
export interface SignoffChange {
  key: string;
  side: 'english' | 'translation';
  /** The signed text (null: not there, or not translated then). */
  before: string | null;
  after: string | null;
}

/**
 * What changed since the texts of a sign-off, segment by segment in today's document
 * order (the English before the translation of each; segments since removed last).
 * @example changesSince(project.signed.hr['joint-declaration'], now.texts)
 */
export function changesSince(signed: SignedTexts, now: SignedTexts): SignoffChange[] {
  const side = (
    name: SignoffChange['side'],
    before: ReadonlyArray<readonly [string, string | null]>,
    after: ReadonlyArray<readonly [string, string | null]>,
  ): Map<string, SignoffChange> => {
    const old = new Map(before);
    const next = new Map(after);
    return new Map(
      changedKeys(before, after).map((key) => [
        key,
        { key, side: name, before: old.get(key) ?? null, after: next.get(key) ?? null },
      ]),
    );
  };
  const english = side('english', signed.source, now.source);
  const translation = side('translation', signed.translation, now.translation);
  const order = [
    ...new Set([...now.source.map(([k]) => k), ...english.keys(), ...translation.keys()]),
  ];
  return order.flatMap((k) => [english.get(k), translation.get(k)].filter((c) => c !== undefined));
}

/** The review object of the reports. */
export function reviewSummary(s: CurrentSignoff): ReviewSummary {
  return {
    status: s.status,
    current: s.current,
    by: s.entry?.by ?? null,
    date: s.entry?.date ?? null,
    ...(s.lapse ? { lapsed: { english: s.lapse.english, translation: s.lapse.translation } } : {}),
    ...(s.verification && s.status !== 'draft' ? { signature: s.verification.state } : {}),
  };
}

const SIGNATURE_TEXT: Record<Verification['state'], string> = {
  verified: ' (signature verified)',
  unsigned: ' (not signed with a key)',
  invalid: ' (its signature does not verify)',
};

/**
 * One line for people, the state first: "approved by A, translator on 2026-11-30",
 * "draft — approval of 2026-11-30 by A lapsed", "draft".
 */
export function reviewText(r: ReviewSummary): string {
  if (r.status === 'draft' || r.by === null) return 'draft';
  const sig = r.signature ? SIGNATURE_TEXT[r.signature] : '';
  if (r.signature === 'invalid') return `draft — ${r.status} by ${r.by} on ${r.date ?? ''}${sig}`;
  if (r.current) return `${r.status} by ${r.by} on ${r.date ?? ''}${sig}`;
  return `draft — ${r.status === 'approved' ? 'approval' : 'review'} of ${r.date ?? ''} by ${r.by} lapsed`;
}

/** What changed, for a lapse message: "the English of knowing, stressing changed; …". */
export function lapseText(lapse: Lapse | ReviewSummary['lapsed'], max = 6): string {
  if (!lapse || ('known' in lapse && !lapse.known))
    return 'the English or the translation changed since (the signed text is not on record)';
  const list = (keys: string[]) =>
    keys.length <= max
      ? keys.join(', ')
      : `${keys.slice(0, max).join(', ')} and ${keys.length - max} more`;
  const parts = [
    lapse.english.length > 0 ? `the English of ${list(lapse.english)} changed` : '',
    lapse.translation.length > 0 ? `the translation of ${list(lapse.translation)} changed` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join('; ') : 'the signed text changed';
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
    v: FINGERPRINT_VERSION,
    document: request.document,
    status: request.status,
    by: request.by,
    date: request.date,
    source: now.source,
    translation: now.translation,
  };
  if (request.note !== undefined && request.note.trim() !== '')
    entry.note = request.note.trim().normalize('NFC');
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
