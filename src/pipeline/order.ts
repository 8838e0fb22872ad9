// The order in which a poll's new items reach the outbox, and so each channel: the
// order they were published, oldest first, so a channel reads like a timeline (feeds
// list the newest first). The outbox keeps this order per channel, for single alerts
// and digests alike, across retries and restarts (rows are sent in id order).
//
// Rules:
//  - dated items: by publication time, oldest first; items with the same time keep the
//    feed's order, read oldest-first when its dates show it lists the newest first;
//  - an undated item goes right after the dated items it sits between in the feed (after
//    the later of its two neighbours), undated items keeping their feed order;
//  - a feed with no dates at all keeps its order.
import type { FeedItem } from '../core/types.js';

export function publicationOrder<T extends Pick<FeedItem, 'published'>>(items: readonly T[]): T[] {
  const times = items.map((i) => (i.published ? i.published.getTime() : null));
  if (times.every((t) => t === null)) return [...items];
  // Ties among dated items follow the feed's own direction: count the steps of the feed.
  let down = 0;
  let up = 0;
  let last: number | null = null;
  for (const t of times) {
    if (t === null) continue;
    if (last !== null && t < last) down++;
    else if (last !== null && t > last) up++;
    last = t;
  }
  // Without evidence (all dates equal) the feed's order is kept, as for undated items.
  const newestFirst = down > up;
  // The dated neighbours of each undated item: the nearest before and after it in the feed.
  const before: (number | null)[] = [];
  let prev: number | null = null;
  for (const t of times) {
    before.push(prev);
    if (t !== null) prev = t;
  }
  const after: (number | null)[] = new Array<number | null>(times.length).fill(null);
  let next: number | null = null;
  for (let i = times.length - 1; i >= 0; i--) {
    after[i] = next;
    const t = times[i];
    if (t !== undefined && t !== null) next = t;
  }
  const keyed = items.map((item, i) => {
    const t = times[i] ?? null;
    if (t !== null) return { item, at: t, undated: 0, tie: newestFirst ? -i : i };
    const around = [before[i], after[i]].filter((x): x is number => x !== null && x !== undefined);
    return { item, at: Math.max(...around), undated: 1, tie: i };
  });
  keyed.sort((a, b) => a.at - b.at || a.undated - b.undated || a.tie - b.tie);
  return keyed.map((k) => k.item);
}
