// xml: what the TBX and TMX writers and readers share: escaping, and a parsed element
// tree (xml-js) whose mistakes name the file and line.
import { xml2js, type Element } from 'xml-js';
import { UserError } from '../errors.ts';

/** Escapes text for XML content and double-quoted attributes. */
export function xmlEscape(s: string): string {
  return s.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c,
  );
}

/** The root element of `text`, or a UserError naming `file` and the line xml-js stopped at. */
export function parseXml(text: string, file: string, what: string): Element {
  let doc: Element;
  try {
    doc = xml2js(text, { compact: false, captureSpacesBetweenElements: false }) as Element;
  } catch (err) {
    const line = /Line: (\d+)/.exec((err as Error).message)?.[1];
    throw new UserError(
      `not well-formed XML (${(err as Error).message.split('\n')[0] ?? ''})`,
      `Open the ${what} in an XML editor and fix it, or export it anew.`,
      { file, ...(line ? { line: Number(line) + 1 } : {}) },
      { cause: err },
    );
  }
  const root = doc.elements?.find((e) => e.type === 'element');
  if (!root)
    throw new UserError('the file has no root element', `Export the ${what} anew.`, { file });
  return root;
}

/** The child elements of `e` named `name`. */
export function children(e: Element | undefined, name: string): Element[] {
  return (e?.elements ?? []).filter((c) => c.type === 'element' && c.name === name);
}

/** The text of an element (its text and CDATA children, nested elements' text too). */
export function textOf(e: Element | undefined): string {
  return (e?.elements ?? [])
    .map((c) =>
      c.type === 'text' || c.type === 'cdata'
        ? String(c.text ?? c.cdata ?? '')
        : c.type === 'element'
          ? textOf(c)
          : '',
    )
    .join('');
}

/** An attribute's value as a string, if present. */
export function attr(e: Element | undefined, name: string): string | undefined {
  const v = e?.attributes?.[name];
  return v === undefined ? undefined : String(v);
}
