// plan: which editions this build makes, and which of them changed since the last build,
// decided from their inputs alone: an edition whose recorded outputs are of the same
// inputs and still on disk is reused, without rendering or printing it again.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { SOURCE_LANGUAGE, type Language } from '../languages.ts';
import { inside } from '../io/files.ts';
import { readExceptionsText } from '../io/hyphenation.ts';
import { type Edition } from '../stages/merge.ts';
import { aknFile } from '../stages/akoma-ntoso.ts';
import { editionFile } from '../stages/render.ts';
import { type CurrentSignoff } from '../stages/signoff.ts';
import { type ManifestEdition } from '../stages/manifest.ts';
import { editionState, signoffOf } from '../stages/editions.ts';
import { releasesOf } from '../stages/ledger.ts';
import { report, type BuildOptions, type Context } from './context.ts';
import { fileSha, type RenderState } from './records.ts';

/** One edition as planned: merged, signed off, and the last build's outputs when they still hold. */
export interface Planned {
  edition: Edition;
  id: string;
  signoff: CurrentSignoff | undefined;
  inputs: string;
  htmlPath: string;
  pdfPath: string;
  /** dist/<lang>/<document>.akn.xml */
  xmlPath: string;
  /** The last build's outputs are of exactly these inputs and are on disk: nothing to render. */
  reused?: { entry: ManifestEdition; record: RenderState };
}

/** The editions this build makes: none with --index-only, with a shard its share of them. */
export function ownEditions(options: BuildOptions, merged: Edition[]): Edition[] {
  const shard = options.shard;
  return options.indexOnly
    ? []
    : shard
      ? merged.filter((_, i) => i % shard.count === shard.index - 1)
      : merged;
}

/** Each edition with its inputs' hash; those whose last outputs are of the same inputs and intact are reused. */
export async function planEditions(ctx: Context, mine: Edition[]): Promise<Planned[]> {
  const plan: Planned[] = [];
  for (const edition of mine) {
    const { lang, doc } = edition;
    const id = `${lang.code}/${doc.id}`;
    const signoff = signoffOf(ctx.project, lang.code, doc.id);
    const inputs = editionInputs(ctx, edition);
    const htmlPath = inside(ctx.out, join(lang.code, editionFile(doc.id, 'html')));
    const pdfPath = inside(ctx.out, join(lang.code, editionFile(doc.id, 'pdf')));
    const xmlPath = inside(ctx.out, join(lang.code, aknFile(doc.id)));
    const planned: Planned = { edition, id, signoff, inputs, htmlPath, pdfPath, xmlPath };
    const record = ctx.records.get(id);
    const entry = record && (ctx.manifest.get(id) ?? []).find((e) => e.key === record.key);
    if (
      !ctx.options.force &&
      !ctx.options.htmlOnly &&
      record?.inputs === inputs &&
      entry &&
      (await fileSha(pdfPath)) === entry.sha256 &&
      (await fileSha(htmlPath)) === record.html &&
      entry.xmlSha256 !== undefined &&
      (await fileSha(xmlPath)) === entry.xmlSha256
    )
      planned.reused = { entry, record };
    plan.push(planned);
  }
  return plan;
}

/**
 * Everything one edition's page and PDF are made from, besides what all editions share:
 * the document, the translations and interface strings of its language and of English
 * (the fallback), the record of what was translated from, the sign-offs, the exceptions.
 */
function editionInputs(ctx: Context, edition: Edition): string {
  const { lang, doc } = edition;
  const { resources, records, signoffs } = ctx.project;
  const own = lang.derivedFrom?.code ?? lang.code;
  const strings = (code: string) => [
    resources[code]?.['ui'] ?? null,
    resources[code]?.[doc.id] ?? null,
  ];
  return (
    createHash('sha256')
      .update(ctx.sharedKey)
      .update(JSON.stringify(lang))
      .update(JSON.stringify(doc))
      .update(
        JSON.stringify([
          strings(lang.code),
          strings(SOURCE_LANGUAGE),
          records[lang.code]?.[doc.id] ?? null,
          signoffs[own] ?? [],
        ]),
      )
      .update(exceptionsOf(ctx, lang))
      // The current edition lists the released versions: a release changes its page.
      .update(JSON.stringify(releasesOf(ctx.releases, doc.id).map((r) => r.hash)))
      .digest('hex')
  );
}

/** A language's hyphenation exceptions, read once a build (not once per document). */
function exceptionsOf(ctx: Context, lang: Language): string {
  let text = ctx.exceptions.get(lang.code);
  if (text === undefined) {
    text = readExceptionsText(ctx.root, lang).text;
    ctx.exceptions.set(lang.code, text);
  }
  return text;
}

/** An edition whose outputs stand: its manifest entry follows today's sign-off and coverage; what rendering said is said again. */
export function reuse(ctx: Context, p: Planned): void {
  if (!p.reused) return;
  for (const d of p.reused.record.diagnostics) report(ctx, d);
  ctx.manifest.set(p.id, [{ ...p.reused.entry, ...editionState(p.edition, p.signoff) }]);
}
