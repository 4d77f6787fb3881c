// releases (build phase): every released version back in dist/ at its own address, as
// kept: the ledger and the kept files are checked first (a line edited by hand or a file
// changed stops the build, naming the release), then copied byte for byte to
// dist/<document>/<version>/; beside them the build writes each version's page and its
// "what changed" page, and gives the manifest and the current editions their versions.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inside, writeIfChanged } from '../io/files.ts';
import { restoreReleases, RELEASES } from '../io/releases.ts';
import { textDirection } from '../languages.ts';
import { identifiersOf } from '../stages/identifiers.ts';
import { releasesOf, type Release } from '../stages/ledger.ts';
import { type Edition } from '../stages/merge.ts';
import { metaText } from '../stages/merge.ts';
import {
  manifestVersions,
  renderChangesPage,
  renderVersionPage,
  versionPaths,
  type ManifestVersion,
  type SegmentTexts,
} from '../stages/versions.ts';
import { type Context } from './context.ts';

/** The versions of one edition for the manifest and its page (none when it was never released). */
export function versionsOf(
  ctx: Context,
  edition: Pick<Edition, 'lang' | 'doc'>,
): ManifestVersion[] {
  const releases = releasesOf(ctx.releases, edition.doc.id);
  if (releases.length === 0) return [];
  const ids = identifiersOf(edition.doc, ctx.project.policy.identifier, ctx.options.baseUrl);
  return manifestVersions(releases, edition.lang.code, (version) =>
    ids.pointInTime(edition.lang.code, version),
  );
}

/**
 * Copies every kept release into dist/ and writes, beside each version of each edition,
 * its page and (after the first) its "what changed" page. Returns the versions per
 * "lang/document" for the manifest.
 */
export async function publishReleases(
  ctx: Context,
  all: readonly Edition[],
  current: ReadonlySet<string>,
): Promise<Map<string, ManifestVersion[]>> {
  await restoreReleases(ctx.root, ctx.out, ctx.releases);
  const byEdition = new Map<string, ManifestVersion[]>();
  for (const edition of all) {
    const versions = versionsOf(ctx, edition);
    if (versions.length === 0) continue;
    const id = `${edition.lang.code}/${edition.doc.id}`;
    byEdition.set(id, versions);
    await writeVersionPages(ctx, edition, versions, current.has(id) ? `${id}.html` : undefined);
  }
  return byEdition;
}

async function writeVersionPages(
  ctx: Context,
  edition: Edition,
  versions: readonly ManifestVersion[],
  current: string | undefined,
): Promise<void> {
  const lang = edition.lang.code;
  const title = metaText(edition, 'title');
  const dir = textDirection(edition.lang);
  const base = { lang, dir, title, document: edition.doc.id, versions, ui: edition.ui };
  for (const [index, v] of versions.entries()) {
    const paths = versionPaths(edition.doc.id, v.version, lang);
    await writeIfChanged(
      inside(ctx.out, paths.page),
      renderVersionPage({ ...base, index, ...(current ? { current } : {}) }),
    );
    const before = versions[index - 1];
    if (!before) continue;
    await writeIfChanged(
      inside(ctx.out, paths.changes),
      renderChangesPage({
        lang,
        dir,
        title,
        ui: edition.ui,
        before: { version: before.version, segments: await segmentsOf(ctx, edition, before) },
        after: { version: v.version, segments: await segmentsOf(ctx, edition, v) },
      }),
    );
  }
}

/** The segment texts kept with a version (none when they were not kept). */
async function segmentsOf(
  ctx: Context,
  edition: Pick<Edition, 'lang' | 'doc'>,
  v: ManifestVersion,
): Promise<SegmentTexts> {
  const path = versionPaths(edition.doc.id, v.version, edition.lang.code).segments;
  try {
    return JSON.parse(
      await readFile(inside(ctx.root, join(RELEASES, path)), 'utf8'),
    ) as SegmentTexts;
  } catch {
    return {};
  }
}

/** The addresses of every kept version's HTML, relative to dist/ (the sitemap lists them). */
export function releasedPages(releases: readonly Release[]): Array<{ lang: string; path: string }> {
  return releases.flatMap((r) =>
    r.editions.map((e) => ({
      lang: e.lang,
      path: versionPaths(r.document, r.version, e.lang).html,
    })),
  );
}
