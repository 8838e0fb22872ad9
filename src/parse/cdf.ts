// Microsoft CDF (Channel Definition Format, root <CHANNEL>): obsolete, but cheap to read
// and still met in old corpora. Reported as format 'rss', the nearest of FeedFormat's.
import { httpLink } from './links.js';
import type { RawFeed, RawItem } from './raw.js';
import { plainOrHtml } from './rss.js';
import { attr, child, children, isComplete, textOf } from './xml/query.js';
import type { XmlElement } from './xml/tree.js';

export function readCdf(root: XmlElement): RawFeed {
  const title = child(root, 'title');
  const abstract = child(root, 'abstract');
  return {
    format: 'rss',
    title: title ? plainOrHtml(title) : null,
    link: httpLink(attr(root, 'href'), root.base),
    description: abstract ? { value: textOf(abstract), html: true, base: abstract.base } : null,
    items: children(root, 'item').filter(isComplete).map(readCdfItem),
  };
}

function readCdfItem(item: XmlElement): RawItem {
  const title = child(item, 'title');
  const abstract = child(item, 'abstract');
  return {
    guid: null,
    link: httpLink(attr(item, 'href'), item.base),
    title: title ? plainOrHtml(title) : null,
    summary: abstract ? { value: textOf(abstract), html: true, base: abstract.base } : null,
    content: null,
    published: null,
    updated: attr(item, 'lastmod')?.trim() || null,
    author: null,
  };
}
