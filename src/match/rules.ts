// Rule evaluation for one entity in one item. Item-level gates (context, all,
// any, none) decide whether any name of the entity may count; per-occurrence
// rules (exclude, near) decide whether one occurrence counts. A watchlist's
// rules apply to each of its entities in addition to the entity's own.
import type { Field } from '../core/types.js';
import type { Compiled, CompiledEntity } from './compile.js';
import type { MissReason } from './types.js';

/** A name or term found in one field, by token index (inclusive) and UTF-16 offsets. */
export interface Occurrence {
  field: Field;
  /** The whole field's text, to quote from in explanations. */
  text: string;
  first: number;
  last: number;
  start: number;
  end: number;
}

export interface TermOccurrence extends Occurrence {
  term: number;
}

export interface Failure {
  reason: MissReason;
  detail: string;
}

const quote = (c: Compiled, ids: readonly number[]) => ids.map((t) => `"${c.terms[t]?.text}"`).join(', ');

/** Why no name of `e` may count in this item (given the terms found anywhere in it), or null. */
export function itemFailure(c: Compiled, e: CompiledEntity, found: ReadonlySet<number>): Failure | null {
  if (e.context.length > 0 && !e.context.some((t) => found.has(t))) {
    return { reason: 'no-context', detail: `no context term in the item (context: ${quote(c, e.context)})` };
  }
  for (const r of e.rules) {
    const missing = r.all.filter((t) => !found.has(t));
    if (missing.length > 0) return { reason: 'rule-all', detail: `${r.origin} rule all: missing ${quote(c, missing)}` };
    if (r.any.length > 0 && !r.any.some((t) => found.has(t))) {
      return { reason: 'rule-any', detail: `${r.origin} rule any: none of ${quote(c, r.any)} appears` };
    }
    const present = r.none.filter((t) => found.has(t));
    if (present.length > 0) return { reason: 'rule-none', detail: `${r.origin} rule none: found ${quote(c, present)}` };
  }
  return null;
}

/** Words between two occurrences in the same field: 1 when adjacent, 0 when they overlap. */
export function distance(a: Occurrence, b: Occurrence): number {
  if (b.first > a.last) return b.first - a.last;
  if (a.first > b.last) return a.first - b.last;
  return 0;
}

/**
 * The term occurrences of one item, by field and term, each list sorted by first token: "does term t occur in
 * field f between tokens a and b" is a binary search, so checking an occurrence costs O(log n) per rule term
 * instead of a scan over every term occurrence of the item.
 */
export class TermIndex {
  private readonly lists = new Map<number, TermOccurrence[]>();

  constructor(terms: readonly TermOccurrence[]) {
    for (const t of terms) {
      const k = t.term * 2 + (t.field === 'title' ? 0 : 1);
      const list = this.lists.get(k);
      if (list) list.push(t);
      else this.lists.set(k, [t]);
    }
    for (const list of this.lists.values()) list.sort((a, b) => a.first - b.first || a.last - b.last);
  }

  /**
   * An occurrence of `term` in `field` with first ≤ b and last ≥ a (all of a term's occurrences have the same
   * number of tokens, `span`, so it is the first one with first ≥ a - span + 1, if that one has first ≤ b).
   */
  find(field: Field, term: number, span: number, a: number, b: number): TermOccurrence | null {
    const list = this.lists.get(term * 2 + (field === 'title' ? 0 : 1));
    if (!list) return null;
    const from = a - span + 1;
    let lo = 0,
      hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] as TermOccurrence).first < from) lo = mid + 1;
      else hi = mid;
    }
    const t = list[lo];
    return t && t.first <= b && t.last >= a ? t : null;
  }
}

/** Why this occurrence of a name of `e` does not count, or null. */
export function occurrenceFailure(c: Compiled, e: CompiledEntity, o: Occurrence, terms: TermIndex): Failure | null {
  const span = (t: number) => c.terms[t]?.keys.length ?? 1;
  for (const x of e.exclude) {
    const t = terms.find(o.field, x, span(x), o.first, o.last);
    if (t)
      return {
        reason: 'excluded',
        detail: `inside "${t.text.slice(t.start, t.end)}" (exclude: ${quote(c, [t.term])})`,
      };
  }
  for (const r of e.rules) {
    const near = r.near;
    // distance(o, t) <= within: t ends at or after o.first - within and starts at or before o.last + within.
    if (near && !near.terms.some((x) => terms.find(o.field, x, span(x), o.first - near.within, o.last + near.within))) {
      return {
        reason: 'rule-near',
        detail: `${r.origin} rule near: none of ${quote(c, near.terms)} within ${near.within} words`,
      };
    }
  }
  return null;
}
