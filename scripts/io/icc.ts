// icc: the sRGB ICC profile of the PDFs' output intent, vendored with its licence.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const ICC_PATH = join(import.meta.dirname, '..', '..', 'vendor', 'icc', 'sRGB.icc');

let cached: Promise<Uint8Array> | undefined;

/** The profile's bytes, read once. */
export function readIcc(): Promise<Uint8Array> {
  cached ??= readFile(ICC_PATH).then((b) => new Uint8Array(b));
  return cached;
}
