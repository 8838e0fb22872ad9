// RawFeed (what an adapter read) → ParsedFeed (what the pipeline uses): plain-text
// titles, HTML bodies, plain text of the body, parsed dates, canonical links, ids.
// An unreadable date leaves that item without a date and adds a warning; it never
// drops the item or the feed.
//
// `text` is derived from content/summary and computed on first read, then kept: most
// items of a poll were seen before and are never matched, and HTML→text is the
// costliest step of a parse (≈ half of it for a feed of full articles). It is an own
// enumerable accessor, so JSON.stringify, spread and structuredClone see it like any other field.
import type { FeedItem, ParsedFeed } from '../core/types.js';
import { htmlToText } from '../text/html.js';
import { parseDate } from './dates.js';
import { assignIds } from './ids.js';
import { canonicalLink } from './links.js';
import type { RawFeed, RawItem } from './raw.js';
import { toHtml, toPlain } from './text.js';

export function normalize(raw: RawFeed, warnings: string[]): ParsedFeed {
  const items: FeedItem[] = raw.items.map((r, index) => {
    const dateText = r.published ?? r.updated;
    const published = parseDate(dateText);
    if (dateText && !published) warnings.push(`item ${index + 1}: unreadable date ${JSON.stringify(dateText.slice(0, 80))}; kept the item without a date`);
    return item(r, published);
  });
  const ids = assignIds(items.map((item, i) => ({ guid: raw.items[i]?.guid ?? null, link: item.link, title: item.title, published: item.published, item })));
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
  let text: string | undefined;
  return {
    id: '',
    title: toPlain(r.title),
    link: r.link,
    canonicalLink: r.link ? canonicalLink(r.link) : null,
    published,
    summary,
    content,
    get text(): string {
      return (text ??= htmlToText(content ?? summary));
    },
    set text(value: string) {
      text = value;
    },
    author: r.author?.trim() || null,
  };
}
