// signoff: signing an edition off, for `npm run review` and the dev server's form alike:
// the same checks, the same decision (stages/signoff.ts), the same appended history.
import { UserError } from '../errors.ts';
import type { Project } from '../io/project.ts';
import { appendSignoff } from '../io/signoffs.ts';
import { SOURCE_LANGUAGE, type Language, type Registry } from '../languages.ts';
import { mergeAll } from '../stages/editions.ts';
import {
  blockersOf,
  checkSigner,
  decideSignoff,
  fingerprintsNow,
  type SignoffDecision,
  type SignoffRequest,
} from '../stages/signoff.ts';
import { didYouMean, didYouMeanLanguage } from '../stages/suggest.ts';

/** A sign-off asked for one language of one document. */
export type EditionSignoffRequest = SignoffRequest & { lang: string };

/**
 * Signs one edition if the rules allow: checks the language and document, fingerprints
 * the English and the translation of `project` now, decides, and appends the entry to the
 * history under `project.root`. A refusal is returned, not thrown; unknown names throw a
 * UserError.
 * @example await signEdition(project, { lang: 'hr', document: 'joint-declaration', status: 'approved', by: 'A, translator', date: '2026-11-30' })
 */
export async function signEdition(
  project: Project,
  request: EditionSignoffRequest,
): Promise<SignoffDecision> {
  const lang = signableLanguage(project.registry, request.lang);
  const ids = project.documents.map((d) => d.doc.id);
  const loaded = project.documents.find((d) => d.doc.id === request.document);
  if (!loaded)
    throw new UserError(
      `no document with the id "${request.document}".${didYouMean(request.document, ids)}`.replace(
        /\.$/,
        '',
      ),
      `Use one of: ${ids.join(', ')}.`,
    );
  const problem = checkSigner(request.by);
  if (problem)
    throw new UserError(
      `the signer ("by") ${problem}`,
      'Write the name and role on one line, e.g. "Ana Horvat, sworn translator".',
    );
  const [edition] = mergeAll(project, [lang]).filter((e) => e.doc.id === loaded.doc.id);
  if (!edition) throw new Error(`internal: no edition ${lang.code}/${loaded.doc.id}`);
  const now = fingerprintsNow(
    loaded.doc,
    project.resources[lang.code]?.[loaded.doc.id] ?? {},
    loaded.segmented.segments,
  );
  const signed: SignoffRequest = {
    document: loaded.doc.id,
    status: request.status,
    by: request.by,
    date: request.date,
    ...(request.note !== undefined ? { note: request.note } : {}),
    ...(request.force !== undefined ? { force: request.force } : {}),
  };
  const decision = decideSignoff(signed, now, blockersOf(edition.segments.values()));
  if (decision.ok) await appendSignoff(project.root, lang.code, decision.entry);
  return decision;
}

/** The language of a sign-off: a stored translation (not English, not derived), or a UserError. */
export function signableLanguage(registry: Registry, code: string | undefined): Language {
  if (code === undefined)
    throw new UserError(
      'review needs --lang <code>',
      'For example --lang hr (or --list to see every edition).',
    );
  const lang = registry.find(code);
  if (!lang)
    throw new UserError(
      `unknown language code: ${code}.${didYouMeanLanguage(code, registry.languages)}`.replace(
        /\.$/,
        '',
      ),
      `Use codes of the registry: ${registry.codes.join(', ')}.`,
    );
  if (lang.code === SOURCE_LANGUAGE)
    throw new UserError(
      'en is the authentic English text; it is not signed off',
      'Name a translation language, e.g. --lang hr.',
    );
  if (lang.derivedFrom)
    throw new UserError(
      `${lang.code} is generated from ${lang.derivedFrom.code} and follows its sign-off`,
      `Sign ${lang.derivedFrom.code} instead: --lang ${lang.derivedFrom.code}.`,
    );
  return lang;
}

/** What the message of a refused sign-off lists: the stale and the missing keys. */
export function openKeys(decision: {
  stale: readonly string[];
  missing: readonly string[];
}): string {
  return [
    decision.stale.length > 0 ? `stale: ${decision.stale.join(', ')}` : '',
    decision.missing.length > 0 ? `missing: ${decision.missing.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}
