// segment: Document → blocks + segments. Every heading, paragraph, list item, table
// cell and table caption is a segment whose key is written in the source after the
// block, `{#key}`: keys are names, not positions, so inserting a paragraph renames
// nothing and rewording one keeps its key (its translations then turn stale, not
// missing). Blocks nest as the Markdown does (lists in list items, quotes, code);
// segments stay flat, each naming the list item it sits in.
import { Lexer, type Links, type Token, type Tokens } from 'marked';
import type { Diagnostic } from '../errors.ts';
import { UserError } from '../errors.ts';
import {
  CAPTION,
  keyRow,
  locator,
  splitFormat,
  splitKey,
  strayFormat,
  type ListFormat,
  type Locate,
} from './markers.ts';
import { TRANSLATABLE_META, type SourceDocument } from './parse.ts';
import { collectAbbreviations, type Abbreviation } from './abbreviations.ts';
import { noteKey, noteLabel, noteRefs, numberNotes, takeNotes, type Note } from './notes.ts';

export { KEY_PATTERN } from './markers.ts';
export type { ListStyle } from './markers.ts';

export type SegmentKind =
  'meta' | 'heading' | 'paragraph' | 'item' | 'cell' | 'caption' | 'note' | 'abbr';

export interface Segment {
  key: string;
  kind: SegmentKind;
  /** The English Markdown of the segment, without its key marker. */
  text: string;
  line: number;
  /** The key of the list item this segment sits in, when it sits in one. */
  parent?: string;
}

/** A list item: its own text (a segment, absent when the item starts with another block) and the blocks under it. */
export interface ListItem {
  key?: string;
  blocks: Block[];
}

export type Block =
  | { type: 'heading'; depth: number; key: string }
  | { type: 'paragraph'; key: string }
  | ({ type: 'list'; ordered: boolean; start: number; items: ListItem[] } & ListFormat)
  /** Cells are segment keys; '' is an empty cell. */
  | {
      type: 'table';
      align: Array<'left' | 'right' | 'center' | null>;
      header: string[];
      rows: string[][];
      caption?: string;
    }
  | { type: 'blockquote'; blocks: Block[] }
  | { type: 'code'; lang: string; text: string }
  | { type: 'rule' };

export interface Segmented {
  blocks: Block[];
  segments: Segment[];
  diagnostics: Diagnostic[];
  /** The document's link reference definitions, for rendering any segment in any language. */
  links: Links;
  /** The footnotes, in the order of their numbers; each is a segment of kind "note". */
  notes: Note[];
  /** The abbreviations; the expansion of each is a segment of kind "abbr". */
  abbreviations: Abbreviation[];
}

/** A key made from the first words, for a block that has none yet. */
export function suggestKey(text: string): string {
  const words = text
    .replace(/<[^>]*>/g, ' ')
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9\s-]/g, '')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 4);
  return words.join('-') || 'segment';
}

/**
 * Where a nested segment sits, for a translator: the items above it, outermost first.
 * @example nestingNote(segments, point) // 'Inside list item art-1-2 › art-1-2-b'
 */
export function nestingNote(segments: readonly Segment[], seg: Segment): string | undefined {
  if (seg.parent === undefined) return undefined;
  const byKey = new Map(segments.map((s) => [s.key, s]));
  const path: string[] = [];
  for (
    let p: string | undefined = seg.parent;
    p !== undefined && !path.includes(p);
    p = byKey.get(p)?.parent
  )
    path.unshift(p);
  return `Inside list item ${path.join(' › ')}`;
}

interface Context {
  add: (kind: SegmentKind, raw: string, line: number, parent: string | undefined) => string;
  locate: Locate;
}

/**
 * Splits a document into blocks and keyed segments.
 * @example segmentDocument(doc).segments[0] // { key: 'meta.title', kind: 'meta', … }
 */
export function segmentDocument(doc: SourceDocument): Segmented {
  const segments = metaSegments(doc);
  const diagnostics: Diagnostic[] = [];
  const locate = locator(doc.path, doc.body, doc.bodyLine);
  const add = segmentAdder(doc, locate, segments, diagnostics);
  const taken = takeNotes(doc.body, doc.bodyLine);
  const lexer = new Lexer({ gfm: true });
  const tokens = lexer.lex(taken.body);
  const blocks = walk(tokens, doc.bodyLine, undefined, { add, locate });
  if (blocks.length === 0) {
    throw new UserError(
      `${doc.path} has front matter but no text`,
      'Write the Markdown text of the document after the closing ---.',
      { file: doc.path, line: doc.bodyLine },
      { namesFile: true },
    );
  }
  const notes = noteSegments(doc, taken.notes, { add, locate }, segments, diagnostics);
  const abbreviations = collectAbbreviations(taken.abbreviations, [...segments], {
    file: doc.path,
    locate,
    add: (text, line) => add('abbr', text, line, undefined),
    diagnostics,
  });
  return { blocks, segments, diagnostics, links: { ...tokens.links }, notes, abbreviations };
}

// The notes, numbered by their first reference, added as segments after the body's.
function noteSegments(
  doc: SourceDocument,
  defs: ReturnType<typeof takeNotes>['notes'],
  cx: Context,
  segments: Segment[],
  diagnostics: Diagnostic[],
): Note[] {
  const byLabel = new Map<string, { key: string; text: string; line: number }>();
  for (const def of defs) {
    const first = byLabel.get(noteLabel(def.label));
    if (first)
      throw new UserError(
        `the footnote "[^${def.label}]" is defined twice (first on line ${first.line})`,
        'Give each note its own label, or delete one of the two definitions.',
        { file: doc.path, line: def.line },
      );
    byLabel.set(noteLabel(def.label), { ...noteKey(def, cx.locate, doc.path), line: def.line });
  }
  const { notes, unused } = numberNotes(byLabel, segments, doc.path);
  for (const label of unused)
    diagnostics.push({
      severity: 'warning',
      rule: 'note-unused',
      message: `the footnote "[^${label}]" is never referred to, so no edition shows it. Refer to it in the text ("…[^${label}]") or delete it.`,
      location: { file: doc.path, line: byLabel.get(label)?.line ?? doc.bodyLine },
    });
  for (const note of notes) {
    const def = byLabel.get(note.label);
    if (!def) continue;
    const inner = noteRefs(def.text)[0];
    if (inner !== undefined)
      throw new UserError(
        `the footnote "[^${note.label}]" refers to another note, "[^${inner}]"`,
        'A note cannot have notes of its own: write the reference into the text of the note.',
        { file: doc.path, line: def.line },
      );
    cx.add('note', `${def.text} {#${def.key}}`, def.line, undefined);
  }
  return notes;
}

// The translatable front-matter fields come first, keyed by name: they have no {#key}.
function metaSegments(doc: SourceDocument): Segment[] {
  const segments: Segment[] = [];
  for (const field of TRANSLATABLE_META) {
    const value = doc.meta[field];
    if (value === '') continue;
    segments.push({
      key: `meta.${field}`,
      kind: 'meta',
      text: value,
      line: doc.metaLines[field] ?? 1,
    });
  }
  return segments;
}

// Adds a segment under its written key, or a made-up one (a warning); a key used twice is an error.
function segmentAdder(
  doc: SourceDocument,
  locate: Locate,
  segments: Segment[],
  diagnostics: Diagnostic[],
): Context['add'] {
  const seen = new Map(segments.map((s) => [s.key, s.line]));
  // Keys written in the source, so that a key made up for an unkeyed block never takes one.
  const written = new Set([...doc.body.matchAll(/\{#([^}\s]*)\}[ \t]*$/gm)].map((m) => m[1] ?? ''));
  return (kind, raw, line, parent) => {
    const split = splitKey(raw, line, locate);
    let key = split.key;
    if (key === undefined) {
      const base = suggestKey(raw);
      key = base;
      for (let n = 2; seen.has(key) || written.has(key); n++) key = `${base}-${n}`;
      diagnostics.push({
        severity: 'warning',
        rule: 'key-missing',
        message: `${kind} has no key; using "${key}" for now. Add " {#${key}}" at its end so that rewording it keeps its translations.`,
        location: { file: doc.path, line },
        key,
      });
    }
    const first = seen.get(key);
    if (first !== undefined) {
      throw new UserError(
        `the segment key "{#${key}}" is used twice (first on line ${first})`,
        'Give each block its own key.',
        { file: doc.path, line },
      );
    }
    seen.set(key, line);
    segments.push({
      key,
      kind,
      text: split.text.trim(),
      line,
      ...(parent !== undefined ? { parent } : {}),
    });
    return key;
  };
}

/** Blocks of a token list that starts on `startLine`; segments inside name `parent`. */
function walk(
  tokens: Token[],
  startLine: number,
  parent: string | undefined,
  cx: Context,
  pending?: { value: ListFormat; line: number },
): Block[] {
  const blocks: Block[] = [];
  let line = startLine;
  let format = pending;
  let caption: string | undefined;
  tokens.forEach((token, i) => {
    const tokenLine = line + leadingNewlines(token.raw);
    line += countNewlines(token.raw);
    if (token.type === 'space' || token.type === 'def') return;
    if (format && token.type !== 'list') throw strayFormat(format.line, cx.locate);
    if (caption !== undefined && token.type !== 'table')
      throw new Error('internal: a caption not followed by its table');
    switch (token.type) {
      case 'paragraph':
      case 'html':
      case 'text': {
        const split = splitFormat((token as Tokens.Paragraph).text.trim(), tokenLine, cx.locate);
        if (split.format) format = { value: split.format, line: tokenLine };
        const text = split.text.trim();
        if (text === '') break;
        if (CAPTION.test(text) && nextBlock(tokens, i)?.type === 'table')
          caption = cx.add('caption', text.replace(CAPTION, ''), tokenLine, parent);
        else blocks.push({ type: 'paragraph', key: cx.add('paragraph', text, tokenLine, parent) });
        break;
      }
      case 'list':
        blocks.push(list(token as Tokens.List, tokenLine, parent, format?.value ?? {}, cx));
        if (format && !(token as Tokens.List).ordered) throw strayFormat(format.line, cx.locate);
        format = undefined;
        break;
      case 'table':
        blocks.push(table(token as Tokens.Table, tokenLine, parent, caption, cx));
        caption = undefined;
        break;
      default: {
        const block = plainBlock(token, tokenLine, parent, cx);
        if (block) blocks.push(block);
      }
    }
  });
  if (format) throw strayFormat(format.line, cx.locate);
  return blocks;
}

// A block that takes nothing from the blocks around it (no format line, no caption).
function plainBlock(
  token: Token,
  line: number,
  parent: string | undefined,
  cx: Context,
): Block | undefined {
  switch (token.type) {
    case 'heading': {
      const t = token as Tokens.Heading;
      return { type: 'heading', depth: t.depth, key: cx.add('heading', t.text, line, parent) };
    }
    case 'blockquote':
      return {
        type: 'blockquote',
        blocks: walk((token as Tokens.Blockquote).tokens, line, parent, cx),
      };
    case 'code': {
      const t = token as Tokens.Code;
      return { type: 'code', lang: t.lang ?? '', text: t.text };
    }
    case 'hr':
      return { type: 'rule' };
    default:
      return undefined;
  }
}

function list(
  t: Tokens.List,
  startLine: number,
  parent: string | undefined,
  format: ListFormat,
  cx: Context,
): Block {
  let itemLine = startLine;
  const items = t.items.map((item): ListItem => {
    const line = itemLine;
    itemLine += countNewlines(item.raw);
    const [first, ...rest] = item.tokens;
    if (first && (first.type === 'text' || first.type === 'paragraph')) {
      // The item's own text is a segment of its own; its blocks below keep theirs.
      const split = splitFormat((first as Tokens.Text).text.trim(), line, cx.locate);
      const own = split.text.replace(/\n[ \t]+/g, '\n').trim();
      const restLine = line + countNewlines(first.raw);
      const format = split.format ? { value: split.format, line } : undefined;
      if (own === '') return { blocks: walk(rest, restLine, parent, cx, format) };
      const key = cx.add('item', own, line, parent);
      return { key, blocks: walk(rest, restLine, key, cx, format) };
    }
    return { blocks: walk(item.tokens, line, parent, cx) };
  });
  const start = t.ordered && typeof t.start === 'number' ? t.start : 1;
  return { type: 'list', ordered: t.ordered, start, items, ...format };
}

function table(
  t: Tokens.Table,
  line: number,
  parent: string | undefined,
  caption: string | undefined,
  cx: Context,
): Block {
  const cell = (c: Tokens.TableCell, at: number): string =>
    c.text.trim() === '' ? '' : cx.add('cell', c.text, at, parent);
  const header = t.header.map((c) => cell(c, line));
  const rows = t.rows.map((row, r) => {
    // A `{#key}` line under a table is read as a row of keys without text.
    if (
      row.some((c) => c.text.trim() !== '') &&
      row.every((c) => c.text.trim() === '' || /^\{#[^}]*\}$/.test(c.text.trim()))
    )
      throw keyRow(line + 2 + r, cx.locate);
    return row.map((c) => cell(c, line + 2 + r));
  });
  return {
    type: 'table',
    align: t.align,
    header,
    rows,
    ...(caption !== undefined ? { caption } : {}),
  };
}

function nextBlock(tokens: Token[], i: number): Token | undefined {
  return tokens.slice(i + 1).find((t) => t.type !== 'space');
}

function countNewlines(s: string): number {
  let n = 0;
  for (const ch of s) if (ch === '\n') n++;
  return n;
}

function leadingNewlines(s: string): number {
  let n = 0;
  while (s[n] === '\n') n++;
  return n;
}
