// npm run test:golden:update: rebuilds the fixture project and writes its golden outputs
// (test/fixtures/project-golden/) anew. Review the diff before committing it.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { Printer } from '../scripts/io/browser.ts';
import { GOLDEN_DIR, goldenOutputs } from './golden.ts';

const printer = new Printer();
try {
  const outputs = await goldenOutputs(printer);
  await rm(GOLDEN_DIR, { recursive: true, force: true });
  for (const [path, text] of outputs) {
    await mkdir(dirname(join(GOLDEN_DIR, path)), { recursive: true });
    await writeFile(join(GOLDEN_DIR, path), text);
  }
  console.log(`wrote ${outputs.size} golden files to ${relative(process.cwd(), GOLDEN_DIR)}/`);
} finally {
  await printer.close();
}
