// Time and size limits: a hanging or trickling server times out without holding up
// other fetches; a huge body is cut off while streaming; the caller can abort.
import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFeed } from '../../src/fetch/index.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { expectFailure, expectModified, options, rss, RSS_TYPE } from './support.js';

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
  for (let i = 0; i < 6; i++)
    server.route(`/ok-${i}.xml`, { body: rss(`Feed ${i}`), headers: { 'content-type': RSS_TYPE }, delayMs: 20 });
});
afterAll(() => server.close());

describe('timeouts', () => {
  it('times out a server that never answers while concurrent fetches finish', async () => {
    server.route('/hang.xml', { hang: true });
    const slow = fetchFeed({ feedId: 'hang', url: server.url('/hang.xml') }, options({ timeoutMs: 400 }));
    const others = Array.from({ length: 6 }, (_, i) =>
      fetchFeed({ feedId: `ok-${i}`, url: server.url(`/ok-${i}.xml`) }, options()),
    );
    const results = await Promise.all(others);
    for (const r of results) expectModified(r);
    const error = expectFailure(await slow, 'timeout');
    expect(error.message).toContain('timed out after 400 ms');
    expect(error.feedId).toBe('hang');
  });

  it('times out a body that trickles forever', async () => {
    server.route('/trickle.xml', {
      body: '<?xml version="1.0"?><rss version="2.0"><channel>',
      trickle: { everyMs: 20 },
      headers: { 'content-type': RSS_TYPE },
    });
    expectFailure(
      await fetchFeed({ feedId: 'trickle', url: server.url('/trickle.xml') }, options({ timeoutMs: 400 })),
      'timeout',
    );
  });

  it('reports aborted when the caller aborts, not timeout', async () => {
    server.route('/hang-abort.xml', { hang: true });
    const controller = new AbortController();
    const pending = fetchFeed(
      { feedId: 'abort', url: server.url('/hang-abort.xml') },
      options({ signal: controller.signal }),
    );
    setTimeout(() => controller.abort(), 50);
    expectFailure(await pending, 'aborted');
    expectFailure(
      await fetchFeed({ feedId: 'abort', url: server.url('/ok-0.xml') }, options({ signal: controller.signal })),
      'aborted',
    );
  });

  it("leaves no listener behind on the caller's long-lived signal", async () => {
    const shutdown = new AbortController();
    for (let i = 0; i < 3; i++)
      expectModified(
        await fetchFeed({ feedId: 'ok', url: server.url(`/ok-${i}.xml`) }, options({ signal: shutdown.signal })),
      );
    expectFailure(
      await fetchFeed({ feedId: 'gone', url: server.url('/missing') }, options({ signal: shutdown.signal })),
      'http-4xx',
    );
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0);
  });
});

describe('size cap', () => {
  it('cuts off a streamed 50 MB body without buffering it', async () => {
    const total = 50 * 1024 * 1024;
    server.route('/huge.xml', { streamBytes: total, headers: { 'content-type': RSS_TYPE } });
    const error = expectFailure(
      await fetchFeed({ feedId: 'huge', url: server.url('/huge.xml') }, options({ maxBytes: 1024 * 1024 })),
      'too-large',
    );
    expect(error.message).toContain('1048576-byte limit');
    // The client cancelled: the server stopped (socket buffers aside) long before the end.
    const sent = server.requests.find((r) => r.path === '/huge.xml');
    expect(sent?.completed).toBe(false);
    expect(sent?.bytesSent).toBeLessThan(total / 2);
  });

  it('cancels the body of an error response instead of reading it', async () => {
    const total = 20 * 1024 * 1024;
    server.route('/big-404', { status: 404, streamBytes: total, headers: { 'content-type': 'text/html' } });
    expectFailure(await fetchFeed({ feedId: 'e', url: server.url('/big-404') }, options()), 'http-4xx');
    const sent = server.requests.find((r) => r.path === '/big-404');
    expect(sent?.completed).toBe(false);
    expect(sent?.bytesSent).toBeLessThan(total / 2);
  });

  it('refuses a declared Content-Length over the cap before reading', async () => {
    server.route('/declared.xml', { body: Buffer.alloc(300 * 1024, 'a'), headers: { 'content-type': RSS_TYPE } });
    const error = expectFailure(
      await fetchFeed({ feedId: 'decl', url: server.url('/declared.xml') }, options({ maxBytes: 100 * 1024 })),
      'too-large',
    );
    expect(error.message).toContain('Content-Length 307200');
  });
});
