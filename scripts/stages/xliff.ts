// xliff: translation units ⇄ XLIFF 2.0 text, through the `xliff` package (js2xliff and
// xliff2js, whose data is resources[document][key] = {source, target}). The package
// keeps no attribute of <segment>, where XLIFF 2.0 puts `state`: toXliff writes it into
// the package's output, and fromXliff reads it back by a small scan of the file after
// the package has parsed it (so the scan only ever sees well-formed XML).
import { UserError } from '../errors.ts';
import { normalizeText } from './parse.ts';
import { lineColumn } from './read-json.ts';
import sax from 'sax';
// @ts-expect-error -- the package ships no type declarations; its shape is typed below.
import js2xliffUntyped from 'xliff/js2xliff';
// @ts-expect-error -- the package ships no type declarations; its shape is typed below.
import xliff2jsUntyped from 'xliff/xliff2js';

export type XliffState = 'initial' | 'translated' | 'reviewed';

export interface XliffUnit {
  document: string;
  key: string;
  source: string;
  target?: string;
  state: XliffState;
}

interface PackageUnit {
  source?: unknown;
  target?: unknown;
  additionalAttributes?: Record<string, string>;
  groupUnits?: Record<string, PackageUnit>;
}
interface PackageDocument {
  sourceLanguage?: string;
  targetLanguage?: string;
  resources?: Record<string, Record<string, PackageUnit | unknown[]>>;
}
const js2xliff = js2xliffUntyped as (doc: PackageDocument, opt: { indent: string }) => Promise<string>;
const xliff2js = xliff2jsUntyped as (xml: string) => Promise<PackageDocument>;

const VERSION = '2.0';
const STATES: Record<string, XliffState> = { initial: 'initial', translated: 'translated', reviewed: 'reviewed', final: 'reviewed' };

/**
 * One XLIFF 2.0 file: a <file id=document> per document, a <unit id=key> per unit.
 * @example await toXliff('en', 'hr', [{ document: 'demo', key: 'intro', source: 'Hello', state: 'initial' }])
 */
export async function toXliff(srcLang: string, trgLang: string, units: XliffUnit[]): Promise<string> {
  const resources: Record<string, Record<string, PackageUnit>> = {};
  const states = new Map<string, XliffState>();
  for (const u of units) {
    const file = (resources[u.document] ??= {});
    if (Object.hasOwn(file, u.key)) throw new Error(`internal: unit ${u.document}/${u.key} given twice`);
    // canResegment="no": a tool that splits a unit into sentences would break the key.
    const unit: PackageUnit = { source: escapeAmpersands(u.source), additionalAttributes: { canResegment: 'no' } };
    if (u.target !== undefined) unit.target = escapeAmpersands(u.target);
    file[u.key] = unit;
    states.set(`${u.document}\n${u.key}`, u.target === undefined ? 'initial' : u.state);
  }
  const xml = await js2xliff({ sourceLanguage: srcLang, targetLanguage: trgLang, resources }, { indent: '  ' });
  // The package writes units in property order (integer-like keys first), so the states
  // follow that order, not the order of `units`.
  const order = Object.entries(resources).flatMap(([doc, file]) => Object.keys(file).map((key) => states.get(`${doc}\n${key}`)));
  let i = 0;
  const withStates = xml.replace(/<segment>/g, () => `<segment state="${order[i++] ?? 'initial'}">`);
  if (i !== order.length) throw new Error(`internal: the xliff package wrote ${i} segments for ${order.length} units`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${withStates}\n`;
}

/**
 * Reads an XLIFF 2.0 file (text NFC-composed); `file` names it in errors.
 * @example (await fromXliff(xml, 'dist/xliff/hr.xlf')).units[0] // { document: 'demo', key: 'intro', source: 'Hello', target: 'Bok', state: 'translated' }
 */
export async function fromXliff(xml: string, file: string): Promise<{ srcLang: string; trgLang: string; units: XliffUnit[] }> {
  const text = normalizeText(xml).text;
  const scan = scanSegments(text);
  const notXliff = (): UserError =>
    new UserError(`${file}: not an XLIFF file (its root element is <${scan.root ?? '?'}>)`, 'Import a file written by "npm run xliff -- export" or saved as XLIFF 2.0 by a translation tool.', { file, line: 1 });
  let parsed: PackageDocument;
  try {
    parsed = await xliff2js(text);
  } catch (err) {
    const msg = (err as Error).message ?? String(err);
    const at = /Line: (\d+)\s+Column: (\d+)/.exec(msg);
    if (!at && scan.root !== undefined && scan.root !== 'xliff') throw notXliff();
    const where = at ? { line: Number(at[1]) + 1, column: Number(at[2]) } : {};
    const shown = at ? `${file}:${where.line}:${where.column}` : file;
    throw new UserError(`${shown}: not a well-formed XLIFF file (${at ? (msg.split('\n')[0] ?? msg) : 'the XML is incomplete or has no <xliff> root'})`, 'Open the file in your translation tool and save it as XLIFF 2.0 again, or export it anew with "npm run xliff -- export".', { file, ...where }, { cause: err });
  }
  if (scan.root !== 'xliff') throw notXliff();
  // The package reads a truncated file without complaint: a strict XML parse as well.
  wellFormed(text, file);
  if (scan.version !== VERSION || !parsed.resources) {
    throw new UserError(`${file}: XLIFF version "${scan.version ?? '?'}", not ${VERSION}`, 'Save the file as XLIFF 2.0 in your translation tool, or export it anew with "npm run xliff -- export".', { file, line: 1 });
  }
  if (!parsed.sourceLanguage) throw new UserError(`${file}: the <xliff> element has no srcLang`, 'Export the file anew with "npm run xliff -- export".', { file, line: 1 });

  const units: XliffUnit[] = [];
  const take = (document: string, entries: Record<string, PackageUnit | unknown[]>): void => {
    for (const [key, value] of Object.entries(entries)) {
      if (Array.isArray(value) || value === null || typeof value !== 'object') continue; // elements the package keeps aside
      if (value.groupUnits) {
        take(document, value.groupUnits);
        continue;
      }
      const segs = scan.segments.get(`${document}\n${key}`) ?? [];
      const where = { file, ...lineColumn(text, segs[1]?.offset ?? segs[0]?.offset ?? 0) };
      if (segs.length > 1) {
        throw new UserError(`${file}:${where.line}: unit "${key}" of document "${document}" has ${segs.length} segments`, 'Each unit is one whole paragraph: join its segments into one in your translation tool, then save again.', where);
      }
      const rawState = segs[0]?.state ?? 'initial';
      const state = STATES[rawState];
      if (!state) throw new UserError(`${file}:${where.line}: unit "${key}" of document "${document}" has the unknown state "${rawState}"`, 'Use one of the XLIFF 2.0 states: initial, translated, reviewed, final.', where);
      const source = value.source ?? '';
      if (typeof source !== 'string' || (value.target !== undefined && typeof value.target !== 'string')) {
        throw new UserError(`${file}:${where.line}: unit "${key}" of document "${document}" contains inline XLIFF elements`, 'The text is Markdown: write it as plain text, without <ph>, <pc> or other inline codes.', where);
      }
      const unit: XliffUnit = { document, key, source: source.normalize('NFC'), state };
      if (typeof value.target === 'string') unit.target = value.target.normalize('NFC');
      units.push(unit);
    }
  };
  for (const [document, entries] of Object.entries(parsed.resources)) take(document, entries);
  return { srcLang: parsed.sourceLanguage, trgLang: parsed.targetLanguage ?? '', units };
}

/**
 * A text as fromXliff returns it after toXliff: the package drops a final line end and
 * the blanks after it, and a text of blanks only (and nothing else).
 * @example asRead('Bok\n') // 'Bok'
 */
export function asRead(text: string): string {
  if (text.trim() === '') return '';
  return /\n\s*$/.test(text) ? text.slice(0, text.lastIndexOf('\n')) : text;
}

// The XML writer under the package turns "&amp;" back into "&" before escaping, so
// "&amp;" in Markdown would come back as "&"; escaping "&" first makes it exact.
function escapeAmpersands(text: string): string {
  return text.replace(/&/g, '&amp;');
}

const TOKEN = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<[?!][\s\S]*?>|<(\/?)([^\s/>!?]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/g;
const ATTR = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The root element, its version, and the <segment> tags of each unit ("document\nkey"). */
function scanSegments(xml: string): { root?: string; version?: string; segments: Map<string, Array<{ state?: string; offset: number }>> } {
  const segments = new Map<string, Array<{ state?: string; offset: number }>>();
  let root: string | undefined;
  let version: string | undefined;
  let file = 'default';
  let unit: string | undefined;
  for (const m of xml.matchAll(TOKEN)) {
    const [, close, name, attrText = ''] = m;
    if (name === undefined) continue; // comment, CDATA, declaration
    const local = name.slice(name.indexOf(':') + 1);
    if (close) {
      if (local === 'unit') unit = undefined;
      continue;
    }
    const attrs = new Map([...attrText.matchAll(ATTR)].map((a) => [a[1] ?? '', decode(a[2] ?? a[3] ?? '')]));
    if (root === undefined) {
      root = local;
      version = attrs.get('version');
    } else if (local === 'file') file = attrs.get('id') || 'default';
    else if (local === 'unit') unit = attrs.get('id');
    else if (local === 'segment' && unit !== undefined) {
      const id = `${file}\n${unit}`;
      const list = segments.get(id) ?? [];
      const state = attrs.get('state');
      list.push(state === undefined ? { offset: m.index } : { state, offset: m.index });
      segments.set(id, list);
    }
  }
  return { ...(root !== undefined ? { root } : {}), ...(version !== undefined ? { version } : {}), segments };
}

function decode(value: string): string {
  return value.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(lt|gt|amp|quot|apos));/gi, (all, hex?: string, dec?: string, named?: string) => {
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    if (dec) return String.fromCodePoint(Number(dec));
    return ENTITIES[named ?? ''] ?? all;
  });
}

/** A UserError at the line and column where `text` stops being well-formed XML (a truncated file ends inside an element). */
function wellFormed(text: string, file: string): void {
  const parser = sax.parser(true, { xmlns: false });
  let open = 0;
  // sax reports a close for every open, self-closing tags included.
  parser.onopentag = () => {
    open++;
  };
  parser.onclosetag = () => {
    open--;
  };
  const fail = (reason: string): never => {
    const where = { line: parser.line + 1, column: parser.column + 1 };
    throw new UserError(`${file}:${where.line}:${where.column}: not a well-formed XLIFF file (${reason}); nothing was imported`, 'The file is truncated or damaged: save it again from your translation tool, or export it anew with "npm run xliff -- export".', { file, ...where });
  };
  parser.onerror = (err) => fail(err.message.split('\n')[0] ?? 'invalid XML');
  parser.write(text).close();
  if (open !== 0) fail(`the file ends with ${open} element${open === 1 ? '' : 's'} still open`);
}
