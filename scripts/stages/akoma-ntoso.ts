// akoma-ntoso: an edition → its Akoma Ntoso 3.0 (OASIS LegalDocML) XML, the legal-XML
// manifestation of one language's text. meta/identification carries the FRBR work,
// expression and manifestation from stages/identifiers.ts, whether the text is authentic
// or a translation, and its language; the text is split into preface, preamble, mainBody
// and conclusions as the front matter's `parts:` says (see partsOf). Every provision's
// eId is its segment key (eIdOf), the same in every language. Pure and deterministic.
import type { Diagnostic } from '../errors.ts';
import {
  DEFAULT_ELI_TEMPLATE,
  eIdOf,
  identifiersOf,
  type DocumentIdentifiers,
} from './identifiers.ts';
import type { ListFormat, ListStyle } from './markers.ts';
import { expansionsOf, metaText, type Edition } from './merge.ts';
import { PART_NAMES, type SourceDocument } from './parse.ts';
import { renderInline } from './sanitize.ts';
import { wrapAbbreviations } from './abbreviations.ts';
import type { Block, ListItem } from './segment.ts';

export const AKN_NAMESPACE = 'http://docs.oasis-open.org/legaldocml/ns/akn/3.0';

/** The file of a document's XML edition in dist/<lang>/. */
export const aknFile = (docId: string): string => `${docId}.akn.xml`;

/** The document types written as an Akoma Ntoso `statement`; any other is a `doc`. */
const STATEMENTS = ['declaration', 'statement', 'resolution', 'recommendation', 'opinion'];

/**
 * ISO 639-2/T codes of the project's languages (the terminology codes Akoma Ntoso's
 * naming convention uses: "sqi", not the bibliographic "alb"). ISO 639-2 has no script:
 * sr-Cyrl and sr-Latn are both "srp", told apart by their expression's identifier and
 * the xml:lang (BCP 47) of their text.
 */
const ISO_639_2: Record<string, string> = {
  en: 'eng',
  sq: 'sqi',
  bs: 'bos',
  hr: 'hrv',
  sr: 'srp',
  cnr: 'cnr',
  bg: 'bul',
  el: 'ell',
  hu: 'hun',
  ro: 'ron',
  mk: 'mkd',
  tr: 'tur',
  de: 'deu',
  fr: 'fra',
  it: 'ita',
  sl: 'slv',
  uk: 'ukr',
  ru: 'rus',
};

/**
 * The ISO 639-2 code of a BCP 47 tag's language; "und" (undetermined) for one not known.
 * @example iso6392('sr-Latn') // 'srp'
 */
export function iso6392(code: string): string {
  const primary = code.split('-')[0] ?? '';
  return ISO_639_2[primary] ?? (/^[a-z]{3}$/.test(primary) ? primary : 'und');
}

/** The blocks of each part of a text. */
export interface Parts {
  preface: Block[];
  preamble: Block[];
  formula: Block[];
  body: Block[];
  conclusions: Block[];
}

/** The keys a top-level block answers to in `parts:`: its own, or its first item's. */
function blockKey(b: Block): string | undefined {
  if (b.type === 'heading' || b.type === 'paragraph') return b.key;
  if (b.type === 'list') return b.items[0]?.key;
  return undefined;
}

/**
 * Splits the top-level blocks into the parts the front matter names (`parts:` maps each
 * part to the key of its first block; the blocks before the first are the preface). With
 * no `parts:`, a leading heading is the preface and the rest the operative part.
 */
export function partsOf(doc: Pick<SourceDocument, 'meta'>, blocks: readonly Block[]): Parts {
  const parts: Parts = { preface: [], preamble: [], formula: [], body: [], conclusions: [] };
  const named = doc.meta.parts;
  if (!named) {
    const lead = blocks[0]?.type === 'heading' ? 1 : 0;
    return { ...parts, preface: blocks.slice(0, lead), body: blocks.slice(lead) };
  }
  const starts = PART_NAMES.map((name) => ({
    name,
    at: blocks.findIndex((b) => named[name] !== undefined && blockKey(b) === named[name]),
  })).filter((s) => s.at >= 0);
  let current: keyof Parts = 'preface';
  blocks.forEach((b, i) => {
    current = starts.find((s) => s.at === i)?.name ?? current;
    parts[current].push(b);
  });
  return parts;
}

/** What is wrong with a document's `parts:`: a key that opens no top-level block, or parts out of order. */
export function partsFindings(doc: SourceDocument, blocks: readonly Block[]): Diagnostic[] {
  const named = doc.meta.parts;
  if (!named) return [];
  const at = { file: doc.path, line: doc.metaLines['parts'] ?? 1 };
  const finding = (message: string, hint: string): Diagnostic => ({
    severity: 'error',
    rule: 'parts',
    message,
    hint,
    location: at,
    document: doc.id,
  });
  const out: Diagnostic[] = [];
  let last = -1;
  for (const name of PART_NAMES) {
    const key = named[name];
    if (key === undefined) continue;
    const i = blocks.findIndex((b) => blockKey(b) === key);
    if (i < 0)
      out.push(
        finding(
          `parts: ${name} names "${key}", which opens no top-level block`,
          "Name the key of a heading, a paragraph or a list's first item at the top level.",
        ),
      );
    else if (i <= last)
      out.push(
        finding(
          `parts: ${name} ("${key}") does not come after the part before it`,
          `The parts follow each other in the text in this order: ${PART_NAMES.join(', ')}.`,
        ),
      );
    else last = i;
  }
  if (named.body === undefined && (named.preamble ?? named.formula) !== undefined)
    out.push(finding('parts: a preamble without a body', 'Add "body: <key>" to "parts:".'));
  return out;
}

/** What an edition's XML is rendered with. */
export interface AknOptions {
  /** The site's base URL: the identifiers are absolute with it, relative without. */
  baseUrl?: string;
  /** The project's identifier template (identifiers.ts). */
  template?: string;
}

/** What the renderers below share: the edition and how one segment renders. */
interface Cx {
  edition: Edition;
  ids: DocumentIdentifiers;
  /** One segment's inline XML. */
  inline(key: string): string;
  /** The English of a segment: the structure follows it, so it is the same in every language. */
  english(key: string): string;
}

/**
 * Renders an edition as an Akoma Ntoso 3.0 document.
 * @example renderAkomaNtoso(edition) // '<?xml version="1.0" encoding="UTF-8"?>\n<akomaNtoso …'
 */
export function renderAkomaNtoso(edition: Edition, options: AknOptions = {}): string {
  const { doc, lang } = edition;
  const ids = identifiersOf(doc, options.template ?? DEFAULT_ELI_TEMPLATE, options.baseUrl);
  const cx: Cx = {
    edition,
    ids,
    inline: (key) => inlineXml(edition, key),
    english: (key) => edition.segments.get(key)?.english ?? '',
  };
  const parts = partsOf(doc, edition.blocks);
  const type = STATEMENTS.includes(doc.meta.type) ? 'statement' : 'doc';
  const xmlLang = ` xml:lang="${attr(lang.code)}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<akomaNtoso xmlns="${AKN_NAMESPACE}">`,
    `<${type} name="${attr(doc.meta.type)}">`,
    metaXml(cx),
    prefaceXml(parts.preface, cx, xmlLang),
    preambleXml(parts, cx, xmlLang),
    `<mainBody${xmlLang}>`,
    bodyXml(parts.body, cx) || '<paragraph><content><p/></content></paragraph>',
    '</mainBody>',
    parts.conclusions.length > 0
      ? `<conclusions${xmlLang}>\n${blocksXml(parts.conclusions, cx, true)}\n</conclusions>`
      : '',
    `</${type}>`,
    '</akomaNtoso>',
    '',
  ]
    .filter((l) => l !== '')
    .join('\n');
}

/** The language the other editions are translations of: the prevailing authentic one, else the first. */
function authenticOf(doc: SourceDocument): string {
  return doc.meta.prevails ?? doc.meta.authentic[0] ?? 'en';
}

// meta: identification (FRBR work, expression, manifestation) and the references it uses.
function metaXml(cx: Cx): string {
  const { doc, lang } = cx.edition;
  const { ids } = cx;
  const date = doc.meta.date;
  const core = (uri: string, dateName: string): string =>
    `<FRBRthis value="${attr(uri)}"/>\n<FRBRuri value="${attr(uri)}"/>\n` +
    `<FRBRdate date="${date}" name="${dateName}"/>\n<FRBRauthor href="#${ISSUER}"/>`;
  const authentic = doc.meta.authentic.includes(lang.code);
  const source = authenticOf(doc);
  const translation = authentic
    ? ''
    : `\n<FRBRtranslation href="${attr(ids.expression(source))}" ` +
      `fromLanguage="${iso6392(source)}" authoritative="false" by="#${ISSUER}"/>`;
  const place = metaText(cx.edition, 'place');
  return `<meta>
<identification source="#${ISSUER}">
<FRBRWork>
${core(ids.work, 'adoption')}
<FRBRcountry value="selec"/>
<FRBRname value="${attr(doc.meta.type)}"/>
</FRBRWork>
<FRBRExpression>
${core(ids.expression(lang.code), 'adoption')}
<FRBRauthoritative value="${authentic}"/>
<FRBRlanguage language="${iso6392(lang.code)}"/>${translation}
</FRBRExpression>
<FRBRManifestation>
${core(ids.manifestation(lang.code, 'xml'), 'adoption')}
<FRBRformat value="application/akn+xml"/>
</FRBRManifestation>
</identification>
<references source="#${ISSUER}">
<TLCOrganization eId="${ISSUER}" href="/ontology/organization/selec" showAs="${attr(plain(metaText(cx.edition, 'issuer')))}"/>
<TLCLocation eId="${PLACE}" href="/ontology/location/${attr(slug(doc.meta.place))}" showAs="${attr(plain(place))}"/>
</references>
</meta>`;
}

// The eIds of the references: with a dot, which no provision's eId has (eIdOf turns dots into "__").
const ISSUER = 'tlc.issuer';
const PLACE = 'tlc.place';

// preface: the title heading as docTitle, and the subject (front matter) as the long title.
function prefaceXml(blocks: Block[], cx: Cx, xmlLang: string): string {
  const subject = cx.edition.segments.get('meta.subject');
  const title = blocks.map((b) =>
    b.type === 'heading' && b.depth === 1
      ? `<p eId="${eIdOf(b.key)}" class="title"><docTitle>${cx.inline(b.key)}</docTitle></p>`
      : blocksXml([b], cx, true),
  );
  const long = subject
    ? [`<longTitle eId="${eIdOf(subject.key)}"><p>${cx.inline(subject.key)}</p></longTitle>`]
    : [];
  const inner = [...title, ...long];
  return inner.length > 0 ? `<preface${xmlLang}>\n${inner.join('\n')}\n</preface>` : '';
}

// preamble: each block a recital; the formula ("DECLARE:") as the enacting formula.
function preambleXml(parts: Parts, cx: Cx, xmlLang: string): string {
  const recitals = parts.preamble.map((b) =>
    b.type === 'paragraph'
      ? `<recital eId="${eIdOf(b.key)}"><p>${cx.inline(b.key)}</p></recital>`
      : `<recital>\n${blocksXml([b], cx, true)}\n</recital>`,
  );
  const inner = [
    recitals.length > 0 ? `<recitals>\n${recitals.join('\n')}\n</recitals>` : '',
    parts.formula.length > 0
      ? `<formula name="enactingFormula">\n${blocksXml(parts.formula, cx, true)}\n</formula>`
      : '',
  ].filter(Boolean);
  return inner.length > 0 ? `<preamble${xmlLang}>\n${inner.join('\n')}\n</preamble>` : '';
}

// A heading that numbers its provision ("Article 1", "Art. 2", "Section IV", "3."), in English.
const NUMBERED = /^(\p{L}+\.?\s+)?(\d+|[IVXLCDM]+)[a-z]?\.?$/u;

/**
 * The operative part: each heading opens a provision that runs to the next heading, an
 * `article` when its English numbers it (its text the `num`, and a paragraph right after
 * it, followed by more, its `heading`), else an `hcontainer` named "section" with the
 * heading; what lies outside any heading is a run of provisions of its own.
 */
function bodyXml(blocks: Block[], cx: Cx): string {
  const out: string[] = [];
  let i = 0;
  const run = (from: number): number => {
    let to = from;
    while (to < blocks.length && blocks[to]?.type !== 'heading') to++;
    return to;
  };
  while (i < blocks.length) {
    const b = blocks[i] as Block;
    if (b.type !== 'heading') {
      const to = run(i);
      out.push(hierXml(blocks.slice(i, to), 0, cx));
      i = to;
      continue;
    }
    const to = run(i + 1);
    out.push(containerXml(b.key, blocks.slice(i + 1, to), cx));
    i = to;
  }
  return out.filter(Boolean).join('\n');
}

function containerXml(key: string, inner: Block[], cx: Cx): string {
  const eId = eIdOf(key);
  if (!NUMBERED.test(cx.english(key).trim()))
    return wrap(`<hcontainer name="section" eId="${eId}">`, [
      `<heading>${cx.inline(key)}</heading>`,
      hierXml(inner, 0, cx),
      '</hcontainer>',
    ]);
  const [first, ...rest] = inner;
  const subject = first?.type === 'paragraph' && rest.length > 0 ? first : undefined;
  return wrap(`<article eId="${eId}">`, [
    `<num>${cx.inline(key)}</num>`,
    subject ? `<heading eId="${eIdOf(subject.key)}">${cx.inline(subject.key)}</heading>` : '',
    hierXml(subject ? rest : inner, 0, cx),
    '</article>',
  ]);
}

/**
 * Blocks as hierarchical provisions: a paragraph is a `paragraph`; the items of a list are
 * `paragraph`s at the first level and `point`s below, numbered as the list numbers them;
 * a paragraph right before a list is the intro of its items. `level` is the list depth.
 */
function hierXml(blocks: Block[], level: number, cx: Cx): string {
  const out: string[] = [];
  blocks.forEach((b, i) => {
    const next = blocks[i + 1];
    const prev = blocks[i - 1];
    if (b.type === 'list' && prev?.type === 'paragraph') return; // the intro's items, below
    if (b.type === 'paragraph' && next?.type === 'list')
      out.push(
        wrap(`<paragraph eId="${eIdOf(b.key)}">`, [
          `<intro><p>${cx.inline(b.key)}</p></intro>`,
          itemsXml(next, level + 1, cx),
          '</paragraph>',
        ]),
      );
    else if (b.type === 'paragraph')
      out.push(
        `<paragraph eId="${eIdOf(b.key)}"><content><p>${cx.inline(b.key)}</p></content></paragraph>`,
      );
    else if (b.type === 'list') out.push(itemsXml(b, level, cx));
    else if (b.type !== 'rule')
      out.push(`<paragraph><content>\n${blocksXml([b], cx, true)}\n</content></paragraph>`);
  });
  return out.join('\n');
}

function itemsXml(list: Extract<Block, { type: 'list' }>, level: number, cx: Cx): string {
  const name = level === 0 ? 'paragraph' : 'point';
  return list.items
    .map((item, i) =>
      itemXml(item, name, list.ordered ? numLabel(list.start + i, list) : '', level, cx),
    )
    .join('\n');
}

// One list item as a provision: its text the content, or the intro of the points below it.
function itemXml(item: ListItem, name: string, num: string, level: number, cx: Cx): string {
  const eId = item.key !== undefined ? ` eId="${eIdOf(item.key)}"` : '';
  const own = item.key !== undefined ? `<p>${cx.inline(item.key)}</p>` : '';
  const head = num ? `<num>${num}</num>` : '';
  const onlyLists = item.blocks.length > 0 && item.blocks.every((b) => b.type === 'list');
  if (onlyLists)
    return wrap(`<${name}${eId}>${head}`, [
      own ? `<intro>${own}</intro>` : '',
      ...item.blocks.map((b) => itemsXml(b as Extract<Block, { type: 'list' }>, level + 1, cx)),
      `</${name}>`,
    ]);
  const rest = item.blocks.length > 0 ? `\n${blocksXml(item.blocks, cx, true)}\n` : '';
  return `<${name}${eId}>${head}<content>${own || (rest ? '' : '<p/>')}${rest}</content></${name}>`;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const ROMAN: Array<[number, string]> = [
  [1000, 'm'],
  [900, 'cm'],
  [500, 'd'],
  [400, 'cd'],
  [100, 'c'],
  [90, 'xc'],
  [50, 'l'],
  [40, 'xl'],
  [10, 'x'],
  [9, 'ix'],
  [5, 'v'],
  [4, 'iv'],
  [1, 'i'],
];

/**
 * The number of an item as the list shows it: "1.", "(a)", "(ii)".
 * @example numLabel(2, { style: 'lower-alpha', parens: true }) // '(b)'
 */
export function numLabel(n: number, format: ListFormat): string {
  const style: ListStyle = format.style ?? 'decimal';
  let s = String(n);
  if (style.endsWith('alpha')) s = LETTERS[(n - 1) % 26] ?? s;
  if (style.endsWith('roman')) {
    s = '';
    let rest = n;
    for (const [v, r] of ROMAN) for (; rest >= v; rest -= v) s += r;
  }
  if (style.startsWith('upper')) s = s.toUpperCase();
  return format.parens ? `(${s})` : `${s}.`;
}

/**
 * Blocks as Akoma Ntoso block elements (in content, recitals, the formula, conclusions):
 * paragraphs and headings `p`, lists `ol`/`ul` of `li` (nested as written), quotes a
 * `blockContainer`, tables `table`, code a `p` of class "code". `ids` gives eIds.
 */
function blocksXml(blocks: Block[], cx: Cx, ids: boolean): string {
  return blocks
    .map((b) => blockXml(b, cx, ids))
    .filter(Boolean)
    .join('\n');
}

function blockXml(b: Block, cx: Cx, ids: boolean): string {
  const id = (key: string) => (ids ? ` eId="${eIdOf(key)}"` : '');
  switch (b.type) {
    case 'heading':
    case 'paragraph': {
      const p = `<p${id(b.key)}>${cx.inline(b.key)}</p>`;
      return b.type === 'paragraph' ? markPlace(p, cx) : p;
    }
    case 'list':
      return listXml(b, cx);
    case 'blockquote':
      return `<blockContainer class="blockquote">\n${blocksXml(b.blocks, cx, ids)}\n</blockContainer>`;
    case 'table':
      return tableXml(b, cx);
    case 'code':
      return `<p class="code">${text(b.text)}</p>`;
    case 'rule':
      return '';
  }
}

function listXml(b: Extract<Block, { type: 'list' }>, cx: Cx): string {
  const tag = b.ordered ? 'ol' : 'ul';
  const items = b.items.map((item, i) => {
    const value = b.ordered ? ` value="${numLabel(b.start + i, b)}"` : '';
    const eId = item.key !== undefined ? ` eId="${eIdOf(item.key)}"` : '';
    const own = item.key !== undefined ? cx.inline(item.key) : '';
    return `<li${eId}${value}>${own}${liBlocks(item.blocks, cx)}</li>`;
  });
  return `<${tag}>\n${items.join('\n')}\n</${tag}>`;
}

// What an `li` may hold besides text: p, ol and ul; quotes and tables give their text as p.
function liBlocks(blocks: Block[], cx: Cx): string {
  return blocks
    .map((b): string => {
      if (b.type === 'list') return listXml(b, cx);
      if (b.type === 'blockquote') return liBlocks(b.blocks, cx);
      if (b.type === 'heading' || b.type === 'paragraph')
        return `<p eId="${eIdOf(b.key)}">${cx.inline(b.key)}</p>`;
      if (b.type === 'table')
        return [b.caption ?? '', ...b.header, ...b.rows.flat()]
          .filter(Boolean)
          .map((k) => `<p eId="${eIdOf(k)}">${cx.inline(k)}</p>`)
          .join('');
      return b.type === 'code' ? `<p class="code">${text(b.text)}</p>` : '';
    })
    .join('');
}

function tableXml(b: Extract<Block, { type: 'table' }>, cx: Cx): string {
  const cell = (tag: 'th' | 'td', key: string): string =>
    key === '' ? `<${tag}/>` : `<${tag}><p eId="${eIdOf(key)}">${cx.inline(key)}</p></${tag}>`;
  const row = (tag: 'th' | 'td', keys: string[]) =>
    `<tr>${keys.map((k) => cell(tag, k)).join('')}</tr>`;
  const caption =
    b.caption !== undefined
      ? `<caption eId="${eIdOf(b.caption)}">${cx.inline(b.caption)}</caption>`
      : '';
  return `<table>${caption}\n${[row('th', b.header), ...b.rows.map((r) => row('td', r))].join('\n')}\n</table>`;
}

// The place of adoption marked as a location where the edition writes it as its front matter does.
function markPlace(p: string, cx: Cx): string {
  const place = text(plain(metaText(cx.edition, 'place')));
  if (place === '') return p;
  const word = new RegExp(
    `(?<![\\p{L}\\p{N}])${place.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`,
    'u',
  );
  let done = false;
  return p.replace(/>([^<]+)</g, (m, t: string) => {
    if (done || !word.test(t)) return m;
    done = true;
    return `>${t.replace(word, `<location refersTo="#${PLACE}">$&</location>`)}<`;
  });
}

/** HTML inline tags → Akoma Ntoso inline elements; what is not here becomes `inline name`. */
const INLINE: Record<string, string> = {
  em: 'i',
  i: 'i',
  strong: 'b',
  b: 'b',
  u: 'u',
  sup: 'sup',
  sub: 'sub',
  del: 'del',
  s: 'del',
  ins: 'ins',
  abbr: 'abbr',
  span: 'span',
};

/**
 * One segment's Markdown, rendered and sanitized as for the HTML edition, as Akoma Ntoso
 * inline XML: emphasis `i`, strong `b`, links `a` (to the web) or `ref` (to a provision:
 * `#seg-<key>` becomes `#<eId>`), `br` as is, others (`code`, `q`, …) `inline name`.
 */
function inlineXml(edition: Edition, key: string): string {
  const markdown = edition.segments.get(key)?.text ?? '';
  const html = wrapAbbreviations(
    renderInline(markdown, edition.links, { notes: edition.notes }).html,
    expansionsOf(edition),
  ).replace(/<sup class="note-ref">(\d+)<\/sup>/g, '\uE002$1\uE003');
  const stack: string[] = [];
  const out = html.replace(
    /<(\/?)([a-z]+)((?:\s+[a-z-]+="[^"]*")*)\s*\/?>/g,
    (_m, close: string, tag: string, attrs: string) => {
      if (tag === 'br') return '<br/>';
      if (close) return `</${stack.pop() ?? 'span'}>`;
      const [name, attributes] = inlineElement(tag, attributesOf(attrs));
      stack.push(name);
      return `<${name}${attributes}>`;
    },
  );
  const placed = new Set<number>();
  return xmlEntities(out).replace(/\uE002(\d+)\uE003/g, (_m, n: string) =>
    noteXml(edition, key, Number(n), placed),
  );
}

// A footnote where it is referenced: the note itself at its first reference, a noteRef
// to it at any other.
function noteXml(edition: Edition, key: string, number: number, placed: Set<number>): string {
  const note = edition.notes[number - 1];
  if (!note) return '';
  const eId = `authorialNote_${number}`;
  const first = note.ref === key && !placed.has(number);
  placed.add(number);
  if (!first) return `<noteRef marker="${number}" href="#${eId}"/>`;
  return `<authorialNote marker="${number}" placement="bottom" eId="${eId}"><p>${inlineXml(edition, note.key)}</p></authorialNote>`;
}

function inlineElement(tag: string, a: Record<string, string>): [string, string] {
  if (tag === 'a') {
    const href = a['href'];
    const title = a['title'] !== undefined ? ` title="${a['title']}"` : '';
    if (href === undefined) return ['span', title];
    const local = /^#seg-(.+)$/.exec(href);
    return local ? ['ref', ` href="#${eIdOf(local[1] ?? '')}"`] : ['a', ` href="${href}"${title}`];
  }
  if (tag === 'abbr' && a['title'] !== undefined) return ['abbr', ` title="${a['title']}"`];
  if ((tag === 'span' || tag === 'q') && a['lang'] !== undefined) {
    const lang = ` xml:lang="${a['lang']}"`;
    return tag === 'span' ? ['span', lang] : ['inline', ` name="q"${lang}`];
  }
  const name = INLINE[tag];
  return name ? [name, ''] : ['inline', ` name="${tag}"`];
}

// Attribute values as sanitize-html wrote them: double-quoted and escaped.
function attributesOf(attrs: string): Record<string, string> {
  return Object.fromEntries([...attrs.matchAll(/([a-z-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

// HTML's named entities that XML does not know, as numbers (sanitize-html writes few, if any).
function xmlEntities(s: string): string {
  return s.replace(/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/g, '&amp;');
}

/** Text for XML content. */
function text(s: string): string {
  return s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] ?? c);
}

/** Text for a double-quoted XML attribute. */
function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;');
}

// A front-matter value without its Markdown (the issuer, the place), for showAs.
function plain(markdown: string): string {
  return markdown.replace(/<[^>]*>|[*_`]/g, '').trim();
}

function slug(s: string): string {
  return (
    s
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'place'
  );
}

function wrap(open: string, lines: string[]): string {
  return [open, ...lines].filter(Boolean).join('\n');
}
