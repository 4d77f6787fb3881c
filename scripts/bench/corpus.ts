// corpus: scratch copies of the project for the bench: source/ and translations/ as they
// are, or each document copied N times under new ids with its translations, and a
// package.json whose `build` is this project's own, pointed at this checkout.
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Rewrites a package script so that it runs this checkout's files from another folder. */
export function absoluteScript(script: string, root: string): string {
  return script
    .replace(/(^|\s)scripts\//g, `$1${root}/scripts/`)
    .replace(
      /--import tsx\b/g,
      `--import ${join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')}`,
    );
}

/** The `id:` of a document's front matter. */
function documentId(markdown: string, file: string): string {
  const id = /^id:\s*(\S+)\s*$/m.exec(markdown)?.[1];
  if (!id) throw new Error(`${file}: no "id:" line in the front matter`);
  return id;
}

/**
 * A scratch project in a temporary folder. With `copies` > 1, every document of
 * source/ becomes `copies` documents (`<id>-<k>`), each with the translations and
 * translation records of the original: real text, so real page counts and fonts.
 */
export async function scratchProject(
  root: string,
  copies: number,
): Promise<{ dir: string; documents: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'selec-bench-'));
  await cp(join(root, 'source'), join(dir, 'source'), { recursive: true });
  await cp(join(root, 'translations'), join(dir, 'translations'), { recursive: true });
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const build = pkg.scripts['build'];
  if (!build) throw new Error('package.json has no "build" script');
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'selec-bench',
      private: true,
      type: 'module',
      scripts: { build: absoluteScript(build, root) },
    }),
  );
  const sources = (await readdir(join(dir, 'source'))).filter((f) => f.endsWith('.md'));
  if (copies <= 1) return { dir, documents: sources.length };
  const langs = await readdir(join(dir, 'translations'), { withFileTypes: true });
  for (const file of sources) {
    const text = await readFile(join(dir, 'source', file), 'utf8');
    const id = documentId(text, file);
    await rm(join(dir, 'source', file));
    for (let k = 1; k <= copies; k++) {
      const copy = `${id}-${k}`;
      await writeFile(
        join(dir, 'source', `${copy}.md`),
        text.replace(/^id:\s*\S+\s*$/m, `id: ${copy}`),
      );
    }
    for (const lang of langs.filter((d) => d.isDirectory())) {
      for (const suffix of ['.json', '.source.json']) {
        const from = join(dir, 'translations', lang.name, `${id}${suffix}`);
        const content = await readFile(from).catch(() => undefined);
        if (content === undefined) continue;
        await rm(from);
        for (let k = 1; k <= copies; k++)
          await writeFile(join(dir, 'translations', lang.name, `${id}-${k}${suffix}`), content);
      }
    }
  }
  return { dir, documents: sources.length * copies };
}

/** The edition HTML files of a built dist/, sorted: what the bare loop prints. */
export async function editionFiles(dist: string): Promise<string[]> {
  const files: string[] = [];
  for (const d of await readdir(dist, { withFileTypes: true })) {
    if (!d.isDirectory() || ['assets', 'coverage', 'review', 'shards'].includes(d.name)) continue;
    for (const f of await readdir(join(dist, d.name)))
      if (f.endsWith('.html')) files.push(join(dist, d.name, f));
  }
  return files.sort();
}
