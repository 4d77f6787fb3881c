// abbreviations: the expansion of each abbreviation in the structure tree (/E, ISO
// 32000-1 §14.9.5), which a screen reader speaks instead of the letters. Chromium tags the
// text of an <abbr> as an element of its own with no expansion; here every such element
// whose text is exactly an abbreviation of the edition becomes a Span with /E.
import { isDict, isName, isRef, name, textString, type PdfDict, type PdfValue } from './objects.ts';
import { pages, type PdfFile } from './file.ts';
import { OP, operandText, shownText, type FontInfo, type Ops } from './content.ts';
import { structElems } from './structure.ts';

/** The text each marked-content sequence (by MCID) of a page shows. */
export function mcidTexts(ops: Ops, fonts: Map<string, FontInfo>): Map<number, string> {
  const out = new Map<number, string>();
  const open: Array<number | undefined> = [];
  let font: FontInfo | undefined;
  for (let k = 0; k < ops.count; k++) {
    const c = ops.code[k];
    if (c === OP.BDC || c === OP.BMC) {
      const m = c === OP.BDC ? /\/MCID\s+(\d+)/.exec(operandText(ops, k)) : null;
      open.push(m ? Number(m[1]) : undefined);
    } else if (c === OP.EMC) open.pop();
    else if (c === OP.Tf) font = fonts.get(/\/([^\s/]+)/.exec(operandText(ops, k))?.[1] ?? '');
    else {
      const mcid = innermost(open);
      if (mcid !== undefined) {
        const text = shownText(ops, k, font);
        if (text !== '') out.set(mcid, (out.get(mcid) ?? '') + text);
      }
    }
  }
  return out;
}

function innermost(open: ReadonlyArray<number | undefined>): number | undefined {
  for (let i = open.length - 1; i >= 0; i--) if (open[i] !== undefined) return open[i];
  return undefined;
}

/**
 * Gives every element whose text is an abbreviation its expansion. `texts` are the
 * MCID texts of each page by its /StructParents. Returns how many were expanded.
 */
export function expandAbbreviations(
  pdf: PdfFile,
  texts: ReadonlyMap<number, ReadonlyMap<number, string>>,
  list: ReadonlyArray<{ abbr: string; title: string }>,
): number {
  if (list.length === 0) return 0;
  const titles = new Map(list.map((e) => [e.abbr, e.title]));
  const keyOfPage = new Map<number, number>();
  for (const { num, page } of pages(pdf)) {
    const key = page.entries.get('StructParents');
    if (typeof key === 'number') keyOfPage.set(num, key);
  }
  let count = 0;
  for (const { elem } of structElems(pdf)) {
    const s = elem.entries.get('S');
    if (!isName(s, 'NonStruct') && !isName(s, 'Span')) continue;
    const text = leafText(elem, texts, keyOfPage)?.trim();
    const title = text === undefined ? undefined : titles.get(text);
    if (title === undefined || title === '') continue;
    elem.entries.set('S', name('Span'));
    elem.entries.set('E', textString(title));
    count++;
  }
  return count;
}

// The text of an element that holds marked content only; undefined for any other.
function leafText(
  elem: PdfDict,
  texts: ReadonlyMap<number, ReadonlyMap<number, string>>,
  keyOfPage: ReadonlyMap<number, number>,
): string | undefined {
  const k = elem.entries.get('K');
  const kids: PdfValue[] = Array.isArray(k) ? k : k === undefined ? [] : [k];
  const pageOf = (v: PdfValue | undefined): number | undefined =>
    isRef(v) ? keyOfPage.get(v.num) : undefined;
  let text = '';
  for (const kid of kids) {
    if (typeof kid === 'number') {
      const t = texts.get(pageOf(elem.entries.get('Pg')) ?? -1)?.get(kid);
      if (t === undefined) return undefined;
      text += t;
    } else if (isDict(kid) && typeof kid.entries.get('MCID') === 'number') {
      const page = pageOf(kid.entries.get('Pg') ?? elem.entries.get('Pg'));
      const t = texts.get(page ?? -1)?.get(kid.entries.get('MCID') as number);
      if (t === undefined) return undefined;
      text += t;
    } else return undefined;
  }
  return kids.length > 0 ? text : undefined;
}
