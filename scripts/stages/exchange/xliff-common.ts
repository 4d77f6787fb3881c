// xliff-common: what XLIFF 2.0 and 1.2 share here: inline codes to and from the xliff
// package's inline objects, and reading a file with errors that name it.
// The package indents mixed content (text and inline elements) as if it were
// structure, which would put line ends and blanks into the translatable text; so each
// source and target is handed to it as a sentinel and replaced afterwards by the
// package's own flattenInline serialisation of the codes.
// @ts-expect-error -- the package ships no type declarations; its shape is typed below.
import { flattenInline as flattenUntyped } from 'xliff';
import { UserError } from '../../errors.ts';
import { normalizeText } from '../parse.ts';
import type { IdPart, Part, PairKind, PlaceholderKind } from './inline.ts';
import { scan, stripModules, type Scan } from './xml-scan.ts';

/** An inline element as the xliff package reads and writes it. */
export type PackageInline =
  | string
  | {
      [type: string]: {
        id?: string;
        rid?: string;
        startRef?: string;
        contents?: PackageValue;
        [attr: string]: unknown;
      };
    };
export type PackageValue = PackageInline | PackageInline[];

export interface Vocabulary {
  pair: (p: Extract<Part, { code: 'pair' }>) => Record<string, string>;
  ph: (p: Extract<Part, { code: 'ph' }>) => Record<string, string>;
  tags: { elementTypeToTagMap: Record<string, string> };
  /**
   * 'reference': codes point at their Markdown (XLIFF 2.0 originalData);
   * 'native': codes contain their Markdown (XLIFF 1.2 <bpt>/<ept>/<ph>), so a tool that
   * reads a unit as plain text (translate-toolkit's xliff2po) gets the Markdown back.
   */
  codes: 'reference' | 'native';
}

const flattenInline = flattenUntyped as (
  value: PackageInline[],
  info: { elementTypeToTagMap: Record<string, string> },
) => string;

/** The package's inline objects for parts; attributes per format from `vocabulary`. */
export function toPackage(parts: readonly Part[], vocabulary: Vocabulary): PackageInline[] {
  return parts.flatMap((p): PackageInline[] => {
    if (typeof p === 'string') return [p];
    if (vocabulary.codes === 'native') {
      if (p.code === 'ph') return [{ Span: { id: p.id, ...vocabulary.ph(p), contents: p.text } }];
      return [
        { SpanStart: { id: p.id, ...vocabulary.pair(p), contents: p.open } },
        ...toPackage(p.parts, vocabulary),
        { SpanEnd: { id: p.id, contents: p.close } },
      ];
    }
    if (p.code === 'ph') return [{ Standalone: { id: p.id, ...vocabulary.ph(p) } }];
    return [
      {
        GenericSpan: { id: p.id, ...vocabulary.pair(p), contents: toPackage(p.parts, vocabulary) },
      },
    ];
  });
}

/** XML text of parts, as the package serialises inline content (text escaped). */
export function inlineXml(parts: readonly Part[], vocabulary: Vocabulary): string {
  return flattenInline(toPackage(parts, vocabulary), vocabulary.tags);
}

/** A sentinel the package writes as plain text, replaced by `fillSentinels`. */
export function sentinel(n: number): string {
  return `\u{F0000}${n}\u{F0001}`;
}

export function fillSentinels(xml: string, values: readonly string[]): string {
  return xml.replace(/\u{F0000}(\d+)\u{F0001}/gu, (_, n: string) => values[Number(n)] ?? '');
}

const PAIRS = new Set(['Span', 'GenericSpan']);
const OPENS = new Set(['SpanStart', 'GenericSpanStart']);
const CLOSES = new Set(['SpanEnd', 'GenericSpanEnd']);

/** Parts with ids from what the package read; a code that cannot be paired is an Error. */
export function fromPackage(value: PackageValue | undefined, standaloneSpans: boolean): IdPart[] {
  const flat = value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value];
  const root: IdPart[] = [];
  const stack: Array<{ id: string; parts: IdPart[] }> = [];
  const here = (): IdPart[] => stack[stack.length - 1]?.parts ?? root;
  for (const item of flat) {
    if (typeof item === 'string') {
      here().push(unprotectSpaces(item));
      continue;
    }
    const [type, data] = Object.entries(item)[0] ?? [];
    if (!type || !data) continue;
    const id = String(data.id ?? data.rid ?? data.startRef ?? '');
    if (type === 'Standalone' || (standaloneSpans && type === 'Span'))
      here().push({ code: 'ph', id });
    else if (PAIRS.has(type))
      here().push({ code: 'pair', id, parts: fromPackage(data.contents, standaloneSpans) });
    else if (type === 'Marker') here().push(...fromPackage(data.contents, standaloneSpans));
    else if (OPENS.has(type)) stack.push({ id, parts: [] });
    else if (CLOSES.has(type)) {
      const open = stack.pop();
      if (!open || open.id !== id)
        throw new Error(`the inline codes are unbalanced: an end code ${id} has no matching start`);
      here().push({ code: 'pair', id, parts: open.parts });
    } else throw new Error(`the inline element ${type} is not supported`);
  }
  if (stack.length > 0)
    throw new Error(
      `the inline codes are unbalanced: start code ${stack[stack.length - 1]?.id} is never closed`,
    );
  return root;
}

/** Parses an XLIFF file with the package, after checking its root and version. */
export async function parseXliff<T>(
  xml: string,
  file: string,
  expect: {
    version: string;
    parse: (text: string) => Promise<T>;
    names: Parameters<typeof scan>[1];
  },
): Promise<{ text: string; parsed: T; scan: Scan }> {
  // Matches and glossary entries are suggestions: they are no part of the unit read.
  const text = stripModules(normalizeText(xml).text);
  const scanned = scan(text, expect.names);
  const redo = `Open the file in your translation tool and save it as XLIFF ${expect.version} again, or export it anew with "npm run xliff -- export".`;
  if (scanned.root !== undefined && scanned.root !== 'xliff') {
    throw new UserError(
      `not an XLIFF file (its root element is <${scanned.root}>)`,
      'Import a file written by "npm run xliff -- export" or saved as XLIFF by a translation tool.',
      { file, line: 1 },
    );
  }
  let parsed: T;
  try {
    parsed = await expect.parse(protectSpaces(text));
  } catch (err) {
    const msg = (err as Error).message ?? String(err);
    const at = /Line: (\d+)\s+Column: (\d+)/.exec(msg);
    const where = at ? { line: Number(at[1]) + 1, column: Number(at[2]) } : {};
    throw new UserError(
      `not a well-formed XLIFF file (${at ? (msg.split('\n')[0] ?? msg) : 'the XML is incomplete or has no <xliff> root'})`,
      redo,
      { file, ...where },
      { cause: err },
    );
  }
  if (scanned.root !== 'xliff')
    throw new UserError('not an XLIFF file (it has no <xliff> root element)', redo, {
      file,
      line: 1,
    });
  if (!scanned.complete) {
    const line = text.split('\n').length;
    throw new UserError(
      'the XLIFF file is truncated (it ends before </xliff>)',
      `The file was cut short: ${redo.charAt(0).toLowerCase()}${redo.slice(1)}`,
      { file, line },
    );
  }
  return { text, parsed, scan: scanned };
}

/** The XLIFF version a file declares, for choosing its reader. */
export function declaredVersion(xml: string): string | undefined {
  return /<(?:[\w-]+:)?xliff\b[^>]*?\bversion\s*=\s*["']([^"']+)["']/.exec(xml)?.[1];
}

export type { PairKind, PlaceholderKind };

/** The notes of a unit in XLIFF, where the English a stale translation was made from is one of them. */
export function notesOf(u: { notes: string[]; previousSource?: string }): string[] {
  return u.previousSource === undefined
    ? u.notes
    : [
        ...u.notes,
        `The English changed since this was translated. Previous English: ${u.previousSource}`,
      ];
}

/** The document and key a note of ours names ("<document> · <key> · <place>"): tools that renumber units keep notes. */
export function hintFromNotes(notes: unknown): { document: string; key: string } | undefined {
  for (const note of Array.isArray(notes) ? notes : [notes]) {
    const m = typeof note === 'string' ? /^([a-z0-9-]+) · ([A-Za-z0-9._-]+) · /.exec(note) : null;
    if (m) return { document: m[1] as string, key: m[2] as string };
  }
  return undefined;
}

// The XML parser under the package drops text that is only white space between two
// elements, which between two inline codes is translatable text ("*a* *b*"). Such
// blanks are swapped for private-use characters before parsing and back after.
const INLINE_TAG = String.raw`<\/?(?:ph|pc|sc|ec|x|g|bpt|ept|bx|ex|it|mrk|sm|em)\b[^>]*>`;
const BETWEEN_CODES = new RegExp(`(${INLINE_TAG})([ \t\n]+)(?=${INLINE_TAG})`, 'g');
const SHIFT = 0xf0100;

function protectSpaces(xml: string): string {
  return xml.replace(
    BETWEEN_CODES,
    (_, tag: string, blanks: string) =>
      tag + [...blanks].map((c) => String.fromCodePoint(SHIFT + (c.codePointAt(0) ?? 32))).join(''),
  );
}

function unprotectSpaces(text: string): string {
  return text.replace(/[\u{F0109}\u{F010A}\u{F0120}]/gu, (c) =>
    String.fromCodePoint((c.codePointAt(0) ?? SHIFT + 32) - SHIFT),
  );
}
