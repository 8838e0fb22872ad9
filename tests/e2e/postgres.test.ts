// `newswatch once` and `newswatch start` with `state: postgres://…`: the first poll is
// recorded silently, new matching items are delivered to a fake Discord exactly once,
// across runs and a restart of `start`, `search` and `backtest` read the history, a second
// instance beside it posts nothing twice, and the database password never shows in output.
// Skipped with a printed reason when no PostgreSQL server answers (see tests/helpers/postgres.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli, spawnCli, waitFor } from '../helpers/cli.js';
import { startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { dropTestDatabase, freshSchemaUrl, postgresUnavailable } from '../helpers/postgres.js';
import { rss, type RssItem } from '../helpers/rss.js';

const CHANNEL = '565656565656565656';
const PASSWORD = 'pg-e2e-password-4711';
const noPostgres = await postgresUnavailable();

describe.skipIf(noPostgres !== null)('newswatch on PostgreSQL', () => {
  let dir: string;
  let feeds: FeedServer;
  let discord: FakeDiscord;
  let configFile: string;
  let stateUrl: string;
  const items: RssItem[] = [{ guid: 'old', title: 'Old ISKP story already in the feed', html: '<p>old</p>' }];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nw-pg-'));
    feeds = await startFeedServer();
    feeds.route(
      '/a.xml',
      (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('A', items)),
    );
    discord = await startFakeDiscord();
    // Trust auth ignores the password; it is there to check that no output shows it.
    stateUrl = (await freshSchemaUrl()).replace('postgres@', `postgres:${PASSWORD}@`);
    configFile = join(dir, 'newswatch.yaml');
    writeFileSync(
      configFile,
      stringify({
        schedule: '* * * * * *',
        state: '${DATABASE_URL}',
        discord: { token: '${DISCORD_TOKEN}', api: discord.api },
        http: { host: '127.0.0.1', port: 0 },
        feeds: [{ id: 'a', url: feeds.url('/a.xml') }],
        watchlists: [
          {
            id: 'groups',
            entities: [{ id: 'iskp', name: 'Islamic State Khorasan Province', caseSensitive: ['ISKP'] }],
          },
        ],
        channels: [{ id: 'desk', discord: { channel: CHANNEL } }],
      }),
    );
  });
  afterAll(async () => {
    await feeds?.close();
    await discord?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await dropTestDatabase();
  });

  const env = () => ({ DISCORD_TOKEN: discord.token, DATABASE_URL: stateUrl, NEWSWATCH_LOG_LEVEL: 'info' });
  const titles = () => discord.messages(CHANNEL).map((m) => m.embeds[0]?.title);
  const once = () => runCli(['once', '--config', configFile], { env: env() });

  it('once: the first poll is silent, new items alert once, a second run sends nothing again', async () => {
    const first = await once();
    expect(first.code, first.stderr).toBe(0);
    expect(titles()).toEqual([]);

    items.unshift(
      { guid: 'n1', title: 'ISKP claims attack on checkpoint', html: '<p>ISKP said so.</p>' },
      { guid: 'n2', title: 'ISKP statement on Jalalabad raid', html: '<p>ISKP issued a statement.</p>' },
    );
    const second = await once();
    expect(second.code, second.stderr).toBe(0);
    expect(titles().sort()).toEqual(['ISKP claims attack on checkpoint', 'ISKP statement on Jalalabad raid']);

    const third = await once();
    expect(third.code, third.stderr).toBe(0);
    expect(titles()).toHaveLength(2);
    // `status` reads the database beside the service, naming it without its password.
    const status = await runCli(['status', '--config', configFile], { env: env() });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^a\s+ok\s/m);
    expect(status.stdout).toContain('service: not running (nobody holds the state database)');
    expect(status.stdout).toMatch(/state database: postgres:\/\/\*\*\*@.*, ok/);
    // `feedback` reads it too (no flag was set from Discord here).
    const feedback = await runCli(['feedback', '--json', '--config', configFile], { env: env() });
    expect(feedback.code, feedback.stderr).toBe(0);
    expect(JSON.parse(feedback.stdout)).toEqual([]);
    for (const r of [first, second, third, status, feedback]) expect(r.stdout + r.stderr).not.toContain(PASSWORD);
  });

  it('search and backtest read the history polled into PostgreSQL', async () => {
    const cli = (...args: string[]) => runCli([...args, '--config', configFile], { env: env() });
    const search = await cli('search', 'Jalalabad', '--json');
    expect(search.code, search.stderr).toBe(0);
    const hits = JSON.parse(search.stdout) as { title: string; snippet: string; matched: string[] }[];
    expect(hits.map((h) => [h.title, h.snippet, h.matched])).toEqual([
      ['ISKP statement on Jalalabad raid', 'ISKP statement on **Jalalabad** raid', ['groups/iskp']],
    ]);
    // The first poll's items are history too (recorded silently), and --entity filters by what matched.
    const text = await cli('search', 'ISKP', '--entity', 'iskp');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^3 items since .* matching "ISKP", best first:/);
    expect(text.stdout).toContain('Old ISKP story already in the feed');
    const none = await cli('search', '"" -');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('has no word to search for');
    const backtest = await cli('backtest', '--json');
    expect(backtest.code, backtest.stderr).toBe(0);
    expect(JSON.parse(backtest.stdout)).toMatchObject({ items: 2, silent: 1 });
    for (const r of [search, text, none, backtest]) expect(r.stdout + r.stderr).not.toContain(PASSWORD);
  });

  it('start: delivers a new alert, stops, starts again and delivers the next one, each exactly once', async () => {
    const run = async (guid: string, title: string) => {
      const svc = spawnCli(['start', '--config', configFile], { env: env() });
      const started = () => svc.output().stderr.includes('newswatch started');
      await waitFor(started, 'the start-up line');
      expect(svc.output().stderr).toContain(`postgres://***@`);
      const base = /"http":"([^"]+)"/.exec(svc.output().stderr)?.[1];
      items.unshift({ guid, title, html: `<p>${title}</p>` });
      await waitFor(() => titles().includes(title), `the alert "${title}"`);
      const health = await fetch(new URL('/healthz', base));
      expect(await health.json()).toMatchObject({ status: 'ok', databaseOk: true });
      // The status page lists this instance and the channel it drains.
      await waitFor(
        async () => (await (await fetch(new URL('/', base))).text()).includes('<td>desk</td>'),
        'the instances table',
      );
      const page = await (await fetch(new URL('/', base))).text();
      expect(page).toMatch(/<section id="instances"[\s\S]*\(this one\)/);
      // A second instance on the same database shares the work: the feed was polled in
      // this window and the channel is held by the first, so it posts nothing again.
      const before = titles().length;
      const second = await once();
      expect(second.code, second.stderr).toBe(0);
      expect(second.stderr).not.toContain(PASSWORD);
      expect(titles()).toHaveLength(before);
      const status = await runCli(['status', '--config', configFile], { env: env() });
      expect(status.stdout).toMatch(/service: running \(newswatch start, PID \d+ on /);
      expect(status.stdout).toMatch(/^instances: 1 running$/m);
      expect(status.stdout).toMatch(
        /^ {2}\S+-\d+-[0-9a-f]{4}: start, v[\d.]+, config [0-9a-f]{12}, .*; channels desk$/m,
      );
      expect(status.stdout).not.toContain(PASSWORD);
      svc.child.kill('SIGTERM');
      const exit = await svc.exited;
      expect(exit.code, exit.stderr).toBe(0);
      expect(exit.stdout + exit.stderr).not.toContain(PASSWORD);
    };
    await run('n3', 'ISKP fighters seen near Torkham');
    await run('n4', 'ISKP leader reported killed');
    const all = titles();
    expect(all).toHaveLength(4);
    expect(new Set(all).size).toBe(4);
  });
});
