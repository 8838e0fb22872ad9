// Redirects are followed by hand: capped, loop-checked, http(s) only, and a chain of
// permanent ones is reported so the next poll can use the new URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFeed } from '../../src/fetch/index.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { expectFailure, expectModified, options, rss, RSS_TYPE } from './support.js';

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
  server.route('/target.xml', { body: rss('Moved feed'), headers: { 'content-type': RSS_TYPE }, etag: '"t1"' });
});
afterAll(() => server.close());

describe('redirects', () => {
  it('stops a redirect loop with too-many-redirects', async () => {
    server.route('/loop-a', { status: 302, redirect: '/loop-b' });
    server.route('/loop-b', { status: 302, redirect: '/loop-a' });
    const error = expectFailure(
      await fetchFeed({ feedId: 'loop', url: server.url('/loop-a') }, options()),
      'too-many-redirects',
    );
    expect(error.message).toContain('loop');
    // The loop is noticed when it closes, not after maxRedirects rounds.
    expect(server.requests.filter((r) => r.path.startsWith('/loop-')).length).toBe(2);
  });

  it('gives up after maxRedirects hops', async () => {
    for (let i = 0; i < 4; i++) server.route(`/hop${i}`, { status: 307, redirect: `/hop${i + 1}` });
    server.route('/hop4', { status: 307, redirect: '/target.xml' });
    expectFailure(
      await fetchFeed({ feedId: 'hops', url: server.url('/hop0') }, options({ maxRedirects: 3 })),
      'too-many-redirects',
    );
    expectModified(await fetchFeed({ feedId: 'hops', url: server.url('/hop0') }, options({ maxRedirects: 5 })));
  });

  it.each([301, 308])('records a %i chain as permanentRedirect', async (status) => {
    server.route(`/old-${status}`, { status, redirect: `/older-${status}` });
    server.route(`/older-${status}`, { status, redirect: server.url('/target.xml') });
    const result = expectModified(await fetchFeed({ feedId: 'moved', url: server.url(`/old-${status}`) }, options()));
    expect(result.url).toBe(server.url('/target.xml'));
    expect(result.permanentRedirect).toBe(server.url('/target.xml'));
  });

  it('keeps permanentRedirect on a 304 behind a 301', async () => {
    server.route('/old-cond', { status: 301, redirect: '/target.xml' });
    const result = await fetchFeed({ feedId: 'moved', url: server.url('/old-cond'), etag: '"t1"' }, options());
    expect(result).toMatchObject({ kind: 'not-modified', permanentRedirect: server.url('/target.xml') });
  });

  it('does not record a 302, nor a chain with a temporary hop', async () => {
    server.route('/temp', { status: 302, redirect: '/target.xml' });
    server.route('/mixed', { status: 301, redirect: '/temp' });
    for (const path of ['/temp', '/mixed']) {
      const result = expectModified(await fetchFeed({ feedId: 'temp', url: server.url(path) }, options()));
      expect(result.url).toBe(server.url('/target.xml'));
      expect(result.permanentRedirect).toBeUndefined();
    }
  });

  it('refuses a redirect to a non-http scheme', async () => {
    server.route('/to-ftp', { status: 301, redirect: 'ftp://files.example.org/feed.xml' });
    server.route('/to-file', { status: 302, redirect: 'file:///etc/passwd' });
    for (const path of ['/to-ftp', '/to-file']) {
      const error = expectFailure(
        await fetchFeed({ feedId: 'scheme', url: server.url(path) }, options()),
        'not-a-feed',
      );
      expect(error.message).toMatch(/unsupported URL scheme/);
      expect(error.url).toBe(server.url(path));
    }
  });

  it('fails a redirect without a Location header', async () => {
    server.route('/nowhere', { status: 302 });
    const error = expectFailure(
      await fetchFeed({ feedId: 'noloc', url: server.url('/nowhere') }, options()),
      'not-a-feed',
    );
    expect(error.status).toBe(302);
  });
});
