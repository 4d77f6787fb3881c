// identifiers: the persistent identifiers of a document, ELI-style (European Legislation
// Identifier): the work (the document in no language), its expression per language, its
// manifestation per format, and provision-level anchors from the segment keys. Built from
// data (the front matter and the project's template), never from paths in dist/; with the
// site's base URL they are absolute, without it relative to the root of the release.
import type { SourceDocument } from './parse.ts';

/** The project-wide template of a work's identifier; {base} is the site, the rest front matter. */
export const DEFAULT_ELI_TEMPLATE = '{base}eli/selec/{type}/{date}/{id}';

export type Format = 'html' | 'pdf' | 'xml';

/** The identifiers of one document. */
export interface DocumentIdentifiers {
  /** The work: the document itself, in no language. */
  work: string;
  /** One language's text of it. */
  expression(lang: string): string;
  /** One file of that text. */
  manifestation(lang: string, format: Format): string;
  /** A provision (a segment) of one language's text: its anchor in the HTML edition. */
  provision(lang: string, key: string): string;
  /**
   * One language's text as released on a version (ELI point in time: the work, the
   * version's date, the language): ".../joint-declaration/2026-12-06/hr".
   */
  pointInTime(lang: string, version: string): string;
}

/**
 * The identifiers of `doc` under `template` ({base} {type} {date} {year} {id}); `baseUrl`
 * (absolute, ending in "/") makes them absolute URLs, else they start at the release root
 * ("eli/selec/declaration/2019-10-31/joint-declaration").
 * @example identifiersOf(doc, DEFAULT_ELI_TEMPLATE, 'https://selec.example/').expression('hr')
 * // 'https://selec.example/eli/selec/declaration/2019-10-31/joint-declaration/hr'
 */
export function identifiersOf(
  doc: Pick<SourceDocument, 'id' | 'meta'>,
  template = DEFAULT_ELI_TEMPLATE,
  baseUrl?: string,
): DocumentIdentifiers {
  const values: Record<string, string> = {
    base: baseUrl ?? '',
    type: doc.meta.type,
    date: doc.meta.date,
    year: doc.meta.date.slice(0, 4),
    id: doc.id,
  };
  const work = template.replace(/\{(\w+)\}/g, (m, name: string) => values[name] ?? m);
  const expression = (lang: string) => `${work}/${lang}`;
  return {
    work,
    expression,
    manifestation: (lang, format) => `${expression(lang)}/${format}`,
    provision: (lang, key) => `${expression(lang)}/html#${provisionAnchor(key)}`,
    pointInTime: (lang, version) => `${work}/${version}/${lang}`,
  };
}

/**
 * The anchor of a provision: "seg-" and its segment key, the id its element has in every
 * HTML edition. Keys are names written in the source, not positions, so an anchor stays
 * when the text around it changes.
 */
export function provisionAnchor(key: string): string {
  return `seg-${key}`;
}

/**
 * The Akoma Ntoso eId of a provision: its segment key with "." (front-matter keys) as
 * "__", so one provision has one eId in every language.
 * @example eIdOf('art-1-1-b') // 'art-1-1-b'; eIdOf('meta.title') // 'meta__title'
 */
export function eIdOf(key: string): string {
  return key.replace(/\./g, '__');
}

/** A template's fields checked: only the known ones. Returns the unknown ones. */
export function unknownTemplateFields(template: string): string[] {
  const known = new Set(['base', 'type', 'date', 'year', 'id']);
  return [...template.matchAll(/\{(\w+)\}/g)]
    .map((m) => m[1] ?? '')
    .filter((name) => !known.has(name));
}
