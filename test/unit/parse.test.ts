import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../../scripts/errors.ts';
import { parseDocument } from '../../scripts/stages/parse.ts';
import { FRONT } from '../helpers.ts';

test('parses the front matter and keeps the body', () => {
  const d = parseDocument('source/demo.md', `${FRONT}\n# Title {#heading}\n`);
  assert.equal(d.id, 'demo');
  assert.deepEqual(
    { ...d.meta },
    {
      title: 'Demo Declaration',
      subject: '',
      place: 'Bucharest',
      date: '2019-10-31',
      issuer: 'Test Issuer',
      keywords: '',
      type: 'doc',
      authentic: ['en'],
    },
  );
  assert.equal(d.bodyLine, 8);
  assert.equal(d.metaLines['date'], 5);
  assert.match(d.version, /^[0-9a-f]{64}$/);
});

test('a BOM, CRLF line ends and decomposed letters are normalized and reported', () => {
  const raw = `\uFEFF${FRONT.replace(/\n/g, '\r\n')}\r\nRomânia {#ro}\r\n`.replace('â', 'a\u0302');
  const d = parseDocument('source/demo.md', raw);
  assert.deepEqual(d.normalized, [
    'removed a UTF-8 byte order mark',
    'converted CRLF line ends to LF',
    'composed the text to Unicode NFC',
  ]);
  assert.ok(d.body.includes('România'));
  assert.ok(!d.body.includes('\r'));
});

function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof UserError, `expected a UserError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected an error');
}

test('malformed YAML names the file and the line', () => {
  const e = userError(() =>
    parseDocument('source/bad.md', '---\nid: demo\ntitle: [unclosed\nplace: x\n---\ntext\n'),
  );
  assert.match(e.reason, /^the YAML front matter is malformed/);
  assert.equal(e.location?.file, 'source/bad.md');
  assert.ok((e.location?.line ?? 0) >= 3, `line ${e.location?.line}`);
});

test('a missing required field is named with what to add', () => {
  const e = userError(() =>
    parseDocument('source/x.md', '---\nid: x\ntitle: T\ndate: 2019-10-31\nissuer: I\n---\ntext\n'),
  );
  assert.equal(e.reason, 'the front matter lacks the required field "place"');
  assert.equal(e.hint, 'Add a line "place: …" between the --- lines.');
});

test('a field of the wrong type names the field and its line', () => {
  const e = userError(() =>
    parseDocument(
      'source/x.md',
      '---\nid: x\ntitle:\n  - a\n  - b\nplace: P\ndate: 2019-10-31\nissuer: I\n---\ntext\n',
    ),
  );
  assert.equal(e.reason, 'the front-matter field "title" must be text, not a list');
  assert.equal(e.location?.line, 3);
});

test('a bad date and an id that would leave dist/ are refused', () => {
  assert.match(
    userError(() => parseDocument('source/x.md', FRONT.replace('2019-10-31', '31.10.2019') + 'x\n'))
      .message,
    /must be an ISO date/,
  );
  const e = userError(() =>
    parseDocument('source/x.md', FRONT.replace('id: demo', 'id: ../../etc') + 'x\n'),
  );
  assert.equal(e.reason, 'the document id "../../etc" is not allowed');
});

test('an empty file and JavaScript front matter are refused', () => {
  assert.equal(
    userError(() => parseDocument('source/e.md', '\n  \n')).message,
    'source/e.md is empty',
  );
  assert.match(
    userError(() => parseDocument('source/j.md', '---js\n{ id: require("fs") }\n---\nx\n')).message,
    /malformed|no YAML/,
  );
});

test('impossible dates and the reserved ids ui and review are refused', () => {
  for (const date of ['2019-02-30', '"2019-02-30"']) {
    assert.equal(
      userError(() => parseDocument('source/x.md', FRONT.replace('2019-10-31', date) + 'x\n'))
        .reason,
      'the front-matter field "date" must be an ISO date such as 2019-10-31, not "2019-02-30"',
    );
  }
  assert.equal(
    userError(() => parseDocument('source/x.md', FRONT.replace('id: demo', 'id: ui') + 'x\n'))
      .reason,
    'the document id "ui" is reserved',
  );
  assert.equal(
    userError(() => parseDocument('source/x.md', FRONT.replace('id: demo', 'id: review') + 'x\n'))
      .reason,
    'the document id "review" is reserved',
  );
});
