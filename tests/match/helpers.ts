// Small builders for matcher tests: watchlists from plain objects (validated by
// the real config schema, so defaults apply), and matches as readable strings.
import { type WatchlistConfig, watchlistSchema } from '../../src/config/schema.js';
import { type MatchInput, type Matcher, compileWatchlists } from '../../src/match/index.js';

export function watchlist(entities: unknown[], rules: Record<string, unknown> = {}, id = 'w'): WatchlistConfig {
  return watchlistSchema.parse({ id, entities, ...rules });
}

export function matcher(entities: unknown[], rules: Record<string, unknown> = {}): Matcher {
  return compileWatchlists([watchlist(entities, rules)]);
}

/** Matches as "entity@field:found text", in the matcher's order. */
export function found(m: Matcher, input: MatchInput): string[] {
  return m
    .match(input)
    .map((x) => `${x.entity}@${x.field}:${(x.field === 'title' ? input.title : input.text).slice(x.start, x.end)}`);
}

/** Near misses as "entity:reason". */
export function missed(m: Matcher, input: MatchInput): string[] {
  return m.explain(input).misses.map((x) => `${x.entity}:${x.reason}`);
}

/** A watchlist of the groups most tests use. */
export const groups = [
  {
    id: 'iskp',
    name: 'Islamic State Khorasan Province',
    aliases: ['Islamic State Khorasan', 'ISIS-K'],
    caseSensitive: ['ISKP', 'IS-KP'],
  },
  { id: 'taliban', name: 'Taliban', aliases: ['Islamic Emirate', 'طالبان'], exclude: ['Pakistani Taliban'] },
  { id: 'ttp', name: 'Tehrik-i-Taliban Pakistan', aliases: ['Tehrik-e-Taliban Pakistan'], caseSensitive: ['TTP'] },
  { id: 'aq', name: 'al-Qaida', aliases: ['القاعدة'], caseSensitive: ['AQ'] },
  {
    id: 'zm',
    name: 'Zabihullah Mujahid',
    aliases: ['ذبیح الله مجاهد'],
    caseSensitive: ['Mujahid'],
    context: ['spokesman', 'Taliban', 'طالبان'],
  },
  { id: 'west', name: 'Thomas West', caseSensitive: ['West'], exclude: ['the West'], context: ['Afghanistan'] },
  { id: 'haqqani', name: 'Haqqani Network' },
];
