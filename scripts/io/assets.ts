// assets: the stylesheet and the self-hosted fonts every edition links to, copied
// from the project and from @fontsource into dist/assets/.
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeIfChanged } from './files.ts';
import { SCRIPT_FONTS, scriptName, type Script } from '../writing-systems.ts';

const require = createRequire(import.meta.url);
export const TEMPLATES = join(dirname(fileURLToPath(import.meta.url)), '..', 'templates');

const FAMILIES = ['noto-serif', 'noto-sans'] as const;
const SUBSETS = ['latin', 'latin-ext', 'cyrillic', 'cyrillic-ext', 'greek'] as const;
const FACES = ['400', '400-italic', '700', '700-italic'] as const;

export interface Asset {
  /** Path under dist/assets/. */
  name: string;
  content: string | Uint8Array;
}

/**
 * The assets of the editions, read once: the fonts, the fonts.css that declares them, the
 * stylesheets. `scripts` (the registry's) add the fonts of the scripts Noto Serif and Noto
 * Sans lack, and only those: a registry of Latin, Cyrillic and Greek gets the same files.
 */
export async function listAssets(scripts: readonly Script[] = []): Promise<Asset[]> {
  const assets: Asset[] = [];
  let css =
    '/* Generated from @fontsource: Noto Serif and Noto Sans, Latin, Latin Extended, Cyrillic, Greek. */\n';
  for (const family of FAMILIES) {
    const pkg = dirname(require.resolve(`@fontsource/${family}/package.json`));
    for (const subset of SUBSETS) {
      for (const face of FACES) {
        const source = await readFile(join(pkg, `${subset}-${face}.css`), 'utf8');
        // Keep only the woff2 source and point it at our own folder. font-display stays
        // swap for people reading the page on screen; printing still waits, because font loads
        // started by the first layout delay the load event that the printer waits for.
        css += source.replace(
          /url\(\.\/files\/([^)]+\.woff2)\) format\('woff2'\)(, url\([^)]+\) format\('woff'\))?/g,
          "url(./fonts/$1) format('woff2')",
        );
        const file = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(source)?.[1];
        if (file)
          assets.push({ name: `fonts/${file}`, content: await readFile(join(pkg, 'files', file)) });
      }
    }
  }
  for (const script of [...new Set(scripts)].sort()) {
    const fonts = SCRIPT_FONTS[script];
    if (fonts === undefined) continue;
    css += `/* ${scriptName(script)}: @fontsource/${fonts.serif} as Noto Serif and @fontsource/${fonts.sans} as Noto Sans, within their unicode-range (SIL Open Font License 1.1). */\n`;
    css += await scriptFaces(fonts.serif, fonts.subset, 'Noto Serif', assets);
    css += await scriptFaces(fonts.sans, fonts.subset, 'Noto Sans', assets);
  }
  assets.push({ name: 'fonts.css', content: css });
  for (const name of ['edition.css', 'pages.css'])
    assets.push({ name, content: await readFile(join(TEMPLATES, name), 'utf8') });
  return assets;
}

/**
 * The @font-face rules of one script's package under the family every stylesheet names
 * (`family`), limited to the script's letters: the stacks need no change and never reach a
 * font of the build machine. The upright faces also serve italic (these scripts have no
 * italic of their own), so emphasis does not fall back either.
 */
async function scriptFaces(
  name: string,
  subset: string,
  family: string,
  assets: Asset[],
): Promise<string> {
  const pkg = dirname(require.resolve(`@fontsource/${name}/package.json`));
  const ranges = JSON.parse(await readFile(join(pkg, 'unicode.json'), 'utf8')) as Record<
    string,
    string
  >;
  const range = ranges[subset];
  if (range === undefined) throw new Error(`internal: @fontsource/${name} has no ${subset}`);
  let css = '';
  for (const weight of ['400', '700']) {
    const file = `${name}-${subset}-${weight}-normal.woff2`;
    assets.push({ name: `fonts/${file}`, content: await readFile(join(pkg, 'files', file)) });
    for (const style of ['normal', 'italic'])
      css += `@font-face {\n  font-family: '${family}';\n  font-style: ${style};\n  font-display: swap;\n  font-weight: ${weight};\n  src: url(./fonts/${file}) format('woff2');\n  unicode-range: ${range};\n}\n`;
  }
  return css;
}

/** Copies the assets into `dir` (dist/assets), leaving unchanged files alone. */
export async function writeAssets(dir: string, assets: Asset[]): Promise<void> {
  await mkdir(join(dir, 'fonts'), { recursive: true });
  for (const a of assets) await writeIfChanged(join(dir, a.name), a.content);
}
