// tmx: the translation memory as TMX 1.4 (LISA/GALA) for CAT tools, and back. One <tu> per
// English text of a segment: the English now with every language translated from it,
// and, for a stale translation, the older English it was made from with that language.
// Segments are Markdown, written as plain text (datatype "plaintext"): no inline codes.
import { UserError } from '../errors.ts';
import type { MemoryPair } from './memory.ts';
import { attr, children, parseXml, textOf, xmlEscape } from './xml.ts';

/** The pairs of each language (code → pairs), as buildMemory gives them. */
export type Memories = Record<string, readonly MemoryPair[]>;

interface Unit {
  id: string;
  document: string;
  key: string;
  source: string;
  targets: Map<string, string>;
}

/**
 * The memories as one TMX 1.4 file: reproducible (units in document order, languages
 * sorted, no dates).
 */
export function writeTmx(memories: Memories, srcLang = 'en'): string {
  const units = new Map<string, Unit>();
  for (const lang of Object.keys(memories).sort())
    for (const p of memories[lang] ?? []) {
      const at = `${p.document}/${p.key}\n${p.source}`;
      const unit = units.get(at) ?? {
        id: `${p.document}/${p.key}`,
        document: p.document,
        key: p.key,
        source: p.source,
        targets: new Map<string, string>(),
      };
      unit.targets.set(lang, p.target);
      units.set(at, unit);
    }
  // Two English texts of one segment (a stale translation): the second gets a suffix.
  const ids = new Map<string, number>();
  const body = [...units.values()].map((u) => {
    const n = (ids.get(u.id) ?? 0) + 1;
    ids.set(u.id, n);
    return tuXml(u, n === 1 ? u.id : `${u.id}#${n}`, srcLang);
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="selec-editions" creationtoolversion="1" segtype="paragraph" o-tmf="selec-editions-json" adminlang="en" srclang="${xmlEscape(srcLang)}" datatype="plaintext"/>
  <body>
${body.join('\n')}
  </body>
</tmx>
`;
}

function tuXml(u: Unit, id: string, srcLang: string): string {
  const tuv = (lang: string, text: string): string =>
    `      <tuv xml:lang="${xmlEscape(lang)}"><seg>${xmlEscape(text)}</seg></tuv>`;
  return [
    `    <tu tuid="${xmlEscape(id)}">`,
    `      <prop type="x-document">${xmlEscape(u.document)}</prop>`,
    `      <prop type="x-key">${xmlEscape(u.key)}</prop>`,
    tuv(srcLang, u.source),
    ...[...u.targets].map(([lang, text]) => tuv(lang, text)),
    `    </tu>`,
  ].join('\n');
}

/**
 * Reads a TMX file (ours or a CAT tool's) into pairs per language: the header's srclang
 * is the English; a <tu> without our props is named by its tuid or its position.
 */
export function readTmx(text: string, file: string): Memories {
  const root = parseXml(text, file, 'TMX file');
  if (root.name !== 'tmx')
    throw new UserError(
      `the root element is <${root.name ?? '?'}>, not <tmx>`,
      'Import a TMX file.',
      { file, line: 1 },
    );
  const header = children(root, 'header')[0];
  const srcLang = (attr(header, 'srclang') ?? 'en').toLowerCase();
  const out: Record<string, MemoryPair[]> = {};
  children(children(root, 'body')[0], 'tu').forEach((tu, i) => {
    const prop = (type: string): string | undefined =>
      children(tu, 'prop')
        .filter((p) => attr(p, 'type') === type)
        .map(textOf)[0];
    const tuid = (attr(tu, 'tuid') ?? `tu-${i + 1}`).replace(/#\d+$/, '');
    const document = prop('x-document') ?? tuid.split('/')[0] ?? '';
    const key = prop('x-key') ?? tuid.split('/').slice(1).join('/');
    const tuvs = children(tu, 'tuv').map((v) => ({
      lang: attr(v, 'xml:lang') ?? attr(v, 'lang') ?? '',
      text: textOf(children(v, 'seg')[0]),
    }));
    const source = tuvs.find((v) => v.lang.toLowerCase() === srcLang)?.text;
    if (source === undefined) return;
    for (const v of tuvs)
      if (v.lang.toLowerCase() !== srcLang && v.text.trim() !== '')
        (out[v.lang] ??= []).push({ source, target: v.text, document, key });
  });
  return out;
}
