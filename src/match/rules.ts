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

/** Why this occurrence of a name of `e` does not count, or null. */
export function occurrenceFailure(c: Compiled, e: CompiledEntity, o: Occurrence, terms: readonly TermOccurrence[]): Failure | null {
  for (const t of terms) {
    if (t.field === o.field && e.exclude.includes(t.term) && t.first <= o.last && t.last >= o.first) {
      return { reason: 'excluded', detail: `inside "${t.text.slice(t.start, t.end)}" (exclude: ${quote(c, [t.term])})` };
    }
  }
  for (const r of e.rules) {
    const near = r.near;
    if (near && !terms.some((t) => t.field === o.field && near.terms.includes(t.term) && distance(o, t) <= near.within)) {
      return { reason: 'rule-near', detail: `${r.origin} rule near: none of ${quote(c, near.terms)} within ${near.within} words` };
    }
  }
  return null;
}
