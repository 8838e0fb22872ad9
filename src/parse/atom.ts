// Atom 1.0 and 0.3 (root <feed>). Only direct children are read, so an entry's
// <source> or an extension's nested <title> never stands in for the entry's own.
import { atomText } from './atom-text.js';
import { httpLink, resolveUrl } from './links.js';
import type { FeedText, RawFeed, RawItem } from './raw.js';
import { mediaDescription } from './rss.js';
import { NS } from './xml/namespaces.js';
import { attr, child, childText, children, isComplete, textOf } from './xml/query.js';
import type { XmlElement } from './xml/tree.js';

export function readAtom(root: XmlElement): RawFeed {
  const atom10 = root.ns !== NS.atom03 && attr(root, 'version')?.trim() !== '0.3';
  const text = (el: XmlElement | undefined): FeedText | null => (el ? atomText(el, atom10) : null);
  const feedAuthor = authorOf(root);
  return {
    format: 'atom',
    title: text(child(root, 'title')),
    link: alternateLink(root),
    description: text(child(root, 'subtitle', 'tagline')),
    items: children(root, 'entry')
      .filter(isComplete)
      .map((entry): RawItem => ({
        guid: idOf(entry),
        link: alternateLink(entry),
        title: text(child(entry, 'title')),
        summary: text(child(entry, 'summary')) ?? mediaDescription(entry),
        content: text(child(entry, 'content')),
        published: childText(entry, 'published', 'issued', 'created'),
        updated: childText(entry, 'updated', 'modified'),
        author: authorOf(entry) ?? feedAuthor,
        sourceName: sourceTitle(entry),
      })),
  };
}

/** The first rel="alternate" link (the default rel) with an http(s) target; Atom 0.3 feeds sometimes put it in the text. */
function alternateLink(el: XmlElement): string | null {
  for (const l of children(el, 'link')) {
    if ((attr(l, 'rel') ?? 'alternate').trim().toLowerCase() !== 'alternate') continue;
    const url = httpLink(attr(l, 'href') || textOf(l), l.base);
    if (url) return url;
  }
  return null;
}

/** <id>; a relative one (invalid, but seen) is resolved against the base, an absolute one kept as written. */
function idOf(entry: XmlElement): string | null {
  const el = child(entry, 'id');
  const id = el ? textOf(el).trim() : '';
  if (!el || !id) return null;
  return resolveUrl(id, el.base) ?? id;
}

/** Atom <source>: the feed an aggregated entry came from; its title names the outlet. */
function sourceTitle(entry: XmlElement): string | null {
  const source = child(entry, 'source');
  return source ? childText(source, 'title') : null;
}

function authorOf(el: XmlElement): string | null {
  const author = child(el, 'author');
  if (!author) return null;
  return childText(author, 'name') ?? (textOf(author).trim() || null);
}
