// segment: Document → blocks + segments. Every heading, paragraph, list item and table
// cell is a segment whose key is written in the source after the block, `{#key}`:
// keys are names, not positions, so inserting a paragraph renames nothing and
// rewording one keeps its key (its translations then turn stale, not missing).
import { Lexer, type Token, type Tokens } from 'marked';
import type { Diagnostic } from '../errors.ts';
import { UserError } from '../errors.ts';
import { TRANSLATABLE_META, type SourceDocument } from './parse.ts';

export type SegmentKind = 'meta' | 'heading' | 'paragraph' | 'item' | 'cell';

export interface Segment {
  key: string;
  kind: SegmentKind;
  /** The English Markdown of the segment, without its key marker. */
  text: string;
  line: number;
}

export type Block =
  | { type: 'heading'; depth: number; key: string }
  | { type: 'paragraph'; key: string }
  | { type: 'list'; ordered: boolean; start: number; items: string[] }
  | { type: 'table'; align: Array<'left' | 'right' | 'center' | null>; header: string[]; rows: string[][] }
  | { type: 'blockquote'; blocks: Block[] }
  | { type: 'code'; lang: string; text: string }
  | { type: 'rule' };

export interface Segmented {
  blocks: Block[];
  segments: Segment[];
  diagnostics: Diagnostic[];
}

export const KEY_PATTERN = /^[a-z0-9][a-z0-9._-]{0,79}$/i;
const MARKER = /[ \t]*\{#([^}\s]*)\}[ \t]*$/;

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
 * Splits a document into blocks and keyed segments.
 * @example segmentDocument(doc).segments[0] // { key: 'meta.title', kind: 'meta', … }
 */
export function segmentDocument(doc: SourceDocument): Segmented {
  const segments: Segment[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<string, number>();
  // Keys written in the source, so that a key made up for an unkeyed block never takes one.
  const written = new Set([...doc.body.matchAll(/\{#([^}\s]*)\}[ \t]*$/gm)].map((m) => m[1] ?? ''));

  const add = (kind: SegmentKind, rawText: string, line: number): string => {
    const m = MARKER.exec(rawText);
    let text = rawText;
    let key: string;
    if (m) {
      key = m[1] ?? '';
      text = rawText.slice(0, m.index);
      if (!KEY_PATTERN.test(key) || key.startsWith('meta.')) {
        throw new UserError(`${doc.path}:${line}: the segment key "{#${key}}" is not allowed`, 'Use letters, digits, hyphens and dots only, not starting with "meta." (e.g. {#recital-3}).', { file: doc.path, line });
      }
    } else {
      const base = suggestKey(rawText);
      key = base;
      for (let n = 2; seen.has(key) || written.has(key); n++) key = `${base}-${n}`;
      diagnostics.push({
        severity: 'warning',
        message: `${kind} has no key; using "${key}" for now. Add " {#${key}}" at its end so that rewording it keeps its translations.`,
        location: { file: doc.path, line },
        key,
      });
    }
    const first = seen.get(key);
    if (first !== undefined) {
      throw new UserError(`${doc.path}:${line}: the segment key "{#${key}}" is used twice (first on line ${first})`, 'Give each block its own key.', { file: doc.path, line });
    }
    seen.set(key, line);
    segments.push({ key, kind, text: text.trim(), line });
    return key;
  };

  for (const field of TRANSLATABLE_META) {
    const value = doc.meta[field];
    if (value === '') continue;
    const key = `meta.${field}`;
    seen.set(key, doc.metaLines[field] ?? 1);
    segments.push({ key, kind: 'meta', text: value, line: doc.metaLines[field] ?? 1 });
  }

  const walk = (tokens: Token[], startLine: number): { blocks: Block[]; endLine: number } => {
    const blocks: Block[] = [];
    let line = startLine;
    for (const token of tokens) {
      const tokenLine = line + leadingNewlines(token.raw);
      switch (token.type) {
        case 'heading': {
          const t = token as Tokens.Heading;
          blocks.push({ type: 'heading', depth: t.depth, key: add('heading', t.text, tokenLine) });
          break;
        }
        case 'paragraph':
        case 'html':
        case 'text': {
          const t = token as Tokens.Paragraph;
          if (t.text.trim() !== '') blocks.push({ type: 'paragraph', key: add('paragraph', t.text.trim(), tokenLine) });
          break;
        }
        case 'list': {
          const t = token as Tokens.List;
          let itemLine = tokenLine;
          const items: string[] = [];
          for (const item of t.items) {
            if (item.tokens.some((x) => x.type === 'list')) {
              throw new UserError(`${doc.path}:${itemLine}: nested lists are not supported`, 'Make the inner items paragraphs or items of the outer list, each with its own {#key}.', { file: doc.path, line: itemLine });
            }
            items.push(add('item', item.text.replace(/\n\s*/g, ' ').trim(), itemLine));
            itemLine += countNewlines(item.raw);
          }
          blocks.push({ type: 'list', ordered: t.ordered, start: typeof t.start === 'number' ? t.start : 1, items });
          break;
        }
        case 'table': {
          const t = token as Tokens.Table;
          const header = t.header.map((c) => add('cell', c.text, tokenLine));
          const rows = t.rows.map((row, r) => row.map((c) => add('cell', c.text, tokenLine + 2 + r)));
          blocks.push({ type: 'table', align: t.align, header, rows });
          break;
        }
        case 'blockquote': {
          const t = token as Tokens.Blockquote;
          blocks.push({ type: 'blockquote', blocks: walk(t.tokens, tokenLine).blocks });
          break;
        }
        case 'code': {
          const t = token as Tokens.Code;
          blocks.push({ type: 'code', lang: t.lang ?? '', text: t.text });
          break;
        }
        case 'hr':
          blocks.push({ type: 'rule' });
          break;
        default:
          break;
      }
      line += countNewlines(token.raw);
    }
    return { blocks, endLine: line };
  };

  const tokens = new Lexer({ gfm: true }).lex(doc.body);
  const { blocks } = walk(tokens, doc.bodyLine);
  if (blocks.length === 0) {
    throw new UserError(`${doc.path} has front matter but no text`, 'Write the Markdown text of the document after the closing ---.', { file: doc.path, line: doc.bodyLine });
  }
  return { blocks, segments, diagnostics };
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
