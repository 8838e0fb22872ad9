// RawFeed (what an adapter read) → ParsedFeed (what the pipeline uses): plain-text
// titles, HTML bodies, parsed dates, ids, and (computed on first read: item.ts) the
// plain text of the body and the canonical link. An unreadable date leaves that item
// without a date and adds a warning; it never drops the item or the feed.
import type { FeedItem, ParsedFeed } from '../core/types.js';
import { parseDate } from './dates.js';
import { assignIds } from './ids.js';
import { feedItem } from './item.js';
import type { RawFeed, RawItem } from './raw.js';
import { toHtml, toPlain } from './text.js';

export function normalize(raw: RawFeed, warnings: string[]): ParsedFeed {
  const items: FeedItem[] = raw.items.map((r, index) => {
    const dateText = r.published ?? r.updated;
    const published = parseDate(dateText);
    if (dateText && !published)
      warnings.push(
        `item ${index + 1}: unreadable date ${JSON.stringify(dateText.slice(0, 80))}; kept the item without a date`,
      );
    return item(r, published);
  });
  const ids = assignIds(
    items.map((item, i) => ({
      guid: raw.items[i]?.guid ?? null,
      link: item.link,
      title: item.title,
      published: item.published,
      item,
    })),
  );
  items.forEach((item, i) => (item.id = ids[i] as string));
  return {
    format: raw.format,
    title: toPlain(raw.title),
    link: raw.link,
    description: toHtml(raw.description) ?? '',
    items,
    ttlMinutes: raw.ttlMinutes,
  };
}

function item(r: RawItem, published: Date | null): FeedItem {
  const summary = toHtml(r.summary);
  const content = toHtml(r.content);
  return feedItem({
    id: '',
    title: toPlain(r.title),
    link: r.link,
    published,
    summary,
    content,
    author: r.author?.trim() || null,
    sourceName: r.sourceName?.replace(/\s+/g, ' ').trim() || null,
    body: content ?? summary,
  });
}
