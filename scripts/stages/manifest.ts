// manifest: the distribution record of the editions and the SHA256SUMS that
// `sha256sum -c` verifies.
import type { LegalStatus } from './legal-status.ts';
import type { ReviewSummary } from './signoff.ts';
import type { ManifestVersion } from './versions.ts';
import type { SealRecord } from './seal-record.ts';

export type { SealRecord };

export interface ManifestEdition {
  lang: string;
  document: string;
  html: string;
  pdf: string;
  bytes: number;
  sha256: string;
  pages: number;
  /** The Akoma Ntoso XML edition (dist/<lang>/<document>.akn.xml) and its sha256, when built. */
  xml?: string;
  xmlSha256?: string;
  /** What readers are shown: original, draft, or a current reviewed/approved sign-off. */
  status: string;
  /** Percent of segments translated and up to date. */
  percent?: number;
  /** The latest sign-off and whether it is current; absent for the English original. */
  review?: ReviewSummary;
  /** Hash of everything the PDF was printed from: unchanged key, unchanged PDF. */
  key: string;
  /** What the edition is in law: authentic, official-translation or translation. */
  legalStatus?: LegalStatus;
  /** Its released versions, oldest first, each kept at its own address (absent: never released). */
  versions?: ManifestVersion[];
  /** The PDF's seal, when the build sealed it (npm run build -- --seal). */
  seal?: SealRecord;
}

/** An edition not published by the last build: in preparation (the policy), or kept back by an error. */
export interface WithheldEdition {
  lang: string;
  document: string;
  kind: 'error' | 'policy';
  reasons: string[];
  percent: number;
}

export interface Manifest {
  producer: string;
  editions: ManifestEdition[];
  /** Editions the last build did not publish, and why (absent when every edition was). */
  withheld?: WithheldEdition[];
}

/** Lines of `sha256sum` format, one per PDF and one per XML edition, paths relative to dist/. */
export function sha256Sums(editions: ManifestEdition[]): string {
  return editions
    .map(
      (e) => `${e.sha256}  ${e.pdf}\n` + (e.xml && e.xmlSha256 ? `${e.xmlSha256}  ${e.xml}\n` : ''),
    )
    .join('');
}
