// reports: the internal reports of a build (coverage dashboard and badges, review pages),
// written beside the printing, once every page is rendered. Never part of the release:
// they live in reports/ (or the dev server's folder) and link to the release from there.
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
export async function writeReports(ctx: Context, all: Edition[]): Promise<void> {
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
  const termbase = await readTermbase(project.root);
  for (const edition of all) {
    if (edition.lang.code === SOURCE_LANGUAGE) continue;
    await writeIfChanged(
      inside(out, join('review', edition.lang.code, `${edition.doc.id}.html`)),
      renderReviewPage(
        edition,
        toRelease,
        signoffViewOf(project, edition.lang.code, edition.doc.id),
        termbase,
      ),
    );
  }
}
