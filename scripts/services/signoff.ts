// signoff: signing an edition off, for `npm run review` and the dev server's form alike:
// the same checks, the same decision (stages/signoff.ts), the same appended history.
import { UserError } from '../errors.ts';
import type { Project } from '../io/project.ts';
import { join } from 'node:path';
import { signEntry, signerOf, type SigningKey } from './signing.ts';
import type { Signer } from '../stages/signers.ts';
import { exists, readText, writeAtomic } from '../io/files.ts';
import {
  appendSignoff,
  historyPath,
  parseHistory,
  serializeEntry,
  signedPath,
  writeSigned,
} from '../io/signoffs.ts';
import { SOURCE_LANGUAGE, type Language, type Registry } from '../languages.ts';
import { mergeAll } from '../stages/editions.ts';
import {
  blockersOf,
  checkSigner,
  decideSignoff,
  editionNow,
  FINGERPRINT_VERSION,
  signedFor,
  changesSince,
  type SignoffChange,
  type SignoffEntry,
  meaningFingerprints,
  signedTexts,
  type SignoffDecision,
  type SignoffRequest,
} from '../stages/signoff.ts';
import { didYouMean, didYouMeanLanguage } from '../stages/suggest.ts';

/** A sign-off asked for one language of one document; with `key`, signed with it. */
export type EditionSignoffRequest = SignoffRequest & { lang: string; key?: SigningKey };

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
  const loaded = findDocument(project, request.document);
  const signer = request.key ? await signerOf(project.root, request.key, lang.code) : undefined;
  const by = signerName(signer, request.by);
  const problem = checkSigner(by);
  if (problem)
    throw new UserError(
      `the signer ("by") ${problem}`,
      'Write the name and role on one line, e.g. "Ana Horvat, sworn translator".',
    );
  const [edition] = mergeAll(project, [lang]).filter((e) => e.doc.id === loaded.doc.id);
  if (!edition) throw new Error(`internal: no edition ${lang.code}/${loaded.doc.id}`);
  const texts = signedTexts(
    loaded.segmented.segments,
    project.resources[lang.code]?.[loaded.doc.id] ?? {},
  );
  const signed: SignoffRequest = {
    document: loaded.doc.id,
    status: request.status,
    by,
    date: request.date,
    ...(request.note !== undefined ? { note: request.note } : {}),
    ...(request.force !== undefined ? { force: request.force } : {}),
  };
  const decision = decideSignoff(
    signed,
    meaningFingerprints(texts),
    blockersOf(edition.segments.values()),
  );
  if (!decision.ok) return decision;
  const entry =
    signer && request.key
      ? await signEntry(decision.entry, lang.code, signer, request.key)
      : decision.entry;
  // The texts first: a history line never names texts that are not on record.
  await writeSigned(project.root, lang.code, loaded.doc.id, texts);
  await appendSignoff(project.root, lang.code, entry);
  return { ok: true, entry };
}

// Who signs: with a key, its person as the registry names them (a --by must agree).
function signerName(signer: Signer | undefined, by: string): string {
  if (!signer) return by.normalize('NFC');
  const registered = `${signer.name}, ${signer.role}`.normalize('NFC');
  if (by.trim() !== '' && by.normalize('NFC') !== registered)
    throw new UserError(
      `--by says "${by}", but the key is ${signer.name}'s, ${signer.role} (translations/signers.json)`,
      'Leave out --by when signing with --key: the name and role come from the signer registry.',
    );
  return registered;
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

/** What migrating one history line did. */
export interface MigratedLine {
  lang: string;
  document: string;
  line: number;
  result: 'migrated' | 'unmatched';
}

/**
 * Moves the sign-offs of the first fingerprint scheme (the English file's bytes) to the
 * fingerprints of meaning, where their fingerprints still match the English and the
 * translation of today: each such line of translations/<lang>/signoffs.jsonl is rewritten
 * in place with `"v": 2` and its texts are put on record. A line that does not match
 * (signed for a text since changed) is left as it is and reported "unmatched": it stays a
 * sign-off of an earlier version. Returns every first-scheme line found.
 */
export async function migrateSignoffs(project: Project): Promise<MigratedLine[]> {
  const out: MigratedLine[] = [];
  for (const lang of project.registry.languages) {
    if (lang.code === SOURCE_LANGUAGE || lang.derivedFrom) continue;
    const shown = historyPath(lang.code);
    const path = join(project.root, shown);
    if (!(await exists(path))) continue;
    const lines = (await readText(path, shown)).split('\n');
    const entries = parseHistory(shown, lines.join('\n'));
    let at = 0;
    for (let i = 0; i < lines.length; i++) {
      if ((lines[i] ?? '').trim() === '') continue;
      const entry = entries[at++] as SignoffEntry;
      if (entry.v !== undefined) continue;
      const moved = await migrateEntry(project, lang.code, entry);
      out.push({
        lang: lang.code,
        document: entry.document,
        line: i + 1,
        result: moved ? 'migrated' : 'unmatched',
      });
      if (moved) lines[i] = serializeEntry(moved);
    }
    if (out.some((m) => m.lang === lang.code && m.result === 'migrated'))
      await writeAtomic(path, lines.join('\n'));
  }
  return out;
}

// One first-scheme entry under the fingerprints of meaning, when it was signed for today's texts.
async function migrateEntry(
  project: Project,
  lang: string,
  entry: SignoffEntry,
): Promise<SignoffEntry | undefined> {
  const loaded = project.documents.find((d) => d.doc.id === entry.document);
  if (!loaded) return undefined;
  const now = editionNow(
    loaded.doc,
    project.resources[lang]?.[entry.document] ?? {},
    loaded.segmented.segments,
  );
  if (!signedFor(entry, now)) return undefined;
  await writeSigned(project.root, lang, entry.document, now.texts);
  return { ...entry, v: FINGERPRINT_VERSION, ...now.meaning };
}

/** What `--since-signoff` shows: the sign-off it starts from, and what changed since. */
export interface SinceSignoff {
  heading: string;
  /** The latest review or approval, when there is one. */
  signed?: SignoffEntry;
  changes: SignoffChange[];
}

/**
 * What changed in the English and the translation of one edition since its latest review
 * or approval, from the texts kept on record when it was signed.
 * @example changesSinceSignoff(project, 'hr', 'joint-declaration').changes
 */
export function changesSinceSignoff(
  project: Project,
  code: string,
  document: string,
): SinceSignoff {
  const lang = signableLanguage(project.registry, code);
  const loaded = findDocument(project, document);
  const id = `${lang.code}/${document}`;
  let signed: SignoffEntry | undefined;
  for (const e of project.signoffs[lang.code] ?? [])
    if (e.document === document && e.status !== 'draft') signed = e;
  if (!signed) return { heading: `${id}: never reviewed or approved: review it all`, changes: [] };
  const now = editionNow(
    loaded.doc,
    project.resources[lang.code]?.[document] ?? {},
    loaded.segmented.segments,
  );
  const what = `${signed.status === 'approved' ? 'approval' : 'review'} of ${signed.date} by ${signed.by}`;
  const texts = project.signed[lang.code]?.[document];
  if (!texts) {
    const state = signedFor(signed, now) ? 'still current' : 'lapsed';
    return {
      heading: `${id}: ${what} (${state}): the signed text is not on record (signed before it was kept, or ${signedPath(lang.code, document, signed)} was removed); compare with git log -p`,
      signed,
      changes: [],
    };
  }
  const changes = changesSince(texts, now.texts);
  const state = changes.length === 0 ? 'current' : 'lapsed';
  return {
    heading: `${id}: since the ${what} (${state}): ${changes.length} change${changes.length === 1 ? '' : 's'}`,
    signed,
    changes,
  };
}

/** The loaded document of an id, or a UserError with "did you mean". */
export function findDocument(project: Project, document: string): Project['documents'][number] {
  const ids = project.documents.map((d) => d.doc.id);
  const loaded = project.documents.find((d) => d.doc.id === document);
  if (loaded) return loaded;
  throw new UserError(
    `no document with the id "${document}".${didYouMean(document, ids)}`.replace(/\.$/, ''),
    `Use one of: ${ids.join(', ')}.`,
  );
}
