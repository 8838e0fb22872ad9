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
import type { Match } from '../core/types.js';
import { type Compiled, compile } from './compile.js';
import { explainMisses } from './explain.js';
import { type FieldScan, resolve } from './resolve.js';
import { HitList } from './trie.js';
import { TokenBuf } from './token-buf.js';
import { scanTokens } from './tokenize.js';
import type { Explanation, MatchInput, Matcher, NearMiss } from './types.js';

export { WatchlistCompileError } from './errors.js';
export { phraseProblem } from './compile.js';
export { formatExplanation } from './format.js';
export type { Explanation, MatchInput, Matcher, MissReason, NearMiss, TermHit } from './types.js';

/** Near misses in text order; of overlapping ones for the same entity and reason, only the longest. */
function dedupe(misses: NearMiss[]): NearMiss[] {
  const sorted = [...misses].sort((a, b) => (a.field === b.field ? 0 : a.field === 'title' ? -1 : 1) || a.start - b.start || b.end - a.end);
  return sorted.filter((m, i) => !sorted.some((o, j) => j !== i && o.entity === m.entity && o.watchlist === m.watchlist && o.reason === m.reason
    && o.field === m.field && o.start <= m.start && o.end >= m.end && (o.end - o.start > m.end - m.start || j < i)));
}

class CompiledMatcher implements Matcher {
  // Scratch buffers reused by every call; safe because matching is synchronous.
  private readonly title: FieldScan = { field: 'title', text: '', tokens: new TokenBuf(), hits: new HitList() };
  private readonly content: FieldScan = { field: 'content', text: '', tokens: new TokenBuf(), hits: new HitList() };

  constructor(private readonly c: Compiled) {}

  get names(): number {
    return this.c.names.length;
  }

  private scan(scan: FieldScan, text: string): void {
    scan.text = text;
    scanTokens(text, scan.tokens);
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
    const terms = r.terms.map((t) => ({ term: this.c.terms[t.term]?.text ?? '', field: t.field, start: t.start, end: t.end }));
    return { input: { title: input.title, text: input.text }, matches: r.matches, misses, terms };
  }
}

/** Compile watchlists (as validated by the config schema). Throws WatchlistCompileError for a name that can never match. */
export function compileWatchlists(watchlists: WatchlistConfig[]): Matcher {
  return new CompiledMatcher(compile(watchlists));
}
