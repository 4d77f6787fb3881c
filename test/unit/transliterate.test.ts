import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serbianCyrillicToLatin } from '../../scripts/stages/transliterate.ts';

test('the standard one-to-one Serbian mapping, digraphs included', () => {
  assert.equal(
    serbianCyrillicToLatin('љубав њива џеп ђак ћуприја чаша жар шума'),
    'ljubav njiva džep đak ćuprija čaša žar šuma',
  );
  assert.equal(
    serbianCyrillicToLatin('Република Србија, Црна Гора, Мађарска'),
    'Republika Srbija, Crna Gora, Mađarska',
  );
});

test('digraphs are capitalised by their word: Title case, ALL CAPS', () => {
  assert.equal(serbianCyrillicToLatin('Љубљана Његош Џакарта'), 'Ljubljana Njegoš Džakarta');
  assert.equal(
    serbianCyrillicToLatin('ЉУБЉАНА ЊЕГОШ ИЗЈАВЉУЈЕМО: Љ'),
    'LJUBLJANA NJEGOŠ IZJAVLJUJEMO: Lj',
  );
});

test('placeholders, markup, entities, URLs and Latin acronyms are left untouched', () => {
  assert.equal(
    serbianCyrillicToLatin('*Знајући* {{place}} <sup>ти</sup> SELEC &amp; https://selec.org/ја'),
    '*Znajući* {{place}} <sup>ti</sup> SELEC &amp; https://selec.org/ја',
  );
});

test('accented Cyrillic vowels have Latin forms too', () => {
  assert.equal(serbianCyrillicToLatin('ѝ Ѝ ѐ Ѐ'), 'ì Ì è È');
});
