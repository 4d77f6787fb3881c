// leverage: what the memory and the termbase give each exported unit: matches for a unit
// to translate (new or stale), the termbase entries of its English, and, when asked, a
// pre-filled target that stays unconfirmed until the translator confirms it.
import { matchesFor, type MemoryPair } from '../memory.ts';
import { glossary, shownTerm, type Termbase } from '../terms.ts';
import type { ExchangeUnit, GlossaryEntry } from './model.ts';

export interface LeverageOptions {
  memory: readonly MemoryPair[];
  termbase: Termbase;
  lang: string;
  /** Write the best match into an untranslated unit: 'exact' only 100 %, 'best' any (PO's fuzzy pre-fill). */
  prefill?: 'exact' | 'best';
  threshold?: number;
}

/**
 * The units with their matches, glossary entries and pre-fills.
 * @example leverage(units, { memory, termbase, lang: 'hr', prefill: 'exact' })
 */
export function leverage(units: readonly ExchangeUnit[], options: LeverageOptions): ExchangeUnit[] {
  return units.map((u) => {
    const terms = glossary(options.termbase, options.lang, u.source).map(
      ({ entry, term }): GlossaryEntry => ({
        id: entry.id,
        english: shownTerm(entry.en[0] ?? entry.id),
        term: term.term,
        forms: term.forms,
        forbidden: term.forbidden,
        status: term.status,
        ...(term.source ? { source: term.source } : {}),
        ...(term.note ? { note: term.note } : {}),
      }),
    );
    const out: ExchangeUnit = { ...u, ...(terms.length > 0 ? { glossary: terms } : {}) };
    if (u.state !== 'new' && u.state !== 'stale') return out;
    const matches = matchesFor(
      options.memory,
      u.source,
      `${u.document}/${u.key}`,
      options.threshold,
    );
    if (matches.length === 0) return out;
    out.matches = matches;
    const best = matches[0];
    const wanted =
      options.prefill === 'best' || (options.prefill === 'exact' && best?.quality === 100);
    if (u.state === 'new' && best && wanted) {
      out.target = best.target;
      out.prefill = best;
    }
    return out;
  });
}
