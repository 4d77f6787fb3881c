// conformance: checks a PDF against the machine-checkable rules of PDF/A-2 (ISO 19005-2)
// and PDF/UA-1 (ISO 14289-1, as the Matterhorn protocol numbers its failure conditions)
// that apply to the editions. Not a full validator: where veraPDF is available, run it
// (`verapdf --flavour 2u` and `--flavour ua1`); this is what the tests can run here.
import { isPainting, OP, tokenize } from './content.ts';
import { catalog, dictOf, lookup, pages, readPdf, resolve, type PdfFile } from './file.ts';
import {
  decodeText,
  isDict,
  isName,
  isRef,
  isString,
  type PdfDict,
  type PdfValue,
} from './objects.ts';
import { STANDARD_TYPES, structElems } from './structure.ts';
import { checkForms, FORM_RULES } from './conformance-forms.ts';

export interface Rule {
  id: string;
  standard: 'PDF/A-2' | 'PDF/UA-1';
  /** The clause of the standard, or the Matterhorn checkpoint. */
  clause: string;
  text: string;
}

export const RULES: Rule[] = [
  {
    id: 'header',
    standard: 'PDF/A-2',
    clause: '6.1.2',
    text: 'header %PDF-1.n (n ≤ 7) followed by a comment of at least four bytes above 127',
  },
  {
    id: 'trailer-id',
    standard: 'PDF/A-2',
    clause: '6.1.3',
    text: 'the trailer has an /ID of two strings',
  },
  { id: 'no-encrypt', standard: 'PDF/A-2', clause: '6.1.3', text: 'no /Encrypt in the trailer' },
  {
    id: 'output-intent',
    standard: 'PDF/A-2',
    clause: '6.2.3',
    text: 'a GTS_PDFA1 output intent with an embedded 3-component ICC profile (RGB, display or output class)',
  },
  {
    id: 'fonts-embedded',
    standard: 'PDF/A-2',
    clause: '6.2.11.4 / Matterhorn 31-009',
    text: 'every font used on a page is embedded',
  },
  {
    id: 'to-unicode',
    standard: 'PDF/A-2',
    clause: '6.2.11.7 (level U) / Matterhorn 31-027',
    text: 'every font has a ToUnicode map',
  },
  {
    id: 'annotation-flags',
    standard: 'PDF/A-2',
    clause: '6.3.2',
    text: 'every annotation is printed (F has Print, not Hidden, Invisible, NoView)',
  },
  {
    id: 'no-javascript',
    standard: 'PDF/A-2',
    clause: '6.5.1, 6.6.1',
    text: 'no JavaScript, no additional actions, only URI and GoTo link actions',
  },
  {
    id: 'xmp',
    standard: 'PDF/A-2',
    clause: '6.6.2.1',
    text: 'the catalog has an unfiltered XMP metadata stream',
  },
  {
    id: 'pdfaid',
    standard: 'PDF/A-2',
    clause: '6.6.4',
    text: 'XMP pdfaid:part 2 and pdfaid:conformance A, B or U',
  },
  {
    id: 'xmp-extension',
    standard: 'PDF/A-2',
    clause: '6.6.2.3',
    text: 'the pdfuaid namespace is declared by a PDF/A extension schema with its property "part"',
  },
  {
    id: 'info-matches-xmp',
    standard: 'PDF/A-2',
    clause: '6.6.3',
    text: 'Info Title, Author, Subject, Keywords, Creator, Producer and dates equal their XMP counterparts',
  },
  {
    id: 'pdfuaid',
    standard: 'PDF/UA-1',
    clause: '5 / Matterhorn 06-002',
    text: 'XMP pdfuaid:part 1',
  },
  {
    id: 'marked',
    standard: 'PDF/UA-1',
    clause: '7.1 / Matterhorn 06-001, 01-002',
    text: 'MarkInfo /Marked true, /Suspects not true, a structure tree',
  },
  {
    id: 'title',
    standard: 'PDF/UA-1',
    clause: '7.1 / Matterhorn 06-003, 07-001',
    text: 'dc:title is set and DisplayDocTitle is true',
  },
  {
    id: 'lang',
    standard: 'PDF/UA-1',
    clause: '7.2 / Matterhorn 11-006',
    text: 'the catalog has a /Lang, and every /Lang in the tree is a language tag',
  },
  {
    id: 'role-map',
    standard: 'PDF/UA-1',
    clause: '7.1 / Matterhorn 02-001, 02-004',
    text: 'every structure type is standard or role-mapped to a standard type',
  },
  {
    id: 'tagged-content',
    standard: 'PDF/UA-1',
    clause: '7.1 / Matterhorn 01-003, 01-004, 01-005',
    text: 'all painted content is in an MCID sequence or an Artifact, never one inside the other',
  },
  {
    id: 'parent-tree',
    standard: 'PDF/UA-1',
    clause: '7.1 / Matterhorn 01-006',
    text: 'every MCID on a page has its structure element in the parent tree',
  },
  {
    id: 'tables-lists',
    standard: 'PDF/UA-1',
    clause: '7.5, 7.6 / Matterhorn 15-xxx, 16-001',
    text: 'TR in Table/THead/TBody/TFoot, TH and TD in TR, LI in L, Lbl and LBody in LI',
  },
  {
    id: 'ids-unique',
    standard: 'PDF/UA-1',
    clause: 'ISO 32000-1 14.7.2',
    text: 'structure element IDs are unique, and table /Headers name existing IDs',
  },
  {
    id: 'tabs',
    standard: 'PDF/UA-1',
    clause: '7.18.3 / Matterhorn 28-002',
    text: 'a page with annotations has /Tabs /S',
  },
  {
    id: 'links',
    standard: 'PDF/UA-1',
    clause: '7.18.5 / Matterhorn 28-011, 28-012',
    text: 'every link annotation has /Contents and is the object of a Link element',
  },
  ...FORM_RULES,
];

export interface Finding {
  rule: string;
  message: string;
}

/** Every rule the file breaks (empty: it passes all of RULES). */
export function checkConformance(bytes: Uint8Array): Finding[] {
  const out: Finding[] = [];
  const fail = (rule: string, message: string): void => void out.push({ rule, message });
  const head = Buffer.from(bytes.subarray(0, 20)).toString('latin1');
  const m = /^%PDF-1\.[0-7](\r\n|\r|\n)%(....)/.exec(head);
  if (!m || [...(m[2] ?? '')].some((c) => c.charCodeAt(0) <= 127))
    fail('header', 'header is not %PDF-1.n followed by a binary comment');
  const pdf = readPdf(bytes);
  const trailer = pdf.trailer.entries;
  const id = trailer.get('ID');
  if (!Array.isArray(id) || id.length !== 2 || !id.every(isString))
    fail('trailer-id', 'trailer /ID missing');
  if (trailer.has('Encrypt')) fail('no-encrypt', 'file is encrypted');
  const root = catalog(pdf);
  checkOutputIntent(pdf, root, fail);
  const xmp = readXmp(pdf, root, fail);
  checkXmp(pdf, xmp, fail);
  checkCatalog(pdf, root, fail);
  checkStructure(pdf, root, fail);
  checkPages(pdf, fail);
  checkForms(pdf, bytes, fail);
  return out;
}

type Fail = (rule: string, message: string) => void;

function streamOf(
  pdf: PdfFile,
  v: PdfValue | undefined,
): { dict: PdfDict; data: Uint8Array; filtered: boolean } | undefined {
  if (!isRef(v)) return undefined;
  const raw = pdf.objects.get(v.num)?.raw ?? '';
  const filtered = /\/Filter/.test(raw.slice(0, raw.indexOf('stream')));
  const dict = dictOf(pdf, v);
  const data = pdf.objects.get(v.num)?.stream;
  return dict && data ? { dict, data, filtered } : undefined;
}

function checkOutputIntent(pdf: PdfFile, root: PdfDict, fail: Fail): void {
  const intents = resolve(pdf, root.entries.get('OutputIntents'));
  const ok =
    Array.isArray(intents) &&
    intents.some((i) => {
      const d = dictOf(pdf, i);
      const icc = streamOf(pdf, d?.entries.get('DestOutputProfile'));
      if (!d || !isName(d.entries.get('S'), 'GTS_PDFA1') || !icc || icc.dict.entries.get('N') !== 3)
        return false;
      const h = Buffer.from(icc.data.subarray(0, 20)).toString('latin1');
      return h.slice(16, 20) === 'RGB ' && ['mntr', 'prtr'].includes(h.slice(12, 16));
    });
  if (!ok) fail('output-intent', 'no GTS_PDFA1 output intent with an RGB ICC profile');
}

function readXmp(pdf: PdfFile, root: PdfDict, fail: Fail): string {
  const meta = streamOf(pdf, root.entries.get('Metadata'));
  if (!meta) {
    fail('xmp', 'no XMP metadata stream in the catalog');
    return '';
  }
  if (meta.filtered) fail('xmp', 'the XMP metadata stream is filtered');
  return Buffer.from(meta.data).toString('utf8');
}

const xmpValue = (xmp: string, tag: string): string | undefined => {
  const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xmp)?.[1];
  if (m === undefined) return undefined;
  const li = /<rdf:li(?: xml:lang="x-default")?>([\s\S]*?)<\/rdf:li>/.exec(m)?.[1] ?? m;
  return li
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
};

function checkXmp(pdf: PdfFile, xmp: string, fail: Fail): void {
  if (
    xmpValue(xmp, 'pdfaid:part') !== '2' ||
    !['A', 'B', 'U'].includes(xmpValue(xmp, 'pdfaid:conformance') ?? '')
  )
    fail('pdfaid', 'XMP does not identify PDF/A-2');
  if (xmpValue(xmp, 'pdfuaid:part') !== '1') fail('pdfuaid', 'XMP does not identify PDF/UA-1');
  const ext =
    /<pdfaSchema:namespaceURI>http:\/\/www\.aiim\.org\/pdfua\/ns\/id\/<\/pdfaSchema:namespaceURI>[\s\S]*?<pdfaProperty:name>part<\/pdfaProperty:name>/.test(
      xmp,
    );
  if (!ext) fail('xmp-extension', 'no PDF/A extension schema declares pdfuaid:part');
  if (!xmpValue(xmp, 'dc:title')) fail('title', 'XMP has no dc:title');
  const info = dictOf(pdf, pdf.trailer.entries.get('Info'));
  const pairs: Array<[string, string]> = [
    ['Title', 'dc:title'],
    ['Author', 'dc:creator'],
    ['Subject', 'dc:description'],
    ['Keywords', 'pdf:Keywords'],
    ['Creator', 'xmp:CreatorTool'],
    ['Producer', 'pdf:Producer'],
  ];
  for (const [key, tag] of pairs) {
    const v = info?.entries.get(key);
    if (v === undefined) continue;
    if (!isString(v) || decodeText(v) !== xmpValue(xmp, tag))
      fail('info-matches-xmp', `Info /${key} differs from XMP ${tag}`);
  }
  for (const [key, tag] of [
    ['CreationDate', 'xmp:CreateDate'],
    ['ModDate', 'xmp:ModifyDate'],
  ] as const) {
    const v = info?.entries.get(key);
    if (v === undefined) continue;
    const d = isString(v) ? /^D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)/.exec(v.bytes) : null;
    const x = xmpValue(xmp, tag);
    if (!d || !x || !x.startsWith(`${d[1]}-${d[2]}-${d[3]}T${d[4]}:${d[5]}:${d[6]}`))
      fail('info-matches-xmp', `Info /${key} differs from XMP ${tag}`);
  }
}

const LANG_TAG = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/;

function checkCatalog(pdf: PdfFile, root: PdfDict, fail: Fail): void {
  const mark = dictOf(pdf, root.entries.get('MarkInfo'));
  if (
    mark?.entries.get('Marked') !== true ||
    mark.entries.get('Suspects') === true ||
    !root.entries.has('StructTreeRoot')
  )
    fail('marked', 'not marked as tagged, or suspects, or no structure tree');
  if (dictOf(pdf, root.entries.get('ViewerPreferences'))?.entries.get('DisplayDocTitle') !== true)
    fail('title', 'DisplayDocTitle is not true');
  const lang = root.entries.get('Lang');
  if (!isString(lang) || !LANG_TAG.test(decodeText(lang)))
    fail('lang', 'catalog /Lang missing or not a language tag');
  if (
    root.entries.has('AA') ||
    dictOf(pdf, root.entries.get('Names'))?.entries.has('JavaScript') ||
    root.entries.has('OpenAction')
  )
    fail('no-javascript', 'catalog has actions or JavaScript');
}

const PARENTS: Record<string, string[]> = {
  TR: ['Table', 'THead', 'TBody', 'TFoot'],
  TH: ['TR'],
  TD: ['TR'],
  LI: ['L'],
  Lbl: ['LI'],
  LBody: ['LI'],
};

function checkStructure(pdf: PdfFile, root: PdfDict, fail: Fail): void {
  const tree = dictOf(pdf, root.entries.get('StructTreeRoot'));
  const roles = dictOf(pdf, tree?.entries.get('RoleMap'));
  const ids = new Set<string>();
  const headers: string[] = [];
  const typeOf = (d: PdfDict | undefined): string | undefined => {
    const s = d?.entries.get('S');
    if (!isName(s)) return undefined;
    const mapped = roles?.entries.get(s.name);
    return STANDARD_TYPES.has(s.name) ? s.name : isName(mapped) ? mapped.name : s.name;
  };
  for (const { elem } of structElems(pdf)) {
    const s = elem.entries.get('S');
    const type = typeOf(elem);
    if (!isName(s) || !type || !STANDARD_TYPES.has(type))
      fail(
        'role-map',
        `structure type ${isName(s) ? s.name : '?'} is neither standard nor mapped to a standard type`,
      );
    const parents = type ? PARENTS[type] : undefined;
    const parent = typeOf(dictOf(pdf, elem.entries.get('P')));
    if (parents && !parents.includes(parent ?? ''))
      fail('tables-lists', `${type} inside ${parent ?? 'nothing'}`);
    const lang = elem.entries.get('Lang');
    if (lang !== undefined && (!isString(lang) || !LANG_TAG.test(decodeText(lang))))
      fail('lang', 'a structure element has a /Lang that is not a language tag');
    const id = elem.entries.get('ID');
    if (isString(id)) {
      if (ids.has(id.bytes)) fail('ids-unique', `structure element ID ${id.bytes} is used twice`);
      ids.add(id.bytes);
    }
    const attrs = elem.entries.get('A');
    for (const a of Array.isArray(attrs) ? attrs : [attrs]) {
      const h = dictOf(pdf, a)?.entries.get('Headers');
      if (Array.isArray(h)) headers.push(...h.filter(isString).map((x) => x.bytes));
    }
  }
  for (const h of headers)
    if (!ids.has(h)) fail('ids-unique', `table /Headers names ${h}, which no element has`);
}

function checkPages(pdf: PdfFile, fail: Fail): void {
  const links = new Set<number>();
  for (const { elem } of structElems(pdf)) {
    const k = elem.entries.get('K');
    for (const kid of Array.isArray(k) ? k : [k]) {
      const obj =
        isDict(kid) && isName(kid.entries.get('Type'), 'OBJR') ? kid.entries.get('Obj') : undefined;
      if (isRef(obj) && isName(elem.entries.get('S'), 'Link')) links.add(obj.num);
    }
  }
  const tree = dictOf(
    pdf,
    dictOf(pdf, catalog(pdf).entries.get('StructTreeRoot'))?.entries.get('ParentTree'),
  );
  const nums = tree?.entries.get('Nums');
  pages(pdf).forEach(({ page }, index) => {
    const n = index + 1;
    checkFonts(pdf, page, n, fail);
    const annots = resolve(pdf, page.entries.get('Annots'));
    if (Array.isArray(annots) && annots.length > 0 && !isName(page.entries.get('Tabs'), 'S'))
      fail('tabs', `page ${n} has annotations but no /Tabs /S`);
    for (const a of Array.isArray(annots) ? annots : []) {
      const annot = dictOf(pdf, a);
      const f = annot?.entries.get('F');
      if (typeof f !== 'number' || (f & 4) === 0 || (f & (1 | 2 | 32)) !== 0)
        fail('annotation-flags', `page ${n}: an annotation is not set to print`);
      if (annot?.entries.has('AA'))
        fail('no-javascript', `page ${n}: an annotation has additional actions`);
      const action = dictOf(pdf, annot?.entries.get('A'));
      const s = action?.entries.get('S');
      if (action && !(isName(s, 'URI') || isName(s, 'GoTo')))
        fail('no-javascript', `page ${n}: an annotation has a ${isName(s) ? s.name : '?'} action`);
      if (isName(annot?.entries.get('Subtype'), 'Link')) {
        if (!isString(annot?.entries.get('Contents')))
          fail('links', `page ${n}: a link annotation has no /Contents`);
        if (!isRef(a) || !links.has(a.num))
          fail('links', `page ${n}: a link annotation is not the object of a Link element`);
      }
    }
    const key = page.entries.get('StructParents');
    let owners: PdfValue[] | undefined;
    if (Array.isArray(nums))
      for (let i = 0; i + 1 < nums.length; i += 2)
        if (nums[i] === key) owners = resolve(pdf, nums[i + 1]) as PdfValue[];
    checkContent(pdf, page, n, owners, fail);
  });
}

function checkFonts(pdf: PdfFile, page: PdfDict, n: number, fail: Fail): void {
  const fonts = dictOf(pdf, dictOf(pdf, page.entries.get('Resources'))?.entries.get('Font'));
  for (const [name, v] of fonts?.entries ?? []) {
    const font = dictOf(pdf, v);
    const descendant = resolve(pdf, font?.entries.get('DescendantFonts'));
    const described = Array.isArray(descendant) ? dictOf(pdf, descendant[0]) : font;
    const desc = dictOf(pdf, described?.entries.get('FontDescriptor'));
    if (!desc || !['FontFile', 'FontFile2', 'FontFile3'].some((k) => desc.entries.has(k)))
      fail('fonts-embedded', `page ${n}: font ${name} is not embedded`);
    if (!font?.entries.has('ToUnicode'))
      fail('to-unicode', `page ${n}: font ${name} has no ToUnicode map`);
  }
}

function checkContent(
  pdf: PdfFile,
  page: PdfDict,
  n: number,
  owners: PdfValue[] | undefined,
  fail: Fail,
): void {
  const contents = page.entries.get('Contents');
  const parts = (Array.isArray(contents) ? contents : [contents]).filter(isRef).map((r) => {
    lookup(pdf, r.num);
    return Buffer.from(pdf.objects.get(r.num)?.stream ?? new Uint8Array()).toString('latin1');
  });
  const ops = tokenize(parts.join('\n'));
  const stack: Array<'mcid' | 'artifact' | 'other'> = [];
  let untagged = 0;
  let nested = 0;
  for (let k = 0; k < ops.count; k++) {
    const c = ops.code[k] ?? OP.OTHER;
    if (c === OP.BDC || c === OP.BMC) {
      const text = ops.s.slice(ops.start[k], ops.end[k]);
      const kind = /^\s*\/Artifact\b/.test(text)
        ? 'artifact'
        : /\/MCID\s+\d+/.test(text)
          ? 'mcid'
          : 'other';
      if (
        (kind === 'artifact' && stack.includes('mcid')) ||
        (kind === 'mcid' && stack.includes('artifact'))
      )
        nested++;
      if (kind === 'mcid') {
        const mcid = Number(/\/MCID\s+(\d+)/.exec(text)?.[1]);
        if (!owners || !dictOf(pdf, owners[mcid]))
          fail(
            'parent-tree',
            `page ${n}: MCID ${mcid} has no structure element in the parent tree`,
          );
      }
      stack.push(kind);
    } else if (c === OP.EMC) stack.pop();
    else if (isPainting(c) && !stack.includes('mcid') && !stack.includes('artifact')) untagged++;
  }
  if (untagged > 0)
    fail(
      'tagged-content',
      `page ${n}: ${untagged} painting operations are neither tagged nor artifacts`,
    );
  if (nested > 0)
    fail('tagged-content', `page ${n}: ${nested} artifacts inside tagged content or the reverse`);
}
