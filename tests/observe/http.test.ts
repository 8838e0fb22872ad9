// The HTTP server against real sockets on 127.0.0.1 port 0.
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type HttpServer, startHttpServer } from '../../src/observe/http.js';
import { Metrics } from '../../src/observe/metrics.js';
import { silentLogger } from '../../src/observe/log.js';
import type { StatusSource } from '../../src/observe/status-source.js';
import { defaultState, fakeStatus } from './fake-status.js';

const servers: HttpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(status: StatusSource, log = silentLogger): Promise<HttpServer> {
  const s = await startHttpServer({ host: '127.0.0.1', port: 0 }, { status, log });
  servers.push(s);
  return s;
}

function capturingLogger(): { log: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { log: pino({ level: 'info' }, sink), lines };
}

/** The status code for a request line written by hand. */
async function rawStatus(url: string, target: string): Promise<number> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.end(`GET ${target} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`);
  let text = '';
  for await (const chunk of socket) text += String(chunk);
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
}

describe('/healthz', () => {
  it('answers 200 with the last poll and start times when the scheduler runs and the database answers', async () => {
    const source = fakeStatus();
    const s = await serve(source);
    const res = await fetch(new URL('/healthz', s.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body).toEqual({
      status: 'ok',
      schedulerRunning: true,
      databaseOk: true,
      lastPollAt: new Date(source.state.health.lastPollAt!).toISOString(),
      startedAt: new Date(source.state.health.startedAt).toISOString(),
      uptimeSeconds: Math.round((source.state.now - source.state.health.startedAt) / 1000),
    });
  });

  it('answers 503 with the reason when the scheduler stops or the database fails, and 200 again after', async () => {
    const source = fakeStatus();
    const s = await serve(source);
    const url = new URL('/healthz?probe=1', s.url);
    source.state.health = { ...source.state.health, ok: false, schedulerRunning: false };
    let res = await fetch(url);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      status: 'unavailable',
      reason: 'scheduler not running',
      schedulerRunning: false,
    });
    source.state.health = { ...source.state.health, ok: false, schedulerRunning: true, databaseOk: false };
    res = await fetch(url);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ reason: 'database not answering', databaseOk: false });
    source.state.health = { ...source.state.health, ok: true, databaseOk: true, lastPollAt: null };
    res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', lastPollAt: null });
  });

  it('answers 200 degraded with the reason when most feeds fail, and 503 with the state file problem', async () => {
    const source = fakeStatus();
    source.state.feeds = source.state.feeds.map((f) => ({
      ...f,
      state: 'retrying',
      consecutiveFailures: 2,
      lastErrorKind: 'dns',
    }));
    const s = await serve(source);
    let res = await fetch(new URL('/healthz', s.url));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'degraded',
      reason: '5 of 5 feeds failing (dns ×5): check the network and DNS of this host',
    });
    const problem =
      'state file /var/lib/newswatch/state.db was deleted while the service ran (no file at that path any more): …';
    source.state.health = { ...source.state.health, ok: false, databaseOk: false, stateProblem: problem };
    res = await fetch(new URL('/healthz', s.url));
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'unavailable', reason: problem, databaseOk: false });
  });

  it('answers 503 when the health check itself throws', async () => {
    const source = {
      ...fakeStatus(),
      health: () => {
        throw new Error('SQLITE_BUSY: database is locked');
      },
    };
    const s = await serve(source);
    const res = await fetch(new URL('/healthz', s.url));
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      status: 'unavailable',
      reason: 'health check failed: SQLITE_BUSY: database is locked',
    });
  });
});

describe('/metrics', () => {
  it('serves the registry in the Prometheus text format', async () => {
    const metrics = new Metrics();
    metrics.poll('frontier-wire', 'updated', 120);
    metrics.match('groups', 'iskp');
    const s = await serve(fakeStatus(defaultState(), metrics));
    const res = await fetch(new URL('/metrics', s.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const body = await res.text();
    expect(body).toContain('# TYPE newswatch_polls_total counter');
    expect(body).toContain('newswatch_polls_total{feed="frontier-wire",result="updated"} 1');
    expect(body).toContain('newswatch_matches_total{watchlist="groups",entity="iskp"} 1');
    expect(body).toContain('newswatch_poll_duration_seconds_bucket{le="0.25"} 1');
  });
});

describe('the status page', () => {
  it('serves HTML that cannot run scripts, with the feeds and alerts', async () => {
    const s = await serve(fakeStatus());
    const res = await fetch(s.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(html).toContain('Region Monitor');
    expect(html).toContain('Provincial officials report attack on checkpoint near Jalalabad');
    expect(html).toContain('<svg class="bars"');
  });

  it('answers HEAD with the headers and no body', async () => {
    const s = await serve(fakeStatus());
    const get = await fetch(s.url);
    const length = (await get.arrayBuffer()).byteLength;
    const head = await fetch(s.url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBe(length);
    expect(await head.text()).toBe('');
  });

  it('answers 500 without details when the source fails, and logs the error with its path', async () => {
    const { log, lines } = capturingLogger();
    const source = {
      ...fakeStatus(),
      feeds: () => {
        throw new Error('no such table: feeds');
      },
    };
    const s = await serve(source, log);
    const res = await fetch(s.url);
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('no such table');
    const logged = lines.map((l) => JSON.parse(l) as { msg: string; path: string; err: { message: string } });
    expect(logged).toMatchObject([{ msg: 'http / failed', path: '/', err: { message: 'no such table: feeds' } }]);
  });
});

describe('routing', () => {
  it('answers 404 for any other path', async () => {
    const s = await serve(fakeStatus());
    for (const path of ['/favicon.ico', '/healthz/', '/status', '/metrics.json', '/%2e%2e/etc/passwd']) {
      const res = await fetch(new URL(path, s.url));
      expect(res.status, path).toBe(404);
      await res.body?.cancel();
    }
    // Request targets that are not plain paths (fetch would normalize them): raw HTTP.
    for (const target of ['//', '//evil.example/healthz', '*'])
      expect(await rawStatus(s.url, target), target).toBe(404);
  });

  it('answers 405 with Allow for methods other than GET and HEAD', async () => {
    const s = await serve(fakeStatus());
    for (const [method, path] of [
      ['POST', '/'],
      ['PUT', '/healthz'],
      ['DELETE', '/metrics'],
    ] as const) {
      const res = await fetch(new URL(path, s.url), { method });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD');
      await res.body?.cancel();
    }
  });
});

describe('lifecycle', () => {
  it('listens on loopback and closes even with a kept-alive connection open', async () => {
    const s = await startHttpServer({ host: '127.0.0.1', port: 0 }, { status: fakeStatus(), log: silentLogger });
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await fetch(new URL('/healthz', s.url), { headers: { connection: 'keep-alive' } });
    await res.text();
    await s.close();
    await s.close(); // idempotent
    await expect(fetch(new URL('/healthz', s.url))).rejects.toThrow();
  });

  it('fails to start with the address in the error when the port is taken', async () => {
    const first = await serve(fakeStatus());
    const port = Number(new URL(first.url).port);
    await expect(
      startHttpServer({ host: '127.0.0.1', port }, { status: fakeStatus(), log: silentLogger }),
    ).rejects.toThrow(`cannot serve HTTP on 127.0.0.1:${port}: EADDRINUSE`);
  });
});
