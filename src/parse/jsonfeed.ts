// JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1). Titles and summaries are plain
// text by the spec; content_html is HTML, content_text plain.
import { httpLink } from './links.js';
import type { FeedText, RawFeed, RawItem } from './raw.js';
import type { ParseError } from './types.js';

type Obj = Record<string, unknown>;

export function readJsonFeed(data: unknown, base: string | null): RawFeed | ParseError {
  if (!isObj(data) || !Array.isArray(data['items'])) {
    return { kind: 'not-a-feed', message: 'JSON without an "items" array: not a JSON Feed' };
  }
  const version = str(data['version']);
  if (version !== null && !/jsonfeed\.org\/version\//i.test(version)) {
    return {
      kind: 'not-a-feed',
      message: `JSON with "version": ${JSON.stringify(version.slice(0, 60))}: not a JSON Feed`,
    };
  }
  const feedBase = httpLink(str(data['feed_url']), base) ?? base;
  return {
    format: 'json',
    title: plain(data['title']),
    link: httpLink(str(data['home_page_url']), feedBase),
    description: plain(data['description']),
    items: (data['items'] as unknown[]).filter(isObj).map((item) => readItem(item, feedBase, authorOf(data))),
  };
}

function readItem(item: Obj, base: string | null, feedAuthor: string | null): RawItem {
  const id = item['id'];
  const html = str(item['content_html']);
  const text = str(item['content_text']);
  return {
    guid: typeof id === 'number' ? String(id) : str(id),
    link: httpLink(str(item['url']), base) ?? httpLink(str(item['external_url']), base),
    title: plain(item['title']),
    summary: plain(item['summary']),
    content: html !== null ? { value: html, html: true, base } : text !== null ? { value: text, html: false } : null,
    published: str(item['date_published']),
    updated: str(item['date_modified']),
    author: authorOf(item) ?? feedAuthor,
  };
}

/** 1.1 `authors[0].name`, else 1.0 `author.name`. */
function authorOf(o: Obj): string | null {
  const authors = o['authors'];
  const first = Array.isArray(authors) ? authors[0] : o['author'];
  return isObj(first) ? str(first['name']) : null;
}

function plain(v: unknown): FeedText | null {
  const s = str(v);
  return s === null ? null : { value: s, html: false };
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() ? v : null;
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
