// `newswatch backtest`: the stored history matched again with the watchlists of a config
// (the real matcher, the real routing), compared per entity with what alerted at the time.
// Items recorded silently on a feed's first poll never could alert: they are counted apart.
import type { ChannelConfig, WatchlistConfig } from '../config/schema.js';
import { entityPath } from '../core/entity-key.js';
import type { Field, Match } from '../core/types.js';
import type { Matcher } from '../match/index.js';
import { route } from '../route/index.js';
import type { HistoryItem, HistoryReader } from '../state/interfaces.js';
import { around } from './context.js';

export interface BacktestExample {
  title: string;
  link: string | null;
  source: string;
  seenAt: number;
  /** Newly alerting: the matched name in its sentence. Stopping: why it no longer counts. */
  matched: string;
  field: Field | null;
}

export interface EntityBacktest {
  /** "watchlist/entity" */
  entity: string;
  name: string;
  /** Items that would alert under the new watchlists. */
  wouldAlert: number;
  /** Items that alerted at the time. */
  alerted: number;
  newly: { count: number; examples: BacktestExample[] };
  stopped: { count: number; examples: BacktestExample[] };
}

export interface BacktestReport {
  since: number;
  /** Items compared (seen after a feed's first poll). */
  items: number;
  /** Items recorded on a feed's first poll, without alerts: not compared. */
  silent: number;
  /** Per entity of the new watchlists, then entities that alerted but are gone from them. */
  entities: EntityBacktest[];
}

export interface BacktestInput {
  history: HistoryReader;
  matcher: Matcher;
  watchlists: readonly WatchlistConfig[];
  channels: readonly ChannelConfig[];
  since: number;
  /** Examples kept per entity and direction. */
  examples?: number;
}

export async function backtest(input: BacktestInput): Promise<BacktestReport> {
  const { matcher, channels } = input;
  const keep = input.examples ?? 3;
  const byEntity = new Map<string, EntityBacktest>();
  for (const w of input.watchlists) {
    for (const e of w.entities)
      byEntity.set(
        entityPath({ watchlist: w.id, entity: e.id }),
        blank(entityPath({ watchlist: w.id, entity: e.id }), e.name),
      );
  }
  const entry = (path: string) => {
    let e = byEntity.get(path);
    if (!e) byEntity.set(path, (e = blank(path, path)));
    return e;
  };
  const report: BacktestReport = { since: input.since, items: 0, silent: 0, entities: [] };
  for await (const page of input.history.items(input.since)) {
    for (const item of page) {
      if (item.silent) {
        report.silent++;
        continue;
      }
      report.items++;
      const matches = matcher.match({ title: item.title, text: item.text });
      const routed = new Map<string, Match>();
      for (const r of route(channels, item.feedId, matches)) {
        for (const m of r.matches) if (!routed.has(entityPath(m))) routed.set(entityPath(m), m);
      }
      const before = new Set(item.alerted);
      for (const [path, m] of routed) {
        const e = entry(path);
        e.wouldAlert++;
        if (before.has(path)) continue;
        e.newly.count++;
        if (e.newly.examples.length < keep) e.newly.examples.push(example(item, matchedText(item, m), m.field));
      }
      for (const path of before) {
        const e = entry(path);
        e.alerted++;
        if (routed.has(path)) continue;
        e.stopped.count++;
        if (e.stopped.examples.length < keep)
          e.stopped.examples.push(example(item, whyNot(item, path, matches, matcher), null));
      }
    }
  }
  report.entities = [...byEntity.values()];
  return report;
}

function blank(entity: string, name: string): EntityBacktest {
  return {
    entity,
    name,
    wouldAlert: 0,
    alerted: 0,
    newly: { count: 0, examples: [] },
    stopped: { count: 0, examples: [] },
  };
}

function example(item: HistoryItem, matched: string, field: Field | null): BacktestExample {
  return { title: item.title, link: item.link, source: item.source, seenAt: item.seenAt, matched, field };
}

function matchedText(item: HistoryItem, m: Pick<Match, 'field' | 'start' | 'end'>): string {
  return around(m.field === 'title' ? item.title : item.text, m.start, m.end);
}

/** Why an item that alerted for `path` would not now: the matcher's own explanation when it has one. */
function whyNot(item: HistoryItem, path: string, matches: Match[], matcher: Matcher): string {
  const m = matches.find((x) => entityPath(x) === path);
  if (m) return `still matches (${matchedText(item, m)}) but no channel follows it for this feed`;
  const miss = matcher.explain({ title: item.title, text: item.text }).misses.find((x) => entityPath(x) === path);
  if (miss) return `${miss.detail || miss.reason}: ${matchedText(item, miss)}`;
  return 'no name of the entity appears any more';
}
