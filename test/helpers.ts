// Shared helpers of the tests: small in-memory documents and a temporary project.
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument, type SourceDocument } from '../scripts/stages/parse.ts';
import { segmentDocument, type Segmented } from '../scripts/stages/segment.ts';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export const FRONT = `---
id: demo
title: Demo Declaration
place: Bucharest
date: 2019-10-31
issuer: Test Issuer
---
`;

export function doc(body: string, front = FRONT): { doc: SourceDocument; segmented: Segmented } {
  const d = parseDocument('source/demo.md', front + body);
  return { doc: d, segmented: segmentDocument(d) };
}

/** A copy of the project's source/ and translations/ in a temporary folder. */
export async function tempProject(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'selec-'));
  await cp(join(ROOT, 'source'), join(dir, 'source'), { recursive: true });
  await cp(join(ROOT, 'translations'), join(dir, 'translations'), { recursive: true });
  return dir;
}
