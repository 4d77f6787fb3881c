// render-blocks: the blocks of an edition → HTML, nested as the source nests them (a
// list inside a list item, a quote or code block inside an item). Each segment's
// attributes and inline HTML come from the caller, which knows the edition.
import { escapeHtml } from './escape.ts';
import type { ListStyle } from './markers.ts';
import type { Block, ListItem } from './segment.ts';

/** The attributes (id, status) and the inline HTML of one segment; `body` allows hyphenation. */
export type SegmentHtml = (key: string, body: boolean) => { attrs: string; html: string };

// HTML's own `type` gives the numbering without CSS; the class lets the stylesheet add parentheses.
const TYPE: Record<ListStyle, string> = {
  decimal: '1',
  'lower-alpha': 'a',
  'upper-alpha': 'A',
  'lower-roman': 'i',
  'upper-roman': 'I',
};

/**
 * Renders blocks to HTML.
 * @example renderBlocks([{ type: 'paragraph', key: 'intro' }], seg) // '<p id="seg-intro" …>…</p>'
 */
export function renderBlocks(blocks: Block[], seg: SegmentHtml): string {
  return blocks.map((b) => renderBlock(b, seg)).join('\n');
}

function renderBlock(b: Block, seg: SegmentHtml): string {
  switch (b.type) {
    case 'heading': {
      const s = seg(b.key, false);
      return `<h${b.depth}${s.attrs}>${s.html}</h${b.depth}>`;
    }
    case 'paragraph': {
      const s = seg(b.key, true);
      return `<p${s.attrs}>${s.html}</p>`;
    }
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      let attrs = b.ordered && b.start !== 1 ? ` start="${b.start}"` : '';
      if (b.ordered && b.style) attrs += ` type="${TYPE[b.style]}"`;
      const classes = [
        b.ordered && b.style ? b.style : '',
        b.ordered && b.parens ? 'parens' : '',
      ].filter(Boolean);
      if (classes.length > 0) attrs += ` class="${classes.join(' ')}"`;
      return `<${tag}${attrs}>${b.items.map((item) => renderItem(item, seg)).join('')}</${tag}>`;
    }
    case 'table': {
      const align = (i: number) => (b.align[i] ? ` style="text-align:${b.align[i]}"` : '');
      const cell = (tag: 'th' | 'td', key: string, i: number, extra = ''): string => {
        if (key === '') return `<${tag}${extra}${align(i)}></${tag}>`;
        const s = seg(key, tag === 'td');
        return `<${tag}${extra}${s.attrs}${align(i)}>${s.html}</${tag}>`;
      };
      const caption = b.caption !== undefined ? captionHtml(seg(b.caption, false)) : '';
      const head = b.header.map((k, i) => cell('th', k, i, ' scope="col"')).join('');
      const rows = b.rows
        .map((r) => `<tr>${r.map((k, i) => cell('td', k, i)).join('')}</tr>`)
        .join('\n');
      return `<table>${caption}<thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
    }
    case 'blockquote':
      return `<blockquote>${renderBlocks(b.blocks, seg)}</blockquote>`;
    case 'code':
      return `<pre lang="zxx"><code>${escapeHtml(b.text)}</code></pre>`;
    case 'rule':
      return '<hr>';
  }
}

function captionHtml(s: { attrs: string; html: string }): string {
  return `<caption${s.attrs}>${s.html}</caption>`;
}

// An item with blocks under it keeps its own text in a <p>, so the segment's status
// (and a fallback's mark) covers its text, not the points below it.
function renderItem(item: ListItem, seg: SegmentHtml): string {
  const inner = renderBlocks(item.blocks, seg);
  if (item.key === undefined) return `<li>${inner}</li>`;
  const s = seg(item.key, true);
  if (item.blocks.length === 0) return `<li${s.attrs}>${s.html}</li>`;
  return `<li><p${s.attrs}>${s.html}</p>\n${inner}</li>`;
}
