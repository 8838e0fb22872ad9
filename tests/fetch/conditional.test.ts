// Conditional GET: validators are returned on 200 and sent back on the next poll.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFeed } from '../../src/fetch/index.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { expectModified, options, rss, RSS_TYPE } from './support.js';

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(() => server.close());

const LAST_MODIFIED = 'Tue, 04 Mar 2025 09:30:00 GMT';

describe('conditional GET', () => {
  it('returns the body with its ETag and Last-Modified on a 200', async () => {
    server.route('/validators.xml', {
      body: rss('Kabul desk'),
      headers: { 'content-type': RSS_TYPE },
      etag: '"v1"',
      lastModified: LAST_MODIFIED,
    });
    const result = expectModified(await fetchFeed({ feedId: 'kabul', url: server.url('/validators.xml') }, options()));
    expect(result.status).toBe(200);
    expect(result.etag).toBe('"v1"');
    expect(result.lastModified).toBe(LAST_MODIFIED);
    expect(result.body.toString('utf8')).toContain('<title>Kabul desk</title>');
    expect(result.contentType).toBe(RSS_TYPE);
    expect(result.url).toBe(server.url('/validators.xml'));
  });

  it('sends the saved validators and reports not-modified on a 304', async () => {
    server.route('/poll.xml', { body: rss('Peshawar desk'), etag: '"abc"', lastModified: LAST_MODIFIED });
    const first = expectModified(await fetchFeed({ feedId: 'pesh', url: server.url('/poll.xml') }, options()));
    const second = await fetchFeed(
      { feedId: 'pesh', url: server.url('/poll.xml'), etag: first.etag, lastModified: first.lastModified },
      options(),
    );
    expect(second).toEqual({ kind: 'not-modified', url: server.url('/poll.xml'), hints: {} });
    const sent = server.requests.filter((r) => r.path === '/poll.xml').at(-1);
    expect(sent?.headers['if-none-match']).toBe('"abc"');
    expect(sent?.headers['if-modified-since']).toBe(LAST_MODIFIED);
  });

  it('uses If-Modified-Since alone when the feed has no ETag', async () => {
    server.route('/dated.xml', { body: rss('Quetta desk'), lastModified: LAST_MODIFIED });
    const result = await fetchFeed(
      { feedId: 'quetta', url: server.url('/dated.xml'), lastModified: LAST_MODIFIED },
      options(),
    );
    expect(result.kind).toBe('not-modified');
  });

  it('fetches the new body when the feed changed since the saved ETag', async () => {
    server.route('/changed.xml', { body: rss('Updated desk'), etag: '"v2"' });
    const result = expectModified(
      await fetchFeed({ feedId: 'chg', url: server.url('/changed.xml'), etag: '"v1"' }, options()),
    );
    expect(result.etag).toBe('"v2"');
    expect(result.body.toString()).toContain('Updated desk');
  });

  it('treats a 200 carrying the same ETag as not-modified when the server ignores If-None-Match', async () => {
    server.route('/ignores.xml', (_req, res) => {
      res.writeHead(200, { etag: '"same"', 'content-type': RSS_TYPE }).end(rss('Same as before'));
    });
    const result = await fetchFeed({ feedId: 'ign', url: server.url('/ignores.xml'), etag: '"same"' }, options());
    expect(result.kind).toBe('not-modified');
  });
});
