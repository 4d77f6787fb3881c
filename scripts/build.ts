// build: the one orchestrator. Reads the project once, merges and renders every
// edition, prints the PDFs that changed on one browser, writes dist/ atomically.
// Each phase is a module of scripts/build/: context (prepare), gate, plan, render-print
// (and print), publish (and reports); this file only runs them in order.
import { join, resolve } from 'node:path';
import { type Diagnostic } from './errors.ts';
import { clearLeftovers, discardStaged, settleWrites } from './io/files.ts';
import { acquireLock } from './io/lock.ts';
import { trace } from './io/trace.ts';
import { type Counts, type Edition } from './stages/merge.ts';
import { type ReviewStatus } from './stages/render.ts';
import { mergeAll } from './stages/editions.ts';
import {
  prepare,
  type BuildOptions,
  type Context,
  type Lapsed,
  type Withheld,
} from './build/context.ts';
import { judge, lapsedSince } from './build/gate.ts';
import { ownEditions, planEditions, reuse, type Planned } from './build/plan.ts';
import { renderAndPrint, reportUnchanged } from './build/render-print.ts';
import { type Printed } from './build/print.ts';
import { publish } from './build/publish.ts';
import { writeReports } from './build/reports.ts';

export {
  PRODUCER,
  type BuildEvent,
  type BuildOptions,
  type PrintService,
  type Withheld,
} from './build/context.ts';
export { BUNDLE } from './build/publish.ts';
export { BUILD_STATE } from './build/records.ts';

export interface EditionResult {
  lang: string;
  document: string;
  counts: Counts;
  status: ReviewStatus | 'original';
  ok: boolean;
}

export interface BuildResult {
  editions: EditionResult[];
  /** Editions not published this time, and why. */
  withheld: Withheld[];
  /** Reviews and approvals that lapsed since the last build. */
  lapsed: Lapsed[];
  printed: number;
  failed: number;
  diagnostics: Diagnostic[];
  /** dist/sitemap.xml was written (only with a base URL). */
  sitemap: boolean;
}

/**
 * Builds every edition of every document (or those of `langs`) into dist/: one build at a
 * time per folder (a lock naming the holder's pid). Each edition's HTML and PDF are
 * prepared beside their places and moved in together, with the distribution set, at the
 * end: an interrupted or failed build leaves every edition and the set at one version.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  // The dev server's HTML pass writes pages only, into its own folder, beside that
  // server's own print build: no release to keep consistent, so no lock.
  if (options.htmlOnly) return buildLocked(options);
  const out = resolve(options.outDir ?? join(resolve(options.root), 'dist'));
  const release = await acquireLock(out);
  try {
    await clearLeftovers(out);
    return await buildLocked(options);
  } finally {
    // A search index still being written (the build failed meanwhile) ends before its
    // staged folder is removed; else it would write into the folder after the removal.
    await settleWrites();
    discardStaged();
    await release();
  }
}

/**
 * The phases: plan (what changed since the last build, from the inputs alone), render
 * and print (one pipeline: each page goes to the browser as soon as it is rendered), and
 * publish (each edition's files moved in, then the distribution set).
 */
async function buildLocked(options: BuildOptions): Promise<BuildResult> {
  trace('build: start');
  const ctx = await prepare(options);
  trace('build: project read');
  const { project, langs, emit } = ctx;
  const merged = mergeAll(project, langs, ctx.translator);
  const mine = ownEditions(options, merged);
  // Before the gate: it takes editions the policy holds back out of the manifest read.
  const lapsed = options.htmlOnly ? [] : lapsedSince(ctx, mine);
  const withheld = options.htmlOnly ? [] : judge(ctx, mine);
  const held = new Set(withheld.map((w) => `${w.lang}/${w.document}`));
  const plan = await planEditions(
    ctx,
    mine.filter((e) => !held.has(`${e.lang.code}/${e.doc.id}`)),
  );
  const toRender = plan.filter((p) => !p.reused);
  trace(`build: planned, ${toRender.length} of ${plan.length} to render`);
  // Launching Chromium takes about a second: overlap it with rendering.
  if (!options.htmlOnly && toRender.length > 0) options.printer.warm?.();
  for (const p of plan) if (p.reused) reuse(ctx, p);
  const all =
    langs.length === project.registry.languages.length
      ? merged
      : mergeAll(project, project.registry.languages, ctx.translator);
  if (!options.htmlOnly)
    emit({
      type: 'start',
      editions: plan.length + withheld.length,
      toPrint: toRender.length,
      withheld: withheld.length,
    });
  const outcome = await renderAndPrint(ctx, toRender, plan.length - toRender.length, () =>
    afterRender(ctx, plan, all),
  );
  const results = editionResults(plan, outcome);
  if (options.htmlOnly)
    return {
      editions: results,
      withheld,
      lapsed,
      printed: 0,
      failed: 0,
      diagnostics: ctx.diagnostics,
      sitemap: false,
    };
  await finishPrinting(ctx, plan, outcome, all);
  const sitemap = await publish(ctx, outcome, mine, all, withheld);
  trace('build: published');
  return {
    editions: results,
    withheld,
    lapsed,
    printed: outcome.printed,
    failed: outcome.failed.size,
    diagnostics: ctx.diagnostics,
    sitemap,
  };
}

/** While the browser prints: the reports, and the search index of the editions as rendered. */
async function afterRender(ctx: Context, plan: Planned[], all: Edition[]): Promise<void> {
  const { options, out } = ctx;
  if (!options.htmlOnly && !options.shard && plan.length > 0) {
    const { plannedPages, stageSearch } = await import('./build/search.ts');
    ctx.search = plannedPages(
      out,
      plan.map((p) => p.htmlPath),
    ).then((pages) => stageSearch(out, pages));
    ctx.search.catch(() => undefined);
  }
  await writeReports(ctx, all, new Map(plan.map((p) => [p.id, p.inputs])));
  await ctx.search?.catch(() => undefined);
}

/** The prints besides the editions (bilingual PDFs), then the browser is told it is no longer needed. */
async function finishPrinting(
  ctx: Context,
  plan: Planned[],
  outcome: Printed,
  all: Edition[],
): Promise<void> {
  if (ctx.options.bilingual?.length) {
    const { printBilingual } = await import('./build/bilingual.ts');
    ctx.extraFiles.push(...(await printBilingual(ctx, all)));
  }
  ctx.emit({ type: 'printed', printed: outcome.printed, failed: outcome.failed.size });
  reportUnchanged(ctx, plan, outcome);
  trace('build: printed');
}

/** What became of each planned edition; an edition that failed to print is not ok. */
function editionResults(plan: Planned[], outcome: Printed): EditionResult[] {
  return plan.map((p) => ({
    lang: p.edition.lang.code,
    document: p.edition.doc.id,
    counts: p.edition.counts,
    status: p.signoff?.effective ?? 'original',
    ok: !outcome.failed.has(p.id),
  }));
}
