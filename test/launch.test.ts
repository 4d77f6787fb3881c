// The launcher behind `npm run build`: it runs the CLI compiled to JavaScript, and
// compiles again whenever the TypeScript changed, so that an edit is never ignored.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { ROOT, fixtureProject, tempDir, type Scope } from './helpers.ts';

const run = promisify(execFile);

/** A copy of the pipeline (scripts/, package files) in a temporary folder, sharing node_modules. */
async function pipelineCopy(t: Scope): Promise<string> {
  const dir = await tempDir('launch-', t);
  await cp(join(ROOT, 'scripts'), join(dir, 'scripts'), { recursive: true });
  for (const f of ['package.json', 'package-lock.json', 'vendor'])
    await cp(join(ROOT, f), join(dir, f), { recursive: true });
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

test('the launcher runs the compiled CLI and compiles again after scripts/ changed', async (t) => {
  const pipeline = await pipelineCopy(t);
  const launch = join(pipeline, 'scripts', 'launch.mjs');
  const first = await run(process.execPath, [launch, 'build', '--help']);
  assert.match(first.stdout, /^Usage: npm run build/);
  assert.match(
    await readFile(join(pipeline, '.cache', 'cli', 'scripts', 'commands', 'build.js'), 'utf8'),
    /Usage: npm run build/,
  );
  // The build command's help text lives in its command file.
  const command = join(pipeline, 'scripts', 'commands', 'build.ts');
  const text = await readFile(command, 'utf8');
  assert.ok(
    text.includes('Usage: npm run build -- [options]'),
    'the help text is where it is edited',
  );
  await writeFile(
    command,
    text.replace('Usage: npm run build -- [options]', 'Usage: npm run build -- [options] (edited)'),
  );
  const second = await run(process.execPath, [launch, 'build', '--help']);
  assert.match(second.stdout, /^Usage: npm run build -- \[options\] \(edited\)/);
});

test('through the launcher, a second build with nothing changed is a no-op, and an edit to the pipeline is not', async (t) => {
  const pipeline = await pipelineCopy(t);
  const launch = join(pipeline, 'scripts', 'launch.mjs');
  const root = await fixtureProject(t);
  const build = () => run(process.execPath, [launch, 'build', '--lang', 'en'], { cwd: root });
  assert.match((await build()).stdout, /built 2 of 2 editions \(2 printed\)/);
  assert.match((await build()).stdout, /^nothing changed since the last build/);
  const escape = join(pipeline, 'scripts', 'stages', 'escape.ts');
  await writeFile(escape, `${await readFile(escape, 'utf8')}\nexport const EDITED = 1;\n`);
  assert.doesNotMatch((await build()).stdout, /^nothing changed/);
});
