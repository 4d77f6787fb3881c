// The CommonMark measure: every example of the npm `commonmark-spec` package that uses
// neither raw HTML nor images, each as its own document, through the real parse →
// segment → merge → render path for English, compared with the spec's expected HTML by
// text and by the elements that carry structure (lists, nesting, quotes, code, links).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseDocument as parseHtml } from 'htmlparser2';
import { REGISTRY, language } from '../project-registry.ts';
import { createTranslator, mergeEdition } from '../../scripts/stages/merge.ts';
import { parseDocument } from '../../scripts/stages/parse.ts';
import { renderEdition } from '../../scripts/stages/render.ts';
import { segmentDocument } from '../../scripts/stages/segment.ts';
import { FRONT, ROOT } from '../helpers.ts';

export interface SpecExample {
  markdown: string;
  html: string;
  section: string;
  number: number;
}

export interface Outcome {
  example: SpecExample;
  /** Why it is not kept; undefined when kept. */
  failure?: string;
}

const spec = createRequire(import.meta.url)('commonmark-spec') as { tests: SpecExample[] };

// Raw HTML per CommonMark: an open or closing tag, a comment, a processing instruction,
// a declaration or CDATA. An autolink (<https://…>, <a@b.c>) has no blank or ">" after
// its name, so it does not match.
const RAW_HTML = /<\/?[A-Za-z][A-Za-z0-9-]*(?:[\s/>]|$)|<!|<\?/m;

/** The examples the measure covers: no raw HTML, no images (the spec's tabs restored). */
export function specExamples(): SpecExample[] {
  return spec.tests
    .map((t) => ({
      ...t,
      markdown: t.markdown.replace(/→/g, '\t'),
      html: t.html.replace(/→/g, '\t'),
    }))
    .filter((t) => !['HTML blocks', 'Raw HTML', 'Images'].includes(t.section))
    .filter(
      (t) => !RAW_HTML.test(t.markdown) && !t.markdown.includes('![') && !t.html.includes('<img'),
    );
}

const enUi = JSON.parse(await readFile(join(ROOT, 'translations/en/ui.json'), 'utf8')) as Record<
  string,
  string
>;
const translator = createTranslator({ en: { ui: enUi } }, REGISTRY);

/** The inner HTML of the English edition's <article> for one Markdown body. */
export function renderArticle(markdown: string): string {
  const doc = parseDocument('source/demo.md', FRONT + markdown);
  const segmented = segmentDocument(doc);
  const edition = mergeEdition(doc, segmented, language('en'), translator, {}, []);
  const html = renderEdition(edition).html;
  const m = /<article>\n?([\s\S]*?)\n?<\/article>/.exec(html);
  return m?.[1] ?? '';
}

interface Node {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: Node[];
}

const BLOCK = new Set([
  'p',
  'li',
  'ul',
  'ol',
  'blockquote',
  'pre',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'br',
  'div',
]);
const STRUCTURE = new Set([
  'ul',
  'ol',
  'li',
  'blockquote',
  'pre',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'a',
  'code',
  'em',
  'strong',
  'table',
  'tr',
  'th',
  'td',
  'br',
]);
// The editions keep only links to the web, to mail and to their own anchors (sanitize.ts).
const SAFE_HREF = /^(https?:|mailto:|#)/i;

/** The text a reader sees: blanks collapsed outside <pre>, kept inside it. */
export function htmlText(html: string): string {
  const out: string[] = [];
  const walk = (nodes: Node[], pre: boolean): void => {
    for (const n of nodes) {
      if (n.type === 'text')
        out.push(pre ? (n.data ?? '').replace(/ /g, '\u0000') : (n.data ?? ''));
      else if (n.type === 'tag') {
        const block = BLOCK.has(n.name ?? '');
        if (block) out.push(' ');
        walk(n.children ?? [], pre || n.name === 'pre');
        if (block) out.push(' ');
      }
    }
  };
  walk(parseHtml(html, { decodeEntities: true }).children as Node[], false);
  return out
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\u0000/g, ' ');
}

/** The structural skeleton: list, quote, code, heading, table and link elements, nested. */
export function htmlSkeleton(html: string): string {
  const walk = (nodes: Node[]): string =>
    nodes
      .map((n) => {
        if (n.type !== 'tag') return '';
        const inner = walk(n.children ?? []);
        const name = n.name ?? '';
        if (!STRUCTURE.has(name)) return inner;
        let attrs = '';
        if (name === 'ol') attrs = `[start=${n.attribs?.['start'] ?? '1'}]`;
        if (name === 'a')
          attrs = `[${SAFE_HREF.test(n.attribs?.['href'] ?? '') ? decodeURIComponentSafe(n.attribs?.['href'] ?? '') : ''}]`;
        return `${name}${attrs}(${inner})`;
      })
      .join('');
  return walk(parseHtml(html, { decodeEntities: true }).children as Node[]);
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}

/** Runs one example; the failure says what differs. */
export function runExample(example: SpecExample): Outcome {
  let ours: string;
  try {
    ours = renderArticle(example.markdown);
  } catch (err) {
    return { example, failure: `refused: ${(err as Error).message.split('\n')[0] ?? ''}` };
  }
  const [wantText, gotText] = [htmlText(example.html), htmlText(ours)];
  if (wantText !== gotText)
    return {
      example,
      failure: `text: expected ${JSON.stringify(wantText)}, got ${JSON.stringify(gotText)}`,
    };
  const [want, got] = [htmlSkeleton(example.html), htmlSkeleton(ours)];
  if (want !== got) return { example, failure: `structure: expected ${want}, got ${got}` };
  return { example };
}
