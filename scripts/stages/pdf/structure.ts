// structure: the structure tree as PDF/UA-1 wants it. A RoleMap for every type that
// ISO 32000-1 does not define (Chromium writes Em and Strong), structure element IDs
// that do not change from run to run (Chromium numbers them from its DOM nodes, which
// vary with tables), decorative sequences removed from the tree once they are artifacts,
// and an alternate description on every link annotation (PDF/UA-1 §7.18.5).
import {
  decodeText,
  isDict,
  isName,
  isRef,
  isString,
  name,
  ref,
  str,
  textString,
  type PdfDict,
  type PdfValue,
} from './objects.ts';
import { addObject, catalog, dictOf, pages, resolve, type PdfFile } from './file.ts';

/** The standard structure types of ISO 32000-1 §14.8.4. */
export const STANDARD_TYPES = new Set(
  'Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form'.split(
    ' ',
  ),
);
/** What the types of newer PDF (and Chromium) mean in ISO 32000-1 terms. */
const ROLES: Record<string, string> = {
  Em: 'Span',
  Strong: 'Span',
  Sub: 'Span',
  Mark: 'Span',
  Title: 'H1',
  FENote: 'Note',
  Aside: 'Sect',
  DocumentFragment: 'Div',
};

export interface StructElemInfo {
  num: number;
  elem: PdfDict;
}

/** Every structure element in tree order. */
export function structElems(pdf: PdfFile): StructElemInfo[] {
  const root = dictOf(pdf, catalog(pdf).entries.get('StructTreeRoot'));
  const out: StructElemInfo[] = [];
  const walk = (v: PdfValue | undefined): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!isRef(v)) return;
    const elem = dictOf(pdf, v);
    if (!elem || (elem.entries.has('Type') && !isName(elem.entries.get('Type'), 'StructElem')))
      return;
    out.push({ num: v.num, elem });
    walk(elem.entries.get('K'));
  };
  walk(root?.entries.get('K'));
  return out;
}

/** The structure element that owns each MCID of the page with /StructParents `key`. */
export function parentTreeArray(pdf: PdfFile, key: number): PdfValue[] | undefined {
  const root = dictOf(pdf, catalog(pdf).entries.get('StructTreeRoot'));
  const tree = dictOf(pdf, root?.entries.get('ParentTree'));
  const nums = tree?.entries.get('Nums');
  if (!Array.isArray(nums)) return undefined;
  for (let i = 0; i + 1 < nums.length; i += 2) {
    if (nums[i] === key) {
      const a = resolve(pdf, nums[i + 1]);
      return Array.isArray(a) ? a : undefined;
    }
  }
  return undefined;
}

/** Adds the RoleMap and renumbers /ID values in tree order. */
export function fixStructure(pdf: PdfFile): { roles: Record<string, string> } {
  const root = dictOf(pdf, catalog(pdf).entries.get('StructTreeRoot'));
  if (!root) throw new Error('PDF is not tagged: print with tagged: true');
  const elems = structElems(pdf);
  const roles: Record<string, string> = {};
  const ids = new Map<string, string>();
  for (const { elem } of elems) {
    const s = elem.entries.get('S');
    if (isName(s) && !STANDARD_TYPES.has(s.name)) roles[s.name] = ROLES[s.name] ?? 'NonStruct';
    const id = elem.entries.get('ID');
    if (isString(id)) {
      const fresh = `node${String(ids.size + 1).padStart(8, '0')}`;
      ids.set(id.bytes, fresh);
      elem.entries.set('ID', str(fresh));
    }
  }
  if (Object.keys(roles).length > 0) {
    const map = dictOf(pdf, root.entries.get('RoleMap')) ?? { kind: 'dict', entries: new Map() };
    for (const [k, v] of Object.entries(roles).sort()) map.entries.set(k, name(v));
    root.entries.set('RoleMap', map);
  }
  if (ids.size > 0) {
    for (const { elem } of elems) renameHeaders(pdf, elem.entries.get('A'), ids);
    const names: PdfValue[] = [];
    for (const { num, elem } of elems) {
      const id = elem.entries.get('ID');
      if (isString(id)) names.push(str(id.bytes), ref(num));
    }
    const first = names[0];
    const last = names[names.length - 2];
    dropTree(pdf, root.entries.get('IDTree'));
    const leaf = addObject(pdf, {
      kind: 'dict',
      entries: new Map<string, PdfValue>([
        ['Limits', [first ?? null, last ?? null]],
        ['Names', names],
      ]),
    });
    root.entries.set('IDTree', {
      kind: 'dict',
      entries: new Map<string, PdfValue>([['Kids', [ref(leaf)]]]),
    });
  }
  return { roles };
}

/** Deletes a name tree's nodes: Chromium's IDTree, with the old IDs, replaced by ours. */
function dropTree(pdf: PdfFile, node: PdfValue | undefined): void {
  const d = dictOf(pdf, node);
  const kids = d?.entries.get('Kids');
  if (Array.isArray(kids)) kids.forEach((k) => dropTree(pdf, k));
  if (isRef(node)) pdf.objects.delete(node.num);
}

function renameHeaders(pdf: PdfFile, attrs: PdfValue | undefined, ids: Map<string, string>): void {
  const list = Array.isArray(attrs) ? attrs : [attrs];
  for (const a of list) {
    const d = dictOf(pdf, a);
    const headers = d?.entries.get('Headers');
    if (d && Array.isArray(headers))
      d.entries.set(
        'Headers',
        headers.map((h) => (isString(h) ? str(ids.get(h.bytes) ?? h.bytes) : h)),
      );
  }
}

/** The type of the element that owns `mcid` on the page with /StructParents `key`. */
export function ownerType(pdf: PdfFile, key: number | undefined, mcid: number): string | undefined {
  if (key === undefined) return undefined;
  const owner = dictOf(pdf, parentTreeArray(pdf, key)?.[mcid]);
  const s = owner?.entries.get('S');
  return isName(s) ? s.name : undefined;
}

/** Removes MCIDs that became artifacts from their elements and from the parent tree. */
export function forgetMcids(pdf: PdfFile, key: number, mcids: number[]): void {
  const array = parentTreeArray(pdf, key);
  if (!array) return;
  for (const mcid of mcids) {
    const owner = dictOf(pdf, array[mcid]);
    if (owner) {
      const k = owner.entries.get('K');
      const kids = (Array.isArray(k) ? k : [k]).filter(
        (x) => !(x === mcid || (isDict(x) && x.entries.get('MCID') === mcid)),
      );
      owner.entries.set('K', kids.length === 1 ? (kids[0] ?? null) : kids.map((x) => x ?? null));
    }
    array[mcid] = null;
  }
}

/** Gives every link annotation a /Contents: the text of its link, or where it goes. */
export function describeLinks(pdf: PdfFile, textOf: (target: string) => string | undefined): void {
  for (const { page } of pages(pdf)) {
    const annots = resolve(pdf, page.entries.get('Annots'));
    if (!Array.isArray(annots)) continue;
    for (const a of annots) {
      if (!isRef(a)) continue;
      const annot = dictOf(pdf, a);
      if (!annot || !isName(annot.entries.get('Subtype'), 'Link') || annot.entries.has('Contents'))
        continue;
      const uri = dictOf(pdf, annot.entries.get('A'))?.entries.get('URI');
      const target = linkTarget(pdf, annot);
      const text = isString(uri)
        ? uri.bytes
        : target !== undefined
          ? (textOf(target) ?? target)
          : undefined;
      if (text) annot.entries.set('Contents', textString(text));
    }
  }
}

/** The named destination of an internal link annotation (an element id of the page). */
export function linkTarget(pdf: PdfFile, annot: PdfDict | undefined): string | undefined {
  const action = dictOf(pdf, annot?.entries.get('A'));
  const dest = annot?.entries.get('Dest') ?? action?.entries.get('D');
  return isName(dest) ? dest.name : isString(dest) ? decodeText(dest) : undefined;
}

/** The annotation object numbers each Link element points at, with the element. */
export function linkElems(pdf: PdfFile): Map<number, PdfDict> {
  const out = new Map<number, PdfDict>();
  for (const { elem } of structElems(pdf)) {
    if (!isName(elem.entries.get('S'), 'Link')) continue;
    const k = elem.entries.get('K');
    for (const kid of Array.isArray(k) ? k : [k]) {
      const obj =
        isDict(kid) && isName(kid.entries.get('Type'), 'OBJR') ? kid.entries.get('Obj') : undefined;
      if (isRef(obj)) out.set(obj.num, elem);
    }
  }
  return out;
}
