// Mentions per watched entity per day, shaped for the chart: one dense series per
// entity over a fixed window of UTC days, with its spikes marked.
import { entityKey } from '../../core/entity-key.js';
import type { MentionCount } from '../../state/status-store.js';

export interface WatchedEntity {
  watchlist: string;
  entity: string;
  name: string;
}

export interface EntitySeries {
  watchlist: string;
  entity: string;
  /** Display name (the entity id when it is no longer in the config). */
  name: string;
  /** One count per day of the window, oldest first. */
  counts: number[];
  total: number;
  max: number;
  /** counts[i] is a spike when spikes[i]. */
  spikes: boolean[];
  /** A spike within the last RECENT_DAYS days of the window. */
  recentSpike: boolean;
}

/** A day is a spike when it has at least SPIKE_FACTOR × the series' median and at least SPIKE_MIN mentions. */
export const SPIKE_FACTOR = 3;
export const SPIKE_MIN = 5;
export const RECENT_DAYS = 7;

/** The last `n` UTC days ending with the day of `now`, oldest first, as YYYY-MM-DD. */
export function lastDays(now: number, n: number): string[] {
  const today = Math.floor(now / 86_400_000) * 86_400_000; // UTC midnight: JS time has no leap seconds
  return Array.from({ length: n }, (_, i) => new Date(today - (n - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

/**
 * Series for every entity with at least one mention in `days`, most urgent first
 * (a recent spike, then the most mentions in the recent days, then overall), and the
 * names of watched entities with none.
 */
export function buildSeries(
  mentions: readonly MentionCount[],
  entities: readonly WatchedEntity[],
  days: readonly string[],
): { series: EntitySeries[]; quiet: string[] } {
  const index = new Map(days.map((d, i) => [d, i]));
  const key = (watchlist: string, entity: string) => entityKey({ watchlist, entity });
  const names = new Map(entities.map((e) => [key(e.watchlist, e.entity), e.name]));
  const counts = new Map<string, { watchlist: string; entity: string; counts: number[] }>();
  for (const m of mentions) {
    const i = index.get(m.day);
    if (i === undefined || m.count <= 0) continue;
    const k = key(m.watchlist, m.entity);
    let s = counts.get(k);
    if (!s) counts.set(k, (s = { watchlist: m.watchlist, entity: m.entity, counts: days.map(() => 0) }));
    s.counts[i] = (s.counts[i] ?? 0) + m.count;
  }
  const series = [...counts.entries()].map(([k, s]) =>
    withSpikes(s.watchlist, s.entity, names.get(k) ?? s.entity, s.counts),
  );
  const recent = (s: EntitySeries) => s.counts.slice(-RECENT_DAYS).reduce((a, b) => a + b, 0);
  series.sort(
    (a, b) =>
      Number(b.recentSpike) - Number(a.recentSpike) ||
      recent(b) - recent(a) ||
      b.total - a.total ||
      a.name.localeCompare(b.name),
  );
  const quiet = entities.filter((e) => !counts.has(key(e.watchlist, e.entity))).map((e) => e.name);
  return { series, quiet };
}

function withSpikes(watchlist: string, entity: string, name: string, counts: number[]): EntitySeries {
  const threshold = Math.max(SPIKE_MIN, SPIKE_FACTOR * median(counts));
  const spikes = counts.map((c) => c >= threshold);
  return {
    watchlist,
    entity,
    name,
    counts,
    total: counts.reduce((a, b) => a + b, 0),
    max: Math.max(0, ...counts),
    spikes,
    recentSpike: spikes.slice(-RECENT_DAYS).some(Boolean),
  };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
