// The golden outputs of the fixture project (test/fixtures/project-golden/): the HTML and
// the Akoma Ntoso XML of every edition and the text of every PDF as poppler's pdftotext
// reads it, from a fresh build of a scratch copy. `npm run test:golden:update` writes them
// (test/golden-update.ts); test/golden.test.ts compares a fresh build with them.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from '../scripts/build.ts';
import type { Printer } from '../scripts/io/browser.ts';
import { loadProject } from '../scripts/io/project.ts';
import { FIXTURE, ROOT, copyFixture } from './helpers.ts';

export const GOLDEN_DIR = join(ROOT, 'test', 'fixtures', 'project-golden');

/**
 * The text as compared: line ends made LF. Nothing else varies between builds (three
 * builds, on one browser and on two, gave the same bytes): the PDFs are dated by the
 * adoption date, not the clock, and no path of the scratch folder reaches an output.
 */
export function normalize(text: string): string {
  return text.replace(/\r\n/g, '\n');
}

/**
 * Builds every edition of a scratch copy of the fixture project with `printer` and returns
 * its golden files, path (relative to the golden folder) → text, sorted by path.
 * @example (await goldenOutputs(printer)).get('hr/cooperation-statement.pdf.txt')
 */
export async function goldenOutputs(printer: Printer): Promise<Map<string, string>> {
  const root = await mkdtemp(join(tmpdir(), 'selec-golden-'));
  try {
    await copyFixture(root);
    // Every edition, the partly translated one included (published marked, as --allow-incomplete).
    const result = await build({ root, printer, allowIncomplete: true });
    if (result.failed > 0) throw new Error(`${result.failed} editions of the fixture failed`);
    const project = await loadProject(FIXTURE);
    const out = new Map<string, string>();
    for (const lang of project.registry.codes) {
      for (const { doc } of project.documents) {
        const base = join(root, 'dist', lang, doc.id);
        out.set(`${lang}/${doc.id}.html`, normalize(await readFile(`${base}.html`, 'utf8')));
        out.set(`${lang}/${doc.id}.akn.xml`, normalize(await readFile(`${base}.akn.xml`, 'utf8')));
        out.set(
          `${lang}/${doc.id}.pdf.txt`,
          normalize(
            execFileSync('pdftotext', ['-enc', 'UTF-8', `${base}.pdf`, '-'], { encoding: 'utf8' }),
          ),
        );
      }
    }
    return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
