// The shape of the code, as a newcomer reads it: no function longer than a screen, few
// long lines. Functions are measured with TypeScript's own parser on the formatted code;
// the dev server's browser script (scripts/serve/client.js) is one page script and exempt.
//   node --import tsx --test test/unit/code-shape.test.ts     prints the figures
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { ROOT } from '../helpers.ts';

const MAX_FUNCTION_LINES = 60;
const LONG_LINE = 110;
const EXEMPT = new Set(['scripts/serve/client.js']);

/** The code files of the repository, as git lists them. */
function codeFiles(): string[] {
  return execFileSync('git', ['ls-files', 'scripts', 'test'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((f) => /\.(ts|mjs|js)$/.test(f) && !f.startsWith('test/fixtures/'));
}

/** Every function (declaration, method, arrow, expression) longer than `limit` lines. */
export function longFunctions(file: string, text: string, limit: number): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const last = source.getLineAndCharacterOfPosition(node.end).line;
      if (last - first + 1 > limit) out.push(`${file}:${first + 1} (${last - first + 1} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

test(`no function is longer than ${MAX_FUNCTION_LINES} lines`, () => {
  const long = codeFiles()
    .filter((f) => !EXEMPT.has(f) && f.startsWith('scripts/'))
    .flatMap((f) => longFunctions(f, readFileSync(join(ROOT, f), 'utf8'), MAX_FUNCTION_LINES));
  assert.deepEqual(long, [], 'split these into named steps');
});

test(`under 2 % of the lines are longer than ${LONG_LINE} characters`, () => {
  let lines = 0;
  let long = 0;
  for (const f of codeFiles()) {
    const text = readFileSync(join(ROOT, f), 'utf8').split('\n');
    lines += text.length;
    long += text.filter((l) => l.length > LONG_LINE).length;
  }
  const share = (long / lines) * 100;
  console.log(`# ${long} of ${lines} lines over ${LONG_LINE} characters (${share.toFixed(2)} %)`);
  assert.ok(share < 2, `${share.toFixed(2)} % of the lines are over ${LONG_LINE} characters`);
});

test('the measure can fail: a long function is found', () => {
  const body = Array.from({ length: 70 }, (_, i) => `  const x${i} = ${i};`).join('\n');
  assert.equal(longFunctions('x.ts', `function f() {\n${body}\n}\n`, 60).length, 1);
  assert.equal(longFunctions('x.ts', 'const g = () => 1;\n', 60).length, 0);
});
