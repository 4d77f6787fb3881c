// merge: English segments + translations → an Edition, per language. Whether each
// segment is translated, stale or missing is recorded as data (i18next tells which
// language served it); the CLI decides what to make of it.
import { createHash } from 'node:crypto';
import i18next, { type i18n } from 'i18next';
import type { Links } from 'marked';
import { SOURCE_LANGUAGE, type Language, type Registry } from '../languages.ts';
import type { Abbreviation, Expansion } from './abbreviations.ts';
import { plainText } from './places.ts';
import type { Note } from './notes.ts';
import type { SourceDocument } from './parse.ts';
import type { Block, Segment, Segmented } from './segment.ts';

export type SegmentStatus = 'source' | 'translated' | 'stale' | 'missing';

/** What the English of a segment was when it was translated (translations/<lang>/<doc>.source.json). */
export interface SourceRecord {
  sha: string;
  en: string;
}
export type SourceRecords = Record<string, SourceRecord>;

export interface EditionSegment {
  key: string;
  kind: Segment['kind'];
  line: number;
  /** The English Markdown now. */
  english: string;
  /** The Markdown shown in this edition (the English when missing). */
  text: string;
  status: SegmentStatus;
  /** The English the translation was made from, when it differs from now. */
  translatedFrom?: string;
}

export interface Counts {
  total: number;
  translated: number;
  stale: number;
  missing: number;
  orphaned: number;
}

export interface Edition {
  lang: Language;
  /** The project's languages (the switcher, the alternates). */
  registry: Registry;
  doc: SourceDocument;
  blocks: Block[];
  /** The source's link reference definitions: a translation may use the same labels. */
  links: Links;
  /** The footnotes, numbered alike in every edition; their text is in `segments`. */
  notes: readonly Note[];
  /** The abbreviations; each one's expansion in this language is in `segments`. */
  abbreviations: readonly Abbreviation[];
  segments: Map<string, EditionSegment>;
  /** Keys of the translation file that match no segment. */
  orphans: string[];
  counts: Counts;
  /** Interface strings of this edition, English where a key is untranslated. */
  ui: (key: string, vars?: Record<string, unknown>) => string;
}

/** Translation resources: language → namespace (document id, or "ui") → key → Markdown. */
export type Resources = Record<string, Record<string, Record<string, string>>>;

/** The fingerprint of an English segment, recorded beside each translation. */
export function fingerprint(english: string): string {
  return createHash('sha256').update(english.normalize('NFC')).digest('hex').slice(0, 16);
}

/** An i18next instance with the registry whose languages it serves. */
export type Translator = i18n & { readonly registry: Registry };

/** One i18next instance for the whole build. */
export function createTranslator(resources: Resources, registry: Registry): Translator {
  const t = i18next.createInstance();
  void t.init({
    initAsync: false,
    resources: Object.fromEntries(Object.entries(resources).map(([lng, nss]) => [lng, nss])),
    lng: SOURCE_LANGUAGE,
    fallbackLng: SOURCE_LANGUAGE,
    supportedLngs: [...registry.codes],
    load: 'currentOnly',
    keySeparator: false,
    nsSeparator: false,
    returnNull: false,
    returnEmptyString: false,
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  } as Parameters<i18n['init']>[0]);
  t.services.formatter?.add('longdate', (value: unknown, lng: string | undefined) => {
    const lang = registry.find(lng ?? SOURCE_LANGUAGE);
    const date = value instanceof Date ? value : new Date(`${String(value)}T00:00:00Z`);
    const months = lang?.genitiveMonths;
    if (months)
      return `${date.getUTCDate()}. ${months[date.getUTCMonth()] ?? ''} ${date.getUTCFullYear()}.`;
    return new Intl.DateTimeFormat(lang?.intlLocale ?? 'en-GB', {
      dateStyle: 'long',
      timeZone: 'UTC',
    }).format(date);
  });
  return Object.assign(t, { registry });
}

/**
 * Builds the edition of one document in one language.
 * @example mergeEdition(doc, segmented, registry.get('hr'), translator, records, ['knowing'])
 */
export function mergeEdition(
  doc: SourceDocument,
  segmented: Segmented,
  lang: Language,
  translator: Translator,
  records: SourceRecords,
  translationKeys: readonly string[],
): Edition {
  const segments = new Map<string, EditionSegment>();
  const counts: Counts = { total: 0, translated: 0, stale: 0, missing: 0, orphaned: 0 };
  const cx: SegmentContext = { lang, docId: doc.id, translator, records };
  for (const seg of segmented.segments) {
    counts.total++;
    const entry = mergeSegment(seg, cx);
    segments.set(seg.key, entry);
    counts[entry.status === 'source' ? 'translated' : entry.status]++;
  }
  const orphans =
    lang.code === SOURCE_LANGUAGE ? [] : translationKeys.filter((k) => !segments.has(k)).sort();
  counts.orphaned = orphans.length;
  const ui = (key: string, vars: Record<string, unknown> = {}): string =>
    translator.t(key, { ...vars, lng: lang.code, ns: 'ui' }) as string;
  return {
    lang,
    registry: translator.registry,
    doc,
    blocks: segmented.blocks,
    links: segmented.links,
    notes: segmented.notes,
    abbreviations: segmented.abbreviations,
    segments,
    orphans,
    counts,
    ui,
  };
}

/** What one segment is merged against: the edition's language and translations. */
interface SegmentContext {
  lang: Language;
  docId: string;
  translator: Translator;
  records: SourceRecords;
}

// One segment in one language: translated, stale (the English changed since) or missing.
function mergeSegment(seg: Segment, cx: SegmentContext): EditionSegment {
  const { lang } = cx;
  const base = { key: seg.key, kind: seg.kind, line: seg.line, english: seg.text };
  if (lang.code === SOURCE_LANGUAGE) return { ...base, text: seg.text, status: 'source' };
  const found = cx.translator.t(seg.key, {
    lng: lang.code,
    ns: cx.docId,
    returnDetails: true,
    skipInterpolation: true,
  }) as unknown as { res: string; usedLng: string };
  const served =
    found.usedLng === lang.code && typeof found.res === 'string' && found.res.trim() !== '';
  if (!served) return { ...base, text: seg.text, status: 'missing' };
  const record = cx.records[seg.key];
  const upToDate = record !== undefined && record.sha === fingerprint(seg.text);
  const entry: EditionSegment = {
    ...base,
    text: found.res,
    status: upToDate ? 'translated' : 'stale',
  };
  if (!upToDate && record) entry.translatedFrom = record.en;
  return entry;
}

/** The translated text of a front-matter field in an edition. */
export function metaText(edition: Edition, field: string): string {
  return edition.segments.get(`meta.${field}`)?.text ?? '';
}

/** The abbreviations of an edition with their expansions in its language, as plain text. */
export function expansionsOf(edition: Edition): Expansion[] {
  return edition.abbreviations.map((a) => ({
    abbr: a.abbr,
    title: plainText(edition.segments.get(a.key)?.text ?? ''),
  }));
}
