// `newswatch start` on PostgreSQL while the database becomes unreachable and comes back:
// /healthz answers 503 naming the database (password hidden) during the outage, the
// service keeps running, and an item published during the outage is delivered once after.
// Then a newer newswatch migrates the database: this one pauses, saying why.
// The outage is a TCP proxy between newswatch and the server, closed and reopened.
// Skipped with a printed reason when no PostgreSQL server answers (see tests/helpers/postgres.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_MIGRATIONS } from '../../src/state/postgres/db.js';
import { stringify } from 'yaml';
import { spawnCli, waitFor } from '../helpers/cli.js';
import { startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { dropTestDatabase, freshSchemaUrl, postgresUnavailable } from '../helpers/postgres.js';
import { rss, type RssItem } from '../helpers/rss.js';

const CHANNEL = '585858585858585858';
const PASSWORD = 'outage-password-0815';
const noPostgres = await postgresUnavailable();

/** A TCP proxy to the PostgreSQL server that can cut every connection and refuse new ones. */
class Proxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

describe.skipIf(noPostgres !== null)('PostgreSQL unreachable for a while', () => {
  let dir: string;
  let feeds: FeedServer;
  let discord: FakeDiscord;
  let proxy: Proxy;
  let stateUrl: string;
  let directUrl: string;
  const items: RssItem[] = [{ guid: 'old', title: 'Old ISKP story already in the feed', html: '<p>old</p>' }];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nw-pg-outage-'));
    feeds = await startFeedServer();
    feeds.route(
      '/a.xml',
      (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('A', items)),
    );
    discord = await startFakeDiscord();
    directUrl = await freshSchemaUrl();
    const direct = new URL(directUrl);
    proxy = new Proxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    await proxy.open();
    direct.port = String(proxy.port);
    direct.password = PASSWORD; // trust auth ignores it; it must never show
    stateUrl = direct.toString();
    writeFileSync(
      join(dir, 'newswatch.yaml'),
      stringify({
        schedule: '* * * * * *',
        state: '${DATABASE_URL}',
        discord: { token: '${DISCORD_TOKEN}', api: discord.api },
        http: { host: '127.0.0.1', port: 0 },
        feeds: [{ id: 'a', url: feeds.url('/a.xml') }],
        watchlists: [{ id: 'groups', entities: [{ id: 'iskp', name: 'ISKP', caseSensitive: ['ISKP'] }] }],
        channels: [{ id: 'desk', discord: { channel: CHANNEL } }],
      }),
    );
  });
  afterAll(async () => {
    await proxy?.cut();
    await feeds?.close();
    await discord?.close();
    await dropTestDatabase();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports 503 while the database is away, keeps running, and delivers what came meanwhile', async () => {
    const svc = spawnCli(['start', '--config', join(dir, 'newswatch.yaml')], {
      env: { DISCORD_TOKEN: discord.token, DATABASE_URL: stateUrl },
    });
    await waitFor(() => svc.output().stderr.includes('newswatch started'), 'the start-up line');
    const base = /"http":"([^"]+)"/.exec(svc.output().stderr)?.[1] as string;
    const health = async () => {
      const r = await fetch(new URL('/healthz', base));
      return { status: r.status, body: (await r.json()) as Record<string, unknown> };
    };
    const titles = () => discord.messages(CHANNEL).map((m) => m.embeds[0]?.title);
    // The first poll records what the feed holds silently; new items alert after it.
    await waitFor(async () => (await health()).body.lastPollAt != null, 'the first poll');
    items.unshift({ guid: 'n1', title: 'ISKP claims attack near Jalalabad', html: '<p>n1</p>' });
    await waitFor(() => titles().length === 1, 'the first alert');
    expect((await health()).status).toBe(200);

    await proxy.cut();
    items.unshift({ guid: 'n2', title: 'ISKP commander arrested in Kunar', html: '<p>n2</p>' });
    await waitFor(async () => (await health()).status === 503, '/healthz 503 during the outage', 30_000);
    const down = await health();
    expect(down.body).toMatchObject({ databaseOk: false });
    expect(JSON.stringify(down.body)).toMatch(/postgres:\/\/\*\*\*@127\.0\.0\.1:\d+\//);
    expect(JSON.stringify(down.body)).not.toContain(PASSWORD);
    expect(svc.child.exitCode).toBeNull(); // still running

    await proxy.open();
    await waitFor(async () => (await health()).status === 200, '/healthz 200 again', 30_000);
    await waitFor(() => titles().length === 2, 'the alert published during the outage', 30_000);
    expect(titles()).toEqual(['ISKP claims attack near Jalalabad', 'ISKP commander arrested in Kunar']);

    // A newer newswatch migrates the database while this one runs: this one pauses (503,
    // saying why) instead of writing rows it does not understand.
    const newer = new pg.Client({ connectionString: directUrl });
    await newer.connect();
    await newer.query('INSERT INTO schema_migrations (version) VALUES ($1)', [PG_MIGRATIONS.length + 1]);
    await newer.end();
    await waitFor(async () => (await health()).status === 503, '/healthz 503 after a newer migration', 30_000);
    expect(JSON.stringify((await health()).body)).toContain('migrated by a newer newswatch');
    items.unshift({ guid: 'n3', title: 'ISKP statement on Nangarhar', html: '<p>n3</p>' });
    await new Promise((r) => setTimeout(r, 2_500)); // polls would have found it by now
    expect(titles()).toHaveLength(2);
    svc.child.kill('SIGTERM');
    const exit = await svc.exited;
    expect(exit.code, exit.stderr.slice(-2000)).toBe(0);
    expect(exit.stdout + exit.stderr).not.toContain(PASSWORD);
  }, 120_000);
});
