// manifest: the distribution record of the editions and the SHA256SUMS that
// `sha256sum -c` verifies.

export interface ManifestEdition {
  lang: string;
  document: string;
  html: string;
  pdf: string;
  bytes: number;
  sha256: string;
  pages: number;
  status: string;
  /** Hash of everything the PDF was printed from: unchanged key, unchanged PDF. */
  key: string;
}

export interface Manifest {
  producer: string;
  editions: ManifestEdition[];
}

/** Lines of `sha256sum` format, one per PDF, paths relative to dist/. */
export function sha256Sums(editions: ManifestEdition[]): string {
  return editions.map((e) => `${e.sha256}  ${e.pdf}\n`).join('');
}
