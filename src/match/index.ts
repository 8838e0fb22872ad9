// The watchlist matcher: compile watchlists once, then match items against all
// of them in one pass per field. Cost per item grows with the item's length,
// not with the number of names: each token costs a hash-table step in a token
// trie (trie.ts), and only actual hits are checked further (resolve.ts).
//
// No user-supplied regular expression is ever compiled or run: every name and
// rule term is a literal phrase, so no watchlist can make matching backtrack.
//
// The service and `newswatch match` both use this one matcher.
import type { WatchlistConfig } from '../config/schema.js';
import type { Field, Match } from '../core/types.js';
import { type Compiled, type VariantReport, compile } from './compile.js';
import { explainMisses } from './explain.js';
import { type FieldScan, resolve } from './resolve.js';
import { HitList } from './trie.js';
import { TokenBuf } from './token-buf.js';
import { scanTokens } from './tokenize.js';
import { readEnd } from './word-rules.js';
import type { Explanation, MatchInput, Matcher, NearMiss } from './types.js';

/**
 * How much of one item is read, in UTF-16 units per field (see README, "How much of an item is read"): a fixed
 * budget, so no item, however long, costs more than matching this much text.
 */
export const READ_LIMIT: Readonly<Record<Field, number>> = { title: 2_000, content: 100_000 };

export { WatchlistCompileError } from './errors.js';
export { phraseProblem } from './compile.js';
export { formatExplanation, formatVariantReport } from './format.js';
export type { VariantReport } from './compile.js';
export type { Explanation, MatchInput, Matcher, MissReason, NearMiss, TermHit } from './types.js';

/**
 * Near misses in text order; of overlapping ones for the same entity and reason, only the longest (of equal ones,
 * the first). Sorted by field, start, then end descending, a miss is covered by another exactly when one before
 * it with the same entity and reason reaches as far: one sweep keeping the furthest end per entity and reason.
 */
export function dedupe(misses: readonly NearMiss[]): NearMiss[] {
  const sorted = [...misses].sort(
    (a, b) => (a.field === b.field ? 0 : a.field === 'title' ? -1 : 1) || a.start - b.start || b.end - a.end,
  );
  const reach = new Map<string, number>();
  return sorted.filter((m) => {
    const key = `${m.field}\u0000${m.watchlist}\u0000${m.entity}\u0000${m.reason}`;
    const end = reach.get(key);
    if (end !== undefined && end >= m.end) return false;
    reach.set(key, m.end);
    return true;
  });
}

class CompiledMatcher implements Matcher {
  // Scratch buffers reused by every call; safe because matching is synchronous.
  private readonly title: FieldScan = { field: 'title', text: '', tokens: new TokenBuf(), hits: new HitList() };
  private readonly content: FieldScan = { field: 'content', text: '', tokens: new TokenBuf(), hits: new HitList() };

  constructor(private readonly c: Compiled) {
    this.variantCount = c.names.filter((n) => n.variant !== null).length;
  }

  get names(): number {
    return this.c.names.length - this.variantCount;
  }

  get variants(): number {
    return this.variantCount;
  }

  private readonly variantCount: number;

  variantReport(): VariantReport[] {
    return this.c.variants;
  }

  private scan(scan: FieldScan, text: string): void {
    scan.text = text;
    const end = readEnd(text, READ_LIMIT[scan.field]);
    scanTokens(end < text.length ? text.slice(0, end) : text, scan.tokens);
    scan.hits.n = 0;
    this.c.trie.walk(scan.tokens, scan.hits);
  }

  match(input: MatchInput): Match[] {
    this.scan(this.title, input.title);
    this.scan(this.content, input.text);
    if (this.title.hits.n === 0 && this.content.hits.n === 0) return [];
    return resolve(this.c, [this.title, this.content]).matches;
  }

  explain(input: MatchInput): Explanation {
    this.scan(this.title, input.title);
    this.scan(this.content, input.text);
    const scans = [this.title, this.content];
    const r = resolve(this.c, scans);
    const misses = dedupe([...r.misses, ...explainMisses(this.c, scans)]);
    const terms = r.terms.map((t) => ({
      term: this.c.terms[t.term]?.text ?? '',
      field: t.field,
      start: t.start,
      end: t.end,
    }));
    const unread = scans.flatMap((sc) => {
      const from = readEnd(sc.text, READ_LIMIT[sc.field]);
      return from < sc.text.length ? [{ field: sc.field, from }] : [];
    });
    return { input: { title: input.title, text: input.text }, matches: r.matches, misses, terms, unread };
  }
}

/** Compile watchlists (as validated by the config schema). Throws WatchlistCompileError for a name that can never match. */
export function compileWatchlists(watchlists: WatchlistConfig[]): Matcher {
  return new CompiledMatcher(compile(watchlists));
}
