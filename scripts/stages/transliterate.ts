// transliterate: Serbian Cyrillic → Serbian Latin, the standard one-to-one mapping.
// sr-Latn is produced from sr-Cyrl with it, so the two editions cannot drift apart.

const MAP: Record<string, string> = {
  А: 'A',
  Б: 'B',
  В: 'V',
  Г: 'G',
  Д: 'D',
  Ђ: 'Đ',
  Е: 'E',
  Ж: 'Ž',
  З: 'Z',
  И: 'I',
  Ј: 'J',
  К: 'K',
  Л: 'L',
  Љ: 'Lj',
  М: 'M',
  Н: 'N',
  Њ: 'Nj',
  О: 'O',
  П: 'P',
  Р: 'R',
  С: 'S',
  Т: 'T',
  Ћ: 'Ć',
  У: 'U',
  Ф: 'F',
  Х: 'H',
  Ц: 'C',
  Ч: 'Č',
  Џ: 'Dž',
  Ш: 'Š',
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  ђ: 'đ',
  е: 'e',
  ж: 'ž',
  з: 'z',
  и: 'i',
  ј: 'j',
  к: 'k',
  л: 'l',
  љ: 'lj',
  м: 'm',
  н: 'n',
  њ: 'nj',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  ћ: 'ć',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'c',
  ч: 'č',
  џ: 'dž',
  ш: 'š',
  // Accented vowels of Serbian Cyrillic (ѝ "to her" vs и "and").
  Ѐ: 'È',
  Ѝ: 'Ì',
  ѐ: 'è',
  ѝ: 'ì',
};

const isUpper = (ch: string | undefined): boolean =>
  ch !== undefined && ch !== ch.toLowerCase() && ch === ch.toUpperCase();
const isLetter = (ch: string | undefined): boolean => ch !== undefined && /\p{L}/u.test(ch);

/** Transliterates running text; a digraph is all capitals inside an all-capital word (ЉУБАВ → LJUBAV, Љубав → Ljubav). */
function transliterateText(text: string): string {
  const chars = [...text];
  let out = '';
  chars.forEach((ch, i) => {
    const latin = MAP[ch];
    if (latin === undefined) {
      out += ch;
      return;
    }
    if (latin.length === 2 && isUpper(ch)) {
      const next = chars[i + 1];
      const prev = chars[i - 1];
      const shout = isLetter(next) ? isUpper(next) : isUpper(prev) && isLetter(prev);
      out += shout ? latin.toUpperCase() : latin;
      return;
    }
    out += latin;
  });
  return out;
}

// Placeholders, tags, entities and URLs pass through untouched.
const PROTECTED = /(\{\{[^}]*\}\}|<[^>]*>|&[#a-z0-9]+;|\bhttps?:\/\/\S+|\bmailto:\S+)/gi;

/**
 * @example serbianCyrillicToLatin('Република Србија, <sup>{{n}}</sup>') // 'Republika Srbija, <sup>{{n}}</sup>'
 */
export function serbianCyrillicToLatin(text: string): string {
  return text
    .split(PROTECTED)
    .map((part, i) => (i % 2 === 1 ? part : transliterateText(part)))
    .join('');
}

/** Transliterates every value of a flat resource, keeping its keys. */
export function transliterateResource(resource: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(resource)) out[k] = serbianCyrillicToLatin(v);
  return out;
}
