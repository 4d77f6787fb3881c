// stages/signoff-message.ts: the bytes a sign-off's signature covers. Stable under key
// order and Unicode normalization; changed by any signed field, nested ones included, and
// by the language of the file; never by the signature itself.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  SIGNOFF_MESSAGE_HEADER,
  canonicalJson,
  canonicalSignoffMessage,
} from '../../scripts/stages/signoff-message.ts';

const ENTRY = {
  v: 2,
  document: 'joint-declaration',
  status: 'approved',
  by: 'Ana Horvat, sworn translator',
  signer: 'ana.horvat@mup.hr',
  date: '2026-11-30',
  note: 'checked against the 2019 print',
  fingerprints: { source: 'a'.repeat(64), translation: 'b'.repeat(64) },
  stale: ['knowing'],
};

test('the message: header, language line, sorted compact JSON, one newline at the end', () => {
  assert.equal(
    canonicalSignoffMessage({ status: 'approved', document: 'jd', by: 'A' }, 'hr'),
    `${SIGNOFF_MESSAGE_HEADER}\nlanguage: hr\n{"by":"A","document":"jd","status":"approved"}\n`,
  );
  assert.equal(SIGNOFF_MESSAGE_HEADER, 'selec-signoff v1');
});

test('the message does not depend on the order of keys, at any depth', () => {
  const reversed = Object.fromEntries(
    Object.entries(ENTRY)
      .reverse()
      .map(([k, v]) => [
        k,
        k === 'fingerprints' ? { translation: 'b'.repeat(64), source: 'a'.repeat(64) } : v,
      ]),
  );
  assert.deepEqual(Object.keys(reversed), Object.keys(ENTRY).reverse());
  assert.equal(canonicalSignoffMessage(reversed, 'hr'), canonicalSignoffMessage(ENTRY, 'hr'));
});

test('the signature is not part of what it signs; undefined fields are left out', () => {
  const signed = { ...ENTRY, signature: '-----BEGIN SSH SIGNATURE-----\n…' };
  assert.equal(canonicalSignoffMessage(signed, 'hr'), canonicalSignoffMessage(ENTRY, 'hr'));
  assert.equal(
    canonicalSignoffMessage({ ...ENTRY, note: undefined }, 'hr'),
    canonicalSignoffMessage(
      Object.fromEntries(Object.entries(ENTRY).filter(([k]) => k !== 'note')),
      'hr',
    ),
  );
  // A nested "signature" is data, and signed.
  assert.notEqual(
    canonicalSignoffMessage(
      { ...ENTRY, fingerprints: { ...ENTRY.fingerprints, signature: 'x' } },
      'hr',
    ),
    canonicalSignoffMessage(ENTRY, 'hr'),
  );
});

test('changing any signed field changes the message', () => {
  const base = canonicalSignoffMessage(ENTRY, 'hr');
  const changes: Array<[string, Record<string, unknown>]> = [
    ['status', { status: 'reviewed' }],
    ['by', { by: 'Ana Horvat, translator' }],
    ['signer', { signer: 'ivo.ivic@mup.hr' }],
    ['date', { date: '2026-12-01' }],
    ['document', { document: 'other-document' }],
    ['note', { note: 'checked against the 2019 print.' }],
    ['note removed', { note: undefined }],
    ['version', { v: 3 }],
    ['source fingerprint', { fingerprints: { ...ENTRY.fingerprints, source: 'c'.repeat(64) } }],
    [
      'translation fingerprint',
      { fingerprints: { ...ENTRY.fingerprints, translation: 'c'.repeat(64) } },
    ],
    ['stale keys', { stale: ['knowing', 'stressing'] }],
    ['a new field', { snapshot: { knowing: 'Svjesni' } }],
  ];
  const seen = new Set([base]);
  for (const [what, change] of changes) {
    const message = canonicalSignoffMessage({ ...ENTRY, ...change }, 'hr');
    assert.ok(!seen.has(message), `${what}: the message did not change`);
    seen.add(message);
  }
});

test('the language is signed: an entry of hr is not an entry of sr-Cyrl', () => {
  const hr = canonicalSignoffMessage(ENTRY, 'hr');
  const sr = canonicalSignoffMessage(ENTRY, 'sr-Cyrl');
  assert.notEqual(hr, sr);
  assert.match(sr, /^selec-signoff v1\nlanguage: sr-Cyrl\n\{/);
  // The file's language wins over a "language" field the entry may carry.
  assert.equal(
    canonicalSignoffMessage({ ...ENTRY, language: 'hr' }, 'sr-Cyrl').split('\n')[1],
    'language: sr-Cyrl',
  );
  assert.throws(() => canonicalSignoffMessage(ENTRY, 'hr\nlanguage: sr'), TypeError);
});

test('text is compared in NFC: a decomposed č signs as the composed one', () => {
  const composed = canonicalSignoffMessage({ ...ENTRY, by: 'Ivo Ivi\u0107' }, 'hr');
  assert.equal(canonicalSignoffMessage({ ...ENTRY, by: 'Ivo Ivic\u0301' }, 'hr'), composed);
  assert.equal(canonicalJson({ 'c\u030c': 1 }), '{"\u010d":1}');
});

test('canonicalJson writes what jq -cS writes, and refuses what is not JSON data', () => {
  assert.equal(
    canonicalJson({ b: [1, { d: null, c: true }], a: 'x/\u007f\u001f' }),
    '{"a":"x/\\u007f\\u001f","b":[1,{"c":true,"d":null}]}',
  );
  // A "__proto__" key of parsed JSON stays a key, sorted as any other.
  assert.equal(
    canonicalJson(JSON.parse('{"z":1,"__proto__":{"x":1}}')),
    '{"__proto__":{"x":1},"z":1}',
  );
  assert.throws(() => canonicalJson({ a: Number.NaN }), /\$\.a is not finite/);
  assert.throws(() => canonicalJson({ a: new Date(0) }), /\$\.a is object, not JSON data/);
  assert.throws(() => canonicalJson({ a: [1n] }), /\$\.a\[0\] is bigint/);
  assert.throws(() => canonicalJson({ 'c\u030c': 1, '\u010d': 2 }), /twice/);
});
