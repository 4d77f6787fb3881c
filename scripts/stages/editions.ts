// editions: the project merged into editions, and what every report says of each one
// (its sign-off now, its state in the manifest, its orphaned keys). Pure: the project
// is data read by io/project.ts.
import type { Project } from '../io/project.ts';
import { SOURCE_LANGUAGE, type Language } from '../languages.ts';
import type { ManifestEdition } from './manifest.ts';
import { createTranslator, mergeEdition, type Edition } from './merge.ts';
import { percent } from './report.ts';
import { legalStatusOf } from './legal-status.ts';
import {
  changesSince,
  currentSignoff,
  editionNow,
  reviewSummary,
  signedTexts,
  type CurrentSignoff,
  type SignoffEntry,
} from './signoff.ts';
import type { SignoffView } from './signoff-view.ts';

/** Every edition of every document in `langs`, merged: the data all reports share. */
export function mergeAll(
  project: Project,
  langs: readonly Language[],
  translator = createTranslator(project.resources, project.registry),
): Edition[] {
  const out: Edition[] = [];
  for (const { doc, segmented } of project.documents) {
    for (const lang of langs) {
      const keys = Object.keys(project.resources[lang.code]?.[doc.id] ?? {});
      out.push(
        mergeEdition(
          doc,
          segmented,
          lang,
          translator,
          project.records[lang.code]?.[doc.id] ?? {},
          keys,
        ),
      );
    }
  }
  return out;
}

/**
 * The sign-off of an edition now, against the English and the translation of today;
 * sr-Latn follows sr-Cyrl's. Undefined for the English original.
 * @example signoffOf(project, 'hr', 'joint-declaration')?.current
 */
export function signoffOf(
  project: Project,
  code: string,
  docId: string,
): CurrentSignoff | undefined {
  if (code === SOURCE_LANGUAGE) return undefined;
  const own = project.registry.find(code)?.derivedFrom?.code ?? code;
  const loaded = project.documents.find((d) => d.doc.id === docId);
  if (!loaded) return undefined;
  const now = editionNow(
    loaded.doc,
    project.resources[own]?.[docId] ?? {},
    loaded.segmented.segments,
  );
  const history = project.signoffs[own] ?? [];
  const s = currentSignoff(history, docId, now, project.signed[own]?.[docId]);
  const at = s.entry ? history.lastIndexOf(s.entry) : -1;
  const verification = project.verifications[own]?.[at];
  if (!verification) return s;
  // A signature that does not verify: the entry may be forged; readers see a draft.
  const effective = verification.state === 'invalid' ? 'draft' : s.effective;
  return { ...s, verification, effective };
}

/** What the manifest and the index say of an edition: what readers are shown, coverage, the review object. */
export function editionState(
  edition: Edition,
  signoff: CurrentSignoff | undefined,
): Pick<ManifestEdition, 'status' | 'percent' | 'review' | 'legalStatus'> {
  return {
    status: signoff?.effective ?? 'original',
    legalStatus: legalStatusOf(edition.doc, edition.lang.code, signoff),
    percent: percent(edition.counts.translated, edition.counts.total),
    ...(signoff ? { review: reviewSummary(signoff) } : {}),
  };
}

/** What the review page shows of an edition's sign-off: state, changes since, history. */
export function signoffViewOf(
  project: Project,
  code: string,
  docId: string,
): SignoffView | undefined {
  const current = signoffOf(project, code, docId);
  const loaded = project.documents.find((d) => d.doc.id === docId);
  if (!current || !loaded) return undefined;
  const own = project.registry.find(code)?.derivedFrom?.code ?? code;
  const signed = project.signed[own]?.[docId];
  const now = signedTexts(loaded.segmented.segments, project.resources[own]?.[docId] ?? {});
  const all = project.signoffs[own] ?? [];
  const checks = project.verifications[own] ?? [];
  const mine = all.flatMap((e, i) => (e.document === docId ? [i] : []));
  return {
    current,
    history: mine.map((i) => all[i] as SignoffEntry),
    verifications: mine.map((i) => checks[i] ?? { state: 'unsigned' }),
    ...(signed ? { changes: changesSince(signed, now) } : {}),
  };
}
