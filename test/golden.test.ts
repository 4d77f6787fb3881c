// The fixture project built from clean gives exactly its golden outputs: the HTML of each
// edition and the text of each PDF (test/fixtures/project-golden/). A deliberate change
// of the output is recorded with `npm run test:golden:update`, and its diff reviewed.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { GOLDEN_DIR, goldenOutputs } from './golden.ts';
import { usePrinter } from './helpers.ts';

const printer = await usePrinter();
const HOW = 'if the change is intended, run npm run test:golden:update and review the diff';

test('a fresh build of the fixture project gives its golden HTML, XML and PDF text, file for file', async () => {
  const fresh = await goldenOutputs(printer);
  const stored = new Map<string, string>();
  for (const entry of await readdir(GOLDEN_DIR, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    stored.set(path.slice(GOLDEN_DIR.length + 1), await readFile(path, 'utf8'));
  }
  assert.deepEqual([...stored.keys()].sort(), [...fresh.keys()], `the golden files differ: ${HOW}`);
  // Two documents in five editions each: an HTML file, an XML file and a PDF text apiece.
  assert.equal(fresh.size, 30);
  for (const [path, text] of fresh) assert.equal(text, stored.get(path), `${path}: ${HOW}`);
});
