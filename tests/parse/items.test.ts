// The lazily computed fields of a parsed item (src/parse/item.ts): `text` and
// `canonicalLink` behave as plain fields for every reader of a FeedItem.
import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/core/types.js';
import { fixture, parseOk } from './helpers.js';

const ORDER = [
  'id',
  'title',
  'link',
  'canonicalLink',
  'published',
  'summary',
  'content',
  'text',
  'author',
  'sourceName',
];

function firstItem(): FeedItem {
  const item = parseOk(fixture('rss2.xml'), { url: 'https://feeds.example.org/path/feed.xml' }).feed.items[0];
  if (!item) expect.fail('the fixture has items');
  return item;
}

describe('a parsed item', () => {
  it('has every FeedItem field as an own enumerable property, in order', () => {
    const item = firstItem();
    expect(Object.keys(item)).toEqual(ORDER);
    for (const key of ['text', 'canonicalLink'])
      expect(Object.getOwnPropertyDescriptor(item, key)?.enumerable).toBe(true);
  });

  it('shows its computed fields to JSON, spread and structuredClone', () => {
    const item = firstItem();
    const text =
      'Traders lined up before dawn as the crossing opened again.\nOfficials said inspections would take longer for a while.';
    const link = 'https://news.example.org/2026/02/checkpoint-reopens?id=7';
    for (const copy of [JSON.parse(JSON.stringify(item)) as FeedItem, { ...item }, structuredClone(item)]) {
      expect(Object.keys(copy)).toEqual(ORDER);
      expect(copy).toMatchObject({ text, canonicalLink: link });
    }
  });

  it('computes them from the item as parsed, and accepts assignment', () => {
    const item = firstItem();
    item.content = '<p>changed</p>';
    item.link = 'https://elsewhere.example.org/?utm_source=x';
    expect(item.text).toContain('Traders lined up');
    expect(item.canonicalLink).toBe('https://news.example.org/2026/02/checkpoint-reopens?id=7');
    item.text = 'replaced';
    item.canonicalLink = null;
    expect(item.text).toBe('replaced');
    expect(item.canonicalLink).toBeNull();
  });
});

describe('an aggregated item', () => {
  it('names the outlet it came from: RSS <source>, Atom <source><title>', () => {
    const rssDoc = `<rss version="2.0"><channel><title>Google News</title><item><title>Envoy meets Taliban officials in Doha - Khaama Press</title>
      <link>https://news.aggregator.example.org/rss/articles/CBMi1?oc=5</link><source url="https://www.khaama.example.org">  Khaama
      Press </source></item><item><title>No source here</title><link>https://news.example.org/2</link></item></channel></rss>`;
    expect(
      parseOk(Buffer.from(rssDoc), { url: 'https://news.aggregator.example.org/rss' }).feed.items.map(
        (i) => i.sourceName,
      ),
    ).toEqual(['Khaama Press', null]);
    const atomDoc = `<feed xmlns="http://www.w3.org/2005/Atom"><title>Planet</title><entry><id>urn:1</id><title>Border crossing reopens</title>
      <link href="https://planet.example.org/1"/><source><id>urn:src</id><title>KabulNow</title></source></entry></feed>`;
    expect(parseOk(Buffer.from(atomDoc), { url: 'https://planet.example.org/atom' }).feed.items[0]?.sourceName).toBe(
      'KabulNow',
    );
  });
});
