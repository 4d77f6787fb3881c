// Akoma Ntoso helpers shared by the unit and the build tests: validation with xmllint
// against the vendored OASIS schema, and the eIds of a document.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './helpers.ts';

export const AKN_XSD = join(ROOT, 'vendor', 'akoma-ntoso', 'akomantoso30.xsd');

/** xmllint --noout --schema over `files`: its exit status and what it said. */
export function validate(files: string[]): { status: number | null; output: string } {
  const r = spawnSync('xmllint', ['--noout', '--schema', AKN_XSD, ...files], {
    encoding: 'utf8',
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** The eIds of an XML document, sorted. */
export function eIdsOf(xml: string): string[] {
  return [...xml.matchAll(/\seId="([^"]*)"/g)].map((m) => m[1] ?? '').sort();
}
