// inline: a segment's Markdown as text and inline codes, so that translation tools can
// protect the markup. Emphasis, strong, strike-through, links and paired inline HTML
// (<sup>…</sup>) become paired codes around the text they mark; line breaks, code
// spans, autolinks, images and lone tags become placeholders. Every code keeps the
// exact Markdown it stands for, so joining the parts gives back the segment byte for byte.
// A reference link ("[text][label]", with the document's definitions) is a pair whose
// label is part of its code, never of the translatable text.
import { Lexer, type Links, type Token, type Tokens } from 'marked';
import { normalizeLabel } from '../check.ts';

export type PairKind = 'em' | 'strong' | 'del' | 'link' | 'html';
export type PlaceholderKind = 'br' | 'code' | 'autolink' | 'image' | 'html' | 'note';

export interface PairCode {
  code: 'pair';
  id: string;
  kind: PairKind;
  /** The Markdown before and after the marked text: "*" and "*", "[" and "](url)". */
  open: string;
  close: string;
  /** A reference link's label ("[…][convention]", "[convention][]", "[convention]"). */
  label?: string;
  parts: Part[];
}
export interface PlaceholderCode {
  code: 'ph';
  id: string;
  kind: PlaceholderKind;
  /** The Markdown the placeholder stands for. */
  text: string;
}
export type Part = string | PairCode | PlaceholderCode;

/** What an inline code stands for, by id: the shape every format restores from. */
export type CodeTable = Map<
  string,
  { kind: PairKind; open: string; close: string; label?: string } | PlaceholderEntry
>;
type PlaceholderEntry = { kind: PlaceholderKind; text: string };
type PairEntry = Exclude<ReturnType<CodeTable['get']>, PlaceholderEntry | undefined>;

const PAIRED_TAGS = new Set([
  'sup',
  'sub',
  'em',
  'strong',
  'b',
  'i',
  'u',
  's',
  'a',
  'span',
  'abbr',
  'cite',
  'q',
  'small',
  'mark',
]);

/**
 * The parts of a segment's Markdown; `links` are its document's reference definitions.
 * @example toParts('20<sup>th</sup>') // ['20', { code: 'pair', id: '1', kind: 'html', open: '<sup>', close: '</sup>', parts: ['th'] }]
 */
export function toParts(markdown: string, links: Links = {}): Part[] {
  const lexer = new Lexer();
  Object.assign(lexer.tokens.links, links);
  const tokens = lexer.inlineTokens(markdown);
  if (tokens.map((t) => t.raw).join('') !== markdown) return markdown === '' ? [] : [markdown];
  const counter = { next: 1 };
  return compact(convert(tokens, counter));
}

/** The Markdown of parts: the inverse of toParts. */
export function fromParts(parts: readonly Part[]): string {
  return parts
    .map((p) =>
      typeof p === 'string' ? p : p.code === 'ph' ? p.text : p.open + fromParts(p.parts) + p.close,
    )
    .join('');
}

/** The codes of parts by id, for restoring a translation whose codes carry only ids. */
export function codeTable(parts: readonly Part[], table: CodeTable = new Map()): CodeTable {
  for (const p of parts) {
    if (typeof p === 'string') continue;
    if (p.code === 'ph') table.set(p.id, { kind: p.kind, text: p.text });
    else {
      const label = p.label === undefined ? {} : { label: p.label };
      table.set(p.id, { kind: p.kind, open: p.open, close: p.close, ...label });
      codeTable(p.parts, table);
    }
  }
  return table;
}

/**
 * The parts of a translation with the ids of the matching codes of its English (same
 * markup, in order), so a tool shows them as the same tags; codes the English does not
 * have get ids after the English's.
 * @example codeIds(alignTarget(toParts('*a* <sup>b</sup>'), toParts('<sup>c</sup>'))) // ['2']
 */
export function alignTarget(source: readonly Part[], target: readonly Part[]): Part[] {
  const free = new Map<string, string[]>();
  for (const [id, code] of codeTable(source))
    free.set(signature(code), [...(free.get(signature(code)) ?? []), id]);
  let next = codeIds(source).reduce((max, id) => Math.max(max, Number(id)), 0) + 1;
  const renumber = (parts: readonly Part[]): Part[] =>
    parts.map((p) => {
      if (typeof p === 'string') return p;
      const ids = free.get(signature(p));
      const id = ids?.shift() ?? String(next++);
      return p.code === 'ph' ? { ...p, id } : { ...p, id, parts: renumber(p.parts) };
    });
  return renumber(target);
}

// A reference link is known by its label: "[a][convention]" is the code of "[convention]".
function signature(code: PlaceholderEntry | PairEntry): string {
  if ('text' in code) return `ph\n${code.kind}\n${code.text}`;
  if (code.label !== undefined) return `pair\n${code.kind}\n[${normalizeLabel(code.label)}]`;
  return `pair\n${code.kind}\n${code.open}\n${code.close}`;
}

/** The ids of every code in parts, in order. */
export function codeIds(parts: readonly Part[]): string[] {
  return parts.flatMap((p) =>
    typeof p === 'string' ? [] : p.code === 'ph' ? [p.id] : [p.id, ...codeIds(p.parts)],
  );
}

/** Whether parts carry any code at all (a plain text needs no inline markup). */
export function hasCodes(parts: readonly Part[]): boolean {
  return parts.some((p) => typeof p !== 'string');
}

function convert(tokens: readonly Token[], counter: { next: number }): Part[] {
  const out: Part[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const tag = token.type === 'html' ? openingTag(token.raw) : undefined;
    const end = tag ? closingIndex(tokens, i, tag) : -1;
    if (tag && end > i) {
      const id = String(counter.next++);
      out.push({
        code: 'pair',
        id,
        kind: 'html',
        open: token.raw,
        close: (tokens[end] as Token).raw,
        parts: compact(convert(tokens.slice(i + 1, end), counter)),
      });
      i = end;
      continue;
    }
    out.push(...convertOne(token, counter));
  }
  return out;
}

function convertOne(token: Token, counter: { next: number }): Part[] {
  switch (token.type) {
    case 'text':
    case 'escape':
      return textParts(token.raw, counter);
    case 'em':
    case 'strong':
    case 'del':
      return [pair(token, token.type, counter)];
    case 'link':
      return (token as Tokens.Link).raw.startsWith('<') || !(token as Tokens.Link).tokens.length
        ? [placeholder('autolink', token.raw, counter)]
        : [pair(token, 'link', counter)];
    case 'br':
      return [placeholder('br', token.raw, counter)];
    case 'codespan':
      return [placeholder('code', token.raw, counter)];
    case 'image':
      return [placeholder('image', token.raw, counter)];
    case 'html':
      return [placeholder('html', token.raw, counter)];
    default:
      return textParts(token.raw, counter);
  }
}

// A soft line break is a code too: translation tools may normalise white space, and
// the xliff package drops a line end that ends a text node.
// A footnote reference ("[^1]") is a code as well: the translator places it, never edits it.
function textParts(raw: string, counter: { next: number }): Part[] {
  const pieces = raw.split('\n');
  const out: Part[] = [];
  pieces.forEach((piece, n) => {
    if (n > 0) out.push(placeholder('br', '\n', counter));
    piece.split(NOTE_SPLIT).forEach((bit, i) => {
      if (i % 2 === 1) out.push(placeholder('note', bit, counter));
      else if (bit !== '') out.push(bit);
    });
  });
  return out;
}
const NOTE_SPLIT = /(\[\^[^\]\s]+\])/;

function pair(token: Token, kind: PairKind, counter: { next: number }): PairCode {
  const children = (token as Tokens.Em).tokens ?? [];
  const inner = children.map((t) => t.raw).join('');
  const at = inner === '' ? -1 : token.raw.indexOf(inner);
  const id = String(counter.next++);
  if (at < 0) return { code: 'pair', id, kind, open: token.raw, close: '', parts: [] };
  const close = token.raw.slice(at + inner.length);
  const label = kind === 'link' ? referenceLabel(close, inner) : undefined;
  return {
    code: 'pair',
    id,
    kind,
    open: token.raw.slice(0, at),
    close,
    ...(label === undefined ? {} : { label }),
    parts: compact(convert(children, counter)),
  };
}

/**
 * The label of a reference link from what follows its text: "][label]" (full), "][]"
 * (collapsed) or "]" (shortcut; the text is the label); none for "](url)".
 */
function referenceLabel(close: string, text: string): string | undefined {
  if (close === ']' || close === '][]') return text;
  return /^\]\[((?:[^\]\\]|\\.)+)\]$/.exec(close)?.[1];
}

/**
 * The Markdown after a pair's text. A collapsed or shortcut reference whose text was
 * translated becomes a full one, "[translated][label]", so that the link still resolves.
 */
function closeOf(code: PairEntry, text: string): string {
  if (code.label === undefined || (code.close.startsWith('][') && code.close !== '][]'))
    return code.close;
  return normalizeLabel(text) === normalizeLabel(code.label) ? code.close : `][${code.label}]`;
}

function placeholder(
  kind: PlaceholderKind,
  text: string,
  counter: { next: number },
): PlaceholderCode {
  return { code: 'ph', id: String(counter.next++), kind, text };
}

function openingTag(raw: string): string | undefined {
  const m = /^<([a-z][a-z0-9]*)\b[^>]*>$/i.exec(raw);
  const name = m?.[1]?.toLowerCase();
  return name && PAIRED_TAGS.has(name) && !raw.endsWith('/>') ? name : undefined;
}

function closingIndex(tokens: readonly Token[], from: number, tag: string): number {
  let depth = 0;
  for (let j = from + 1; j < tokens.length; j++) {
    const t = tokens[j] as Token;
    if (t.type !== 'html') continue;
    if (openingTag(t.raw) === tag) depth++;
    else if (new RegExp(`^</${tag}\\s*>$`, 'i').test(t.raw)) {
      if (depth === 0) return j;
      depth--;
    }
  }
  return -1;
}

/** Joins neighbouring texts and drops empty ones, so equal Markdown gives equal parts. */
function compact(parts: Part[]): Part[] {
  const out: Part[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (typeof p === 'string' && typeof last === 'string') out[out.length - 1] = last + p;
    else if (p !== '') out.push(p);
  }
  return out;
}

/** Parts as a translation tool gives them back: codes carry their id only. */
export type IdPart =
  string | { code: 'pair'; id: string; parts: IdPart[] } | { code: 'ph'; id: string };

/**
 * The Markdown of a translation whose codes carry only ids, restored from the codes of
 * its English; an error names the first code that was lost, repeated, unknown or
 * changed from paired to standalone.
 * @example restore(['20', { code: 'pair', id: '1', parts: ['.'] }], codeTable(toParts('20<sup>th</sup>'))) // { markdown: '20<sup>.</sup>' }
 */
export function restore(
  parts: readonly IdPart[],
  table: CodeTable,
  required: readonly string[] = [...table.keys()],
): { markdown: string } | { error: string } {
  const seen = new Set<string>();
  const walk = (list: readonly IdPart[]): string => {
    let text = '';
    for (const p of list) {
      if (typeof p === 'string') {
        text += p;
        continue;
      }
      const code = table.get(p.id);
      if (!code) throw new CodeError(`inline code ${p.id} is not in the English`);
      if (seen.has(p.id)) throw new CodeError(`inline code ${p.id} is used twice`);
      seen.add(p.id);
      if (p.code === 'ph') {
        if (!('text' in code))
          throw new CodeError(
            `inline code ${p.id} (${code.open}…${code.close}) must enclose text, not stand alone`,
          );
        text += code.text;
      } else {
        if ('text' in code)
          throw new CodeError(
            `inline code ${p.id} (${JSON.stringify(code.text)}) stands alone and cannot enclose text`,
          );
        const inner = walk(p.parts);
        text += code.open + inner + closeOf(code, inner);
      }
    }
    return text;
  };
  try {
    const markdown = walk(parts);
    const lost = required.filter((id) => !seen.has(id));
    if (lost.length > 0)
      return {
        error: `inline code${lost.length > 1 ? 's' : ''} ${lost.join(', ')} of the English ${lost.length > 1 ? 'are' : 'is'} missing (${lost.map((id) => describe(table, id)).join(', ')})`,
      };
    return { markdown };
  } catch (err) {
    if (err instanceof CodeError) return { error: err.message };
    throw err;
  }
}

class CodeError extends Error {}

function describe(table: CodeTable, id: string): string {
  const code = table.get(id);
  if (!code) return id;
  return 'text' in code ? JSON.stringify(code.text) : `${code.open}…${code.close}`;
}

/**
 * Which markup of `reference` a Markdown translation lost (PO keeps Markdown as text);
 * `links` are the document's reference definitions.
 */
export function lostMarkup(
  reference: string,
  target: string,
  links: Links = {},
): string | undefined {
  const signatures = (md: string): string[] =>
    [...codeTable(toParts(md, links)).values()]
      .filter((c) => !('text' in c) || c.kind !== 'br')
      .map((c) =>
        'text' in c
          ? c.text
          : c.label === undefined
            ? `${c.open}…${c.close}`
            : `[…][${normalizeLabel(c.label)}]`,
      );
  const have = signatures(target);
  const missing = signatures(reference).filter((sig) => {
    const i = have.indexOf(sig);
    if (i < 0) return true;
    have.splice(i, 1);
    return false;
  });
  return missing.length > 0
    ? `the markup ${missing.map((m) => JSON.stringify(m)).join(', ')} is missing from the translation; keep it`
    : undefined;
}
