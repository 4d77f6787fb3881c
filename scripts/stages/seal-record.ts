// seal-record: what the manifest and the ledger record of a PDF's seal.

/** What the manifest records of a PDF's seal. */
export interface SealRecord {
  /** The seal certificate's subject (common name). */
  signer: string;
  /** The signing time written in the PDF (/M), ISO 8601; the time-stamp's when there is one. */
  time: string;
  /** SHA-256 (hex) of the bytes the seal covers: the CMS messageDigest. */
  digest: string;
  /** PAdES level: B-B, or B-T with a signature time-stamp. */
  level: 'B-B' | 'B-T';
}
