// gate: what may not be published. Every finding about an edition, from its English
// source (front matter, markup, links) and from its translation (the check rules,
// markup of its own, keys that match no segment), and which editions an error (or, with
// --strict, a warning) keeps out of the release. Pure: the build decides what to write.
import type { Diagnostic } from '../errors.ts';
import { SOURCE_LANGUAGE, type Language } from '../languages.ts';
import { partsFindings } from './akoma-ntoso.ts';
import { checkSegment, markdownProblems, normalizeLabel, type LinkTargets } from './check.ts';
import type { Edition, SourceRecords } from './merge.ts';
import type { SourceDocument } from './parse.ts';
import type { Links } from 'marked';
import type { Segmented } from './segment.ts';
import { didYouMean, suggest } from './suggest.ts';

/** The front-matter fields a document may have; any other is a mistake (a typo, or a field this tool does not know). */
export const FRONT_MATTER_FIELDS = [
  'id',
  'title',
  'subject',
  'place',
  'date',
  'issuer',
  'keywords',
  'type',
  'authentic',
  'prevails',
  'parts',
  'abbreviations',
] as const;

/** What the reference labels and `#fragments` of a document's segments may name. */
export function linkTargets(links: Links, keys: Iterable<string>): LinkTargets {
  return {
    labels: new Set(Object.keys(links).map(normalizeLabel)),
    anchors: new Set(['text', ...[...keys].map((k) => `seg-${k}`)]),
  };
}

/**
 * The mistakes of a document's English: unknown front-matter fields, and markup that
 * does not parse or points nowhere. Each concerns every edition of the document.
 */
export function sourceFindings(doc: SourceDocument, segmented: Segmented): Diagnostic[] {
  const out: Diagnostic[] = [];
  const known: readonly string[] = FRONT_MATTER_FIELDS;
  for (const [field, line] of Object.entries(doc.metaLines)) {
    if (known.includes(field)) continue;
    out.push({
      severity: 'error',
      rule: 'front-matter-unknown',
      message:
        `the front-matter field "${field}" is not one this project knows, and would be dropped.${didYouMean(field, known)}`.replace(
          /\.$/,
          '',
        ),
      hint: `Fields: ${known.join(', ')}. Rename or remove the line.`,
      location: { file: doc.path, line },
      document: doc.id,
    });
  }
  out.push(...partsFindings(doc, segmented.blocks));
  const targets = linkTargets(
    segmented.links,
    segmented.segments.map((s) => s.key),
  );
  for (const seg of segmented.segments) {
    for (const message of markdownProblems(seg.text, 'the English', targets))
      out.push({
        severity: 'error',
        rule: 'markup-source',
        message,
        hint: 'Fix the Markdown of the English: it is printed as it is written.',
        location: { file: doc.path, line: seg.line },
        document: doc.id,
        key: seg.key,
      });
  }
  return out;
}

export interface TranslationContext {
  /** translations/<lang>/<document>.json, as shown in messages. */
  file: string;
  /** Where each key stands in that file. */
  lines: Readonly<Record<string, { line: number; column: number }>>;
  /** What the English of each key was when it was translated (its .source.json). */
  records: SourceRecords;
  properNames: ReadonlySet<string>;
}

/**
 * The mistakes of one stored translation (not the English, not a derived edition): the
 * rules of `npm run check` (spelling aside), its own markup and links, and keys that match
 * no segment, each with the line of its key.
 */
export function translationFindings(edition: Edition, ctx: TranslationContext): Diagnostic[] {
  const { lang, doc } = edition;
  if (lang.code === SOURCE_LANGUAGE || lang.derivedFrom) return [];
  const out: Diagnostic[] = [];
  const targets = linkTargets(edition.links, edition.segments.keys());
  const at = (key: string) => ({ file: ctx.file, ...(ctx.lines[key] ?? { line: 1 }) });
  for (const seg of edition.segments.values()) {
    if (seg.status !== 'translated' && seg.status !== 'stale') continue;
    const input = {
      lang: lang.code,
      script: lang.script,
      document: doc.id,
      key: seg.key,
      english: seg.english,
      translation: seg.text,
      links: edition.links,
    };
    const found = checkSegment(input, { properNames: ctx.properNames, englishChecked: true });
    // A mistake of the English is reported once, against the English: not as a difference here.
    const englishBroken = markdownProblems(seg.english, 'the English', targets).length > 0;
    for (const f of found.filter((x) => !(englishBroken && x.rule === 'markup')))
      out.push({
        severity: f.severity,
        rule: f.rule,
        message: f.message,
        ...edition_(edition, seg.key),
        location: at(seg.key),
      });
    for (const message of markdownProblems(seg.text, 'the translation', targets))
      out.push({
        severity: 'error',
        rule: 'markup',
        message,
        ...edition_(edition, seg.key),
        location: at(seg.key),
      });
  }
  for (const key of edition.orphans) out.push(orphanFinding(edition, key, ctx));
  return out;
}

const edition_ = (edition: Edition, key: string) => ({
  lang: edition.lang.code,
  document: edition.doc.id,
  key,
});

/**
 * A key that matches no segment: its English is gone, or its key was renamed. The
 * suggestion comes from the keys, and from the text: the segment whose English is the
 * one the key was translated from is the renamed one.
 */
function orphanFinding(edition: Edition, key: string, ctx: TranslationContext): Diagnostic {
  const segments = [...edition.segments.values()];
  const was = ctx.records[key]?.en;
  // Of the segments whose English is the one this key was translated from, the one this
  // language has no translation of is the renamed one.
  const same = was === undefined ? [] : segments.filter((s) => s.english === was);
  const byText = (
    same.find((s) => s.status === 'missing') ?? (same.length === 1 ? same[0] : undefined)
  )?.key;
  const byKey = suggest(key, edition.segments.keys());
  const rename = byText ?? byKey;
  const unused =
    rename !== undefined && segments.find((s) => s.key === rename)?.status === 'missing';
  const guess =
    rename === undefined
      ? ''
      : ` Did you mean "${rename}"${byText ? ' (its English is the text this key was translated from)' : ''}?`;
  return {
    severity: 'error',
    rule: 'orphaned',
    message: `key "${key}" matches no segment of ${edition.doc.path} (orphaned translation).${guess}`,
    hint:
      rename !== undefined && unused
        ? `Rename the key to "${rename}" (the English key was probably renamed), or delete it.`
        : 'Delete the key, or rename it to the key of its English segment ({#key} in the source).',
    lang: edition.lang.code,
    document: edition.doc.id,
    key,
    location: { file: ctx.file, ...(ctx.lines[key] ?? { line: 1 }) },
  };
}

/** An edition as the gate sees it. */
export interface GateEdition {
  lang: Language;
  document: string;
}

/**
 * The editions a finding keeps out of the release, each with its findings: an error
 * always, a warning only when `strict`. A finding with a language and a document concerns
 * that edition; with a language only, every edition of that language; with a document
 * only (its English), every edition of the document; with neither, every edition. A
 * derived edition (sr-Latn) shares the findings of the language it is made from.
 */
export function blockedEditions(
  editions: readonly GateEdition[],
  diagnostics: readonly Diagnostic[],
  strict: boolean,
): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    if (d.severity !== 'error' && !strict) continue;
    for (const e of editions) {
      const own = e.lang.derivedFrom?.code ?? e.lang.code;
      if (d.lang !== undefined && d.lang !== e.lang.code && d.lang !== own) continue;
      if (d.document !== undefined && d.document !== e.document) continue;
      const id = `${e.lang.code}/${e.document}`;
      out.set(id, [...(out.get(id) ?? []), d]);
    }
  }
  return out;
}

/**
 * The check rules on a language's interface strings (they reach every page and PDF of
 * the language): a finding concerns every edition of the language. A string left as the
 * English is a warning (single words often are the same, e.g. ro "Document").
 */
export function uiFindings(
  lang: Language,
  ui: Readonly<Record<string, string>>,
  english: Readonly<Record<string, string>>,
  ctx: Omit<TranslationContext, 'records'>,
): Diagnostic[] {
  if (lang.code === SOURCE_LANGUAGE || lang.derivedFrom) return [];
  const out: Diagnostic[] = [];
  for (const [key, en] of Object.entries(english)) {
    const translation = ui[key];
    if (translation === undefined || translation.trim() === '') continue;
    const input = {
      lang: lang.code,
      script: lang.script,
      document: 'ui',
      key,
      english: en,
      translation,
    };
    for (const f of checkSegment(input, { properNames: ctx.properNames }))
      out.push({
        severity: f.rule === 'untranslated' ? 'warning' : f.severity,
        rule: f.rule,
        message: f.message,
        lang: lang.code,
        key,
        location: { file: ctx.file, ...(ctx.lines[key] ?? { line: 1 }) },
      });
  }
  return out;
}

/**
 * The document's `authentic:` (and `prevails:`) languages must be languages of the
 * project: an unknown code would make no edition authentic, or claim a text no one built.
 */
export function authenticFindings(
  doc: Pick<SourceDocument, 'id' | 'path' | 'meta' | 'metaLines'>,
  codes: readonly string[],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const named: Array<[string, string]> = doc.meta.authentic.map((c) => ['authentic', c]);
  if (doc.meta.prevails) named.push(['prevails', doc.meta.prevails]);
  for (const [field, code] of named) {
    if (codes.includes(code)) continue;
    out.push({
      severity: 'error',
      rule: 'authentic-unknown',
      message:
        `"${field}: ${code}": ${code} is not a language of this project.${didYouMean(code, codes)}`.replace(
          /\.$/,
          '',
        ),
      hint: `Name languages of translations/languages.json (${codes.join(', ')}).`,
      location: { file: doc.path, line: doc.metaLines[field] ?? 1 },
      document: doc.id,
    });
  }
  if (doc.meta.prevails && !doc.meta.authentic.includes(doc.meta.prevails))
    out.push({
      severity: 'error',
      rule: 'authentic-unknown',
      message: `"prevails: ${doc.meta.prevails}" is not one of the authentic languages (${doc.meta.authentic.join(', ')})`,
      hint: 'The text that prevails in case of divergence must be an authentic one: add it to "authentic".',
      location: { file: doc.path, line: doc.metaLines['prevails'] ?? 1 },
      document: doc.id,
    });
  return out;
}
