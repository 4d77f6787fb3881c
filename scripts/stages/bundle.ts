// bundle: every PDF edition in one zip, with fixed dates and a fixed order, so that
// the same PDFs always give the same archive bytes.
import { zipSync, type Zippable } from 'fflate';

/**
 * @example bundleZip([{ name: 'en/joint-declaration.pdf', bytes }], new Date('2019-10-31'))
 */
export function bundleZip(
  files: Array<{ name: string; bytes: Uint8Array }>,
  date: Date,
): Uint8Array {
  const entries: Zippable = {};
  for (const f of [...files].sort((a, b) => a.name.localeCompare(b.name))) {
    // PDFs are already compressed; storing them keeps the zip fast and just as small.
    entries[f.name] = [f.bytes, { level: 0, mtime: date }];
  }
  return zipSync(entries, { level: 0, mtime: date });
}
