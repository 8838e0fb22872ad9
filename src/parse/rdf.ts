// RSS 0.90 and 1.0 (root <rdf:RDF>): the items are siblings of the channel, and an
// item's rdf:about is its identity. The element readers are RSS's (rss.ts).
import type { RawFeed } from './raw.js';
import { readChannel, readItem } from './rss.js';
import { child, children, isComplete } from './xml/query.js';
import type { XmlElement } from './xml/tree.js';

export function readRdf(root: XmlElement): RawFeed {
  const channel = child(root, 'channel');
  const items = children(root, 'item');
  if (channel) items.push(...children(channel, 'item'));
  return { format: 'rdf', ...readChannel(channel ?? root), items: items.filter(isComplete).map(readItem) };
}
