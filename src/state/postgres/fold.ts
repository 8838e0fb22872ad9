// Accent folding for PostgreSQL's full-text search, as SQLite's FTS5 does it
// (`remove_diacritics 2`): "Kabul" finds "Kābul" and the other way round. PostgreSQL's own
// answer is the `unaccent` extension, which a managed database may not allow; this needs
// none. Migration 4 defines `newswatch_fold(text)` as one `translate()` over the table
// below (a letter with diacritics → its base letter, one character for one, so positions
// in the folded text are positions in the original), the tsvector indexes the folded
// title and text, and the query is folded by the same function.

/** Latin letters with diacritics (Latin-1 to Latin Extended Additional) and their base letters. */
function foldTable(): { from: string; to: string } {
  let from = '';
  let to = '';
  for (const [lo, hi] of [
    [0x00c0, 0x024f],
    [0x1e00, 0x1eff],
  ] as const) {
    for (let cp = lo; cp <= hi; cp++) {
      const ch = String.fromCodePoint(cp);
      const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
      if (base.length === 1 && base !== ch && /\p{L}/u.test(base)) {
        from += ch;
        to += base;
      }
    }
  }
  return { from, to };
}

export const FOLD = foldTable();

const MAP = new Map([...FOLD.from].map((ch, i) => [ch, FOLD.to[i] as string]));

/** The text as `newswatch_fold()` folds it (same length: one character for one). */
export function fold(s: string): string {
  let out = '';
  for (const ch of s) out += MAP.get(ch) ?? ch;
  return out;
}

/**
 * A ts_headline of the folded `field` with the original letters put back: the headline's
 * text is a stretch of the folded field, its markers are kept where they stand.
 */
export function unfoldHeadline(field: string, headline: string, markers: readonly string[]): string {
  const folded = fold(field);
  const pattern = new RegExp(markers.map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  const plain = headline.replace(pattern, '');
  const at = plain === '' ? -1 : folded.indexOf(plain);
  if (at < 0) return headline;
  let out = '';
  let i = at;
  let last = 0;
  for (const m of headline.matchAll(pattern)) {
    const chunk = headline.slice(last, m.index);
    out += field.slice(i, i + chunk.length) + m[0];
    i += chunk.length;
    last = m.index + m[0].length;
  }
  return out + field.slice(i, i + headline.length - last);
}
