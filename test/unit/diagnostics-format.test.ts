// stages/diagnostics.ts: one finding or user error, as the terminal, --format json and
// the dev server show it. The location is a field; the text never has to be parsed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError, type Diagnostic } from '../../scripts/errors.ts';
import {
  diagnosticJson,
  formatDiagnostic,
  formatUserError,
  userErrorJson,
} from '../../scripts/stages/diagnostics.ts';

const located: Diagnostic = {
  severity: 'warning',
  rule: 'orphaned',
  message: 'key "x" matches no segment',
  location: { file: 'translations/hr/doc.json', line: 4, column: 3 },
  lang: 'hr',
  key: 'x',
  hint: 'Remove it.',
};

test('formatDiagnostic: severity, file:line:column, [lang], message; each part only when known', () => {
  assert.equal(
    formatDiagnostic(located),
    'warning: translations/hr/doc.json:4:3: [hr] key "x" matches no segment',
  );
  assert.equal(formatDiagnostic({ severity: 'error', message: 'm' }), 'error: m');
  assert.equal(
    formatDiagnostic({ severity: 'error', message: 'm', location: { file: 'f', column: 7 } }),
    'error: f: m',
    'a column without a line is not shown',
  );
  assert.equal(
    formatDiagnostic({ severity: 'warning', message: 'm', location: { file: 'f', line: 2 } }),
    'warning: f:2: m',
  );
});

test('diagnosticJson: every field that is set, "unclassified" when no rule is', () => {
  assert.deepEqual(diagnosticJson(located), {
    severity: 'warning',
    rule: 'orphaned',
    message: 'key "x" matches no segment',
    file: 'translations/hr/doc.json',
    line: 4,
    column: 3,
    lang: 'hr',
    key: 'x',
    hint: 'Remove it.',
  });
  assert.deepEqual(diagnosticJson({ severity: 'error', message: 'm' }), {
    severity: 'error',
    rule: 'unclassified',
    message: 'm',
  });
});

test('formatUserError: the located reason, then the hint indented; a sentence about its file keeps its words', () => {
  assert.equal(
    formatUserError(new UserError('no documents', 'Add one.')),
    'error: no documents\n  Add one.\n',
  );
  // The reason never carries its place: the location fields are put in front of it.
  const yaml = new UserError('the YAML is malformed', 'Fix it.', {
    file: 'source/a.md',
    line: 3,
    column: 9,
  });
  assert.equal(formatUserError(yaml), 'error: source/a.md:3:9: the YAML is malformed\n  Fix it.\n');
  assert.equal(yaml.reason, 'the YAML is malformed');
  assert.equal(yaml.message, 'source/a.md:3:9: the YAML is malformed');
  // A sentence whose subject is the file names it itself; the location is still a field.
  const gone = new UserError(
    'translations/en/ui.json is missing',
    'Restore it.',
    { file: 'translations/en/ui.json' },
    { namesFile: true },
  );
  assert.equal(formatUserError(gone), 'error: translations/en/ui.json is missing\n  Restore it.\n');
  assert.equal(gone.diagnostic.location?.file, 'translations/en/ui.json');
});

test('userErrorJson: the dev server answer, with the location as fields', () => {
  assert.deepEqual(
    userErrorJson(new UserError('bad', 'Fix.', { file: 'translations/hr/a.json', line: 2 })),
    { error: 'bad', hint: 'Fix.', file: 'translations/hr/a.json', line: 2 },
  );
  assert.deepEqual(userErrorJson(new UserError('bad', 'Fix.')), { error: 'bad', hint: 'Fix.' });
});
