// markers: what the source writes at the end of a block besides its text — its key
// `{#key}`, a list's numbering `{.lower-alpha .parens}`, a table's caption line
// `Table: …` — read from the block's Markdown, with located errors for look-alikes.
import { UserError, type Location } from '../errors.ts';

export const KEY_PATTERN = /^[a-z0-9][a-z0-9._-]{0,79}$/i;
export const MARKER = /[ \t]*\{#([^}\s]*)\}[ \t]*$/;
// Something that looks like a key but is not one: `{item-risk}`, `{ #item-risk }`.
// A backslash before the brace (`\{term}`) writes literal braces.
const LOOKALIKE = /(?<!\\)\{[ \t]*#?[ \t]*([A-Za-z0-9][A-Za-z0-9._-]*)[ \t]*\}[ \t]*$/;

export type ListStyle = 'decimal' | 'lower-alpha' | 'upper-alpha' | 'lower-roman' | 'upper-roman';
export const LIST_STYLES: readonly ListStyle[] = [
  'decimal',
  'lower-alpha',
  'upper-alpha',
  'lower-roman',
  'upper-roman',
];
export interface ListFormat {
  style?: ListStyle;
  /** Numbers in parentheses, "(a)", as legal texts write their points. */
  parens?: boolean;
}
const STYLE_LINE = /(?:^|\n)[ \t]*(\{[ \t]*\.[^}\n]*\})[ \t]*$/;

export const CAPTION = /^Table:[ \t]+/;

/** Finds `needle` in the source from `line` on (the last occurrence on its line), for messages. */
export type Locate = (needle: string, line: number) => Location;

/** A locator over a document body that starts on `bodyLine`. */
export function locator(file: string, body: string, bodyLine: number): Locate {
  const lines = body.split('\n');
  return (needle, line) => {
    for (let i = Math.max(0, line - bodyLine); i < lines.length; i++) {
      const at = (lines[i] ?? '').lastIndexOf(needle);
      if (at >= 0) return { file, line: bodyLine + i, column: at + 1 };
    }
    return { file, line };
  };
}

/**
 * Splits the key marker off a block's Markdown; refuses look-alikes and keys of nothing.
 * @example splitKey('Text {#intro}', …) // { text: 'Text', key: 'intro' }
 */
export function splitKey(
  raw: string,
  line: number,
  locate: Locate,
): { text: string; key?: string } {
  const m = MARKER.exec(raw);
  if (!m) {
    const look = LOOKALIKE.exec(raw);
    if (look) {
      const loc = locate(look[0].trim(), line);
      const name = look[1] ?? '';
      throw new UserError(
        `"${look[0].trim()}" looks like a segment key but is not one: did you mean {#${name}}?`,
        `Write the key as {#${name}} (with "#"), or "\\{" to keep the braces as text.`,
        loc,
      );
    }
    return { text: raw };
  }
  const key = m[1] ?? '';
  const loc = (): Location => locate(m[0].trim(), line);
  if (!KEY_PATTERN.test(key) || key.startsWith('meta.')) {
    const l = loc();
    throw new UserError(
      `the segment key "{#${key}}" is not allowed`,
      'Use letters, digits, hyphens and dots only, not starting with "meta." (e.g. {#recital-3}).',
      l,
    );
  }
  const text = raw.slice(0, m.index);
  if (text.trim() === '') {
    const l = loc();
    throw new UserError(
      `the key "{#${key}}" stands on a line of its own and keys no text`,
      'Put the key at the end of the last line of the block it names (heading, paragraph, list item or table cell), e.g. "Text of the block {#key}".',
      l,
    );
  }
  return { text, key };
}

/**
 * Splits a list-format line (the last line of a paragraph) off its Markdown.
 * @example splitFormat('Text {#k}\n{.lower-alpha .parens}', …) // { text: 'Text {#k}', format: { style: 'lower-alpha', parens: true } }
 */
export function splitFormat(
  raw: string,
  line: number,
  locate: Locate,
): { text: string; format?: ListFormat } {
  const m = STYLE_LINE.exec(raw);
  if (!m) {
    // "{.upper-roman}\n3. …": a list that does not start at 1 cannot interrupt a
    // paragraph, so the numbering line would be printed as text.
    const inside = /^[ \t]*(\{[ \t]*\.[a-z-]+[^}\n]*\})[ \t]*$/m.exec(raw);
    if (inside) {
      const loc = locate(inside[1] ?? '', line);
      throw new UserError(
        `the list numbering line "${inside[1] ?? ''}" is read as text`,
        'Leave a blank line between it and the list when the list does not start at 1.',
        loc,
      );
    }
    return { text: raw };
  }
  const attr = m[1] ?? '';
  const classes = attr.slice(1, -1).trim().split(/\s+/);
  const format: ListFormat = {};
  for (const c of classes) {
    const name = c.slice(1);
    if (c === '.parens') format.parens = true;
    else if (
      c.startsWith('.') &&
      (LIST_STYLES as readonly string[]).includes(name) &&
      !format.style
    )
      format.style = name as ListStyle;
    else {
      const loc = locate(attr, line);
      throw new UserError(
        `"${c}" in "${attr}" is not a list numbering`,
        `Write one of ${LIST_STYLES.map((s) => `.${s}`).join(', ')}, optionally with .parens for "(a)", e.g. {.lower-alpha .parens}.`,
        loc,
      );
    }
  }
  return { text: raw.slice(0, m.index), format };
}

/** The located error for a list-format line that is not followed by an ordered list. */
export function strayFormat(line: number, locate: Locate): UserError {
  const loc = locate('{.', line);
  return new UserError(
    'a list numbering line is not followed by an ordered list',
    'Put the line, e.g. {.lower-alpha .parens}, directly before the numbered list it describes ("1." items).',
    loc,
  );
}

/** The located error for a table row that holds keys and no text: a key line under a table. */
export function keyRow(line: number, locate: Locate): UserError {
  const loc = locate('{#', line);
  return new UserError(
    'a key line under a table becomes an empty table row',
    'Key each cell at its end ("| text {#key} |"); to key the table\'s caption, write "Table: caption {#key}" as a paragraph directly before the table.',
    loc,
  );
}
