// parse: the text of a source file → Document (front matter validated, body kept as
// Markdown). YAML only: gray-matter's JavaScript front matter would run code.
import matter from 'gray-matter';
import { createHash } from 'node:crypto';
import { UserError } from '../errors.ts';

export interface DocumentMeta {
  title: string;
  subject: string;
  place: string;
  /** ISO date of adoption, YYYY-MM-DD. */
  date: string;
  issuer: string;
  keywords: string;
  /**
   * The kind of document (a lowercase word: declaration, decision, rules, …): the {type}
   * of its identifier, and its Akoma Ntoso document name. "doc" when not given.
   */
  type: string;
  /**
   * The languages whose texts are authentic (the document's own `authentic:`, a list or
   * comma-separated codes; ["en"] when not given). The others are translations.
   */
  authentic: string[];
  /** Which authentic text prevails in case of divergence, when the document says so. */
  prevails?: string;
  /**
   * Where the parts of the text begin (`parts:`), for the Akoma Ntoso edition: the key of
   * the top-level block that opens each. What comes before the first is the preface.
   */
  parts?: DocumentParts;
  /** `abbreviations: list`: the abbreviations defined in the text are listed after it. */
  abbreviationList?: boolean;
}

/** The parts of a legal text, in their order; each names the key of its first block. */
export const PART_NAMES = ['preamble', 'formula', 'body', 'conclusions'] as const;
export type DocumentParts = Partial<Record<(typeof PART_NAMES)[number], string>>;

/** The front-matter fields that are translated; each is a segment keyed `meta.<field>`. */
export const TRANSLATABLE_META = ['title', 'subject', 'place', 'issuer', 'keywords'] as const;

export interface SourceDocument {
  id: string;
  /** Path as given by the reader, for messages. */
  path: string;
  meta: DocumentMeta;
  body: string;
  /** 1-based line of the file on which the body starts. */
  bodyLine: number;
  /** 1-based lines of each front-matter key, for messages. */
  metaLines: Record<string, number>;
  /** sha256 of the normalized file: the version an edition was built from. */
  version: string;
  /** What normalization changed (BOM, CRLF, NFC): reported, not an error. */
  normalized: string[];
}

export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** Names of the per-language files beside the documents' translations. */
const RESERVED_IDS = ['ui', 'review'];

/** Strips a BOM, turns CRLF into LF and composes to NFC; says which it did. */
export function normalizeText(text: string): { text: string; changes: string[] } {
  const changes: string[] = [];
  let t = text;
  if (t.charCodeAt(0) === 0xfeff) {
    t = t.slice(1);
    changes.push('removed a UTF-8 byte order mark');
  }
  if (t.includes('\r')) {
    t = t.replace(/\r\n?/g, '\n');
    changes.push('converted CRLF line ends to LF');
  }
  const nfc = t.normalize('NFC');
  if (nfc !== t) {
    t = nfc;
    changes.push('composed the text to Unicode NFC');
  }
  return { text: t, changes };
}

const noJs = () => {
  throw new Error('JavaScript front matter is not allowed');
};

/**
 * Parses one source file.
 * @example parseDocument('source/x.md', '---\nid: x\n…\n---\n# X {#heading}\n')
 */
export function parseDocument(path: string, raw: string): SourceDocument {
  const { text, changes } = normalizeText(raw);
  const parsed = readFrontMatter(path, text);
  const fmText = text.slice(4, text.indexOf('\n---', 4));
  const metaLines = frontMatterLines(fmText);
  const data: Record<string, unknown> =
    parsed.data && typeof parsed.data === 'object' ? parsed.data : {};
  const field = fieldReader(path, data, metaLines);
  const id = field('id', true);
  checkId(path, id, metaLines);
  const date = field('date', true);
  checkDate(path, date, fmText, metaLines);
  const meta: DocumentMeta = {
    title: field('title', true),
    subject: field('subject', false),
    place: field('place', true),
    date,
    issuer: field('issuer', true),
    keywords: field('keywords', false),
    type: documentType(path, field('type', false), metaLines),
    authentic: codeList(path, data['authentic'], metaLines['authentic'] ?? 1),
  };
  const prevails = field('prevails', false);
  if (prevails) meta.prevails = codeList(path, prevails, metaLines['prevails'] ?? 1)[0] as string;
  if (data['parts'] !== undefined && data['parts'] !== null)
    meta.parts = documentParts(path, data['parts'], metaLines['parts'] ?? 1);
  const list = field('abbreviations', false);
  if (list === 'list') meta.abbreviationList = true;
  else if (list !== '')
    throw new UserError(
      `"abbreviations: ${list}" is not a setting of the front matter`,
      'Write "abbreviations: list" to print the list of the abbreviations after the text, or leave the field out.',
      { file: path, line: metaLines['abbreviations'] ?? 1 },
    );
  const bodyLine = text.slice(0, text.length - parsed.content.length).split('\n').length;
  return {
    id,
    path,
    meta,
    body: parsed.content,
    bodyLine,
    metaLines,
    version: createHash('sha256').update(text).digest('hex'),
    normalized: changes,
  };
}

// The front matter, as YAML only; an empty file, none, or malformed YAML is told with its line.
function readFrontMatter(path: string, text: string): matter.GrayMatterFile<string> {
  if (text.trim() === '') {
    throw new UserError(
      `${path} is empty`,
      'Write the document: YAML front matter between --- lines, then the Markdown text.',
      { file: path, line: 1 },
      { namesFile: true },
    );
  }
  if (!text.startsWith('---\n')) {
    throw new UserError(
      `${path} has no YAML front matter`,
      'Start the file with a line "---", the fields id, title, place, date and issuer, and a closing "---".',
      { file: path, line: 1 },
      { namesFile: true },
    );
  }
  try {
    // Passing options also keeps gray-matter from caching by content between calls.
    return matter(text, {
      engines: { javascript: noJs, js: noJs },
      language: 'yaml',
    } as unknown as Parameters<typeof matter>[1]);
  } catch (err) {
    const mark = (err as { mark?: { line?: number; column?: number } }).mark;
    const reason = (err as { reason?: string }).reason ?? (err as Error).message;
    throw new UserError(
      `the YAML front matter is malformed: ${reason}`,
      'Fix the YAML between the --- lines: "key: value" pairs, quote values that contain ": " or start with a special character.',
      {
        file: path,
        ...(mark?.line !== undefined
          ? { line: mark.line + 2, column: (mark.column ?? 0) + 1 }
          : { line: 1 }),
      },
      { cause: err },
    );
  }
}

// The file line of each front-matter key (the first, if repeated): YAML's parser forgets them.
function frontMatterLines(fmText: string): Record<string, number> {
  const metaLines: Record<string, number> = {};
  fmText.split('\n').forEach((l, i) => {
    const m = /^([A-Za-z_][\w-]*)\s*:/.exec(l);
    if (m?.[1] && !(m[1] in metaLines)) metaLines[m[1]] = i + 2;
  });
  return metaLines;
}

// Reads a front-matter field as NFC text; a missing required field or a non-text value is an error.
const CODE = /^[a-z]{2,3}(-[A-Z][a-z]{3})?$/;

// `authentic:` as codes: a YAML list or comma-separated text; ["en"] when absent.
function codeList(path: string, value: unknown, line: number): string[] {
  if (value === undefined || value === null) return ['en'];
  const items = Array.isArray(value)
    ? value.map(String)
    : typeof value === 'string'
      ? value.split(',')
      : [String(value)];
  const codes = items.map((c) => c.trim()).filter(Boolean);
  const bad = codes.find((c) => !CODE.test(c));
  if (codes.length === 0 || bad !== undefined)
    throw new UserError(
      bad !== undefined
        ? `"${bad}" is not a language code (authentic, prevails)`
        : 'the front-matter field "authentic" names no language',
      'Write the codes of the authentic languages, e.g. "authentic: [en]" or "authentic: en, fr".',
      { file: path, line },
    );
  return [...new Set(codes)];
}

// `parts:` as a map of part name → block key; any other shape is a located error.
function documentParts(path: string, value: unknown, line: number): DocumentParts {
  const names: readonly string[] = PART_NAMES;
  const entries =
    value && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : [];
  const bad = entries.find(([k, v]) => !names.includes(k) || typeof v !== 'string');
  if (entries.length === 0 || bad !== undefined)
    throw new UserError(
      bad !== undefined
        ? `"parts: ${bad[0]}" is not a part name with a segment key`
        : 'the front-matter field "parts" names no part',
      `Write "parts:" with ${PART_NAMES.join(', ')} (any of them, in that order), each the key ` +
        'of the block that opens it, e.g. "parts: { preamble: recital-1, body: art-1 }".',
      { file: path, line },
    );
  return Object.fromEntries(entries) as DocumentParts;
}

// `type:` is a name in identifiers and XML: lowercase letters, digits and hyphens.
function documentType(path: string, type: string, metaLines: Record<string, number>): string {
  if (type === '') return 'doc';
  if (/^[a-z][a-z0-9-]{0,31}$/.test(type)) return type;
  throw new UserError(
    `the document type "${type}" is not a lowercase name`,
    'Write one lowercase word, e.g. "type: declaration" (letters, digits, hyphens).',
    { file: path, line: metaLines['type'] ?? 1 },
  );
}

function fieldReader(
  path: string,
  data: Record<string, unknown>,
  metaLines: Record<string, number>,
): (name: string, required: boolean) => string {
  return (name, required) => {
    const v = data[name];
    const at = { file: path, line: metaLines[name] ?? 1 };
    if (v === undefined || v === null) {
      if (!required) return '';
      throw new UserError(
        `the front matter lacks the required field "${name}"`,
        `Add a line "${name}: …" between the --- lines.`,
        at,
      );
    }
    if (name === 'date' && v instanceof Date && !Number.isNaN(v.getTime()))
      return v.toISOString().slice(0, 10);
    if (typeof v !== 'string') {
      throw new UserError(
        `the front-matter field "${name}" must be text, not ${Array.isArray(v) ? 'a list' : typeof v}`,
        `Write "${name}" as a single line of text.`,
        at,
      );
    }
    return v.normalize('NFC');
  };
}

// The id names files under dist/ and translations/: not a reserved name, safe characters only.
function checkId(path: string, id: string, metaLines: Record<string, number>): void {
  if (RESERVED_IDS.includes(id)) {
    throw new UserError(
      `the document id "${id}" is reserved`,
      `Choose another id: translations/<lang>/${id}.json is already the file of ${id === 'ui' ? 'the interface strings' : 'the review status'}.`,
      { file: path, line: metaLines['id'] ?? 1 },
    );
  }
  if (!ID_PATTERN.test(id)) {
    throw new UserError(
      `the document id "${id}" is not allowed`,
      'Use lowercase letters, digits and hyphens only (it names files under dist/ and translations/).',
      { file: path, line: metaLines['id'] ?? 1 },
    );
  }
}

// The date must be a real ISO date written as such: YAML would accept other spellings.
function checkDate(
  path: string,
  date: string,
  fmText: string,
  metaLines: Record<string, number>,
): void {
  const rawDate = /^date:[ \t]*["']?([^"'#\n]*?)[ \t]*(?:["']|#|$)/m.exec(fmText)?.[1] ?? date;
  const real = new Date(`${date}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(date) ||
    Number.isNaN(real.getTime()) ||
    real.toISOString().slice(0, 10) !== date ||
    rawDate !== date
  ) {
    throw new UserError(
      `the front-matter field "date" must be an ISO date such as 2019-10-31, not "${rawDate}"`,
      `Write the date of adoption as YYYY-MM-DD${isoHint(rawDate)}.`,
      { file: path, line: metaLines['date'] ?? 1 },
    );
  }
}

/** ': date: 2026-05-12' for a date written another way ("12 May 2026"), when JavaScript can read it. */
function isoHint(raw: string): string {
  const t = Date.parse(`${raw} 12:00 UTC`);
  return /[a-z]/i.test(raw) && !Number.isNaN(t)
    ? ` (for "${raw}" write: date: ${new Date(t).toISOString().slice(0, 10)})`
    : '';
}
