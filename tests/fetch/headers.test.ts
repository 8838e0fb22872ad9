// What we send (User-Agent, Accept) and what we keep from the answer (poll hints,
// raw bytes with their content type: charsets are the parse stage's job).
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFeed } from '../../src/fetch/index.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { expectModified, options, rss, UA } from './support.js';

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(() => server.close());

describe('request headers', () => {
  it('sends the User-Agent naming the project and its contact, and an Accept preferring feeds', async () => {
    server.route('/ua.xml', { body: rss('UA check') });
    expectModified(await fetchFeed({ feedId: 'ua', url: server.url('/ua.xml') }, options()));
    const sent = server.requests.find((r) => r.path === '/ua.xml');
    expect(sent?.headers['user-agent']).toBe(UA);
    expect(UA).toBe('newswatch/0.1.0 (news monitor; contact: ops@example.org)');
    expect(sent?.headers.accept).toMatch(/^application\/rss\+xml, application\/atom\+xml/);
    expect(sent?.headers['if-none-match']).toBeUndefined();
  });
});

describe('poll hints', () => {
  it('reads Cache-Control max-age as maxAgeMs', async () => {
    server.route('/cached.xml', {
      body: rss('Cached'),
      headers: { 'cache-control': 'public, max-age=900' },
      etag: '"c"',
    });
    expect(expectModified(await fetchFeed({ feedId: 'c', url: server.url('/cached.xml') }, options())).hints).toEqual({
      maxAgeMs: 900_000,
    });
    // A 304 carries the hint too.
    const again = await fetchFeed({ feedId: 'c', url: server.url('/cached.xml'), etag: '"c"' }, options());
    expect(again).toMatchObject({ kind: 'not-modified', hints: { maxAgeMs: 900_000 } });
  });

  it('reads Expires relative to the response Date when there is no max-age', async () => {
    server.route('/expires.xml', (_req, res) => {
      const now = Date.now();
      res
        .writeHead(200, { date: new Date(now).toUTCString(), expires: new Date(now + 600_000).toUTCString() })
        .end(rss('Expires'));
    });
    const { hints } = expectModified(await fetchFeed({ feedId: 'e', url: server.url('/expires.xml') }, options()));
    expect(hints.maxAgeMs).toBeGreaterThanOrEqual(599_000);
    expect(hints.maxAgeMs).toBeLessThanOrEqual(601_000);
  });

  it('gives no hint for no-cache or an Expires in the past', async () => {
    server.route('/nocache.xml', { body: rss('No cache'), headers: { 'cache-control': 'no-cache, max-age=600' } });
    server.route('/expired.xml', { body: rss('Expired'), headers: { expires: 'Thu, 01 Jan 1970 00:00:00 GMT' } });
    expect(expectModified(await fetchFeed({ feedId: 'n', url: server.url('/nocache.xml') }, options())).hints).toEqual(
      {},
    );
    expect(expectModified(await fetchFeed({ feedId: 'x', url: server.url('/expired.xml') }, options())).hints).toEqual(
      {},
    );
  });
});

describe('bodies are returned as raw bytes with their content type', () => {
  it('windows-1252', async () => {
    const text = rss('Caf\u00e9 \u2014 \u201cfrontier\u201d news \u20ac').replace('utf-8', 'windows-1252');
    const bytes = iconv.encode(text, 'win1252');
    const type = 'application/rss+xml; charset=windows-1252';
    server.route('/cp1252.xml', { body: bytes, headers: { 'content-type': type } });
    const result = expectModified(await fetchFeed({ feedId: 'w', url: server.url('/cp1252.xml') }, options()));
    expect(result.body.equals(bytes)).toBe(true);
    expect(result.body.includes(Buffer.from([0x97]))).toBe(true); // the em dash, still one cp1252 byte
    expect(result.contentType).toBe(type);
  });

  it('UTF-16 with a BOM', async () => {
    const text = rss('\u062e\u0628\u0631\u0648\u0646\u0647 \u2014 UTF-16 feed').replace('utf-8', 'utf-16');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    server.route('/utf16.xml', { body: bytes, headers: { 'content-type': 'application/xml' } });
    const result = expectModified(await fetchFeed({ feedId: 'u', url: server.url('/utf16.xml') }, options()));
    expect(result.body.equals(bytes)).toBe(true);
    expect(result.contentType).toBe('application/xml');
    expect(result.discoveredFeedUrl).toBeUndefined();
  });
});
