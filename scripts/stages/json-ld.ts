// json-ld: the machine-readable description of an edition, embedded in its <head>:
// schema.org's Legislation (derived from ELI) with the identifiers of the work and of this
// language's expression, the legal value its status gives, and the link between a
// translation and the authentic text (translationOfWork / workTranslation).
import type { Registry } from '../languages.ts';
import { identifiersOf, DEFAULT_ELI_TEMPLATE } from './identifiers.ts';
import { LEGAL_VALUE, SEALED_VALUE, type LegalStatus } from './legal-status.ts';
import type { SourceDocument } from './parse.ts';

export interface JsonLdInput {
  doc: Pick<SourceDocument, 'id' | 'meta'>;
  lang: string;
  registry: Registry;
  /** The title and issuer in the edition's language. */
  title: string;
  issuer: string;
  legal: LegalStatus;
  baseUrl?: string;
  template?: string;
  /** The PDF is sealed: an authentic text's PDF is then DefinitiveLegalValue. */
  sealed?: boolean;
}

/** The JSON-LD object of one edition. */
export function editionJsonLd(input: JsonLdInput): Record<string, unknown> {
  const { doc, lang, legal } = input;
  const ids = identifiersOf(doc, input.template ?? DEFAULT_ELI_TEMPLATE, input.baseUrl);
  const authentic = doc.meta.authentic.filter((c) => input.registry.find(c));
  const others = input.registry.languages
    .map((l) => l.code)
    .filter((c) => c !== lang && !authentic.includes(c));
  const data: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'Legislation',
    '@id': ids.expression(lang),
    legislationIdentifier: ids.work,
    name: input.title,
    inLanguage: lang,
    legislationDate: doc.meta.date,
    legislationType: doc.meta.type,
    legislationLegalValue: LEGAL_VALUE[legal],
    legislationPassedBy: { '@type': 'Organization', name: input.issuer },
    encoding: (['html', 'pdf'] as const).map((f) => ({
      '@type': 'LegislationObject',
      '@id': ids.manifestation(lang, f),
      encodingFormat: f === 'html' ? 'text/html' : 'application/pdf',
      legislationLegalValue:
        f === 'pdf' && input.sealed && legal === 'authentic' ? SEALED_VALUE : LEGAL_VALUE[legal],
    })),
  };
  if (legal === 'authentic') {
    if (others.length > 0)
      data['workTranslation'] = others.map((c) => ({ '@id': ids.expression(c) }));
  } else if (authentic.length > 0) {
    data['translationOfWork'] = { '@id': ids.expression(authentic[0] as string) };
  }
  return data;
}

/** The <script type="application/ld+json"> element: a data block, never run; "<" escaped. */
export function jsonLdElement(data: Record<string, unknown>): string {
  const json = JSON.stringify(data, null, 1).replace(/</g, '\\u003c');
  return `<script type="application/ld+json">\n${json}\n</script>`;
}
