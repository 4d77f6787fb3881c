import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../../scripts/errors.ts';
import { parseFlatResource } from '../../scripts/stages/read-json.ts';

test('a valid flat resource gives its values and the line of each key', () => {
  const r = parseFlatResource('translations/hr/demo.json', '{\n  "a": "A",\n  "b": "B"\n}\n');
  assert.deepEqual(r.values, { a: 'A', b: 'B' });
  assert.deepEqual(r.lines, { a: 2, b: 3 });
  assert.deepEqual(r.diagnostics, []);
});

test('invalid JSON names file:line:column and what to do', () => {
  assert.throws(
    () => parseFlatResource('translations/hr/demo.json', '{\n  "a": "A",\n  "b": "B",\n}\n'),
    (err: unknown) => {
      assert.ok(err instanceof UserError);
      assert.match(err.message, /^translations\/hr\/demo\.json:4:1: not valid JSON/);
      assert.deepEqual(
        { line: err.location?.line, column: err.location?.column },
        { line: 4, column: 1 },
      );
      assert.match(err.hint, /a comma between entries, none after the last/);
      return true;
    },
  );
});

test('duplicate keys, non-string values and prototype keys are reported and ignored', () => {
  const r = parseFlatResource(
    't.json',
    '{\n  "a": "1",\n  "a": "2",\n  "n": 5,\n  "__proto__": "x",\n  "constructor": "y"\n}',
  );
  assert.deepEqual(r.values, { a: '2' });
  assert.equal(Object.getPrototypeOf(r.values), Object.prototype);
  assert.deepEqual(
    r.diagnostics.map((d) => [d.severity, d.location?.line, d.message]),
    [
      ['error', 3, 'duplicate key "a" (first on line 2); JSON keeps only the last one'],
      ['error', 4, 'the value of "n" is number, not text; it was ignored'],
      ['warning', 5, 'key "__proto__" is not allowed and was ignored'],
      ['warning', 6, 'key "constructor" is not allowed and was ignored'],
    ],
  );
});

test('a file that is not an object is refused', () => {
  assert.throws(() => parseFlatResource('t.json', '["a"]'), /must be one JSON object/);
});
