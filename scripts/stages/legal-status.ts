// legal-status: what an edition is in law, from data: the document's `authentic:` languages
// and the edition's sign-off. Under the Vienna Convention on the Law of Treaties (Art. 33)
// texts authenticated in several languages are equally authoritative; any other language
// version is a translation. An authentic language's edition is the *authentic text*; a
// translation whose current sign-off is an approval is an *official translation*; any other
// is a *translation*, not official. Pure: every page, file and record says the same.
import type { Registry } from '../languages.ts';
import type { SourceDocument } from './parse.ts';
import type { CurrentSignoff } from './signoff.ts';

export type LegalStatus = 'authentic' | 'official-translation' | 'translation';

/** The interface string of each status, in the edition's language. */
export const LEGAL_STATUS_UI: Record<LegalStatus, string> = {
  authentic: 'legalAuthentic',
  'official-translation': 'legalOfficial',
  translation: 'legalTranslation',
};

/** The status in English, for the download page and the manifest's readers. */
export const LEGAL_STATUS_TEXT: Record<LegalStatus, string> = {
  authentic: 'Authentic text',
  'official-translation': 'Official translation',
  translation: 'Translation, not official',
};

/**
 * schema.org's legislationLegalValue of each status: an authentic text has
 * AuthoritativeLegalValue (the text the law is; its sealed PDF, whose integrity and origin
 * a reader can verify, is DefinitiveLegalValue: SEALED_VALUE); an approved translation is
 * OfficialLegalValue (published by the organisation, not authoritative); any other
 * translation UnofficialLegalValue.
 */
export const LEGAL_VALUE: Record<LegalStatus, string> = {
  authentic: 'https://schema.org/AuthoritativeLegalValue',
  'official-translation': 'https://schema.org/OfficialLegalValue',
  translation: 'https://schema.org/UnofficialLegalValue',
};

/** The legal value of an authentic text's sealed PDF (schema.org: "e.g. the digitally signed version of an Official Journal"). */
export const SEALED_VALUE = 'https://schema.org/DefinitiveLegalValue';

/**
 * The legal status of `lang`'s edition of `doc`.
 * @example legalStatusOf(doc, 'hr', signoff) // 'official-translation' when hr's approval is current
 */
export function legalStatusOf(
  doc: Pick<SourceDocument, 'meta'>,
  lang: string,
  signoff: Pick<CurrentSignoff, 'effective'> | undefined,
): LegalStatus {
  if (doc.meta.authentic.includes(lang)) return 'authentic';
  return signoff?.effective === 'approved' ? 'official-translation' : 'translation';
}

/** Whether a document says only the English text is authentic (the wording most notices carry). */
export function englishOnly(doc: Pick<SourceDocument, 'meta'>): boolean {
  return doc.meta.authentic.length === 1 && doc.meta.authentic[0] === 'en';
}

/** The native names of the authentic languages, for "Authentic texts: English, français.". */
export function authenticNames(doc: Pick<SourceDocument, 'meta'>, registry: Registry): string {
  return doc.meta.authentic.map((c) => registry.find(c)?.nativeName ?? c).join(', ');
}
