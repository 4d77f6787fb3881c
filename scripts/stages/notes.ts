// notes: footnotes in the GFM syntax ("text[^label]" and "[^label]: the note {#key}").
// A definition is taken out of the body before the Markdown is read (its lines become
// blank, so every line number stays right) and becomes a segment of its own, translated
// like any other. Notes are numbered in the order of their first reference in the
// English text, so every edition numbers them alike. Abbreviation definitions
// ("*[SELEC]: …", PHP Markdown Extra) are taken out the same way (abbreviations.ts).
import { UserError } from '../errors.ts';
import { ABBREVIATION, type AbbreviationDefinition } from './abbreviations.ts';
import { KEY_PATTERN, splitKey, type Locate } from './markers.ts';

/** A reference to a note in a segment's Markdown: "[^label]". */
export const NOTE_REF = /\[\^([^\]\s]+)\]/g;
const DEFINITION = /^ {0,3}\[\^([^\]\s]+)\]:[ \t]?(.*)$/;
const FENCE = /^[ \t]{0,3}(`{3,}|~{3,})/;

/** A footnote definition as written in the source. */
export interface NoteDefinition {
  label: string;
  /** The note's Markdown, its key marker included when written. */
  raw: string;
  line: number;
}

/** A footnote of a document: its segment, its number and the segment that first refers to it. */
export interface Note {
  label: string;
  key: string;
  number: number;
  /** The key of the segment with the first reference. */
  ref: string;
}

/**
 * The body without its note and abbreviation definitions (their lines left blank), and
 * the definitions.
 * @example takeNotes('Text[^a]\n\n[^a]: Note.', 5).notes // [{ label: 'a', raw: 'Note.', line: 7 }]
 */
export function takeNotes(
  body: string,
  bodyLine: number,
): { body: string; notes: NoteDefinition[]; abbreviations: AbbreviationDefinition[] } {
  const lines = body.split('\n');
  const notes: NoteDefinition[] = [];
  const abbreviations: AbbreviationDefinition[] = [];
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    const f = FENCE.exec(text)?.[1];
    if (f && (fence === undefined || f.startsWith(fence))) fence = fence ? undefined : f;
    if (fence) continue;
    const m = DEFINITION.exec(text) ?? ABBREVIATION.exec(text);
    if (!m) continue;
    const parts = [m[2] ?? ''];
    lines[i] = '';
    // Continuation lines are indented; a blank line between them keeps the note going.
    let j = i + 1;
    for (; j < lines.length; j++) {
      const next = lines[j] ?? '';
      if (/^( {2,}|\t)\S/.test(next)) parts.push(next.trim());
      else if (next.trim() === '' && /^( {2,}|\t)\S/.test(lines[j + 1] ?? '')) parts.push('');
      else break;
      lines[j] = '';
    }
    const raw = parts.join('\n').trim();
    if (text.startsWith('*')) abbreviations.push({ abbr: m[1] ?? '', raw, line: bodyLine + i });
    else notes.push({ label: m[1] ?? '', raw, line: bodyLine + i });
    i = j - 1;
  }
  return { body: lines.join('\n'), notes, abbreviations };
}

/** A label as references match it: case does not matter, as with link labels. */
export const noteLabel = (label: string): string => label.toLowerCase();

/** The labels a Markdown text refers to, in order, each once. */
export function noteRefs(markdown: string): string[] {
  return [...new Set([...markdown.matchAll(NOTE_REF)].map((m) => m[1] ?? ''))];
}

/** The key of a definition and its text: its own {#key}, else "fn-<label>". */
export function noteKey(
  def: NoteDefinition,
  locate: Locate,
  file: string,
): { key: string; text: string } {
  const split = splitKey(def.raw, def.line, locate);
  if (split.key !== undefined) return { key: split.key, text: split.text.trim() };
  const slug = noteLabel(def.label)
    .normalize('NFKD')
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '');
  const key = `fn-${slug}`;
  if (slug === '' || !KEY_PATTERN.test(key))
    throw new UserError(
      `the footnote label "[^${def.label}]" cannot name its segment`,
      `Give the note a key at the end of its text, e.g. "[^${def.label}]: … {#fn-1}", or use letters, digits and hyphens in the label.`,
      { file, line: def.line },
    );
  if (split.text.trim() === '')
    throw new UserError(
      `the footnote "[^${def.label}]" has no text`,
      `Write the note after "[^${def.label}]: ", or delete the line and the reference.`,
      { file, line: def.line },
    );
  return { key, text: split.text.trim() };
}

/**
 * Numbers the notes by their first reference in `segments` (document order); a
 * reference to no definition is an error at its segment, a definition nobody refers
 * to is returned in `unused`.
 */
export function numberNotes(
  defs: ReadonlyMap<string, { key: string; line: number }>,
  segments: ReadonlyArray<{ key: string; text: string; line: number }>,
  file: string,
): { notes: Note[]; unused: string[] } {
  const notes: Note[] = [];
  const seen = new Set<string>();
  for (const seg of segments) {
    for (const written of noteRefs(seg.text)) {
      const label = noteLabel(written);
      const def = defs.get(label);
      if (!def)
        throw new UserError(
          `the footnote reference "[^${written}]" has no note`,
          `Write the note on a line of its own, "[^${written}]: the text of the note", e.g. at the end of the document, or remove the reference.`,
          { file, line: seg.line },
        );
      if (seen.has(label)) continue;
      seen.add(label);
      notes.push({ label, key: def.key, number: notes.length + 1, ref: seg.key });
    }
  }
  return { notes, unused: [...defs.keys()].filter((l) => !seen.has(l)) };
}

/** What rendering a segment needs to know of the notes: them, and which segment it is. */
export interface NoteContext {
  notes: readonly Note[];
  /** The segment rendered: its references then link to their notes and back. */
  segment?: string;
}

/** The id of a note's first reference, which the note links back to. */
export const noteRefId = (note: Note): string => `ref-${note.key}`;

/**
 * A note's reference: its number, superscript; in a segment, linked to the note, and
 * the note's first reference carries the id the note links back to.
 * @example noteRefHtml({ label: 'a', key: 'fn-a', number: 1, ref: 'p' }, 'p', new Set()) // '<sup class="note-ref"><a href="#seg-fn-a" id="ref-fn-a">1</a></sup>'
 */
export function noteRefHtml(note: Note, segment: string | undefined, seen: Set<string>): string {
  if (segment === undefined) return `<sup class="note-ref">${note.number}</sup>`;
  const first = segment === note.ref && !seen.has(note.key);
  seen.add(note.key);
  const id = first ? ` id="${noteRefId(note)}"` : '';
  return `<sup class="note-ref"><a href="#seg-${note.key}"${id}>${note.number}</a></sup>`;
}
