// The baseline newswatch is measured against: what most RSS bots do, one
// case-insensitive word-boundary RegExp per name (every name, alias and
// case-sensitive name alike), no exclude, no context, no rules. Used by the
// benchmark (speed) and by the labeled-set test (accuracy).
import type { WatchlistConfig } from '../src/config/schema.js';
import type { MatchInput } from '../src/match/index.js';

export interface NaiveMatcher {
  /** Ids of the entities with at least one name found in the title or the text. */
  match(input: MatchInput): string[];
  readonly names: number;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function naiveMatcher(watchlists: WatchlistConfig[]): NaiveMatcher {
  const entities = watchlists
    .flatMap((w) => w.entities)
    .map((e) => ({
      id: e.id,
      res: [e.name, ...e.aliases, ...e.caseSensitive].map((n) => new RegExp(`\\b${escape(n)}\\b`, 'i')),
    }));
  return {
    names: entities.reduce((k, e) => k + e.res.length, 0),
    match(input) {
      return entities.filter((e) => e.res.some((re) => re.test(input.title) || re.test(input.text))).map((e) => e.id);
    },
  };
}
