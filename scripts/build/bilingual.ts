// bilingual: `npm run build -- --bilingual hr`: dist/compare/<document>/<authentic>-hr.pdf,
// the authentic text and the translation in two columns aligned by provision, printed by
// the build's browser and post-processed like every edition (PDF/A-2u, PDF/UA-1, both
// /Lang), sealed when the build seals.
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { readIcc } from '../io/icc.ts';
import { writeAtomic, writeIfChanged } from '../io/files.ts';
import { compareFile, renderBilingualPrint } from '../stages/compare.ts';
import type { Edition } from '../stages/merge.ts';
import { metaText } from '../stages/merge.ts';
import { COMPARE_FOLDER } from './compare.ts';
import type { Context } from './context.ts';
import { pdfMetadata } from './print.ts';

/** Prints the bilingual PDFs the build was asked for; returns their paths under dist/. */
export async function printBilingual(ctx: Context, all: readonly Edition[]): Promise<string[]> {
  const codes = ctx.options.bilingual ?? [];
  const written: string[] = [];
  for (const { doc } of ctx.project.documents) {
    const reference = all.find((e) => e.doc.id === doc.id && e.lang.code === doc.meta.authentic[0]);
    if (!reference) continue;
    for (const code of codes) {
      const other = all.find((e) => e.doc.id === doc.id && e.lang.code === code);
      if (!other || other === reference) continue;
      const base = `${COMPARE_FOLDER}/${doc.id}/${compareFile([reference.lang.code, code]).replace(/\.html$/, '')}`;
      await printOne(ctx, reference, other, base);
      written.push(`${base}.pdf`);
    }
  }
  return written;
}

async function printOne(
  ctx: Context,
  reference: Edition,
  other: Edition,
  base: string,
): Promise<void> {
  const { options, out } = ctx;
  const staged = join(out, `${base}.print.html`);
  await writeAtomic(staged, renderBilingualPrint(reference, other));
  try {
    const raw = await options.printer.print({
      htmlPath: staged,
      allow: out,
      version: ctx.assetKey,
    });
    const meta = pdfMetadata(reference, options.sourceDateEpoch, undefined, {
      baseUrl: options.baseUrl,
      template: ctx.project.policy.identifier,
    });
    const title = `${metaText(reference, 'title')} / ${metaText(other, 'title')}`;
    const { finalizePdf } = await import('../stages/finalize-pdf.ts');
    const pdf = await finalizePdf(
      raw,
      { ...meta, title, subject: `${reference.lang.nativeName} · ${other.lang.nativeName}` },
      { icc: await readIcc() },
    );
    let bytes = pdf.bytes;
    if (options.seal) {
      const { sealPdf } = await import('../services/seal.ts');
      const description = `${title}: ${reference.lang.nativeName}, ${other.lang.nativeName}`;
      bytes = (await sealPdf(bytes, { date: meta.date, description }, options.seal)).bytes;
    }
    await writeIfChanged(join(out, `${base}.pdf`), bytes);
  } finally {
    await rm(staged, { force: true });
  }
}
