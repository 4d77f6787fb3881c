// launch: what `npm run build` (and the other commands) start. Runs the CLI compiled to
// plain JavaScript in .cache/cli/, compiling it first when scripts/ changed; tsx only
// when esbuild is not installed. A TypeScript runner costs about 0.3 s of CPU at every
// start, most of a no-op build. Plain JavaScript on purpose: nothing to compile here.
//   node scripts/launch.mjs build [options]      node scripts/launch.mjs --compile
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SCRIPTS = join(ROOT, 'scripts');
const CACHE = join(ROOT, '.cache', 'cli');
const STAMP = join(CACHE, 'stamp');
// Top-level entries never mirrored: the mirror itself, outputs, version control.
const SKIP = new Set(['.cache', '.git', 'dist', 'scripts']);

/** Every file under `dir`, as paths relative to it, sorted. */
function walk(dir, base = dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(path, base));
    else out.push(relative(base, path));
  }
  return out;
}

/** The hash of the pipeline's code (and of this launcher): the compiled tree is of exactly this. */
function codeStamp(files) {
  const hash = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url)));
  for (const f of files)
    hash
      .update(f)
      .update('\0')
      .update(readFileSync(join(SCRIPTS, f)))
      .update('\0');
  return hash.digest('hex');
}

// "./build.ts" → "./build.js" in static imports, re-exports and dynamic import().
const RELATIVE_TS = /((?:\bfrom|\bimport)\s*\(?\s*)(['"])(\.{1,2}\/[^'"\n]*?)\.ts\2/g;

/**
 * Compiles scripts/**\/*.ts into .cache/cli/scripts/*.js, one file each (no bundle), and
 * mirrors everything else as symbolic links: code that finds its templates, vendored
 * files or the lock file relative to import.meta.url finds them in the mirror too.
 */
async function compile(files, stamp) {
  const { build, transform } = await import('esbuild');
  const tmp = `${CACHE}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(join(tmp, 'scripts'), { recursive: true });
  for (const entry of readdirSync(ROOT))
    if (!SKIP.has(entry)) symlinkSync(join(ROOT, entry), join(tmp, entry));
  for (const f of files) {
    const to = join(tmp, 'scripts', f);
    mkdirSync(dirname(to), { recursive: true });
    if (!f.endsWith('.ts') || f.endsWith('.d.ts')) {
      symlinkSync(join(SCRIPTS, f), to);
      continue;
    }
    const source = readFileSync(join(SCRIPTS, f), 'utf8');
    // Source maps beside the code, read only under --enable-source-maps: no cost at start.
    const { code, map } = await transform(source, {
      loader: 'ts',
      format: 'esm',
      target: 'node20',
      sourcefile: join(SCRIPTS, f),
      sourcemap: 'external',
    });
    const js = to.replace(/\.ts$/, '.js');
    writeFileSync(
      js,
      `${code.replace(RELATIVE_TS, '$1$2$3.js$2')}//# sourceMappingURL=${basename(js)}.map\n`,
    );
    writeFileSync(`${js}.map`, map);
  }
  await bundle(build, tmp);
  writeFileSync(join(tmp, 'stamp'), stamp);
  // Swap in whole: a concurrent start sees the old tree or the new one, never half of one.
  const old = `${CACHE}.${process.pid}.old`;
  if (existsSync(CACHE)) renameSync(CACHE, old);
  renameSync(tmp, CACHE);
  rmSync(old, { recursive: true, force: true });
}

/**
 * Bundles the compiled tree into .cache/cli/bundle/: the CLI and its dependencies in a
 * few files, split at dynamic imports so that a no-op build still loads only the little
 * it needs. Loading ~500 modules one by one costs a build about 0.3 s of CPU, at the
 * moment Chromium starts beside it. Each module of ours keeps its own import.meta.url
 * (templates, vendored files and the registry are found beside it, in the compiled
 * tree); the dictionaries, which find their files the same way, stay outside.
 */
async function bundle(build, tmp) {
  const scripts = join(tmp, 'scripts');
  const finalPath = (p) => join(CACHE, relative(tmp, p));
  const ownUrls = {
    name: 'own-module-urls',
    setup(b) {
      b.onLoad({ filter: /\.js$/ }, (args) => {
        if (!args.path.startsWith(`${scripts}/`)) return undefined;
        const final = finalPath(args.path);
        const code = readFileSync(args.path, 'utf8')
          .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(final).href))
          .replaceAll('import.meta.dirname', JSON.stringify(dirname(final)));
        return { contents: code, loader: 'js', resolveDir: dirname(args.path) };
      });
    },
  };
  await build({
    entryPoints: [join(scripts, 'cli.js')],
    outdir: join(tmp, 'bundle'),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['dictionary-*', 'esbuild', 'tsx', 'typescript'],
    // Bundled CommonJS modules call require(): give each chunk one.
    banner: {
      js: "import { createRequire as __launchCreateRequire } from 'node:module'; const require = __launchCreateRequire(import.meta.url);",
    },
    sourcemap: 'external',
    logLevel: 'silent',
    plugins: [ownUrls],
  });
}

/** The CLI module to run: the compiled one when it is current (compiling it if need be), else the TypeScript through tsx. */
async function cliModule() {
  const files = walk(SCRIPTS);
  const stamp = codeStamp(files);
  let current = false;
  try {
    current = readFileSync(STAMP, 'utf8') === stamp;
  } catch {
    // not compiled yet
  }
  if (!current) {
    try {
      await compile(files, stamp);
      current = true;
    } catch (err) {
      if (err?.code !== 'ERR_MODULE_NOT_FOUND')
        process.stderr.write(
          `launch: could not compile scripts/ (${err?.message ?? err}); running them through tsx\n`,
        );
    }
  }
  if (current) return pathToFileURL(join(CACHE, 'bundle', 'cli.js')).href;
  const { register } = await import('tsx/esm/api');
  register();
  return pathToFileURL(join(SCRIPTS, 'cli.ts')).href;
}

const argv = process.argv.slice(2);
if (argv[0] === '--compile') {
  // npm's "prepare": compile once at install; without esbuild (no dev dependencies) the first start tries again.
  const files = walk(SCRIPTS);
  await compile(files, codeStamp(files)).catch((err) =>
    process.stderr.write(`launch: scripts/ not compiled: ${err?.message ?? err}\n`),
  );
} else {
  const { main } = await import(await cliModule());
  process.exitCode = await main(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  });
}
