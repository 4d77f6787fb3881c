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

test('formatUserError: the message, then the hint indented; the location added when the message starts with its file', () => {
  assert.equal(
    formatUserError(new UserError('no documents', 'Add one.')),
    'error: no documents\n  Add one.\n',
  );
  assert.equal(
    formatUserError(
      new UserError('source/a.md: the YAML is malformed', 'Fix it.', {
        file: 'source/a.md',
        line: 3,
        column: 9,
      }),
    ),
    'error: source/a.md:3:9: the YAML is malformed\n  Fix it.\n',
  );
  // A message already located, or one that does not start with its file, is left as it is.
  assert.equal(
    formatUserError(
      new UserError('source/a.md:3: bad', 'Fix it.', { file: 'source/a.md', line: 3 }),
    ),
    'error: source/a.md:3: bad\n  Fix it.\n',
  );
  assert.equal(
    formatUserError(new UserError('cannot read x', 'Restore it.', { file: 'x', line: 1 })),
    'error: cannot read x\n  Restore it.\n',
  );
});

test('userErrorJson: the dev server answer, with the location as fields', () => {
  assert.deepEqual(
    userErrorJson(new UserError('bad', 'Fix.', { file: 'translations/hr/a.json', line: 2 })),
    { error: 'bad', hint: 'Fix.', file: 'translations/hr/a.json', line: 2, column: undefined },
  );
  assert.deepEqual(userErrorJson(new UserError('bad', 'Fix.')), { error: 'bad', hint: 'Fix.' });
});
