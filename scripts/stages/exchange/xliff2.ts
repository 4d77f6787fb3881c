// xliff2: the exchange model as XLIFF 2.0, through the `xliff` package (js2xliff,
// xliff2js). A <file id=document> per document, a <unit id=key> per segment with the
// translator's notes, inline codes as <pc>/<ph> pointing into <originalData> (the exact
// Markdown), and the state on <segment>, which the package does not keep.
// @ts-expect-error -- the package ships no type declarations; its shape is typed below.
import js2xliffUntyped from 'xliff/js2xliff';
// @ts-expect-error -- the package ships no type declarations; its shape is typed below.
import xliff2jsUntyped from 'xliff/xliff2js';
import { UserError } from '../../errors.ts';
import { lineColumn } from '../read-json.ts';
import { alignTarget, codeTable, toParts, type IdPart } from './inline.ts';
import { GLS_NS, MTC_NS, SEGMENT_ID, modules2, originalData } from './modules.ts';
import type { ExchangeFile, ReturnedFile, ReturnedUnit, UnitState } from './model.ts';
import {
  fillSentinels,
  hintFromNotes,
  notesOf,
  fromPackage,
  inlineXml,
  parseXliff,
  sentinel,
  type PackageValue,
  type Vocabulary,
} from './xliff-common.ts';

interface PackageUnit {
  source?: PackageValue;
  target?: PackageValue;
  note?: string[];
  additionalAttributes?: Record<string, string>;
  groupUnits?: Record<string, PackageUnit>;
}
interface PackageDocument {
  sourceLanguage?: string;
  targetLanguage?: string;
  resources?: Record<string, Record<string, PackageUnit | unknown[]>>;
}
const js2xliff = js2xliffUntyped as (
  doc: PackageDocument,
  opt: { indent: string },
) => Promise<string>;
const xliff2js = xliff2jsUntyped as (xml: string) => Promise<PackageDocument>;

const STATE: Record<UnitState, string> = {
  new: 'initial',
  stale: 'initial',
  translated: 'translated',
  reviewed: 'reviewed',
  final: 'final',
};
const SUBTYPE: Partial<Record<string, string>> = { em: 'xlf:i', strong: 'xlf:b' };

const VOCABULARY: Vocabulary = {
  pair: (p) => ({
    dataRefEnd: `e${p.id}`,
    dataRefStart: `s${p.id}`,
    ...(p.kind === 'link'
      ? { type: 'link' }
      : { type: 'fmt', ...(SUBTYPE[p.kind] ? { subType: SUBTYPE[p.kind] as string } : {}) }),
  }),
  ph: (p) => ({
    dataRef: `p${p.id}`,
    ...(p.kind === 'br'
      ? { type: 'fmt', subType: 'xlf:lb' }
      : p.kind === 'image'
        ? { type: 'image' }
        : p.kind === 'autolink'
          ? { type: 'link' }
          : { type: 'other' }),
  }),
  tags: { elementTypeToTagMap: { Standalone: 'ph', GenericSpan: 'pc' } },
  codes: 'reference',
};

/**
 * One XLIFF 2.0 file.
 * @example await writeXliff2({ srcLang: 'en', trgLang: 'hr', units: [{ document: 'demo', key: 'intro', source: '*Hi*', state: 'new', location: 'source/demo.md:9', notes: [] }] })
 */
export async function writeXliff2(file: ExchangeFile): Promise<string> {
  const resources: Record<string, Record<string, PackageUnit>> = {};
  const inline: string[] = [];
  const extras: Array<{ state: string; originalData: string; modules: string; prefill: boolean }> =
    [];
  for (const u of file.units) {
    const doc = (resources[u.document] ??= {});
    if (Object.hasOwn(doc, u.key))
      throw new Error(`internal: unit ${u.document}/${u.key} given twice`);
    const source = toParts(u.source, u.links);
    const target =
      u.target === undefined ? undefined : alignTarget(source, toParts(u.target, u.links));
    const notes = notesOf(u);
    const unit: PackageUnit = {
      ...(notes.length > 0 ? { note: notes } : {}),
      additionalAttributes: { canResegment: 'no' },
    };
    unit.source = sentinel(inline.push(inlineXml(source, VOCABULARY)) - 1);
    if (target !== undefined)
      unit.target = sentinel(inline.push(inlineXml(target, VOCABULARY)) - 1);
    doc[u.key] = unit;
    extras.push({
      state: STATE[u.state],
      // The English's codes first: a reference link keeps its own Markdown there.
      originalData: originalData(codeTable(source, codeTable(target ?? []))),
      modules: modules2(u, VOCABULARY, '      '),
      prefill: u.prefill !== undefined,
    });
  }
  const xml = await js2xliff(
    { sourceLanguage: file.srcLang, targetLanguage: file.trgLang, resources },
    { indent: '  ' },
  );
  let i = 0;
  const withStates = xml.replace(/( *)<segment>/g, (_, indent: string) => {
    const extra = extras[i++];
    // A unit with matches names its segment: each match's ref points at it.
    const id = extra?.modules.includes('<mtc:') ? ` id="${SEGMENT_ID}"` : '';
    const sub = extra?.prefill ? ' subState="selec:tm-prefill"' : '';
    return `${extra?.originalData ? `${indent}${extra.originalData}\n` : ''}${indent}<segment${id} state="${extra?.state ?? 'initial'}"${sub}>`;
  });
  if (i !== extras.length)
    throw new Error(`internal: the xliff package wrote ${i} segments for ${extras.length} units`);
  let k = 0;
  const withModules = withStates.replace(/(<unit\b[^>]*>)\n/g, (_, open: string) => {
    const modules = extras[k++]?.modules ?? '';
    return modules ? `${open}\n${modules}\n` : `${open}\n`;
  });
  const declared = extras.some((e) => e.modules !== '')
    ? withModules.replace('<xliff ', `<xliff xmlns:mtc="${MTC_NS}" xmlns:gls="${GLS_NS}" `)
    : withModules;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${fillSentinels(declared, inline)}\n`;
}

const STATES_READ: Record<string, boolean> = {
  initial: false,
  translated: true,
  reviewed: true,
  final: true,
};

/** Reads an XLIFF 2.0 file; `file` names it in errors. */
export async function readXliff2(xml: string, file: string): Promise<ReturnedFile> {
  const { text, parsed, scan } = await parseXliff(xml, file, {
    version: '2.0',
    parse: xliff2js,
    names: { file: 'id', unit: 'unit', state: 'segment' },
  });
  if (!scan.version?.startsWith('2.') || !parsed.resources) {
    throw new UserError(
      `XLIFF version "${scan.version ?? '?'}", not 2.0`,
      'Save the file as XLIFF 2.0 in your translation tool, or export it anew with "npm run xliff -- export".',
      { file, line: 1 },
    );
  }
  if (!parsed.sourceLanguage)
    throw new UserError(
      'the <xliff> element has no srcLang',
      'Export the file anew with "npm run xliff -- export".',
      { file, line: 1 },
    );
  const units: ReturnedUnit[] = [];
  eachUnit(parsed.resources, (document, key, value) => {
    const scanned = scan.units.get(`${document}\n${key}`);
    const line = lineColumn(text, scanned?.offset ?? 0).line;
    const raw = scanned?.states[0]?.state ?? 'initial';
    const unit = returned(document, key, value, STATES_READ[raw] ?? false, line);
    if (scanned?.states[0]?.qualifier === 'selec:tm-prefill') unit.prefill = true;
    const segments = scanned?.states.length ?? 0;
    if (segments > 1)
      unit.error = `the unit has ${segments} segments, and each unit is one whole paragraph; join its segments into one in your translation tool, then save again`;
    else if (STATES_READ[raw] === undefined)
      unit.error = `the state "${raw}" is not one of XLIFF 2.0; use initial, translated, reviewed or final`;
    units.push(unit);
  });
  return { srcLang: parsed.sourceLanguage, trgLang: parsed.targetLanguage ?? '', units };
}

/** Calls `visit` for every unit the package read, in groups too, in file order. */
export function eachUnit(
  resources: NonNullable<PackageDocument['resources']>,
  visit: (document: string, key: string, unit: PackageUnit) => void,
): void {
  const take = (document: string, entries: Record<string, PackageUnit | unknown[]>): void => {
    for (const [key, value] of Object.entries(entries)) {
      if (Array.isArray(value) || value === null || typeof value !== 'object') continue; // elements the package keeps aside
      if (value.groupUnits) take(document, value.groupUnits);
      else visit(document, key, value);
    }
  };
  for (const [document, entries] of Object.entries(resources)) take(document, entries);
}

/**
 * A unit read by either XLIFF reader. A target with neither text nor codes (an untouched
 * empty one) is no target; a code that cannot be paired makes the unit unreadable: its
 * `error` says why, so that the import refuses this unit and imports the others.
 */
export function returned(
  document: string,
  key: string,
  value: PackageUnit,
  confirmed: boolean,
  line: number,
  standaloneSpans = false,
): ReturnedUnit {
  const parse = (inline: PackageValue | undefined): { parts: IdPart[]; error?: string } => {
    try {
      return { parts: fromPackage(inline, standaloneSpans) };
    } catch (err) {
      return { parts: [], error: (err as Error).message };
    }
  };
  const source = parse(value.source);
  const target = value.target === undefined ? undefined : parse(value.target);
  const unit: ReturnedUnit = { document, key, source: source.parts, confirmed, line };
  const hint = hintFromNotes(value.note);
  if (hint) unit.hint = hint;
  // An unreadable target stays a target (an empty one): the unit is refused, not passed over.
  if (target && (target.error !== undefined || !blank(target.parts))) unit.target = target.parts;
  const error = source.error ?? target?.error;
  if (error !== undefined)
    unit.error = `${error}; restore the inline codes (tags) as they are in the source, then save again`;
  return unit;
}

/** Parts with no code and no text but blanks: what a tool leaves in a target nobody touched. */
function blank(parts: readonly IdPart[]): boolean {
  return parts.every((p) => typeof p === 'string' && p.trim() === '');
}

export type { PackageDocument, PackageUnit };
