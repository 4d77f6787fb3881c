// io/registry.ts: the registry is read from the project's root, so a project (or a test's
// scratch copy) is built with its own languages.
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { UserError } from '../../scripts/errors.ts';
import { readRegistry } from '../../scripts/io/registry.ts';
import { FIXTURE, ROOT, fixtureProject, tempDir } from '../helpers.ts';

test("readRegistry: the languages of the root it is given, in the file's order, with lookups", () => {
  const fixture = readRegistry(FIXTURE);
  assert.deepEqual(fixture.codes, ['en', 'hr', 'sr-Cyrl', 'sr-Latn', 'el']);
  assert.equal(fixture.get('sr-Latn').derivedFrom?.code, 'sr-Cyrl');
  assert.equal(fixture.find('el')?.nativeName, 'Ελληνικά');
  assert.equal(fixture.find('tr'), undefined);
  assert.throws(() => fixture.get('tr'), /internal: language tr is not in the registry/);
  // The real project's registry is another one: nothing is shared between roots.
  const real = readRegistry(ROOT);
  assert.ok(real.codes.includes('tr') && real.codes.length > fixture.codes.length);
  assert.equal(real.codes[0], 'en');
});

test('readRegistry: an edited registry is read as it is now, a language removed or moved', async (t) => {
  const root = await fixtureProject(t);
  const file = join(root, 'translations', 'languages.json');
  const data = JSON.parse(await readFile(file, 'utf8')) as { languages: Array<{ code: string }> };
  const [en, , cyrl, latn, el] = data.languages;
  data.languages = [en, el, cyrl, latn].flatMap((l) => (l ? [l] : []));
  await writeFile(file, JSON.stringify(data, null, 2));
  assert.deepEqual(readRegistry(root).codes, ['en', 'el', 'sr-Cyrl', 'sr-Latn']);
  // A derived language must follow the language it is made from.
  data.languages = [en, el, latn, cyrl].flatMap((l) => (l ? [l] : []));
  await writeFile(file, JSON.stringify(data, null, 2));
  assert.throws(
    () => readRegistry(root),
    /^UserError: translations\/languages\.json:\d+: languages\[2\] \(sr-Latn\): "derivedFrom" must name a stored language listed above it, not "sr-Cyrl"$/,
  );
});

test('readRegistry: a missing registry is a UserError naming the file and what to do', async (t) => {
  const empty = await tempDir('registry-', t);
  assert.throws(
    () => readRegistry(empty),
    (err: unknown) => {
      assert.ok(err instanceof UserError);
      assert.equal(err.message, 'cannot read translations/languages.json: ENOENT');
      assert.match(err.hint, /^Run the command from the project folder/);
      assert.deepEqual(err.location, { file: 'translations/languages.json' });
      return true;
    },
  );
  const root = await fixtureProject(t);
  await rm(join(root, 'translations', 'languages.json'));
  await writeFile(join(root, 'translations', 'languages.json'), '{"languages": [}');
  assert.throws(
    () => readRegistry(root),
    (err: unknown) => err instanceof UserError && /translations\/languages\.json/.test(err.message),
  );
});
