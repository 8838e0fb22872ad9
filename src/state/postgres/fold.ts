// Accent folding for PostgreSQL's full-text search, as SQLite's FTS5 does it
// (`remove_diacritics 2`): "Kabul" finds "Kābul" and the other way round. PostgreSQL's own
// answer is the `unaccent` extension, which a managed database may not allow; this needs
// none. Each letter with diacritics becomes its base letter, one character for one, so
// positions in the folded text are positions in the original.
//
// The folding is done here, in JS, on the way in (the tsvector of each history row is
// built from the folded title and text: see SEARCH_VECTOR) and on the query. PostgreSQL's
// translate() over this 497-letter table costs about 9 ms per 8 KB text (it scans the
// table for every character), far too much per row; `newswatch_fold()` (migration 4)
// does it only for a text holding such a letter (FOLD_CLASS), for the headline of a hit
// and to re-index the rows stored before migration 4.

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

/** A regular-expression class holding every letter of FOLD.from (and a few other characters). */
export const FOLD_CLASS = '[\u00c0-\u024f\u1e00-\u1eff]'; // the characters themselves: read alike by JS and PostgreSQL

/** The SQL function of migration 4: translate() only when the text holds a letter to fold. */
export const FOLD_FUNCTION = `
  CREATE FUNCTION newswatch_fold(t TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT CASE WHEN t ~ '${FOLD_CLASS}'
      THEN translate(t, '${FOLD.from}', '${FOLD.to}') ELSE t END $$;`;

/**
 * The tsvector of a history row from SQL expressions of its title and text, already folded:
 * the title weighs A, the text B ('simple' configuration: no stemming, no stop words).
 */
export function SEARCH_VECTOR(title: string, body: string): string {
  return `setweight(to_tsvector('simple', ${title}), 'A') || setweight(to_tsvector('simple', ${body}), 'B')`;
}

const MAP = new Map([...FOLD.from].map((ch, i) => [ch, FOLD.to[i] as string]));

/** FOLD_CLASS, written out for JS. */
const FOLDABLE = /[\u00c0-\u024f\u1e00-\u1eff]/u;

/** The text as `newswatch_fold()` folds it (same length: one character for one). */
export function fold(s: string): string {
  if (!FOLDABLE.test(s)) return s;
  let out = '';
  for (const ch of s) out += MAP.get(ch) ?? ch;
  return out;
}

/** The folded text, or null when folding changes nothing (sent as NULL: the column itself is used). */
export function foldedOrNull(s: string): string | null {
  const f = fold(s);
  return f === s ? null : f;
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
