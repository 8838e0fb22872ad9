// Rows of the history table as both state backends store them, and the records search and
// backtest see: one mapping, so the two stores cannot drift. `L` is how a list column comes
// back: JSON text from SQLite, already parsed from PostgreSQL's jsonb.
import type { HistoryHit, HistoryItem } from './interfaces.js';

export interface HistoryRow<L> {
  id: number;
  feed_id: string;
  item_id: string;
  title: string;
  link: string | null;
  source: string;
  published_at: number | null;
  seen_at: number;
  body: string;
  silent: number;
  matched: L;
  alerted: L;
}

/** The columns of a search hit (its snippet is made by each store). */
export type HitRow<L> = Pick<
  HistoryRow<L>,
  'id' | 'feed_id' | 'title' | 'link' | 'source' | 'published_at' | 'seen_at' | 'matched'
>;

/** A JSON list column as SQLite returns it. */
export const jsonList = (v: string): string[] => JSON.parse(v) as string[];
/** A jsonb list column as PostgreSQL returns it. */
export const asList = (v: string[]): string[] => v;

export function historyItemFromRow<L>(r: HistoryRow<L>, list: (v: L) => string[]): HistoryItem {
  return {
    id: r.id,
    feedId: r.feed_id,
    itemId: r.item_id,
    title: r.title,
    link: r.link,
    source: r.source,
    published: r.published_at,
    seenAt: r.seen_at,
    text: r.body,
    silent: r.silent === 1,
    matched: list(r.matched),
    alerted: list(r.alerted),
  };
}

export function historyHitFromRow<L>(r: HitRow<L>, snippet: string, list: (v: L) => string[]): HistoryHit {
  return {
    id: r.id,
    feedId: r.feed_id,
    title: r.title,
    link: r.link,
    source: r.source,
    published: r.published_at,
    seenAt: r.seen_at,
    snippet,
    matched: list(r.matched),
  };
}
