// signoff-adapter: where the dev server meets the sign-off record (npm run review):
// the same rules, the same history file, through signEdition.
import { UserError } from '../errors.ts';
import { loadProject } from '../io/project.ts';
import { signEdition } from '../review-command.ts';
import { isoDate } from '../stages/signoff.ts';

export interface SignOffRequest {
  lang: string;
  document: string;
  status: 'reviewed' | 'approved';
  /** "Name, role" of the person signing off. */
  by: string;
  note?: string;
}

export type SignOffResult =
  { ok: true; message: string } | { ok: false; status: number; error: string; hint: string };

/**
 * Records a sign-off of the project under `root` as it is on disk now; refused (409) while
 * segments are missing or stale, as "npm run review" refuses it.
 * @example await signOff(root, { lang: 'hr', document: 'joint-declaration', status: 'approved', by: 'Ana Horvat, sworn translator' })
 */
export async function signOff(
  root: string,
  request: SignOffRequest,
  now: () => Date = () => new Date(),
): Promise<SignOffResult> {
  try {
    const project = await loadProject(root);
    const date = isoDate(now());
    const decision = await signEdition(project, { ...request, date });
    if (decision.ok)
      return {
        ok: true,
        message: `${request.lang}/${request.document} ${request.status} by ${request.by} on ${date}`,
      };
    if (decision.reason === 'open-segments') {
      const keys = [
        ...decision.stale.map((k) => `stale: ${k}`),
        ...decision.missing.map((k) => `missing: ${k}`),
      ].join(', ');
      return {
        ok: false,
        status: 409,
        error: `refusing to mark ${request.lang}/${request.document} ${request.status}: ${decision.count} segment${decision.count === 1 ? ' is' : 's are'} not up to date (${keys})`,
        hint: 'Translate the missing segments and mark the stale ones up to date after checking them, then sign again.',
      };
    }
    return {
      ok: false,
      status: 422,
      error: 'a forced sign-off needs a note saying why',
      hint: 'Use "npm run review -- … --force --note" from the command line.',
    };
  } catch (err) {
    if (err instanceof UserError)
      return { ok: false, status: 400, error: err.message, hint: err.hint };
    throw err;
  }
}
