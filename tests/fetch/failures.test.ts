// Failure classification: HTTP statuses, rate limits with Retry-After, and network errors.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyThrown } from '../../src/fetch/errors.js';
import { fetchFeed } from '../../src/fetch/index.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { expectFailure, options } from './support.js';

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(() => server.close());

describe('HTTP status failures', () => {
  it('429 with Retry-After in seconds → rate-limited with retryAfterMs', async () => {
    server.route('/busy-seconds', { status: 429, headers: { 'retry-after': '120' }, body: 'slow down' });
    const result = await fetchFeed({ feedId: 'busy', url: server.url('/busy-seconds') }, options());
    const error = expectFailure(result, 'rate-limited');
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(120_000);
    expect(result.hints.retryAfterMs).toBe(120_000);
    expect(error.message).toBe(
      `[GET] "${server.url('/busy-seconds')}": HTTP 429 Too Many Requests (retry after 120 s)`,
    );
  });

  it('429 with Retry-After as an HTTP date → the delay until that date', async () => {
    server.route('/busy-date', (_req, res) => {
      const now = Date.now();
      res
        .writeHead(429, { date: new Date(now).toUTCString(), 'retry-after': new Date(now + 300_000).toUTCString() })
        .end();
    });
    const error = expectFailure(
      await fetchFeed({ feedId: 'busy', url: server.url('/busy-date') }, options()),
      'rate-limited',
    );
    // HTTP dates have whole seconds: the two truncations can differ by one.
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(299_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(301_000);
  });

  it('503 → rate-limited, with or without Retry-After', async () => {
    server.route('/maintenance', { status: 503, headers: { 'retry-after': '30' } });
    server.route('/down', { status: 503 });
    expect(
      expectFailure(await fetchFeed({ feedId: 'm', url: server.url('/maintenance') }, options()), 'rate-limited')
        .retryAfterMs,
    ).toBe(30_000);
    const bare = await fetchFeed({ feedId: 'd', url: server.url('/down') }, options());
    expect(expectFailure(bare, 'rate-limited').retryAfterMs).toBeUndefined();
    expect(bare.hints).toEqual({});
  });

  it('500 and 502 → http-5xx', async () => {
    server.route('/broken', { status: 500, body: 'stack trace' });
    server.route('/gateway', { status: 502 });
    expectFailure(await fetchFeed({ feedId: 'b', url: server.url('/broken') }, options()), 'http-5xx');
    expect(
      expectFailure(await fetchFeed({ feedId: 'g', url: server.url('/gateway') }, options()), 'http-5xx').status,
    ).toBe(502);
  });

  it('404 and 403 → http-4xx, with the feed id, URL and status', async () => {
    server.route('/forbidden', { status: 403, body: 'no bots' });
    const error = expectFailure(
      await fetchFeed({ feedId: 'gone', url: server.url('/missing.xml') }, options()),
      'http-4xx',
    );
    expect(error).toMatchObject({ status: 404, feedId: 'gone', url: server.url('/missing.xml'), name: 'FetchError' });
    expect(error.message).toBe(`[GET] "${server.url('/missing.xml')}": HTTP 404 Not Found`);
    expect(
      expectFailure(await fetchFeed({ feedId: 'f', url: server.url('/forbidden') }, options()), 'http-4xx').status,
    ).toBe(403);
  });
});

describe('network failures', () => {
  it('connection refused → connection', async () => {
    const probe = createHttpServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as AddressInfo;
    await new Promise((r) => probe.close(r));
    const error = expectFailure(
      await fetchFeed({ feedId: 'closed', url: `http://127.0.0.1:${port}/feed.xml` }, options()),
      'connection',
    );
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('a connection dropped mid-body → connection', async () => {
    server.route('/dropped', (req, res) => {
      res.writeHead(200, { 'content-length': 5000, 'content-type': 'application/rss+xml' });
      res.write('<rss version="2.0"><channel>');
      setTimeout(() => req.socket.destroy(), 20);
    });
    expectFailure(await fetchFeed({ feedId: 'drop', url: server.url('/dropped') }, options()), 'connection');
  });

  it('a name that does not resolve → dns', () => {
    // The error node:http raises for an unknown name (getaddrinfo ENOTFOUND), classified
    // without a real lookup, so the suite never sends a DNS query.
    const thrown = Object.assign(new Error('getaddrinfo ENOTFOUND feeds.newswatch-test.invalid'), {
      code: 'ENOTFOUND',
      syscall: 'getaddrinfo',
      hostname: 'feeds.newswatch-test.invalid',
    });
    const unresolvable = 'http://feeds.newswatch-test.invalid/rss'; // never fetched
    const ctx = { url: unresolvable, feedId: 'nx' };
    const error = classifyThrown(thrown, ctx, { timedOut: false, aborted: false, timeoutMs: 1000 });
    expect(error.kind).toBe('dns');
    expect(error.message).toBe(
      '[GET] "http://feeds.newswatch-test.invalid/rss": DNS lookup failed (ENOTFOUND feeds.newswatch-test.invalid)',
    );
    const temporary = classifyThrown(Object.assign(new Error('getaddrinfo EAI_AGAIN x'), { code: 'EAI_AGAIN' }), ctx, {
      timedOut: false,
      aborted: false,
      timeoutMs: 1000,
    });
    expect(temporary.kind).toBe('dns');
  });

  it('a self-signed certificate → tls', async (ctx) => {
    const dir = mkdtempSync(join(tmpdir(), 'newswatch-tls-'));
    try {
      try {
        execFileSync(
          'openssl',
          [
            'req',
            '-x509',
            '-newkey',
            'ec',
            '-pkeyopt',
            'ec_paramgen_curve:prime256v1',
            '-nodes',
            '-keyout',
            join(dir, 'key.pem'),
            '-out',
            join(dir, 'cert.pem'),
            '-days',
            '2',
            '-subj',
            '/CN=127.0.0.1',
          ],
          { stdio: 'ignore' },
        );
      } catch {
        ctx.skip('openssl is not installed: cannot make a self-signed certificate');
      }
      const tls = createHttpsServer(
        { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
        (_req, res) => res.end('<rss/>'),
      );
      await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
      const { port } = tls.address() as AddressInfo;
      try {
        const error = expectFailure(
          await fetchFeed({ feedId: 'tls', url: `https://127.0.0.1:${port}/feed.xml` }, options()),
          'tls',
        );
        expect(error.message).toMatch(/self-signed|SELF_SIGNED/);
      } finally {
        tls.closeAllConnections();
        await new Promise((r) => tls.close(r));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
