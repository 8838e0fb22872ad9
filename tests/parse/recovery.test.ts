// Malformed feeds: what is recovered, and what each recovery says in the warnings.
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/parse/index.js';
import { fixture, parseOk } from './helpers.js';

describe('recovering malformed feeds', () => {
  it('keeps a bare & as a character, in text and in URLs', () => {
    const { feed, warnings } = parseOk(fixture('bare-amp.xml'));
    expect(feed.title).toBe('Roads & Bridges');
    expect(feed.items).toHaveLength(2);
    expect(feed.items[0]).toMatchObject({
      title: 'Tolls & fees change on the northern route',
      link: 'https://roads.example.com/story?id=4&section=north',
      id: 'https://roads.example.com/story?id=4&section=north',
      text: 'New fees apply to trucks & buses.',
    });
    expect(warnings).toEqual([expect.stringMatching(/bare '&'.*line 4, column \d+/)]);
  });

  it('decodes HTML entities used without a DTD and leaves unknown ones as written', () => {
    const { feed, warnings } = parseOk(fixture('unknown-entities.xml'));
    expect(feed.title).toBe('Entity Test — Wire');
    expect(feed.items[0]?.title).toBe('Minister’s visit … postponed');
    expect(feed.items[0]?.text).toBe('Café owners & traders said “wait”; &unknownthing; stays as written.');
    expect(warnings).toHaveLength(1);
  });

  it('expands entities declared in the internal DTD subset, but never recursively', () => {
    const xml =
      '<!DOCTYPE rss [ <!ENTITY org "Example Org"> <!ENTITY lol "&org;&org;"> ]><rss><channel><title>&org; &lol;</title></channel></rss>';
    expect(parseOk(xml).feed.title).toBe('Example Org &lol;');
  });

  it('reads only the first internal subset, however many DOCTYPE openings follow it', () => {
    // 4,000 repeated `<!DOCTYPE x [` once made the subset pattern rescan the prolog for each (quadratic).
    const repeated = '<!DOCTYPE x ['.repeat(4000);
    const xml = `<!DOCTYPE rss [ <!ENTITY org "Example Org"> ]>${repeated}<rss><channel><title>&org;</title></channel></rss>`;
    expect(parseFeed(xml)).toMatchObject({ ok: true, feed: { title: 'Example Org' } });
    const unclosed = `<!DOCTYPE rss [${repeated} <!ENTITY org "Example Org"><rss><channel><title>&org;</title></channel></rss>`;
    const r = parseFeed(unclosed);
    if (r.ok) expect(r.feed.title).not.toBe('Example Org');
  });

  it('keeps the complete items of a truncated document and drops the one cut off', () => {
    const { feed, warnings } = parseOk(fixture('truncated.xml'));
    expect(feed.title).toBe('Cut Short');
    expect(feed.items.map((i) => i.title)).toEqual(['First complete story']);
    expect(warnings).toEqual([expect.stringContaining('the document ends inside <title> (truncated?)')]);
  });

  it('reports a document cut off before anything could be read as malformed, with the reason', () => {
    const r = parseFeed('<?xml version="1.0"?>\n<rss version="2.0">\n<chan');
    expect(r).toMatchObject({ ok: false, error: { kind: 'malformed' } });
    if (!r.ok)
      expect(r.error.message).toMatch(
        /nothing could be recovered from the <rss> document \(line 2, column 1\): the document ends inside/,
      );
  });

  it('keeps an item whose date cannot be read, without a date, and says so', () => {
    const { feed, warnings } = parseOk(fixture('bad-dates.xml'));
    expect(feed.items.map((i) => i.published?.toISOString() ?? null)).toEqual([
      '2026-03-05T13:30:00.000Z',
      null,
      '2026-02-25T21:07:00.000Z',
      null,
    ]);
    expect(warnings).toEqual(['item 2: unreadable date "sometime last week"; kept the item without a date']);
  });

  it('closes an element left open and says where', () => {
    const xml =
      '<rss><channel><title>T</title><item><title>One<link>https://x.example/1</link></item><item><title>Two</title></item></channel></rss>';
    const { feed, warnings } = parseOk(xml);
    expect(feed.items).toHaveLength(2);
    expect(warnings).toEqual([expect.stringMatching(/^<title> was never closed; closed it at line 1, column \d+$/)]);
  });

  it('reads a feed whose RSS and module namespaces are bound to other prefixes, or not declared', () => {
    const xml = `<r:rss xmlns:r="http://backend.userland.com/rss2" xmlns:x="http://purl.org/dc/elements/1.1/"><r:channel><r:title>NS</r:title>
      <r:item><r:title>Item</r:title><x:creator>Someone</x:creator><content:encoded>&lt;p&gt;Body&lt;/p&gt;</content:encoded></r:item></r:channel></r:rss>`;
    const { feed } = parseOk(xml);
    expect(feed.title).toBe('NS');
    expect(feed.items[0]).toMatchObject({ title: 'Item', author: 'Someone', content: '<p>Body</p>' });
  });

  it('reads a feed preceded by a server message, and says so', () => {
    const { feed, warnings } = parseOk(
      'Warning: something in /srv/feed.php on line 3\n<?xml version="1.0"?><rss><channel><title>After</title></channel></rss>',
    );
    expect(feed.title).toBe('After');
    expect(warnings).toEqual(['ignored text before the root element: "Warning: something in /srv/feed.php on line 3"']);
  });

  it('fails only in the ways it names, whatever the bytes (no exception caught by the safety net)', () => {
    // parseFeed turns an exception into 'malformed: the parser failed unexpectedly'; a
    // result like that here is a parser bug, so it fails the test.
    const unexpected = (r: ReturnType<typeof parseFeed>) =>
      r.ok ? null : /failed unexpectedly/.test(r.error.message) ? r.error.message : null;
    const inputs = [
      '<',
      '<rss',
      '<<<>>>',
      '<rss><channel><item>'.repeat(5000),
      '<![CDATA[',
      '\u0000\u0001',
      '{',
      '[]',
      'null',
      '<feed><entry><content type="xhtml">',
    ];
    for (const s of inputs) expect(unexpected(parseFeed(s)), s.slice(0, 40)).toBeNull();
    for (let seed = 1; seed <= 200; seed++) {
      const bytes = Buffer.from(fixture('rss2.xml'));
      for (let k = 0; k < 20; k++) bytes[(seed * 7919 * (k + 1)) % bytes.length] = (seed * 31 + k * 17) % 256;
      const r = parseFeed(bytes);
      expect(unexpected(r), `seed ${seed}`).toBeNull();
      if (!r.ok) expect(['not-a-feed', 'malformed', 'empty']).toContain(r.error.kind);
    }
  });
});
