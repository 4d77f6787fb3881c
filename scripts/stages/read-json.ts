// read-json: the text of a translation file → a flat string map, with every problem
// located (file:line:column): invalid JSON, non-string values, duplicate keys, and
// keys such as __proto__ that would reach the prototype (ignored, reported).
import type { Diagnostic } from '../errors.ts';
import { UserError } from '../errors.ts';
import { normalizeText } from './parse.ts';

export interface FlatResource {
  values: Record<string, string>;
  /** 1-based line of each key. */
  lines: Record<string, number>;
  /** The column of each key's opening quote on its line. */
  columns: Record<string, number>;
  diagnostics: Diagnostic[];
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * Where JSON.parse failed, from V8's message: "at position N", or (for an unexpected
 * token) the quoted context around it, found back in the text.
 */
export function jsonErrorLocation(text: string, message: string): { line: number; column: number } {
  const pos = /position (\d+)/.exec(message)?.[1];
  if (pos !== undefined) return lineColumn(text, Number(pos));
  const m = /Unexpected token '(.+?)', (?:\.\.\.)?"([\s\S]*?)"(?:\.\.\.)? is not valid JSON/.exec(
    message,
  );
  if (m?.[1] && m[2]) {
    const at = text.indexOf(m[2]);
    if (at >= 0) {
      // The token nearest the middle of the quoted context is the one V8 points at.
      const mid = m[2].length / 2;
      let best = -1;
      for (let i = m[2].indexOf(m[1]); i >= 0; i = m[2].indexOf(m[1], i + 1))
        if (best < 0 || Math.abs(i - mid) < Math.abs(best - mid)) best = i;
      return lineColumn(text, at + Math.max(0, best));
    }
  }
  if (/Unexpected end of JSON input/.test(message)) return lineColumn(text, text.length);
  return { line: 1, column: 1 };
}

/**
 * Parses a flat i18next resource.
 * @example parseFlatResource('translations/hr/x.json', '{"a": "b"}').values // { a: 'b' }
 */
export function parseFlatResource(file: string, raw: string): FlatResource {
  const { text } = normalizeText(raw);
  const parsed = parseObject(file, text);
  const diagnostics: Diagnostic[] = [];
  const keys = topLevelKeys(text);
  const { lines, columns } = keyLines(file, text, keys, diagnostics);
  const values = textValues(file, parsed, lines, diagnostics, columns);
  refuseProto(file, text, keys, diagnostics);
  return { values: { ...values }, lines: { ...lines }, columns: { ...columns }, diagnostics };
}

// The file as one JSON object; invalid JSON is told at its line and column.
function parseObject(file: string, text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    const at = jsonErrorLocation(text, msg);
    throw new UserError(
      `not valid JSON (${msg.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '')})`,
      'Fix the JSON: every key and value in double quotes, a comma between entries, none after the last.',
      { file, ...at },
      { cause: err },
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UserError(
      'a translation file must be one JSON object of "key": "text" pairs',
      'Write {"segment-key": "translated text", …}.',
      { file, line: 1, column: 1 },
    );
  }
  return parsed as Record<string, unknown>;
}

// Each key's line, from the text: JSON.parse keeps no lines and silently drops duplicate keys.
function keyLines(
  file: string,
  text: string,
  keys: Array<{ key: string; offset: number }>,
  diagnostics: Diagnostic[],
): { lines: Record<string, number>; columns: Record<string, number> } {
  const lines: Record<string, number> = Object.create(null) as Record<string, number>;
  const columns: Record<string, number> = Object.create(null) as Record<string, number>;
  const seen = new Map<string, number>();
  for (const { key, offset } of keys) {
    const { line, column } = lineColumn(text, offset);
    const first = seen.get(key);
    if (first !== undefined) {
      diagnostics.push({
        severity: 'error',
        rule: 'json-duplicate-key',
        message: `duplicate key "${key}" (first on line ${first}); JSON keeps only the last one`,
        location: { file, line, column },
        key,
      });
    }
    seen.set(key, line);
    lines[key] = line;
    columns[key] = column;
  }
  return { lines, columns };
}

// The text values, NFC; prototype keys and values that are not text are ignored and reported.
function textValues(
  file: string,
  parsed: Record<string, unknown>,
  lines: Record<string, number>,
  diagnostics: Diagnostic[],
  columns: Record<string, number> = {},
): Record<string, string> {
  const values: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, value] of Object.entries(parsed)) {
    const line = lines[key] ?? 1;
    if (FORBIDDEN.has(key)) {
      diagnostics.push({
        severity: 'warning',
        rule: 'json-key-refused',
        message: `key "${key}" is not allowed and was ignored`,
        location: { file, line },
        key,
      });
      continue;
    }
    if (typeof value !== 'string') {
      diagnostics.push({
        severity: 'error',
        rule: 'json-not-text',
        message: `the value of "${key}" is ${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value}, not text; it was ignored`,
        location: { file, line, column: columns[key] ?? 1 },
        key,
      });
      continue;
    }
    values[key] = value.normalize('NFC');
  }
  return values;
}

// JSON.parse turns "__proto__" into an own property only via Object.entries; be explicit.
function refuseProto(
  file: string,
  text: string,
  keys: Array<{ key: string; offset: number }>,
  diagnostics: Diagnostic[],
): void {
  for (const { key, offset } of keys) {
    if (key === '__proto__' && !diagnostics.some((d) => d.key === key)) {
      diagnostics.push({
        severity: 'warning',
        rule: 'json-key-refused',
        message: 'key "__proto__" is not allowed and was ignored',
        location: { file, ...lineColumn(text, offset) },
        key,
      });
    }
  }
}

/** The keys of the outermost object with their offsets, in file order. */
export function topLevelKeys(text: string): Array<{ key: string; offset: number }> {
  const out: Array<{ key: string; offset: number }> = [];
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      const start = i;
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (depth === 1 && expectKey) {
        out.push({ key: JSON.parse(text.slice(start, j + 1)) as string, offset: start });
        expectKey = false;
      }
      i = j;
    } else if (ch === '{' || ch === '[') {
      depth++;
      if (depth === 1 && ch === '{') expectKey = true;
    } else if (ch === '}' || ch === ']') depth--;
    else if (ch === ',' && depth === 1) expectKey = true;
  }
  return out;
}
