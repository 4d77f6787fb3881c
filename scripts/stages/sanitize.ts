// sanitize: inline Markdown of one segment → safe HTML. marked does not sanitize,
// so its output goes through sanitize-html with a small allowlist; whatever was
// removed is reported, naming the segment.
import { Lexer, Parser, type Links } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { NOTE_REF, noteLabel, noteRefHtml, type NoteContext } from './notes.ts';

const ALLOWED_TAGS = [
  'em',
  'strong',
  'sup',
  'sub',
  'br',
  'a',
  'code',
  'abbr',
  'span',
  'del',
  'ins',
  'small',
  'b',
  'i',
  'u',
  'q',
  'cite',
  'dfn',
  'mark',
  's',
];

const SAFE_HREF = /^(https?:|mailto:|#)/i;

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: {
    a: ['href', 'title', 'hreflang'],
    abbr: ['title'],
    span: ['lang'],
    q: ['lang'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  // Drop the content of these entirely, not just the tags.
  nonTextTags: [
    'script',
    'style',
    'textarea',
    'option',
    'noscript',
    'iframe',
    'object',
    'embed',
    'template',
    'title',
  ],
  disallowedTagsMode: 'discard',
  // sanitize-html keeps relative URLs whatever the scheme list says; an edition links
  // only to the web, mail, or its own anchors.
  transformTags: {
    a: (tagName: string, attribs: Record<string, string>) => {
      const { href, ...rest } = attribs;
      return {
        tagName,
        attribs: href !== undefined && SAFE_HREF.test(href.trim()) ? { ...rest, href } : rest,
      };
    },
  },
};

export interface Sanitized {
  html: string;
  /** Tags or attributes removed, e.g. ["<script>", "onclick"]; empty when nothing was. */
  removed: string[];
}

/** Sanitizes an HTML fragment to the inline allowlist and names what it removed. */
export function sanitizeFragment(html: string): Sanitized {
  const removed = new Set<string>();
  const clean = sanitizeHtml(html, {
    ...OPTIONS,
    onOpenTag: (name: string, attribs: Record<string, string>) => {
      if (!ALLOWED_TAGS.includes(name)) removed.add(`<${name}>`);
      const allowed = (OPTIONS.allowedAttributes as Record<string, string[]>)[name] ?? [];
      for (const [attr, value] of Object.entries(attribs)) {
        if (!allowed.includes(attr)) removed.add(`${attr} attribute on <${name}>`);
        else if (attr === 'href' && !SAFE_HREF.test(value.trim()))
          removed.add(
            /^[a-z][a-z0-9+.-]*:/i.test(value.trim())
              ? `${value.trim().split(':')[0]}: link`
              : `relative link "${value.trim()}"`,
          );
      }
    },
  } as sanitizeHtml.IOptions);
  return { html: clean, removed: [...removed].sort() };
}

/**
 * Renders one segment's inline Markdown to sanitized HTML; `links` are the document's
 * reference definitions, so `[text][label]` resolves in every segment. With `notes`,
 * a footnote reference "[^label]" becomes its number (linked to the note when the
 * context names the segment); without, or for a label the document has no note for,
 * it stays as written.
 * @example renderInline('*Knowing* 20<sup>th</sup>').html // '<em>Knowing</em> 20<sup>th</sup>'
 */
export function renderInline(markdown: string, links: Links = {}, notes?: NoteContext): Sanitized {
  const options = { gfm: true, breaks: false, async: false } as const;
  const lexer = new Lexer(options);
  Object.assign(lexer.tokens.links, links);
  const source = notes ? markNoteRefs(markdown, notes) : markdown;
  const html = Parser.parseInline(lexer.inlineTokens(source), options);
  const clean = sanitizeFragment(html);
  if (!notes) return clean;
  const seen = new Set<string>();
  return {
    ...clean,
    html: clean.html.replace(NOTE_MARK, (all, n: string) => {
      const note = notes.notes[Number(n) - 1];
      return note ? noteRefHtml(note, notes.segment, seen) : all;
    }),
  };
}

// A note's reference as private-use characters around its number, which Markdown and
// the sanitizer leave alone; code spans keep "[^label]" as written.
const NOTE_MARK = /\uE000(\d+)\uE001/g;
function markNoteRefs(markdown: string, notes: NoteContext): string {
  const numbers = new Map(notes.notes.map((n) => [n.label, n.number]));
  return markdown
    .replace(/[\uE000-\uE003]/g, '')
    .split(/(`+[^`]*`+)/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(NOTE_REF, (all, label: string) => {
            const n = numbers.get(noteLabel(label));
            return n === undefined ? all : `\uE000${n}\uE001`;
          }),
    )
    .join('');
}
