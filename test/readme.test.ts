// The README as a script: every command line it shows runs as documented in a scratch
// copy, and its "Adding a document" and "Adding a language" steps, followed literally,
// keep the content-dependent tests green. The README is parsed, never copied here: a
// line added to it later is run too.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, runCli, scratchRepo, tempDir } from './helpers.ts';
import { makeSealKey, PASSPHRASE } from './seal-keys.ts';

const README = await readFile(join(ROOT, 'README.md'), 'utf8');
const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};
// Set-up, the test suite, the benchmarks and the dev server (it serves until stopped;
// test/dev.test.ts drives it) are not run from inside a test.
const SKIP = new Set([
  'setup',
  'test',
  'bench',
  'bench:dev',
  'bench:finalize',
  'typecheck',
  'lint',
  'dev',
]);

/** Fenced code blocks of a Markdown text, with their info string. */
function codeBlocks(md: string): Array<{ info: string; body: string }> {
  return [...md.matchAll(/^ *```([^\n]*)\n([\s\S]*?)^ *```/gm)].map((m) => ({
    info: (m[1] ?? '').trim(),
    body: (m[2] ?? '').replace(/^ {3}/gm, ''),
  }));
}

/** Command lines: `npm run …` / `npm test` lines of the blocks, comments removed. */
export function commandLines(md: string): string[] {
  return codeBlocks(md)
    .flatMap((b) => b.body.split('\n'))
    .map((l) => l.replace(/\s+#\s.*$/, '').trim())
    .filter((l) => /^npm (run|test)\b/.test(l));
}

/** The script a line runs: `npm run build …` → build. */
const scriptOf = (line: string): string =>
  /^npm test\b/.test(line) ? 'test' : (/^npm run ([\w-]+)/.exec(line)?.[1] ?? '');

/**
 * Concrete argument lists of a documented line: without its [optional] parts, with all
 * of them, and (except for build, where each would print every edition again) with each
 * one alone. Placeholders become real names of the project; `a|b` alternatives take the
 * first; a part that needs something outside the project (a browser URL) is left out.
 */
function forms(line: string, names: Record<string, string>): string[][] {
  const script = scriptOf(line);
  const rest = line.replace(/^npm run [\w-]+/, '');
  const groups = [...rest.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1] ?? '');
  const bare = rest.replace(/\[[^\]]*\]/g, ' ');
  const runnable = groups.filter((g) => !/\burl\b/.test(g));
  const variants = [
    bare,
    `${bare} ${runnable.join(' ')}`,
    ...(script === 'build' ? [] : runnable.map((g) => `${bare} ${g}`)),
  ];
  return [...new Set(variants)].map((v) => [script, ...tokens(v, names)]);
}

function tokens(text: string, names: Record<string, string>): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/"([^"]*)"|(\S+)/g)) {
    let t = m[1] ?? m[2] ?? '';
    if (t === '--') continue; // npm's separator
    for (const [k, v] of Object.entries(names)) t = t.split(k).join(v);
    if (/\|/.test(t) && !t.includes(' ')) t = t.split('|')[0] ?? t;
    out.push(t);
  }
  return out;
}

test('every npm script the README names exists in package.json', () => {
  const lines = commandLines(README);
  assert.ok(lines.length > 5, 'the README shows command lines');
  for (const line of lines)
    assert.ok(
      pkg.scripts[scriptOf(line)] !== undefined || scriptOf(line) === 'test',
      `${line}: no such npm script`,
    );
});

test(
  'every command line in the README runs as documented (scratch copy)',
  { timeout: 1_800_000 },
  async (t) => {
    const dir = await scratchRepo(t);
    const seal = await makeSealKey(await tempDir('readme-seal-', t));
    const { loadProject } = await import('../scripts/io/project.ts');
    const { SOURCE_LANGUAGE } = await import('../scripts/languages.ts');
    const project = await loadProject(dir);
    const LANGUAGES = project.registry.languages;
    const first = project.documents[0];
    assert.ok(first);
    const stored = LANGUAGES.find((l) => l.code !== SOURCE_LANGUAGE && !l.derivedFrom)?.code ?? '';
    const names: Record<string, string> = {
      '<code>': stored,
      '<lang>': stored,
      '<document-id>': first.doc.id,
      '<key>': first.segmented.segments[0]?.key ?? '',
      '<English name>': 'Test Language',
      '<native name>': 'Test Language',
      '<file>': 'file.xlf',
      // The seal lines run with a throwaway seal made here (no key is committed).
      '<file.p12>': seal.p12,
      'publisher.pem': seal.cert,
      '<folder>': 'dist',
    };
    const ran: string[] = [];
    for (const line of commandLines(README)) {
      if (SKIP.has(scriptOf(line))) continue;
      for (const argv of forms(line, names)) {
        // add-language changes the registry: its own test below follows it to the end.
        if (argv[0] === 'add-language') continue;
        if (argv.includes('dir')) argv[argv.indexOf('dir')] = 'readme-out';
        if (argv.includes('n')) argv[argv.indexOf('n')] = '1';
        const r = await runCli(dir, argv, { SELEC_SEAL_PASSPHRASE: PASSPHRASE });
        const shown = `npm run ${argv.join(' ')}\n${r.out}${r.err}`;
        ran.push(argv.join(' '));
        assert.ok(!/internal error/.test(r.err), `crashed: ${shown}`);
        // Documented exit codes: a documented form is never bad input (2); 1 only where the README allows it.
        const mayFail =
          argv.includes('--strict') || argv.includes('--fail-under') || argv[0] === 'check';
        // --index-only without --allow-partial refuses a set whose shards are not all there, as documented.
        const refusedPartial =
          argv.includes('--index-only') &&
          !argv.includes('--allow-partial') &&
          r.code === 2 &&
          /shard manifests? missing/.test(r.err);
        // A version is released once, as documented: the line's first form releases it, a
        // second form of the same line is refused for that reason and no other.
        const releasedOnce =
          argv[0] === 'release' &&
          r.code === 1 &&
          /is already released/.test(r.err) &&
          ran.filter((a) => a.startsWith('release ')).length > 1;
        assert.ok(
          r.code === 0 || (mayFail && r.code === 1) || refusedPartial || releasedOnce,
          `exit ${r.code}: ${shown}`,
        );
        if (r.code === 1 && argv.includes('--strict')) {
          if (argv.includes('json'))
            assert.ok(
              ((JSON.parse(r.out) as { strict?: string[] }).strict ?? []).length > 0,
              `--strict gives no reason: ${shown}`,
            );
          else assert.match(r.err, /^--strict: failing on \d+ findings?:/m, shown);
        }
      }
    }
    assert.ok(
      ran.some((a) => a.startsWith('mark ') && a.includes('--key') && !a.includes('--document')),
      'the "mark --key" form without --document was run',
    );
  },
);

/** Runs test files of the scratch copy there: they read its registry and source/. */
async function runTests(
  dir: string,
  files: string[],
): Promise<{ code: number | null; out: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=1', ...files],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  return { code, out };
}

test(
  'the README\'s "Adding a document" and "Adding a language" steps, followed literally, keep the tests green',
  { timeout: 1_800_000 },
  async (t) => {
    const dir = await scratchRepo(t);
    // Adding a document: the Markdown block of that section, as source/<document-id>.md.
    const docSection = README.slice(
      README.indexOf('## Adding a document'),
      README.indexOf('\n## ', README.indexOf('## Adding a document') + 5),
    );
    const markdown = codeBlocks(docSection).find((b) => b.info === 'markdown');
    assert.ok(markdown, 'the section shows the document');
    const id = /^id: (.+)$/m.exec(markdown.body)?.[1]?.trim() ?? '';
    await writeFile(join(dir, 'source', `${id}.md`), markdown.body);
    // Adding a language: the command lines of that section, as written.
    const langSection = README.slice(
      README.indexOf('## Adding a language'),
      README.indexOf('\n## ', README.indexOf('## Adding a language') + 5),
    );
    // The steps' command lines: in code blocks and in the text, in reading order.
    const steps = [...langSection.matchAll(/```[^\n]*\n([\s\S]*?)```|`(npm run [^`]+)`/g)].flatMap(
      (m) => (m[2] !== undefined ? [m[2]] : commandLines(m[0])),
    );
    assert.ok(
      steps.some((l) => scriptOf(l) === 'add-language'),
      'the section shows add-language',
    );
    let code = '';
    for (const line of steps) {
      const argv = tokens(line.replace(/^npm run /, ''), {});
      if (argv.some((a) => a.startsWith('<'))) continue; // a placeholder for a file the translator sends back
      if (argv[0] === 'build') continue; // the build is run by the tests below
      const r = await runCli(dir, argv);
      if (argv[0] === 'add-language') {
        assert.equal(r.code, 0, r.err);
        code = argv[1] ?? '';
        assert.match(r.out, /Next:/);
      } else if (argv[0] === 'check') {
        // add-language then check lists exactly the untranslated interface strings.
        const english = Object.keys(
          JSON.parse(await readFile(join(dir, 'translations', 'en', 'ui.json'), 'utf8')) as object,
        );
        const listed = [...r.out.matchAll(/^warning: \S+ \[(\S+)\] ui#(\S+) ui-untranslated:/gm)]
          .filter((m) => m[1] === code)
          .map((m) => m[2]);
        assert.deepEqual(listed, english, r.out);
        assert.equal(r.code, 0, r.out);
      } else assert.equal(r.code, 0, `${line}\n${r.out}${r.err}`);
    }
    assert.ok(code, 'a language was added');
    // The tests about the project's own content, run in the scratch copy against its new
    // content (the mechanics are tested on the fixture project, which these steps do not touch).
    const result = await runTests(dir, ['test/unit/translations.test.ts']);
    assert.equal(
      result.code,
      0,
      result.out
        .split('\n')
        .filter((l) => /^not ok|^\s+(error|expected|actual|\+|-)/.test(l))
        .join('\n'),
    );
  },
);
