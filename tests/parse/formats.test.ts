// One fixture per format, checked field by field: RSS 2.0, RSS 0.91 without a version,
// RSS 1.0/RDF, Atom 1.0 (xml:base, XHTML content), Atom 0.3 (escaped, base64, inline
// XML), JSON Feed 1.1.
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/parse/index.js';
import { fixture, parseOk } from './helpers.js';

const URL_CTX = { url: 'https://feeds.example.org/path/feed.xml' };

describe('RSS 2.0', () => {
  const { feed, warnings } = parseOk(fixture('rss2.xml'), URL_CTX);
  const [first, second, third] = feed.items;

  it('reads the channel', () => {
    expect(warnings).toEqual([]);
    expect(feed).toMatchObject({
      format: 'rss',
      title: 'Frontier Desk & Wire',
      link: 'https://news.example.org/',
      ttlMinutes: 15,
    });
    expect(feed.description).toBe('Security reporting from the border provinces');
    expect(feed.items).toHaveLength(3);
  });

  it('reads an item with guid, content:encoded and dc:creator', () => {
    expect(first).toMatchObject({
      id: 'frontier-desk-1001',
      title: 'Checkpoint reopens after week-long closure',
      link: 'https://news.example.org/2026/02/checkpoint-reopens?utm_source=rss&utm_medium=feed&id=7#comments',
      canonicalLink: 'https://news.example.org/2026/02/checkpoint-reopens?id=7',
      summary: '<p>Traders lined up before dawn as the crossing opened again.</p>',
      author: 'Desk staff',
    });
    expect(first?.published?.toISOString()).toBe('2026-02-25T21:07:00.000Z');
    expect(first?.content).toContain('<b>inspections</b>');
    expect(first?.text).toBe(
      'Traders lined up before dawn as the crossing opened again.\nOfficials said inspections would take longer for a while.',
    );
  });

  it('uses a permalink guid as the link when there is none, and reads escaped HTML', () => {
    expect(second?.link).toBe('https://news.example.org/2026/02/water-rights');
    expect(second?.id).toBe('https://news.example.org/2026/02/water-rights');
    expect(second?.summary).toBe('Council members <em>debated</em> a canal plan.');
    expect(second?.text).toBe('Council members debated a canal plan.');
    expect(second?.published?.toISOString()).toBe('2026-02-24T14:30:00.000Z'); // 09:30 EST, no seconds
  });

  it('resolves relative links, in <link> and inside HTML, against the document URL', () => {
    expect(third?.link).toBe('https://feeds.example.org/2026/02/weekly-briefing');
    expect(third?.summary).toContain('<a href="https://feeds.example.org/roads">road status</a>');
    expect(third?.published?.toISOString()).toBe('2026-02-23T01:30:00.000Z');
  });

  it('leaves a relative link null when there is no base', () => {
    expect(parseOk(fixture('rss2.xml')).feed.items[2]?.link).toBeNull();
  });
});

describe('RSS 0.91 without a version attribute', () => {
  it('is read as RSS', () => {
    const { feed } = parseOk(fixture('rss091.xml'));
    expect(feed.format).toBe('rss');
    expect(feed.title).toBe('Valley Bulletin');
    expect(feed.items[0]).toMatchObject({
      title: 'Market prices steady',
      link: 'http://bulletin.example.net/prices',
      id: 'http://bulletin.example.net/prices',
    });
  });
});

describe('RSS 1.0 (RDF)', () => {
  it('reads items beside the channel, rdf:about as the id, dc:date and dc:creator', () => {
    const { feed } = parseOk(fixture('rdf.xml'));
    expect(feed).toMatchObject({ format: 'rdf', title: 'Archive Notes', link: 'https://archive.example.com/' });
    expect(feed.items).toHaveLength(1);
    expect(feed.items[0]).toMatchObject({
      id: 'https://archive.example.com/notes/1',
      title: 'Notes on the spring survey',
      summary: 'Survey teams reached eleven districts.',
      author: 'R. Author',
    });
    expect(feed.items[0]?.published?.toISOString()).toBe('2026-03-01T08:15:00.000Z');
  });
});

describe('Atom 1.0', () => {
  const { feed } = parseOk(fixture('atom10.xml'));
  const [first, second] = feed.items;

  it('reads the feed: text title, HTML subtitle, the alternate link resolved against xml:base', () => {
    expect(feed).toMatchObject({ format: 'atom', title: 'Field Log', link: 'https://atom.example.com/blog/' });
    expect(feed.description).toBe('Dispatches <i>from the road</i>');
  });

  it('reads an entry: HTML title as plain text, the alternate link (not the enclosure), XHTML content without its div', () => {
    expect(first).toMatchObject({
      id: 'tag:atom.example.com,2026:post-1',
      title: 'Bridge repairs finished',
      link: 'https://atom.example.com/blog/posts/bridge',
      author: 'Field Team',
    });
    expect(first?.content).toBe(
      '<p>Crews <em>finished</em> early.</p><p><a href="https://atom.example.com/blog/posts/bridge/photos">Photos</a></p>',
    );
    expect(first?.summary).toBe('Crews finished the work early &amp; reopened both lanes.');
    expect(first?.text).toBe('Crews finished early.\nPhotos');
    expect(first?.published?.toISOString()).toBe('2026-02-19T05:00:00.000Z');
  });

  it('falls back to <updated> for the date and reads type="html" content', () => {
    expect(second?.published?.toISOString()).toBe('2026-02-18T08:00:00.000Z');
    expect(second?.content).toBe('<p>Body with &amp; an escaped ampersand.</p>');
    expect(second?.text).toBe('Body with & an escaped ampersand.');
    expect(second?.author).toBe('Guest Writer');
  });
});

describe('Atom 0.3', () => {
  const { feed } = parseOk(fixture('atom03.xml'));

  it('decodes mode="escaped" and mode="base64", and keeps mode="xml" markup with its div', () => {
    expect(feed).toMatchObject({
      format: 'atom',
      title: 'Legacy Log',
      description: 'An Atom 0.3 feed',
      link: 'http://legacy.example.com/',
    });
    expect(feed.items[0]).toMatchObject({
      title: 'Escaped title',
      content: '<p>Base64 <b>body</b></p>',
      text: 'Base64 body',
    });
    expect(feed.items[0]?.published?.toISOString()).toBe('2004-03-01T10:00:00.000Z'); // <issued> before <modified>
    expect(feed.items[1]).toMatchObject({ summary: '<div>Kept <b>inline</b></div>', text: 'Kept inline' });
    expect(feed.items[1]?.published?.toISOString()).toBe('2004-03-03T10:00:00.000Z');
  });
});

describe('JSON Feed 1.1', () => {
  const { feed } = parseOk(fixture('feed.json'));

  it('reads the feed and items, HTML and plain-text content', () => {
    expect(feed).toMatchObject({
      format: 'json',
      title: 'JSON Dispatch',
      link: 'https://json.example.com/',
      description: 'A JSON Feed',
    });
    expect(feed.items[0]).toMatchObject({
      id: '2026-001',
      title: 'Ceasefire talks resume',
      summary: 'Talks resumed on Monday.',
      author: 'Dispatch Staff',
    });
    expect(feed.items[0]?.text).toBe('Delegations met for a second day.');
    expect(feed.items[1]).toMatchObject({
      id: '2',
      link: 'https://json.example.com/posts/2',
      content: 'Prices &lt; wages &amp; rents rose.',
      author: 'Guest',
    });
    expect(feed.items[1]?.text).toBe('Prices < wages & rents rose.');
    expect(feed.items[1]?.published?.toISOString()).toBe('2026-03-01T12:00:00.000Z');
  });

  it('reports JSON that is not a feed, and invalid JSON with its position', () => {
    expect(parseFeed('{"hello": 1}')).toMatchObject({ ok: false, error: { kind: 'not-a-feed' } });
    const bad = parseFeed('{\n  "version": "https://jsonfeed.org/version/1.1",\n  "items": [,]\n}');
    expect(bad).toMatchObject({ ok: false, error: { kind: 'malformed' } });
    if (!bad.ok) expect(bad.error.message).toMatch(/line 3, column \d+/);
  });
});

describe('not a feed', () => {
  it('says an HTML page is an HTML page, with where its root is', () => {
    const r = parseFeed(fixture('html-page.html'), { contentType: 'text/html; charset=utf-8' });
    expect(r).toEqual({
      ok: false,
      error: { kind: 'not-a-feed', message: 'an HTML page, not a feed: the root element is <html> (line 2, column 1)' },
    });
  });

  it('names another XML vocabulary', () => {
    const r = parseFeed('<?xml version="1.0"?>\n<opml version="2.0"><body/></opml>');
    expect(r).toMatchObject({ ok: false, error: { kind: 'not-a-feed' } });
    if (!r.ok) expect(r.error.message).toContain('<opml> (line 2, column 1)');
  });

  it('reports empty and text bodies', () => {
    expect(parseFeed(Buffer.alloc(0))).toMatchObject({ ok: false, error: { kind: 'empty' } });
    expect(parseFeed('  \n<!-- nothing -->\n')).toMatchObject({ ok: false, error: { kind: 'empty' } });
    expect(parseFeed('Service Unavailable')).toMatchObject({
      ok: false,
      error: { kind: 'not-a-feed', message: 'not XML or JSON: the body starts with "Service Unavailable"' },
    });
  });
});
