// places: where each segment stands in its document, named as a lawyer cites it —
// "Article 1(2)(b)(i)", "Recital 3", "Table 1, row Albania, column Share" — so that a
// reviewer or translator sees a place, with the key beside it, not a key alone. Derived
// from the blocks segment() made: headings, the numbering of lists (markers.ts), tables.
// English, for the people who work on the text; never shown to readers of an edition.
// A segment the structure does not name well gets a plain name ("Paragraph on line 12"):
// any document gets a name for every segment, never an error.
import type { ListStyle } from './markers.ts';
import type { Abbreviation } from './abbreviations.ts';
import type { Note } from './notes.ts';
import type { Block, ListItem, SegmentKind, Segmented } from './segment.ts';

/** What naming needs of a segment: its key, kind, English Markdown and line. */
export interface PlaceInput {
  key: string;
  kind: SegmentKind;
  text: string;
  line: number;
}

/** Segment key → its place, e.g. 'art-1-2-b-i' → 'Article 1(2)(b)(i)'. */
export type Places = ReadonlyMap<string, string>;

/**
 * A segment as reviewers see it: its place first, the key beside it.
 * @example placeLabel(places, 'art-1-2-b-i') // 'Article 1(2)(b)(i) · art-1-2-b-i'
 */
export function placeLabel(places: Places, key: string): string {
  const place = places.get(key);
  return place === undefined || place === key ? key : `${place} · ${key}`;
}

/**
 * Segments of several states, one item each, by place: what a refusal lists.
 * @example placeItems(places, { stale: ['knowing'] }) // ['Recital 1 · knowing (stale)']
 */
export function placeItems(places: Places, groups: Record<string, readonly string[]>): string[] {
  return Object.entries(groups).flatMap(([state, keys]) =>
    keys.map((k) => `${placeLabel(places, k)} (${state})`),
  );
}

/**
 * Names every segment of a document by its place.
 * @example placeSegments(segmented.blocks, segmented.segments).get('knowing') // 'Recital 1'
 */
export function placeSegments(
  blocks: readonly Block[],
  segments: readonly PlaceInput[],
  notes: readonly Note[] = [],
  abbreviations: readonly Abbreviation[] = [],
): Map<string, string> {
  const byKey = new Map(segments.map((s) => [s.key, s]));
  const w: Walk = {
    out: new Map(),
    raw: (key) => byKey.get(key)?.text ?? '',
    plain: (key) => plainText(byKey.get(key)?.text ?? ''),
    tables: 0,
  };
  for (const s of segments) if (s.kind === 'meta') w.out.set(s.key, metaName(s.key));
  for (const section of sections(blocks, w)) placeSection(section, w);
  // "Footnote 1, referenced in Article 1(2)": a note is cited by its number and its place.
  for (const n of notes)
    w.out.set(n.key, `Footnote ${n.number}, referenced in ${w.out.get(n.ref) ?? n.ref}`);
  for (const a of abbreviations) w.out.set(a.key, `Abbreviation ${a.abbr}`);
  for (const s of segments) if (!w.out.has(s.key)) w.out.set(s.key, fallbackName(s));
  return w.out;
}

/** Every segment of a segmented document by its place (notes and abbreviations too). */
export function documentPlaces(
  d: Pick<Segmented, 'blocks' | 'segments' | 'notes' | 'abbreviations'>,
): Map<string, string> {
  return placeSegments(d.blocks, d.segments, d.notes, d.abbreviations);
}

interface Walk {
  out: Map<string, string>;
  /** The English Markdown of a key. */
  raw: (key: string) => string;
  /** The English of a key as plain text, one line. */
  plain: (key: string) => string;
  /** Tables seen so far: tables are numbered through the document. */
  tables: number;
}

const META: Record<string, string> = {
  title: 'Title',
  subject: 'Subject',
  place: 'Place of adoption',
  issuer: 'Issuer',
  keywords: 'Keywords',
};

function metaName(key: string): string {
  const field = key.replace(/^meta\./, '');
  return META[field] ?? `Front matter, ${field}`;
}

const KIND_NAME: Record<SegmentKind, string> = {
  meta: 'Front matter',
  heading: 'Heading',
  paragraph: 'Paragraph',
  item: 'List item',
  cell: 'Table cell',
  caption: 'Table caption',
  note: 'Footnote',
  abbr: 'Abbreviation',
};

function fallbackName(s: PlaceInput): string {
  return `${KIND_NAME[s.kind] ?? 'Segment'} on line ${s.line}`;
}

/** A part of the document under one heading (the top part: before any heading but the title). */
interface Section {
  /** How the section is cited: "Article 2", "Commitments"; absent without any heading. */
  name?: string;
  /** Under a numbered heading ("Article 1", "Chapter II"), whose first short line is its title. */
  numbered: boolean;
  /** Before the first heading after the document's title: where a preamble can be. */
  top: boolean;
  blocks: Block[];
}

// Splits the top-level blocks at headings and names the headings. The document's title
// (a first heading of level 1 that is not numbered) opens the top section; a heading
// without a number under a numbered one is cited from it: "Article 3, Exceptions".
function sections(blocks: readonly Block[], w: Walk): Section[] {
  const out: Section[] = [];
  let current: Section = { numbered: false, top: true, blocks: [] };
  const open: Array<{ depth: number; name: string; numbered: boolean }> = [];
  blocks.forEach((b, i) => {
    if (b.type !== 'heading') {
      current.blocks.push(b);
      return;
    }
    const text = w.plain(b.key);
    const numbered = numberedHeading(text);
    while ((open.at(-1)?.depth ?? 0) >= b.depth) open.pop();
    const within = numbered ? undefined : [...open].reverse().find((h) => h.numbered);
    const own = numbered ?? (shorten(text) || `Section ${out.length + 1}`);
    const name = within ? `${within.name}, ${own}` : own;
    w.out.set(b.key, name);
    if (i === 0 && b.depth === 1 && !numbered) {
      current.name = name;
      return;
    }
    open.push({ depth: b.depth, name, numbered: numbered !== undefined });
    out.push(current);
    current = { name, numbered: numbered !== undefined, top: false, blocks: [] };
  });
  out.push(current);
  return out;
}

const DIVISION = 'article|art\\.|chapter|section|part|title|annex|appendix|schedule|rule';
const NUMBER = String.raw`\d+[a-z]*|[ivxlcdm]+|[a-z]`;
const NUMBERED = new RegExp(String.raw`^(${DIVISION})\s+(${NUMBER})(?=$|[\s.:–—-])`, 'i');

/**
 * The citation of a numbered heading, or undefined.
 * @example numberedHeading('ARTICLE 5a – Scope') // 'Article 5a'
 */
export function numberedHeading(text: string): string | undefined {
  const m = NUMBERED.exec(text);
  if (!m) return undefined;
  const word = (m[1] ?? '').toLowerCase() === 'art.' ? 'article' : (m[1] ?? '').toLowerCase();
  return `${word.charAt(0).toUpperCase()}${word.slice(1)} ${m[2] ?? ''}`;
}

function placeSection(section: Section, w: Walk): void {
  if (section.top && placePreamble(section, w)) return;
  const blocks = [...section.blocks];
  const first = blocks[0];
  if (section.numbered && first?.type === 'paragraph' && looksLikeTitle(w.plain(first.key))) {
    w.out.set(first.key, `${section.name ?? ''}, title`);
    blocks.shift();
  }
  const base = section.name;
  placeBlocks(blocks, w, {
    base,
    paragraph: (n) => (base ? `${base}, paragraph ${n}` : `Paragraph ${n}`),
    counted: 0,
    section: true,
  });
}

// "Definitions" under "Article 1": a short line without a full stop.
function looksLikeTitle(text: string): boolean {
  return text !== '' && text.split(' ').length <= 12 && !/[.;:,!?]$/.test(text);
}

/** Where blocks sit: a section, or a list item. */
interface Container {
  /** The place lists in it hang from: "Article 1", "Article 1(2)". */
  base: string | undefined;
  /** The name of its n-th paragraph. */
  paragraph: (n: number) => string;
  /** Paragraphs already counted (a list item's own text is its first). */
  counted: number;
  /** A section, where a closing formula ("Done at …") can stand. */
  section: boolean;
}

const CLOSING = /^(adopted|done|signed|made)\s+(in|at|on)\b/i;

function placeBlocks(blocks: readonly Block[], w: Walk, cx: Container): void {
  let count = cx.counted;
  // A paragraph ending in a colon introduces the list after it: "In this Agreement:".
  let intro: string | undefined;
  for (const b of flatten(blocks)) {
    if (b.type === 'paragraph') {
      const text = w.plain(b.key);
      const place = cx.section && CLOSING.test(text) ? 'Closing formula' : cx.paragraph(++count);
      w.out.set(b.key, place);
      intro = text.endsWith(':') ? place : undefined;
      continue;
    }
    if (b.type === 'list') placeList(b, w, (label, i) => listPlace(intro ?? cx.base, b, label, i));
    else if (b.type === 'table') placeTable(b, w);
    else if (b.type === 'heading') w.out.set(b.key, shorten(w.plain(b.key)) || 'Heading');
    intro = undefined;
  }
}

type ListBlock = Extract<Block, { type: 'list' }>;

// An ordered item hangs from its base as a point, "(b)"; an unordered one is an indent.
function listPlace(base: string | undefined, list: ListBlock, label: string, i: number): string {
  if (!list.ordered) return base ? `${base}, indent ${i + 1}` : `Indent ${i + 1}`;
  if (!base) return `Point (${label})`;
  return citesDirectly(base) ? `${base}(${label})` : `${base}, point (${label})`;
}

// "Article 1" + "2" is "Article 1(2)", "Recital 3" + "a" is "Recital 3(a)"; "Courses"
// + "1" is "Courses, point (1)".
function citesDirectly(base: string): boolean {
  return base.endsWith(')') || DIRECT.test(base);
}
const DIRECT =
  /(?:^|, )(?:Article|Recital|Operative paragraph|Paragraph|paragraph|subparagraph|indent) \w+$/;

function placeList(list: ListBlock, w: Walk, name: (label: string, i: number) => string): void {
  list.items.forEach((item, i) => {
    const label = itemLabel(list, i);
    placeItem(item, name(label, i), w);
  });
}

function placeItem(item: ListItem, place: string, w: Walk): void {
  if (item.key !== undefined) w.out.set(item.key, place);
  placeBlocks(item.blocks, w, {
    base: place,
    paragraph: (n) => `${place}, subparagraph ${n}`,
    counted: item.key !== undefined ? 1 : 0,
    section: false,
  });
}

/** The number an item is cited by: "2", "b", "iv", as its list numbers it. */
export function itemLabel(list: ListBlock, i: number): string {
  if (!list.ordered) return String(i + 1);
  return numberLabel(list.start + i, list.style);
}

function numberLabel(n: number, style: ListStyle | undefined): string {
  switch (style) {
    case 'lower-alpha':
      return alpha(n);
    case 'upper-alpha':
      return alpha(n).toUpperCase();
    case 'lower-roman':
      return roman(n).toLowerCase();
    case 'upper-roman':
      return roman(n);
    default:
      return String(n);
  }
}

// 1 → a, 26 → z, 27 → aa, as browsers number lower-alpha lists.
function alpha(n: number): string {
  if (!Number.isInteger(n) || n < 1) return String(n);
  let out = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26))
    out = String.fromCharCode(97 + ((k - 1) % 26)) + out;
  return out;
}

const ROMAN: Array<[number, string]> = [
  [1000, 'M'],
  [900, 'CM'],
  [500, 'D'],
  [400, 'CD'],
  [100, 'C'],
  [90, 'XC'],
  [50, 'L'],
  [40, 'XL'],
  [10, 'X'],
  [9, 'IX'],
  [5, 'V'],
  [4, 'IV'],
  [1, 'I'],
];

function roman(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 3999) return String(n);
  let out = '';
  let rest = n;
  for (const [value, digits] of ROMAN) for (; rest >= value; rest -= value) out += digits;
  return out;
}

type TableBlock = Extract<Block, { type: 'table' }>;

// "Table 1, row Albania, column Share": a row by its first cell, a column by its header.
function placeTable(table: TableBlock, w: Walk): void {
  const t = `Table ${++w.tables}`;
  if (table.caption !== undefined) w.out.set(table.caption, `${t}, caption`);
  const columns = uniqueNames(
    table.header.map((k) => (k ? shorten(w.plain(k), 4) : '')),
    'column',
  );
  const rows = uniqueNames(
    table.rows.map((r) => (r[0] ? shorten(w.plain(r[0]), 4) : '')),
    'row',
  );
  table.header.forEach((key, c) => {
    if (key) w.out.set(key, `${t}, header, ${columns[c] ?? `column ${c + 1}`}`);
  });
  table.rows.forEach((row, r) =>
    row.forEach((key, c) => {
      if (key)
        w.out.set(key, `${t}, ${rows[r] ?? `row ${r + 1}`}, ${columns[c] ?? `column ${c + 1}`}`);
    }),
  );
}

// "row Albania" where the text names one row only; "row 3" where it is empty or repeated.
function uniqueNames(texts: readonly string[], word: string): string[] {
  return texts.map((text, i) =>
    text !== '' && texts.indexOf(text) === texts.lastIndexOf(text)
      ? `${word} ${text}`
      : `${word} ${i + 1}`,
  );
}

// Quotes add no place of their own: their paragraphs count in the container.
function flatten(blocks: readonly Block[]): Block[] {
  return blocks.flatMap((b) => (b.type === 'blockquote' ? flatten(b.blocks) : [b]));
}

/**
 * A Markdown text as one line of plain text: no markup, links by their text.
 * @example plainText('*Knowing* that [SELEC][c]') // 'Knowing that SELEC'
 */
export function plainText(markdown: string): string {
  return markdown
    .replace(/<[^>]*>/g, '')
    .replace(/!?\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])?/g, '$1')
    .replace(/(^|[^\\])[*_`~]+/g, '$1')
    .replace(/\\(.)/g, '$1')
    .replace(/&nbsp;|&#160;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The first words of a text, "…" where cut. */
function shorten(text: string, words = 6, chars = 48): string {
  const all = text.split(' ').filter(Boolean);
  let out = all.slice(0, words).join(' ');
  if (out.length > chars) out = out.slice(0, chars).replace(/\s+\S*$/, '') || out.slice(0, chars);
  return out.length < text.length ? `${out.replace(/[\s,;:.]+$/, '')}…` : out;
}

// ── The top of a document: a preamble of recitals, then the operative part ──

// "*Knowing* that …", "Whereas …", "(3) …": a recital of a declaration or an act.
const RECITAL = /^(?:(\*|_)(?!\1)[^*_\s][^*_]*\1(?![*_])|whereas\b(?!\W*$)|\(\d+\)\s)/i;
// "Having regard to the Treaty …,": a citation, before the recitals of an act.
const CITATION = /^having regard to\b/i;
// "DECLARE:", "HAVE AGREED AS FOLLOWS:", "The Parties decide as follows:".
const FORMULA_VERB = /\b(declare|agree|decide|adopt|resolve|proclaim|approve|endorse)/i;

interface Preamble {
  /** Index of the first operative block. */
  operative: number;
  /** Index of the formula that opens the operative part, or -1. */
  formula: number;
}

const WHEREAS = /^whereas\W*$/i;

// Where the preamble ends, when the top section has one: recitals, citations, a formula.
function preambleOf(blocks: readonly Block[], w: Walk): Preamble | undefined {
  const intro = (b: Block | undefined) => b?.type === 'paragraph' && WHEREAS.test(w.plain(b.key));
  const preambular = (b: Block, i: number) =>
    b.type === 'paragraph'
      ? RECITAL.test(w.raw(b.key)) || CITATION.test(w.plain(b.key)) || intro(b)
      : b.type === 'list' && intro(blocks[i - 1]);
  const first = blocks.findIndex(preambular);
  let last = -1;
  blocks.forEach((b, i) => {
    if (preambular(b, i)) last = i;
  });
  const formula = blocks.findIndex((b, i) => {
    if (b.type !== 'paragraph' || i < first) return false;
    const text = w.plain(b.key);
    return text.endsWith(':') && (!/\p{Ll}/u.test(text) || FORMULA_VERB.test(text));
  });
  if (first < 0 && formula < 0) return undefined;
  return { operative: formula >= 0 ? formula + 1 : last + 1, formula };
}

// The top section as a preamble (recitals) and an operative part; false when it has neither.
function placePreamble(section: Section, w: Walk): boolean {
  const blocks = flatten(section.blocks);
  const found = preambleOf(blocks, w);
  if (!found) return false;
  const n: Counts = { recital: 0, citation: 0, preamble: 0, operative: 0 };
  blocks.forEach((b, i) => {
    const operative = i >= found.operative;
    if (i === found.formula && b.type === 'paragraph') w.out.set(b.key, 'Operative formula');
    else if (b.type === 'paragraph') w.out.set(b.key, preambleParagraph(w, b.key, operative, n));
    else if (b.type === 'list') placePreambleList(b, blocks[i - 1], operative, w, n);
    else if (b.type === 'table') placeTable(b, w);
    else if (b.type === 'heading') w.out.set(b.key, shorten(w.plain(b.key)) || 'Heading');
  });
  return true;
}

// Recitals after "Whereas:" and operative paragraphs can be list items; "1." items are
// numbered as written, others continue the count. Any other list hangs from the paragraph
// before it when that ends with a colon, else from the preamble.
function placePreambleList(
  list: ListBlock,
  before: Block | undefined,
  operative: boolean,
  w: Walk,
  n: Counts,
): void {
  const intro = before?.type === 'paragraph' ? w.plain(before.key) : '';
  if (!operative && !WHEREAS.test(intro)) {
    const base = intro.endsWith(':') && before?.type === 'paragraph' ? w.out.get(before.key) : '';
    placeList(list, w, (label, i) => listPlace(base || 'Preamble', list, label, i));
    return;
  }
  const word = operative ? 'operative' : 'recital';
  placeList(list, w, (label) => {
    const number = list.ordered && /^\d+$/.test(label) ? (n[word] = Number(label)) : ++n[word];
    return operative ? `Operative paragraph ${number}` : `Recital ${number}`;
  });
}

interface Counts {
  recital: number;
  citation: number;
  preamble: number;
  operative: number;
}

function preambleParagraph(w: Walk, key: string, operative: boolean, n: Counts): string {
  if (operative)
    return CLOSING.test(w.plain(key)) ? 'Closing formula' : `Operative paragraph ${++n.operative}`;
  const text = w.raw(key);
  if (CITATION.test(w.plain(key))) return `Citation ${++n.citation}`;
  if (!RECITAL.test(text)) return `Preamble, paragraph ${++n.preamble}`;
  const written = /^\((\d+)\)\s/.exec(text)?.[1];
  return `Recital ${written !== undefined ? (n.recital = Number(written)) : ++n.recital}`;
}
