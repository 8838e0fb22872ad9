// HTML pages: followed once through <link rel="alternate"> to the feed, or reported as not-a-feed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFeed } from '../../src/fetch/index.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { expectFailure, expectModified, options, rss, RSS_TYPE } from './support.js';

const HTML = 'text/html; charset=utf-8';
const page = (head: string) =>
  `<!DOCTYPE html><html><head><title>Frontier Post</title>${head}</head><body><p>Latest reports from the frontier districts.</p></body></html>`;

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
  server.route('/news/rss.xml', { body: rss('Frontier Post'), headers: { 'content-type': RSS_TYPE } });
});
afterAll(() => server.close());

describe('feed discovery', () => {
  it('reports an HTML page without a feed link as not-a-feed', async () => {
    server.route('/plain.html', {
      body: page('<link rel="stylesheet" href="/site.css">'),
      headers: { 'content-type': HTML },
    });
    const error = expectFailure(
      await fetchFeed({ feedId: 'fp', url: server.url('/plain.html') }, options()),
      'not-a-feed',
    );
    expect(error.message).toContain('an HTML page');
    expect(error.url).toBe(server.url('/plain.html'));
  });

  it('spots an HTML page by its content even when labelled as XML', async () => {
    server.route('/mislabelled', { body: page(''), headers: { 'content-type': 'application/xml' } });
    expectFailure(await fetchFeed({ feedId: 'fp', url: server.url('/mislabelled') }, options()), 'not-a-feed');
  });

  it('follows <link rel="alternate" type="application/rss+xml"> once and reports the feed URL', async () => {
    server.route('/news/', {
      body: page('<link rel="alternate" type="application/rss+xml" title="Frontier Post" href="rss.xml">'),
      headers: { 'content-type': HTML },
    });
    const result = expectModified(
      await fetchFeed({ feedId: 'fp', url: server.url('/news/'), etag: '"page-etag"' }, options()),
    );
    expect(result.discoveredFeedUrl).toBe(server.url('/news/rss.xml'));
    expect(result.url).toBe(server.url('/news/rss.xml'));
    expect(result.contentType).toBe(RSS_TYPE);
    expect(result.body.toString()).toContain('<rss version="2.0">');
    // The page's validators are not sent to the feed.
    expect(server.requests.filter((r) => r.path === '/news/rss.xml').at(-1)?.headers['if-none-match']).toBeUndefined();
  });

  it('prefers an RSS or Atom link to a plain JSON one, whatever the order', async () => {
    server.route('/wp-page', {
      body: page(
        '<link rel="alternate" type="application/json" href="/wp-json/wp/v2/pages/7"><link rel="alternate" type="application/atom+xml" href="/news/rss.xml">',
      ),
      headers: { 'content-type': HTML },
    });
    const result = expectModified(await fetchFeed({ feedId: 'wp', url: server.url('/wp-page') }, options()));
    expect(result.discoveredFeedUrl).toBe(server.url('/news/rss.xml'));
  });

  it('does not discover twice: a feed link to another HTML page is not-a-feed', async () => {
    server.route('/page-a', {
      body: page('<link rel="alternate" type="application/rss+xml" href="/page-b">'),
      headers: { 'content-type': HTML },
    });
    server.route('/page-b', {
      body: page('<link rel="alternate" type="application/rss+xml" href="/news/rss.xml">'),
      headers: { 'content-type': HTML },
    });
    const feedRequests = () => server.requests.filter((r) => r.path === '/news/rss.xml').length;
    const before = feedRequests();
    const error = expectFailure(
      await fetchFeed({ feedId: 'twice', url: server.url('/page-a') }, options()),
      'not-a-feed',
    );
    expect(error.url).toBe(server.url('/page-b'));
    expect(feedRequests()).toBe(before);
  });

  it('takes a feed served as text/html for a feed', async () => {
    server.route('/feed-as-html', { body: rss('Labelled wrongly'), headers: { 'content-type': HTML } });
    const result = expectModified(await fetchFeed({ feedId: 'lbl', url: server.url('/feed-as-html') }, options()));
    expect(result.discoveredFeedUrl).toBeUndefined();
    expect(result.contentType).toBe(HTML);
  });
});
