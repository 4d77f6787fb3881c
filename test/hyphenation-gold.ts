// The hyphenation gold lists of the real languages (test/fixtures/hyphenation/<code>.txt):
// one word a line, a hyphen at each place a line may break.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Language } from '../scripts/languages.ts';
import { splitMarked } from '../scripts/stages/hyphenate.ts';
import { ROOT } from './helpers.ts';

export const GOLD_DIR = join(ROOT, 'test', 'fixtures', 'hyphenation');

export interface GoldEntry {
  line: number;
  marked: string;
  word: string;
  allowed: Set<number>;
}

export function readGold(lang: Language): GoldEntry[] {
  const text = readFileSync(join(GOLD_DIR, `${lang.code}.txt`), 'utf8');
  const out: GoldEntry[] = [];
  text.split('\n').forEach((raw, i) => {
    const marked = raw.replace(/#.*/, '').trim();
    if (marked === '') return;
    const { word, breaks } = splitMarked(marked);
    out.push({ line: i + 1, marked, word, allowed: new Set(breaks) });
  });
  return out;
}
