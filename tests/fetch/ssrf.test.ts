// SSRF policy (src/fetch/address.ts): a feed whose configured URL names a public host never
// reaches a private address — not by a redirect, not by a page's feed link, not by a name
// that resolves there. The test's server is on 127.0.0.1, so "public" names are made by
// the test-only `network` option: *.public.test resolves to 127.0.0.1 and counts as public.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namesPrivateHost } from '../../src/fetch/address.js';
import { fetchFeed } from '../../src/fetch/index.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { expectFailure, expectModified, options, rss, RSS_TYPE, testNetwork } from './support.js';

let server: FeedServer;
let port: number;
const publicUrl = (path: string) => `http://feed.public.test:${port}${path}`;
const internalHits = () => server.requests.filter((r) => r.path.startsWith('/internal')).length;

beforeAll(async () => {
  server = await startFeedServer();
  port = Number(new URL(server.origin).port);
  server.route('/internal.xml', { body: rss('Internal admin feed'), headers: { 'content-type': RSS_TYPE } });
  server.route('/feed.xml', { body: rss('Public feed'), headers: { 'content-type': RSS_TYPE } });
});
afterAll(() => server.close());

describe('SSRF policy', () => {
  it('fetches a public feed (the test network works)', async () => {
    expectModified(await fetchFeed({ feedId: 'pub', url: publicUrl('/feed.xml') }, options({ network: testNetwork })));
  });

  it('refuses a public feed redirecting to a loopback address, without connecting to it', async () => {
    server.route('/to-loopback', { status: 302, redirect: server.url('/internal.xml') });
    const before = internalHits();
    const error = expectFailure(
      await fetchFeed({ feedId: 'pub', url: publicUrl('/to-loopback') }, options({ network: testNetwork })),
      'blocked-address',
    );
    expect(error.message).toMatch(/refused to connect to 127\.0\.0\.1: a loopback address/);
    expect(internalHits()).toBe(before);
  });

  it('refuses a redirect to the cloud metadata address (link-local)', async () => {
    server.route('/to-metadata', { status: 301, redirect: 'http://169.254.169.254/latest/meta-data/' });
    const error = expectFailure(
      await fetchFeed({ feedId: 'pub', url: publicUrl('/to-metadata') }, options({ network: testNetwork })),
      'blocked-address',
    );
    expect(error.message).toContain('linkLocal');
  });

  it('refuses a redirect to a name that resolves to a private address (localhost)', async () => {
    server.route('/to-localhost', { status: 302, redirect: `http://localhost:${port}/internal.xml` });
    const before = internalHits();
    expectFailure(
      await fetchFeed({ feedId: 'pub', url: publicUrl('/to-localhost') }, options({ network: testNetwork })),
      'blocked-address',
    );
    expect(internalHits()).toBe(before);
  });

  it("refuses an HTML page's feed link to a private address", async () => {
    const page = `<!doctype html><html><head><link rel="alternate" type="application/rss+xml" href="${server.url('/internal.xml')}"></head></html>`;
    server.route('/page', { body: page, headers: { 'content-type': 'text/html' } });
    const before = internalHits();
    expectFailure(
      await fetchFeed({ feedId: 'pub', url: publicUrl('/page') }, options({ network: testNetwork })),
      'blocked-address',
    );
    expect(internalHits()).toBe(before);
  });

  it('checks the resolved address, not the name: a public-looking name resolving to 127.0.0.1 is refused (DNS rebinding)', async () => {
    const url = `http://rebind.example.test:${port}/feed.xml`;
    const error = expectFailure(
      await fetchFeed({ feedId: 'rebind', url }, options({ network: testNetwork })),
      'blocked-address',
    );
    expect(error.message).toContain('rebind.example.test (127.0.0.1)');
  });

  it('keeps a moved feed under the policy of its configured URL', async () => {
    // state.fetchUrl (a redirect learnt earlier) is private, but the config names a public host.
    const req = { feedId: 'moved', url: server.url('/internal.xml'), configuredUrl: publicUrl('/feed.xml') };
    expectFailure(await fetchFeed(req, options({ network: testNetwork })), 'blocked-address');
  });

  it('never lends a kept-alive socket of a private feed to a public feed', async () => {
    // A local feed (operator intent) leaves a keep-alive socket to 127.0.0.1 open…
    expectModified(
      await fetchFeed({ feedId: 'local', url: server.url('/internal.xml') }, options({ network: testNetwork })),
    );
    server.route('/to-loopback-2', { status: 307, redirect: server.url('/internal.xml') });
    const before = internalHits();
    // …which a public feed's redirect to the same host:port must not reuse.
    expectFailure(
      await fetchFeed({ feedId: 'pub', url: publicUrl('/to-loopback-2') }, options({ network: testNetwork })),
      'blocked-address',
    );
    expect(internalHits()).toBe(before);
  });

  it('lets a feed whose configured URL names a private host redirect within private addresses', async () => {
    server.route('/local-hop', { status: 302, redirect: `http://localhost:${port}/internal.xml` });
    expectModified(
      await fetchFeed({ feedId: 'local', url: server.url('/local-hop') }, options({ network: testNetwork })),
    );
  });

  it('lets everything through with allowPrivateAddresses', async () => {
    const r = await fetchFeed(
      { feedId: 'pub', url: publicUrl('/to-loopback') },
      options({ network: testNetwork, allowPrivateAddresses: true }),
    );
    expect(expectModified(r).url).toBe(server.url('/internal.xml'));
  });
});

describe('namesPrivateHost', () => {
  it.each([
    ['http://127.0.0.1:1200/feed', true],
    ['http://[::1]/feed', true],
    ['http://10.0.0.5/rss', true],
    ['http://169.254.169.254/latest', true],
    ['http://localhost:1200/', true],
    ['http://rsshub:1200/x', true],
    ['http://nas.local/feed', true],
    ['http://feeds.corp.internal/x', true],
    ['https://example.com/feed', false],
    ['https://93.184.216.34/feed', false],
    ['https://[2606:4700::1]/feed', false],
  ])('%s → %s', (url, expected) => expect(namesPrivateHost(url)).toBe(expected));
});
