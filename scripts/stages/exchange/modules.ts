// modules: what an exported unit carries beside its text: translation-memory matches and
// termbase entries. XLIFF 2.0 writes them with its matches module (<mtc:match
// matchQuality>) and glossary module (<gls:glossEntry>); XLIFF 1.2 as <alt-trans
// match-quality> and notes; PO as a fuzzy pre-fill and comments. Readers strip them
// before parsing: a match is a suggestion, never the unit's own text.
import { alignTarget, codeTable, toParts, type CodeTable, type Part } from './inline.ts';
import type { ExchangeUnit } from './model.ts';
import { inlineXml, type Vocabulary } from './xliff-common.ts';

export const MTC_NS = 'urn:oasis:names:tc:xliff:matches:2.0';
export const GLS_NS = 'urn:oasis:names:tc:xliff:glossary:2.0';
/** The id of the one segment of a unit that has matches (their ref points at it). */
export const SEGMENT_ID = 'seg1';

function esc(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** <originalData> of a code table (XLIFF 2.0): each code's exact Markdown. */
export function originalData(table: CodeTable): string {
  const data: string[] = [];
  for (const [id, code] of [...table].sort((a, b) => Number(a[0]) - Number(b[0]))) {
    if ('text' in code) data.push(dataElement(`p${id}`, code.text));
    else data.push(dataElement(`s${id}`, code.open), dataElement(`e${id}`, code.close));
  }
  return data.length > 0 ? `<originalData>${data.join('')}</originalData>` : '';
}

function dataElement(id: string, text: string): string {
  const escaped = text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\n/g, '&#10;');
  return `<data id="${id}">${escaped}</data>`;
}

/** A match's English and translation as inline parts, codes paired as in the unit. */
function matchParts(u: ExchangeUnit, source: string, target: string): [Part[], Part[]] {
  const s = toParts(source, u.links);
  return [s, alignTarget(s, toParts(target, u.links))];
}

/** The XLIFF 2.0 module elements of a unit (matches, glossary), or '' when it has none. */
export function modules2(u: ExchangeUnit, vocabulary: Vocabulary, indent: string): string {
  const out: string[] = [];
  if (u.matches && u.matches.length > 0) {
    const matches = u.matches.map((m) => {
      const [s, t] = matchParts(u, m.source, m.target);
      const data = originalData(codeTable(s, codeTable(t)));
      return `${indent}  <mtc:match ref="#${SEGMENT_ID}" type="tm" matchQuality="${m.quality}" similarity="${m.quality}" origin="${esc(`translation memory: ${m.origin}`)}">${data}<source>${inlineXml(s, vocabulary)}</source><target>${inlineXml(t, vocabulary)}</target></mtc:match>`;
    });
    out.push(`${indent}<mtc:matches>`, ...matches, `${indent}</mtc:matches>`);
  }
  if (u.glossary && u.glossary.length > 0) {
    const entries = u.glossary.map(
      (g) =>
        `${indent}  <gls:glossEntry id="${esc(g.id)}"><gls:term source="SELEC termbase">${esc(g.english)}</gls:term><gls:translation source="${esc(g.status === 'verified' ? `verified: ${g.source ?? ''}` : 'proposed')}">${esc(g.term)}</gls:translation><gls:definition source="SELEC termbase">${esc(glossaryDefinition(g))}</gls:definition></gls:glossEntry>`,
    );
    out.push(`${indent}<gls:glossary>`, ...entries, `${indent}</gls:glossary>`);
  }
  return out.join('\n');
}

function glossaryDefinition(g: NonNullable<ExchangeUnit['glossary']>[number]): string {
  return [
    `Allowed forms: ${g.forms.join(' | ')}`,
    ...(g.forbidden.length > 0 ? [`Forbidden: ${g.forbidden.join(' | ')}`] : []),
    ...(g.note ? [g.note] : []),
  ].join('. ');
}

/** The termbase entries of a unit as notes (XLIFF 1.2, PO). */
export function glossaryNotes(u: ExchangeUnit): string[] {
  return (u.glossary ?? []).map(
    (g) =>
      `Term (${g.status}${g.status === 'verified' && g.source ? `: ${g.source}` : ''}): "${g.english}" → "${g.term}". ${glossaryDefinition(g)}`,
  );
}

/** The matches of a unit as XLIFF 1.2 <alt-trans> elements (after its target). */
export function altTrans12(
  u: ExchangeUnit,
  vocabulary: Vocabulary,
  lang: string,
  indent: string,
): string {
  return (u.matches ?? [])
    .map((m) => {
      const [s, t] = matchParts(u, m.source, m.target);
      return `\n${indent}<alt-trans match-quality="${m.quality}" origin="${esc(`translation memory: ${m.origin}`)}"><source>${inlineXml(s, vocabulary)}</source><target xml:lang="${esc(lang)}">${inlineXml(t, vocabulary)}</target></alt-trans>`;
    })
    .join('');
}
