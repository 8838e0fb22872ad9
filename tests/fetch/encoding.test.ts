// Compressed bodies: decoded by the fetch stage (content-coding.ts); the size cap applies to the decoded bytes.
import { brotliCompressSync, deflateRawSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFeed } from '../../src/fetch/index.js';
import { startFeedServer, type Encoding, type FeedServer } from '../helpers/feed-server.js';
import { expectFailure, expectModified, options, rss, RSS_TYPE } from './support.js';

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(() => server.close());

describe('content encoding', () => {
  it.each<Encoding>(['gzip', 'deflate', 'br'])('decodes a %s body', async (encoding) => {
    const body = rss(`Compressed with ${encoding}`, ['Talks resume in Doha', 'Checkpoint closed at Torkham']);
    server.route(`/enc-${encoding}.xml`, { body, encoding, headers: { 'content-type': RSS_TYPE } });
    const result = expectModified(
      await fetchFeed({ feedId: encoding, url: server.url(`/enc-${encoding}.xml`) }, options()),
    );
    expect(result.body.toString('utf8')).toBe(body);
    const sent = server.requests.find((r) => r.path === `/enc-${encoding}.xml`);
    expect(sent?.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('caps a compressed body on its decompressed size', async () => {
    // 8 MB of spaces after the start of an RSS document gzip to about 8 KB: far under the cap on the wire, far over it decoded.
    const bomb = gzipSync(Buffer.concat([Buffer.from(rss('Bomb').slice(0, 60)), Buffer.alloc(8 * 1024 * 1024, ' ')]));
    server.route('/bomb.xml', (_req, res) => {
      res
        .writeHead(200, { 'content-encoding': 'gzip', 'content-type': RSS_TYPE, 'content-length': bomb.length })
        .end(bomb);
    });
    const result = await fetchFeed({ feedId: 'bomb', url: server.url('/bomb.xml') }, options({ maxBytes: 512 * 1024 }));
    expect(bomb.length).toBeLessThan(512 * 1024);
    expectFailure(result, 'too-large');
  });

  it.each([
    ['raw deflate (no zlib header, as some servers send)', 'deflate', deflateRawSync],
    ['x-gzip', 'x-gzip', gzipSync],
    ['two codings, undone last-first', 'gzip, br', (b: Buffer) => brotliCompressSync(gzipSync(b))],
  ])('decodes %s', async (_name, coding, encode) => {
    const body = rss(`Coded as ${coding}`, ['Market reopens in Chaman']);
    const path = `/coding-${encodeURIComponent(coding)}.xml`;
    server.route(path, (_req, res) => {
      res.writeHead(200, { 'content-encoding': coding, 'content-type': RSS_TYPE }).end(encode(Buffer.from(body)));
    });
    expect(
      expectModified(await fetchFeed({ feedId: 'coding', url: server.url(path) }, options())).body.toString('utf8'),
    ).toBe(body);
  });

  it('returns a body with an unknown coding as it came, like fetch', async () => {
    const body = rss('Unknown coding');
    server.route('/unknown-coding.xml', (_req, res) => {
      res.writeHead(200, { 'content-encoding': 'zstd', 'content-type': RSS_TYPE }).end(body);
    });
    expect(
      expectModified(
        await fetchFeed({ feedId: 'zstd', url: server.url('/unknown-coding.xml') }, options()),
      ).body.toString('utf8'),
    ).toBe(body);
  });

  it('reports a corrupt gzip body as not-a-feed', async () => {
    server.route('/corrupt.xml', (_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': RSS_TYPE }).end('this was never gzipped');
    });
    const error = expectFailure(
      await fetchFeed({ feedId: 'corrupt', url: server.url('/corrupt.xml') }, options()),
      'not-a-feed',
    );
    expect(error.message).toMatch(/could not be decoded/);
  });
});
