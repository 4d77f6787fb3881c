// reports: the internal reports of a build (coverage dashboard and badges, review pages),
// written beside the printing, once every page is rendered. Never part of the release:
// they live in reports/ (or the dev server's folder) and link to the release from there.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { relative, join, sep } from 'node:path';
import { SOURCE_LANGUAGE } from '../languages.ts';
import { inside, writeIfChanged } from '../io/files.ts';
import { readTermbase } from '../io/termbase.ts';
import { type Edition } from '../stages/merge.ts';
import {
  computeCoverage,
  coverageBadge,
  renderDashboard,
  renderReviewPage,
} from '../stages/report.ts';
import { signoffOf, signoffViewOf } from '../stages/editions.ts';
import { type Context } from './context.ts';

/** The address of the release from the reports' root: '' when they share a folder, else e.g. '../dist/'. */
function releaseHref(ctx: Context): string {
  const rel = relative(ctx.reports, ctx.out).split(sep).join('/');
  return rel === '' ? '' : `${rel}/`;
}

/** The coverage dashboard, badges and review pages (internal, never in the release): always of every language. */
export async function writeReports(
  ctx: Context,
  all: Edition[],
  keys: ReadonlyMap<string, string> = new Map(),
): Promise<void> {
  const { project, reports: out } = ctx;
  const toRelease = releaseHref(ctx);
  const coverage = computeCoverage(
    all,
    (code, docId) => signoffOf(project, code, docId),
    project.registry.languages,
  );
  await writeIfChanged(
    join(out, 'coverage', 'index.html'),
    renderDashboard(
      coverage,
      project.documents.map((d) => d.doc.id),
      project.registry.languages,
      toRelease,
    ),
  );
  await writeIfChanged(
    join(out, 'coverage', 'coverage.json'),
    `${JSON.stringify(coverage, null, 2)}\n`,
  );
  for (const [code, c] of Object.entries(coverage.languages))
    await writeIfChanged(join(out, 'coverage', `${code}.svg`), coverageBadge(code, c));
  await writeReviewPages(ctx, all, keys);
}

/**
 * The review pages, each written again only when what it shows may have changed: its
 * edition's inputs (as the plan hashed them), the shared inputs (code, registry), the
 * termbase and the sign-off. Rendering the terms of every page costs about a second of
 * CPU beside the printing browser; a build that changed one translation renders one page.
 */
async function writeReviewPages(
  ctx: Context,
  all: Edition[],
  inputs: ReadonlyMap<string, string>,
): Promise<void> {
  const { project, reports: out } = ctx;
  const toRelease = releaseHref(ctx);
  const keysFile = join(out, 'review', '.keys.json');
  const old = JSON.parse(await readFile(keysFile, 'utf8').catch(() => '{}')) as Record<
    string,
    string
  >;
  const next: Record<string, string> = {};
  const termbaseText = JSON.stringify(await readTermbase(project.root));
  let termbase: Awaited<ReturnType<typeof readTermbase>> | undefined;
  for (const edition of all) {
    if (edition.lang.code === SOURCE_LANGUAGE) continue;
    const id = `${edition.lang.code}/${edition.doc.id}`;
    const page = inside(out, join('review', edition.lang.code, `${edition.doc.id}.html`));
    const view = signoffViewOf(project, edition.lang.code, edition.doc.id);
    const planned = inputs.get(id);
    const key = planned
      ? createHash('sha256')
          .update(ctx.sharedKey)
          .update(planned)
          .update(termbaseText)
          .update(JSON.stringify(view ?? null))
          .update(toRelease)
          .digest('hex')
      : undefined;
    if (key && old[id] === key && (await stat(page).catch(() => undefined))) {
      next[id] = key;
      continue;
    }
    termbase ??= await readTermbase(project.root);
    await writeIfChanged(page, renderReviewPage(edition, toRelease, view, termbase));
    if (key) next[id] = key;
  }
  await writeIfChanged(keysFile, `${JSON.stringify(next, null, 1)}\n`);
}
