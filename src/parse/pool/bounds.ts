// What one parsed feed may hand on to the rest of the pipeline. A hostile feed of 50,000
// items or of 5 MB titles parses, but would then cost the main thread seconds of matching
// and megabytes of state: the feed is kept, cut to these bounds, with a warning saying so.
// Feeds list their newest items first, so the items dropped are the oldest.
import type { FeedItem } from '../../core/types.js';
import type { ParseResult } from '../types.js';

export const BOUNDS = {
  /** Items kept per document: real feeds hold tens to a few hundreds; a first poll of 5,000 items
   * blocks the main thread ≈250 ms (committing them). */
  items: 1_000,
  /** Characters of an item's title. */
  title: 2_000,
  /** Characters of an item's plain text (what is matched and summarized). */
  text: 100_000,
  /** Characters of an item's summary and content HTML. */
  html: 200_000,
} as const;

export function boundResult(r: ParseResult): ParseResult {
  if (!r.ok) return r;
  const { feed } = r;
  const warnings = [...r.warnings];
  let cut = 0;
  const items = feed.items.length > BOUNDS.items ? feed.items.slice(0, BOUNDS.items) : feed.items;
  if (items !== feed.items) warnings.push(`the feed has ${feed.items.length} items; kept the first ${BOUNDS.items}`);
  const bounded = items.map((item) => {
    const b = boundItem(item);
    if (b !== item) cut++;
    return b;
  });
  if (cut)
    warnings.push(
      `${cut} item(s) had a title or text over the size bounds; cut to ${BOUNDS.title} / ${BOUNDS.text} characters`,
    );
  const title = clip(feed.title, BOUNDS.title);
  const description = clip(feed.description, BOUNDS.html);
  if (!cut && items === feed.items && title === feed.title && description === feed.description) return r;
  return { ok: true, feed: { ...feed, title, description, items: bounded }, warnings };
}

function boundItem(item: FeedItem): FeedItem {
  const title = clip(item.title, BOUNDS.title);
  const text = clip(item.text, BOUNDS.text);
  const summary = item.summary === null ? null : clip(item.summary, BOUNDS.html);
  const content = item.content === null ? null : clip(item.content, BOUNDS.html);
  if (title === item.title && text === item.text && summary === item.summary && content === item.content) return item;
  return { ...item, title, text, summary, content };
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
