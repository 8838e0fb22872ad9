// RSS 0.9x and 2.0 (root <rss>); the channel and item readers also serve RSS 1.0 (rdf.ts).
// Adapters keep only complete items (isComplete): see readRss.
// Element names are the canonical keys of xml/tree.ts, so a default or prefixed RSS
// namespace, or an undeclared `dc:` prefix, reads the same as plain RSS 2.0.
import { httpLink } from './links.js';
import type { FeedText, RawFeed, RawItem } from './raw.js';
import { sniffed } from './text.js';
import { attr, child, childText, children, hasElementChildren, isComplete, textOf } from './xml/query.js';
import { serializeChildren } from './xml/serialize.js';
import type { XmlElement } from './xml/tree.js';

export function readRss(root: XmlElement): RawFeed {
  const channel = child(root, 'channel');
  const items = channel ? children(channel, 'item') : [];
  // RSS 0.9x puts items beside the channel; some feeds have no channel at all.
  items.push(...children(root, 'item'));
  // An item cut off by the end of a truncated body is dropped: read whole on the next poll, it
  // would otherwise come back under another id (its hash or link was incomplete) as a second "new" item.
  return { format: 'rss', ...readChannel(channel ?? root), items: items.filter(isComplete).map(readItem) };
}

export type ChannelFields = Pick<RawFeed, 'title' | 'link' | 'description' | 'ttlMinutes'>;

export function readChannel(channel: XmlElement): ChannelFields {
  const ttl = Number.parseInt(childText(channel, 'ttl') ?? '', 10);
  return {
    title: maybe(child(channel, 'title', 'dc:title'), plainOrHtml),
    link: linkOf(channel),
    description: maybe(
      child(channel, 'description', 'dc:description', 'itunes:subtitle', 'itunes:summary', 'tagline'),
      html,
    ),
    ttlMinutes: ttl > 0 ? ttl : undefined,
  };
}

/** An RSS <item> (any version). */
export function readItem(item: XmlElement): RawItem {
  const guidEl = child(item, 'guid');
  const guid = (guidEl && textOf(guidEl).trim()) || attr(item, 'rdf:about')?.trim() || null;
  // A guid is a permalink unless isPermaLink="false"; then it serves as the link when there is none.
  const permalink =
    guidEl && guid && (attr(guidEl, 'ispermalink') ?? '').trim().toLowerCase() !== 'false'
      ? httpLink(guid, guidEl.base)
      : null;
  // The first of description/summary is the summary; a second one is the body when there is no other.
  const bodies = item.children.filter(
    (c): c is XmlElement => typeof c !== 'string' && (c.key === 'description' || c.key === 'summary'),
  );
  const content = child(item, 'content:encoded', 'xhtml:body', 'xhtml:div', 'body', 'fullitem') ?? bodies[1];
  const summary = bodies[0] ?? child(item, 'dc:description', 'itunes:summary', 'itunes:subtitle');
  const media = summary ? undefined : mediaDescription(item);
  return {
    guid,
    link: linkOf(item) ?? permalink,
    title: maybe(child(item, 'title', 'dc:title', 'media:title'), plainOrHtml),
    summary: media ?? maybe(summary, html),
    content: maybe(content, html),
    published: childText(item, 'pubdate', 'dcterms:issued', 'dc:date', 'dcterms:created', 'atom:published'),
    updated: childText(item, 'dcterms:modified', 'atom:updated', 'lastbuilddate'),
    author: childText(item, 'author', 'dc:creator', 'itunes:author'),
    sourceName: childText(item, 'source'),
  };
}

/** <link> text (or href), else an Atom alternate link. */
function linkOf(el: XmlElement): string | null {
  for (const l of children(el, 'link')) {
    const url = httpLink(textOf(l) || attr(l, 'href'), l.base);
    if (url) return url;
  }
  for (const l of children(el, 'atom:link')) {
    const rel = (attr(l, 'rel') ?? 'alternate').trim().toLowerCase();
    const url = rel === 'alternate' ? httpLink(attr(l, 'href'), l.base) : null;
    if (url) return url;
  }
  return null;
}

/** Media RSS <media:description>, of the item or of its <media:group> (YouTube puts it there). */
export function mediaDescription(el: XmlElement): FeedText | null {
  const d = child(el, 'media:description') ?? maybeChild(child(el, 'media:group'), 'media:description');
  if (!d) return null;
  return { value: textOf(d), html: attr(d, 'type')?.trim().toLowerCase() === 'html', base: d.base };
}

function maybeChild(el: XmlElement | undefined, key: string): XmlElement | undefined {
  return el ? child(el, key) : undefined;
}

function maybe(el: XmlElement | undefined, read: (el: XmlElement) => FeedText): FeedText | null {
  return el ? read(el) : null;
}

/** A description: HTML, escaped or (naked markup) written inline. */
export function html(el: XmlElement): FeedText {
  return { value: hasElementChildren(el) ? serializeChildren(el) : textOf(el), html: true, base: el.base };
}

/** A title: plain text unless it carries markup. */
export function plainOrHtml(el: XmlElement): FeedText {
  if (hasElementChildren(el)) return { value: serializeChildren(el), html: true };
  const type = attr(el, 'type')?.toLowerCase();
  const value = textOf(el);
  return type === 'html' || type === 'text/html' ? { value, html: true } : sniffed(value);
}
