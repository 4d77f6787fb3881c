// notes: the footnotes of an edition in the structure tree as PDF/UA-1 §7.9 wants them.
// The HTML gives each note as a <figure> (Chromium tags it Figure, the only element it
// tags that the editions use for nothing else); here each becomes a Note with an /ID,
// and each link to a note is wrapped in a Reference.
import { isName, isRef, name, ref, str, type PdfDict, type PdfValue } from './objects.ts';
import { addObject, dictOf, type PdfFile } from './file.ts';
import { linkElems, linkTarget, structElems } from './structure.ts';

/**
 * Tags the notes whose element ids are `targets` ("seg-fn-1", in their order in the
 * text): the figures become Notes, the links to them References. Returns the count.
 */
export function tagNotes(pdf: PdfFile, targets: readonly string[]): number {
  if (targets.length === 0) return 0;
  const elems = structElems(pdf);
  const figures = elems.filter((e) => isName(e.elem.entries.get('S'), 'Figure'));
  if (figures.length !== targets.length)
    throw new Error(
      `internal: ${targets.length} notes in the text but ${figures.length} figures in the PDF's structure tree`,
    );
  figures.forEach(({ elem }, i) => {
    elem.entries.set('S', name('Note'));
    elem.entries.set('ID', str(targets[i] ?? `note-${i + 1}`));
  });
  const numOf = new Map(elems.map((e) => [e.elem, e.num]));
  const wanted = new Set(targets);
  for (const [annot, link] of linkElems(pdf)) {
    const target = linkTarget(pdf, dictOf(pdf, ref(annot)));
    const num = numOf.get(link);
    if (target !== undefined && wanted.has(target) && num !== undefined) wrap(pdf, num, link);
  }
  return figures.length;
}

// Puts a Reference between a Link element and its parent, in the Link's place.
function wrap(pdf: PdfFile, num: number, link: PdfDict): void {
  const parentRef = link.entries.get('P');
  const parent = dictOf(pdf, parentRef);
  if (!parent || parentRef === undefined) return;
  const reference = addObject(pdf, {
    kind: 'dict',
    entries: new Map<string, PdfValue>([
      ['Type', name('StructElem')],
      ['S', name('Reference')],
      ['P', parentRef],
      ['K', [ref(num)]],
    ]),
  });
  const k = parent.entries.get('K');
  const swap = (v: PdfValue): PdfValue => (isRef(v) && v.num === num ? ref(reference) : v);
  if (Array.isArray(k)) parent.entries.set('K', k.map(swap));
  else if (k !== undefined) parent.entries.set('K', swap(k));
  link.entries.set('P', ref(reference));
}
