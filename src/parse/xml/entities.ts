// Character and entity references in XML text. One decoder covers the five XML
// entities, numeric references and, for recovery, every HTML named entity
// (`&hellip;`, `&nbsp;` used without a DTD, as real feeds do). Decoding is strict
// about the `;`, so a bare `&` in a URL (`?a=1&copy=2`) stays as written.
// Entities declared in the document's internal DTD subset are expanded too, but
// only those whose value holds no `&` or `<`: nothing can expand into more
// entities (nesting depth 0), so there is no "billion laughs" blow-up.
//
// A flat entity can still be quadratic: one 60,000-character entity referenced 8,000
// times in each of 50 items is gigabytes from a 2 MB body. So expansion has a budget,
// and a document over it is refused with a TooComplexError (the parse stage reports it
// as a `too-complex` failure): an entity's value may hold at most MAX_ENTITY_VALUE
// characters, and one document may add at most expansionBudget(body) characters by
// expansion (twice the body, at least 256 Ki, never more than 8 Mi characters).
import { decodeHTMLStrict } from 'entities';

export type Decode = (raw: string) => string;

/** A document that would cost more to expand than any real feed does. */
export class TooComplexError extends Error {
  override readonly name = 'TooComplexError';
}

/** Entities of a document's internal subset, with the expansion budget its size allows. */
export interface DtdEntities extends ReadonlyMap<string, string> {
  /** Characters that expansion may add to the whole document. */
  readonly maxExpansion: number;
}

export const MAX_ENTITY_VALUE = 8192;
const MIN_EXPANSION = 256 * 1024;
const MAX_EXPANSION = 8 * 1024 * 1024;

/** Characters entity expansion may add to a document of `bodyLength` characters. */
export function expansionBudget(bodyLength: number): number {
  return Math.min(MAX_EXPANSION, Math.max(MIN_EXPANSION, 2 * bodyLength));
}

/** What may follow an `&` in well-formed XML: one of the five XML entities or a numeric reference (sticky: tested at one place). */
const REGULAR_REF = /(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/iy;
const MAX_DTD_ENTITIES = 200;

/**
 * A text decoder. `onIrregular` is called with the first irregular reference of a
 * string (a bare `&`, an HTML entity): well-formed XML has none of those. Throws a
 * TooComplexError once the document's DTD entities have added more than their budget.
 */
export function makeDecoder(
  dtd: DtdEntities | ReadonlyMap<string, string> | null,
  onIrregular: (sample: string) => void,
): Decode {
  const budget = dtd && 'maxExpansion' in dtd ? dtd.maxExpansion : MIN_EXPANSION;
  let added = 0;
  const expand = (m: string, name: string): string => {
    const value = dtd?.get(name);
    if (value === undefined) return m;
    added += value.length;
    if (added > budget) {
      throw new TooComplexError(
        `entity expansion exceeds its budget: references to DTD entities (such as &${name};) ` +
          `add more than ${budget} characters to the document`,
      );
    }
    return value;
  };
  return (raw) => {
    if (raw.indexOf('&') < 0) return raw;
    let s = raw;
    if (dtd) s = s.replace(/&([A-Z_][\w.-]*);/gi, expand);
    const at = irregularAmpersand(s);
    if (at >= 0) onIrregular(s.slice(at, at + 12));
    return decodeHTMLStrict(s);
  };
}

/** The index of the first `&` that starts no XML entity or numeric reference, or -1. */
function irregularAmpersand(s: string): number {
  for (let at = s.indexOf('&'); at >= 0; at = s.indexOf('&', at + 1)) {
    REGULAR_REF.lastIndex = at + 1;
    if (!REGULAR_REF.test(s)) return at;
  }
  return -1;
}

/** `<!DOCTYPE name … [`: the start of an internal subset (sticky: tested where a `<!` is). */
const SUBSET_START = /<!DOCTYPE[^[>]*\[/iy;

/** Where the internal subset of the first `<!DOCTYPE … [` in `head` begins (after its `[`), or -1. */
function subsetStart(head: string): number {
  for (let at = head.indexOf('<!'); at >= 0; at = head.indexOf('<!', at + 2)) {
    SUBSET_START.lastIndex = at;
    if (SUBSET_START.test(head)) return SUBSET_START.lastIndex;
  }
  return -1;
}

/** The `]>` that closes an internal subset (searched from its start only, so linear). */
const SUBSET_END = /\]\s*>/g;

/**
 * Simple general entities of the internal DTD subset: `<!ENTITY name "value">`, values
 * without `&` or `<`. Throws a TooComplexError for a value over MAX_ENTITY_VALUE characters.
 */
export function dtdEntities(text: string): DtdEntities | null {
  // A DOCTYPE sits in the prolog, so a look at the first few KB decides (most feeds have none).
  // One subset, found once: a pattern searched from every `<!DOCTYPE … [` would rescan the
  // 64 KB window for each (quadratic on a body of repeated openings).
  const start = subsetStart(text.slice(0, 4096));
  if (start < 0) return null;
  const window = text.slice(0, 65536);
  SUBSET_END.lastIndex = start;
  const end = SUBSET_END.exec(window);
  if (!end || end.index === start) return null;
  const subset = window.slice(start, end.index);
  const found = Object.assign(new Map<string, string>(), { maxExpansion: expansionBudget(text.length) });
  for (const m of subset.matchAll(/<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(?:"([^"&<]*)"|'([^'&<]*)')\s*>/g)) {
    if (found.size >= MAX_DTD_ENTITIES) break;
    const value = m[2] ?? m[3] ?? '';
    if (value.length > MAX_ENTITY_VALUE) {
      const limit = `at most ${MAX_ENTITY_VALUE} are accepted`;
      throw new TooComplexError(`the DTD entity &${m[1]}; is ${value.length} characters long (${limit})`);
    }
    found.set(m[1] as string, value);
  }
  return found.size ? found : null;
}
