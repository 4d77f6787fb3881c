// policy: what the project publishes, as data (publication.json at the project's root):
// how complete a translation must be, which sign-off it needs, whether stale passages
// may be published. Editions that do not meet it are built for review but not released.
import { UserError } from '../errors.ts';
import { SOURCE_LANGUAGE } from '../languages.ts';
import type { Edition } from './merge.ts';
import type { CurrentSignoff } from './signoff.ts';
import { didYouMean } from './suggest.ts';
import { DEFAULT_ELI_TEMPLATE, unknownTemplateFields } from './identifiers.ts';

export const POLICY_FILE = 'publication.json';

export type RequiredSignoff = 'none' | 'reviewed' | 'approved';

export interface Policy {
  /** Percent of the segments that must be in the edition's language (translated or stale). */
  minTranslated: number;
  /** The sign-off a translation needs before it is published. */
  requireSignoff: RequiredSignoff;
  /** Whether a translation with passages translated from an older English may be published (marked). */
  allowStale: boolean;
  /**
   * Whether the sign-off a translation needs must be signed with its reviewer's SSH key,
   * verified against translations/allowed_signers (an unsigned or typed one does not count).
   */
  requireVerifiedSignoff: boolean;
}

export interface PublicationPolicy {
  /** The template of a work's identifier (see stages/identifiers.ts). */
  identifier: string;
  /** For every document. */
  default: Policy;
  /** Per document id, the fields that differ. */
  documents: Record<string, Partial<Policy>>;
}

/**
 * The defaults: a translation is published once it is complete; an unsigned one carries
 * the notice "Unofficial translation", and a passage whose English changed is marked.
 */
export const DEFAULT_POLICY: Policy = {
  minTranslated: 100,
  requireSignoff: 'none',
  allowStale: true,
  requireVerifiedSignoff: false,
};

const FIELDS = ['minTranslated', 'requireSignoff', 'allowStale', 'requireVerifiedSignoff'] as const;
const SIGNOFFS: readonly RequiredSignoff[] = ['none', 'reviewed', 'approved'];

/**
 * The policy in `text` (publication.json), validated; none given: the defaults.
 * @example parsePolicy('{"default": {"requireSignoff": "approved"}}').default.minTranslated // 100
 */
export function parsePolicy(text: string | undefined, file = POLICY_FILE): PublicationPolicy {
  if (text === undefined)
    return { identifier: DEFAULT_ELI_TEMPLATE, default: DEFAULT_POLICY, documents: {} };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UserError(
      `${file}: not valid JSON (${(err as Error).message})`,
      'Fix the JSON, e.g. {"default": {"minTranslated": 100, "requireSignoff": "none", "allowStale": true}}.',
      { file, line: 1 },
      { cause: err },
    );
  }
  const top = (data ?? {}) as Record<string, unknown>;
  const parts = ['identifier', 'default', 'documents'];
  for (const k of Object.keys(top))
    if (!parts.includes(k))
      fail(file, text, k, `is not a part of the policy.${didYouMean(k, parts)}`);
  const identifier = top['identifier'] ?? DEFAULT_ELI_TEMPLATE;
  if (typeof identifier !== 'string' || unknownTemplateFields(identifier).length > 0)
    fail(file, text, 'identifier', 'must be a template of {base}, {type}, {date}, {year}, {id}');
  const documents: Record<string, Partial<Policy>> = {};
  for (const [id, p] of Object.entries((top['documents'] ?? {}) as Record<string, unknown>))
    documents[id] = policyFields(p, file, text, `documents.${id}`);
  return {
    identifier: identifier as string,
    default: { ...DEFAULT_POLICY, ...policyFields(top['default'] ?? {}, file, text, 'default') },
    documents,
  };
}

function policyFields(value: unknown, file: string, text: string, where: string): Partial<Policy> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail(file, text, where, `must be an object of ${FIELDS.join(', ')}`);
  const v = value as Record<string, unknown>;
  const out: Partial<Policy> = {};
  for (const k of Object.keys(v))
    if (!(FIELDS as readonly string[]).includes(k))
      fail(file, text, k, `(in ${where}) is not a policy field.${didYouMean(k, FIELDS)}`);
  if (v['minTranslated'] !== undefined) {
    const n = v['minTranslated'];
    if (typeof n !== 'number' || !(n >= 0 && n <= 100))
      fail(file, text, 'minTranslated', `(in ${where}) must be a percent from 0 to 100`);
    out.minTranslated = n as number;
  }
  if (v['requireSignoff'] !== undefined) {
    if (!SIGNOFFS.includes(v['requireSignoff'] as RequiredSignoff))
      fail(file, text, 'requireSignoff', `(in ${where}) must be "none", "reviewed" or "approved"`);
    out.requireSignoff = v['requireSignoff'] as RequiredSignoff;
  }
  if (v['allowStale'] !== undefined) {
    if (typeof v['allowStale'] !== 'boolean')
      fail(file, text, 'allowStale', `(in ${where}) must be true or false`);
    out.allowStale = v['allowStale'] as boolean;
  }
  if (v['requireVerifiedSignoff'] !== undefined) {
    if (typeof v['requireVerifiedSignoff'] !== 'boolean')
      fail(file, text, 'requireVerifiedSignoff', `(in ${where}) must be true or false`);
    out.requireVerifiedSignoff = v['requireVerifiedSignoff'] as boolean;
  }
  return out;
}

function fail(file: string, text: string, field: string, what: string): never {
  const at = text.indexOf(`"${field.split('.').at(-1) ?? field}"`);
  const line = at < 0 ? 1 : text.slice(0, at).split('\n').length;
  throw new UserError(
    `${file}:${line}: "${field}" ${what}`.replace(/\.$/, ''),
    'See "Publication policy" in the README.',
    { file, line },
  );
}

/** The policy of one document. */
export function policyOf(policy: PublicationPolicy, document: string): Policy {
  return { ...policy.default, ...(policy.documents[document] ?? {}) };
}

/**
 * Why an edition is not published under `policy` (empty: it is). The authentic English
 * is always published.
 * @example heldBack(edition, undefined, DEFAULT_POLICY) // ['73% translated, the policy asks 100%']
 */
export function heldBack(
  edition: Edition,
  signoff: CurrentSignoff | undefined,
  policy: Policy,
): string[] {
  if (edition.lang.code === SOURCE_LANGUAGE) return [];
  const { counts } = edition;
  const reasons: string[] = [];
  const share =
    counts.total === 0 ? 100 : ((counts.translated + counts.stale) / counts.total) * 100;
  if (share < policy.minTranslated)
    reasons.push(`${share.toFixed(1)}% translated, the policy asks ${policy.minTranslated}%`);
  if (!policy.allowStale && counts.stale > 0)
    reasons.push(
      `${counts.stale} passage${counts.stale === 1 ? '' : 's'} translated from an older English`,
    );
  const status = signoff?.effective ?? 'draft';
  if (policy.requireSignoff === 'approved' && status !== 'approved')
    reasons.push(`not approved (${status}); the policy asks an approval`);
  if (policy.requireSignoff === 'reviewed' && status !== 'approved' && status !== 'reviewed')
    reasons.push(`not reviewed (${status}); the policy asks a review`);
  if (
    policy.requireVerifiedSignoff &&
    status !== 'draft' &&
    signoff?.verification?.state !== 'verified'
  )
    reasons.push(
      `${status} by a sign-off ${signoff?.verification?.state === 'invalid' ? 'whose signature does not verify' : 'not signed with a key'}; the policy asks a verified sign-off`,
    );
  return reasons;
}
