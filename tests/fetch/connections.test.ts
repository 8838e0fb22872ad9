// Connections: polls reuse a keep-alive connection when the last exchange ended cleanly
// (a 200 read to its end, a drained 304 or redirect), and a connection whose body was cut
// off is closed rather than reused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFeed } from '../../src/fetch/index.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { expectFailure, expectModified, options, rss, RSS_TYPE } from './support.js';

let server: FeedServer;
/** The client port of each request to a watched path: the same port is the same connection. */
const ports: number[] = [];
beforeAll(async () => {
  server = await startFeedServer();
  const feed = rss('Keep-alive desk');
  server.route('/ka.xml', (req, res) => {
    ports.push(req.socket.remotePort ?? -1);
    if (req.headers['if-none-match'] === '"ka"') res.writeHead(304, { etag: '"ka"' }).end();
    else res.writeHead(200, { etag: '"ka"', 'content-type': RSS_TYPE }).end(feed);
  });
  server.route('/ka-moved', (req, res) => {
    ports.push(req.socket.remotePort ?? -1);
    res.writeHead(302, { location: '/ka.xml' }).end('moved');
  });
  server.route('/ka-big.xml', (req, res) => {
    ports.push(req.socket.remotePort ?? -1);
    res.writeHead(200, { 'content-type': RSS_TYPE });
    res.write(Buffer.alloc(64 * 1024, ' '));
    res.write(Buffer.alloc(64 * 1024, ' '));
  });
});
afterAll(() => server.close());

describe('keep-alive connections', () => {
  it('reuses one connection across a 200, a 304 and a redirect', async () => {
    ports.length = 0;
    expectModified(await fetchFeed({ feedId: 'ka', url: server.url('/ka.xml') }, options()));
    expect((await fetchFeed({ feedId: 'ka', url: server.url('/ka.xml'), etag: '"ka"' }, options())).kind).toBe(
      'not-modified',
    );
    expectModified(await fetchFeed({ feedId: 'ka', url: server.url('/ka-moved') }, options()));
    expect(ports).toHaveLength(4);
    expect(new Set(ports).size).toBe(1);
  });

  it('closes a connection whose body was cut off, and the next poll opens a new one', async () => {
    ports.length = 0;
    expectFailure(
      await fetchFeed({ feedId: 'big', url: server.url('/ka-big.xml') }, options({ maxBytes: 32 * 1024 })),
      'too-large',
    );
    expectModified(await fetchFeed({ feedId: 'ka', url: server.url('/ka.xml') }, options()));
    expect(ports).toHaveLength(2);
    expect(ports[1]).not.toBe(ports[0]);
  });
});
