// Finalizing PDFs of other scripts, on content streams shaped as Chromium writes them
// (seen in the Georgian and Hebrew editions of test/scripts.test.ts): a soft hyphen shaped
// into the Georgian letter before it, and the /ReversedChars run of a Hebrew page footer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { markArtifacts } from '../../scripts/stages/pdf/artifacts.ts';
import { applyEdits, tokenize, type FontInfo } from '../../scripts/stages/pdf/content.ts';
import { cleanTextLayer } from '../../scripts/stages/pdf/text-layer.ts';

// A two-byte font whose glyphs 1–5 are the Georgian letters of "კონვენცია", and 9 a hyphen.
const FONTS = new Map<string, FontInfo>([
  [
    'F1',
    {
      bytes: 2,
      map: new Map([
        [1, 'კ'],
        [2, 'ო'],
        [3, 'ნ'],
        [4, 'ვ'],
        [5, 'ე'],
        [9, '-'],
      ]),
    },
  ],
]);

test('a soft hyphen merged into a Georgian letter: the span goes, the letter stays, the line-end break is reported', () => {
  const stream = [
    '/P <</MCID 0 >>BDC',
    'BT',
    '/F1 11 Tf',
    '1 0 0 -1 0 12 Tm',
    '<0001> Tj',
    '8 0 Td <0002> Tj',
    '/Span<</ActualText <FEFF10DD00AD> >> BDC',
    '8 0 Td <0003> Tj',
    'EMC',
    '8 0 Td <0009> Tj',
    '1 0 0 -1 0 30 Tm',
    '<0004> Tj',
    '8 0 Td <0005> Tj',
    'ET',
    'EMC',
  ].join('\n');
  const r = cleanTextLayer(tokenize(stream), FONTS);
  const out = applyEdits(stream, r.edits);
  assert.doesNotMatch(out, /ActualText|Span/);
  assert.match(out, /<0003> Tj/, 'the letter is still drawn');
  assert.equal(r.removed, 1);
  assert.deepEqual(r.breaks, ['კონ-ვე']);
});

test('the @page footer of a right-to-left edition, inside /ReversedChars, becomes a footer artifact', () => {
  const stream = [
    '/H1 <</MCID 0 >>BDC',
    'BT /F1 11 Tf 1 0 0 -1 10 100 Tm <0001> Tj ET',
    'EMC',
    'BT',
    '/ReversedChars BMC',
    '/F1 11 Tf',
    '1 0 0 -1 300 20 Tm',
    '<0002> Tj',
    '8 0 Td <0003> Tj',
    'EMC',
    'ET',
  ].join('\n');
  const out = applyEdits(stream, markArtifacts(tokenize(stream), 842, () => true).edits);
  assert.match(
    out,
    /\/Artifact <<\/Type \/Pagination \/Subtype \/Footer>> BDC\nBT\n\/ReversedChars BMC[\s\S]*EMC\nET\nEMC$/,
  );
  assert.match(out, /^\/H1 <<\/MCID 0 >>BDC/, 'tagged content is left alone');
});
