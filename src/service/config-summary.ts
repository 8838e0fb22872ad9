// The config in words, for the start-up log and `check` (no heavy imports: `check` loads it).
import type { Config } from '../config/schema.js';

/** The config in one line ("3 feeds, 2 watchlists (5 entities), 1 channel"), for the start-up log and `check`. */
export function configSummary(config: Config): string {
  const entities = config.watchlists.reduce((n, w) => n + w.entities.length, 0);
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  const feeds = n(config.feeds.length, 'feed', 'feeds');
  const watchlists = n(config.watchlists.length, 'watchlist', 'watchlists');
  const channels = n(config.channels.length, 'channel', 'channels');
  return `${feeds}, ${watchlists} (${n(entities, 'entity', 'entities')}), ${channels}`;
}
