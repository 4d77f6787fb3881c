// xliff12: the exchange model as XLIFF 1.2 (strict), through the `xliff` package
// (jsToXliff12, xliff12ToJs): a <file original=document> per document, a <trans-unit
// id=key> per segment, inline codes as <bpt>/<ept>/<ph> holding the Markdown they stand
// for (native codes: a tool that flattens them to text, such as translate-toolkit's
// xliff2po, gets the Markdown), the state on <target> (which the package does not
// keep), approved="yes" on up-to-date units, and the translator's notes as <note>.
// Reads 1.1 too (translate-toolkit's po2xliff writes it), finding units renumbered by
// a tool through our first note ("<document> · <key> · <place>").
// @ts-expect-error -- the package ships no type declarations; its shape is typed below.
import js2xliff12Untyped from 'xliff/jsToXliff12';
// @ts-expect-error -- the package ships no type declarations; its shape is typed below.
import xliff12ToJsUntyped from 'xliff/xliff12ToJs';
import { UserError } from '../../errors.ts';
import { lineColumn } from '../read-json.ts';
import { alignTarget, toParts } from './inline.ts';
import { altTrans12, glossaryNotes } from './modules.ts';
import type { ExchangeFile, ReturnedFile, ReturnedUnit, UnitState } from './model.ts';
import {
  fillSentinels,
  notesOf,
  inlineXml,
  parseXliff,
  sentinel,
  type Vocabulary,
} from './xliff-common.ts';
import { eachUnit, returned, type PackageDocument, type PackageUnit } from './xliff2.ts';
const js2xliff12 = js2xliff12Untyped as (
  doc: PackageDocument,
  opt: { indent: string },
) => Promise<string>;
const xliff12ToJs = xliff12ToJsUntyped as (xml: string) => Promise<PackageDocument>;

const STATE: Record<UnitState, string> = {
  new: 'new',
  stale: 'needs-review-translation',
  translated: 'translated',
  reviewed: 'signed-off',
  final: 'final',
};
const CTYPE: Record<string, string> = {
  em: 'italic',
  strong: 'bold',
  link: 'link',
  del: 'x-strikethrough',
  html: 'x-html',
  br: 'lb',
  image: 'image',
  code: 'x-code',
  autolink: 'x-autolink',
  note: 'x-footnote-ref',
};

const VOCABULARY: Vocabulary = {
  pair: (p) => ({ ctype: CTYPE[p.kind] ?? 'x-markup' }),
  ph: (p) => ({ ctype: CTYPE[p.kind] ?? 'x-markup' }),
  tags: { elementTypeToTagMap: { Span: 'ph', SpanStart: 'bpt', SpanEnd: 'ept' } },
  codes: 'native',
};

/** One XLIFF 1.2 file; an untranslated unit has an empty target in state "new". */
export async function writeXliff12(file: ExchangeFile): Promise<string> {
  const resources: Record<string, Record<string, PackageUnit>> = {};
  const inline: string[] = [];
  const states: string[] = [];
  const alts: string[] = [];
  for (const u of file.units) {
    const doc = (resources[u.document] ??= {});
    if (Object.hasOwn(doc, u.key))
      throw new Error(`internal: unit ${u.document}/${u.key} given twice`);
    const source = toParts(u.source, u.links);
    const target =
      u.target === undefined
        ? ''
        : inlineXml(alignTarget(source, toParts(u.target, u.links)), VOCABULARY);
    doc[u.key] = {
      source: sentinel(inline.push(inlineXml(source, VOCABULARY)) - 1),
      target: sentinel(inline.push(target) - 1),
      ...(notesOf(u).length + glossaryNotes(u).length > 0
        ? { note: [...notesOf(u), ...glossaryNotes(u)] }
        : {}),
      // translate-toolkit and many tools read a unit without approved="yes" as fuzzy.
      ...(u.state === 'new' || u.state === 'stale'
        ? {}
        : { additionalAttributes: { approved: 'yes' } }),
    };
    // A memory pre-fill stays unconfirmed: needs-review-translation, leveraged from the TM.
    states.push(
      u.prefill ? 'needs-review-translation" state-qualifier="leveraged-tm' : STATE[u.state],
    );
    alts.push(altTrans12(u, VOCABULARY, file.trgLang, '        '));
  }
  const xml = await js2xliff12(
    { sourceLanguage: file.srcLang, targetLanguage: file.trgLang, resources },
    { indent: '  ' },
  );
  let i = 0;
  const withStates = xml.replace(/<target>/g, () => `<target state="${states[i++] ?? 'new'}">`);
  if (i !== states.length)
    throw new Error(`internal: the xliff package wrote ${i} targets for ${states.length} units`);
  let k = 0;
  const withAlts = withStates.replace(/<\/target>/g, () => `</target>${alts[k++] ?? ''}`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${fillSentinels(withAlts, inline)}\n`;
}

const CONFIRMED = new Set(['translated', 'signed-off', 'final']);
const KNOWN = new Set([
  ...CONFIRMED,
  'new',
  'needs-translation',
  'needs-l10n',
  'needs-adaptation',
  'needs-review-translation',
  'needs-review-l10n',
  'needs-review-adaptation',
]);

/** Reads an XLIFF 1.2 file; `file` names it in errors. */
export async function readXliff12(xml: string, file: string): Promise<ReturnedFile> {
  const { text, parsed, scan } = await parseXliff(xml, file, {
    version: '1.2',
    parse: xliff12ToJs,
    names: { file: 'original', unit: 'trans-unit', state: 'target' },
  });
  if (!['1.1', '1.2'].includes(scan.version ?? '') || !parsed.resources) {
    throw new UserError(
      `XLIFF version "${scan.version ?? '?'}", not 1.2`,
      'Save the file as XLIFF 1.2 in your translation tool, or export it anew with "npm run xliff -- export --format xliff12".',
      { file, line: 1 },
    );
  }
  if (!parsed.sourceLanguage)
    throw new UserError(
      'the <file> element has no source-language',
      'Export the file anew with "npm run xliff -- export --format xliff12".',
      { file, line: 1 },
    );
  const units: ReturnedUnit[] = [];
  eachUnit(parsed.resources, (document, key, value) => {
    if (value.additionalAttributes?.['restype'] === 'x-gettext-domain-header') return; // po2xliff's PO header
    const scanned = scan.units.get(`${document}\n${key}`);
    const line = lineColumn(text, scanned?.offset ?? 0).line;
    const approved = value.additionalAttributes?.['approved'] === 'yes';
    const raw = scanned?.states[0]?.state ?? (approved ? 'translated' : 'needs-review-translation');
    const unit = returned(document, key, value, CONFIRMED.has(raw), line, true);
    if (scanned?.states[0]?.qualifier === 'leveraged-tm') unit.prefill = true;
    if (!KNOWN.has(raw) && !raw.startsWith('x-'))
      unit.error = `the state "${raw}" is not one of XLIFF 1.2; use new, needs-review-translation, translated, signed-off or final`;
    units.push(unit);
  });
  return { srcLang: parsed.sourceLanguage, trgLang: parsed.targetLanguage ?? '', units };
}
