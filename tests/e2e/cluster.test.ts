// Three `newswatch start` processes on one PostgreSQL database, ten feeds and two Discord
// channels (fake Discord, the real discord.js client). While 60 or more matching items arrive,
// instances are killed with SIGKILL and restarted: during a poll, after the commit before
// the send, during the send, after Discord created the message before it was recorded, and
// at random moments. At the end every alert exists exactly once per channel, in
// publication order per feed, and no feed was fetched twice inside one schedule window.
// Skipped with a printed reason when no PostgreSQL server answers (see tests/helpers/postgres.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli, spawnCli, waitFor } from '../helpers/cli.js';
import { faults, startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { dropTestDatabase, freshSchemaUrl, postgresUnavailable } from '../helpers/postgres.js';
import { rss, type RssItem } from '../helpers/rss.js';
import { pseudoWord } from '../helpers/words.js';

const CHANNELS = { desk: '717171717171717171', ops: '727272727272727272' };
const FEEDS = 10;
const KILLS = 20;
// Items published per round: 60 in 20 rounds, more when a round found no one to kill and
// was done again (every round needs new alerts on their way, or a send would never come).
const PER_KILL = 3;
const WINDOW_MS = 3_000; // schedule '*/3 * * * * *'
type Point = 'poll' | 'before-send' | 'during-send' | 'after-send' | 'random';
const POINTS: Point[] = ['poll', 'before-send', 'during-send', 'after-send', 'random'];
const noPostgres = await postgresUnavailable();

type Proc = ReturnType<typeof spawnCli>;

describe.skipIf(noPostgres !== null)('three instances on one PostgreSQL database, killed and restarted', () => {
  let dir: string;
  let feeds: FeedServer;
  let discord: FakeDiscord;
  let configFile: string;
  let stateUrl: string;
  let db: pg.Client;
  const items: RssItem[][] = Array.from({ length: FEEDS }, (_, f) => [
    {
      guid: `seed-${f}`,
      title: `Older ISKP news ${pseudoWord(f + 900)}`,
      html: '<p>ISKP, old.</p>',
      pubDate: new Date(0).toUTCString(),
    },
  ]);
  /** Every feed request: which feed, when it arrived, whether it was answered. */
  const fetches: { feed: number; at: number }[] = [];
  let slowFeed = -1;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nw-cluster-'));
    feeds = await startFeedServer();
    for (let f = 0; f < FEEDS; f++) {
      feeds.route(`/f${f}.xml`, async (_req, res) => {
        fetches.push({ feed: f, at: Date.now() });
        if (f === slowFeed) await new Promise((r) => setTimeout(r, 2_500));
        res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(`Wire ${f}`, items[f]!));
      });
    }
    discord = await startFakeDiscord({ nonceWindowMs: 10 * 60_000 });
    stateUrl = await freshSchemaUrl();
    db = new pg.Client({ connectionString: stateUrl });
    db.on('error', () => {});
    await db.connect();
    configFile = join(dir, 'newswatch.yaml');
    writeFileSync(
      configFile,
      stringify({
        schedule: '*/3 * * * * *',
        state: '${DATABASE_URL}',
        discord: { token: '${DISCORD_TOKEN}', api: discord.api },
        fetch: { timeout: '10s' },
        delivery: { retryBase: '200ms', retryMax: '1s' },
        // Shorter than the default 10 s so that twenty kills fit in a test run; the
        // failover figure with the default settings is `npm run bench -- --only failover`.
        cluster: { leaseTime: '4s', heartbeat: '1s' },
        feeds: Array.from({ length: FEEDS }, (_, f) => ({ id: `f${f}`, url: feeds.url(`/f${f}.xml`) })),
        watchlists: [
          {
            id: 'groups',
            entities: [{ id: 'iskp', name: 'Islamic State Khorasan Province', caseSensitive: ['ISKP'] }],
          },
        ],
        channels: Object.entries(CHANNELS).map(([id, channel]) => ({ id, discord: { channel }, perMinute: 120 })),
      }),
    );
  });
  afterAll(async () => {
    await db?.end();
    await feeds?.close();
    await discord?.close();
    await dropTestDatabase();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Every instance started, killed ones included: their logs explain a failure. */
  const started: Proc[] = [];
  const start = (): Proc => {
    const p = spawnCli(['start', '--config', configFile], {
      env: { DISCORD_TOKEN: discord.token, DATABASE_URL: stateUrl, NEWSWATCH_LOG_LEVEL: 'warn' },
    });
    started.push(p);
    return p;
  };
  /** What the database, the fake Discord and the instances' logs say, printed when the run fails. */
  const diagnose = async (): Promise<string> => {
    const q = async (sql: string) =>
      JSON.stringify((await db.query(sql).catch((e: Error) => ({ rows: e.message }))).rows);
    return [
      `now ${new Date().toISOString()}`,
      `instances ${await q('SELECT id, pid, heartbeat_at FROM instances ORDER BY started_at')}`,
      `channel leases ${await q('SELECT * FROM channel_leases')}`,
      `outbox ${await q('SELECT channel_id, status, COUNT(*) AS n, MIN(next_attempt_at) AS next FROM outbox GROUP BY 1, 2')}`,
      `feeds ${await q('SELECT id, lease_holder, lease_until, poll_window, next_poll_at, last_poll_at, consecutive_failures FROM feeds ORDER BY id')}`,
      `last requests ${JSON.stringify(discord.requests().slice(-8))}`,
      `last fetches ${JSON.stringify(fetches.slice(-12))}`,
      ...started.map((p, i) => `--- instance ${i} (pid ${p.child.pid}):\n${p.output().stderr.slice(-3000)}`),
    ].join('\n');
  };
  const titles = (channel: string) => discord.messages(channel).map((m) => m.embeds[0]?.title ?? '');
  const delivered = () => titles(CHANNELS.desk).length + titles(CHANNELS.ops).length;

  /** The pid of the instance holding a channel's lease, or of the one polling a feed now. */
  const holderPid = async (what: { channel: string } | { feed: number }): Promise<number | null> => {
    const { rows } =
      'channel' in what
        ? await db.query<{ pid: number }>(
            `SELECT i.pid FROM channel_leases l JOIN instances i ON i.id = l.holder WHERE l.channel_id = $1`,
            [what.channel],
          )
        : await db.query<{ pid: number }>(
            `SELECT i.pid FROM feeds f JOIN instances i ON i.id = f.lease_holder
              WHERE f.id = $1 AND f.lease_until IS NOT NULL`,
            [`f${what.feed}`],
          );
    return rows[0]?.pid ?? null;
  };

  it(`delivers every alert once per channel across ${KILLS} SIGKILLs of three instances`, async () => {
    try {
      await killAndRestart();
    } catch (err) {
      console.error(`cluster run failed; what the parts say:\n${await diagnose()}`);
      throw err;
    }
  }, 600_000);

  const killAndRestart = async () => {
    const procs: Proc[] = [start(), start(), start()];
    // The first polls record the seed items silently.
    await waitFor(
      async () =>
        Number((await db.query('SELECT COUNT(*) AS n FROM seen_items').catch(() => null))?.rows[0]?.n) >= FEEDS,
      'the first polls recorded',
      40_000,
    );
    const expected: { title: string; feed: number }[] = [];
    const kills: Point[] = [];
    /** Rounds that found no one to kill at their moment (done again). */
    const missed: Point[] = [];
    const failovers: number[] = [];
    let published = 0;
    const kill = async (pid: number | null): Promise<boolean> => {
      const i = procs.findIndex((p) => p.child.pid === pid);
      if (i < 0) return false;
      const victim = procs[i]!;
      victim.child.kill('SIGKILL');
      expect((await victim.exited).signal).toBe('SIGKILL');
      procs[i] = start();
      return true;
    };

    // A round that found nobody to kill (no holder at that moment) is done again.
    for (let k = 0; kills.length < KILLS && k < KILLS * 2; k++) {
      const point = POINTS[kills.length % POINTS.length] as Point;
      if (point === 'poll') slowFeed = (published * 7) % FEEDS;
      // Publish this round's items, newest first in each feed (as feeds list them).
      for (let j = 0; j < PER_KILL; j++, published++) {
        const feed = (published * 7) % FEEDS;
        const title = `ISKP report ${pseudoWord(published)} ${pseudoWord(published + 300)} ${pseudoWord(published + 600)}`;
        items[feed]!.unshift({
          guid: `item-${published}`,
          title,
          link: `https://news.example.org/${feed}/${published}`,
          html: `<p>ISKP fighters were reported near ${pseudoWord(published + 1200)}.</p>`,
          pubDate: new Date(Date.UTC(2026, 11, 1) + published * 60_000).toUTCString(),
        });
        expected.push({ title, feed });
      }
      discord.clearFaults();
      const name = k % 2 === 0 ? 'desk' : 'ops';
      const channel = CHANNELS[name];
      const before = { fetches: fetches.length, requests: discord.requests().length, delivered: delivered() };
      let killed = false;
      if (point === 'poll') {
        // A feed answers slowly: kill the instance polling it while its request is open.
        await waitFor(() => fetches.slice(before.fetches).some((f) => f.feed === slowFeed), 'a slow poll', 20_000);
        killed = await kill(await holderPid({ feed: slowFeed }));
        slowFeed = -1;
      } else if (point === 'before-send') {
        // Committed to the outbox, Discord answering 503: kill the channel's holder between attempts.
        discord.outage(true);
        await waitFor(() => discord.requests().length > before.requests, 'a send attempt', 30_000);
        killed = await kill(await holderPid({ channel: name }));
        discord.outage(false);
      } else if (point === 'during-send' || point === 'after-send') {
        const fault =
          point === 'during-send' ? faults.hang({ ms: 15_000 }) : faults.hang({ afterCreate: true, ms: 15_000 });
        discord.fail(`channel.post:${channel}`, fault);
        await waitFor(
          () =>
            discord
              .requests()
              .slice(before.requests)
              .some((r) => r.route === 'channel.post' && r.id === channel && r.outcome === 'hung'),
          `a send hanging (${point})`,
          30_000,
        );
        const pid = await holderPid({ channel: name });
        const killedAt = Date.now();
        killed = await kill(pid);
        if (killed) {
          // Failover: another instance takes the channel and delivers (or, after-send, reconciles
          // by its nonce) what the dead one left, until nothing of the channel is pending.
          const pending = async () =>
            Number(
              (await db.query(`SELECT COUNT(*) AS n FROM outbox WHERE channel_id = $1 AND status = 'pending'`, [name]))
                .rows[0].n,
            );
          await waitFor(async () => (await pending()) === 0, `the channel drained after the kill (${point})`, 60_000);
          failovers.push(Date.now() - killedAt);
        }
        discord.clearFaults();
      } else {
        await new Promise((r) => setTimeout(r, 300 + ((k * 397) % 1500)));
        killed = await kill(procs[k % 3]!.child.pid ?? null);
      }
      if (killed) kills.push(point);
      else missed.push(point);
      // Let some of this round reach Discord before the next round, so kills hit all kinds of moments.
      await waitFor(() => delivered() > before.delivered || k % 3 === 2, 'some progress', 40_000).catch(() => {});
    }

    // No faults any more: everything is delivered by the instances running.
    discord.clearFaults();
    const want = expected.length * 2;
    await waitFor(() => delivered() >= want, `${want} messages`, 120_000);
    await new Promise((r) => setTimeout(r, 3_000)); // room for a duplicate to show up, if any
    for (const p of procs) p.child.kill('SIGTERM');
    for (const p of procs) expect((await p.exited).code, p.output().stderr.slice(-2000)).toBe(0);

    for (const channel of Object.values(CHANNELS)) {
      const got = titles(channel);
      expect([...got].sort()).toEqual(expected.map((e) => e.title).sort());
      // Per feed, in publication order.
      for (let f = 0; f < FEEDS; f++) {
        const inFeed = expected.filter((e) => e.feed === f).map((e) => e.title);
        expect(got.filter((t) => inFeed.includes(t))).toEqual(inFeed);
      }
    }
    // No feed fetched twice inside one schedule window.
    const perWindow = new Map<string, number>();
    for (const f of fetches) {
      const key = `${f.feed}@${Math.floor(f.at / WINDOW_MS)}`;
      perWindow.set(key, (perWindow.get(key) ?? 0) + 1);
    }
    expect([...perWindow].filter(([, n]) => n > 1)).toEqual([]);
    expect(kills.length).toBeGreaterThanOrEqual(KILLS);
    expect(new Set(kills)).toEqual(new Set(POINTS));
    const takeovers = await db.query<{ kind: string; n: number }>(
      'SELECT kind, COUNT(*)::int AS n FROM lease_takeovers GROUP BY kind ORDER BY kind',
    );
    expect(takeovers.rows.find((r) => r.kind === 'channel')?.n ?? 0).toBeGreaterThan(0);
    console.log(
      `cluster run: ${kills.length} kills in ${published / PER_KILL} rounds, ${published} items (rounds done again: ${missed.join(', ') || 'none'}), ${fetches.length} fetches, takeovers ${JSON.stringify(takeovers.rows)}, ` +
        `channel drained after its holder was killed mid-send, ms (leaseTime 4 s): ${failovers.join(', ')}; ` +
        `slow heartbeats reported: ${started.filter((p) => p.output().stderr.includes('cluster heartbeat took')).length}`,
    );
  };

  it("instances with different configs are reported loudly; a stalled one's channel is taken over, its loss counted", async () => {
    const url = await freshSchemaUrl();
    const base = {
      schedule: '*/3 * * * * *',
      state: '${DATABASE_URL}',
      discord: { token: '${DISCORD_TOKEN}', api: discord.api },
      cluster: { leaseTime: '4s', heartbeat: '1s' },
      http: { host: '127.0.0.1', port: 0 },
      feeds: [{ id: 'f0', url: feeds.url('/f0.xml') }],
      watchlists: [{ id: 'groups', entities: [{ id: 'iskp', name: 'Islamic State Khorasan Province' }] }],
      channels: Object.entries(CHANNELS).map(([id, channel]) => ({ id, discord: { channel } })),
    };
    const other = structuredClone(base);
    other.watchlists[0]!.entities.push({ id: 'ttp', name: 'Tehrik-i-Taliban Pakistan' });
    writeFileSync(join(dir, 'a.yaml'), stringify(base));
    writeFileSync(join(dir, 'b.yaml'), stringify(other));
    const env = { DISCORD_TOKEN: discord.token, DATABASE_URL: url, NEWSWATCH_LOG_LEVEL: 'info' };
    const a = spawnCli(['start', '--config', join(dir, 'a.yaml')], { env });
    await waitFor(() => a.output().stderr.includes('newswatch started'), 'instance A started');
    const b = spawnCli(['start', '--config', join(dir, 'b.yaml')], { env });
    await waitFor(() => a.output().stderr.includes('DIFFERENT configs'), 'the warning in the log of A', 30_000);
    await waitFor(() => b.output().stderr.includes('DIFFERENT configs'), 'the warning in the log of B', 30_000);
    const status = await runCli(['status', '--config', join(dir, 'a.yaml')], { env });
    expect(status.stdout).toMatch(/^instances: 2 running$/m);
    expect(status.stdout).toMatch(
      /^WARNING: instances on this database run DIFFERENT configs \(config [0-9a-f]{12}: /m,
    );
    // The two share the channels: one each, once A handed one over.
    const peer = new pg.Client({ connectionString: url });
    peer.on('error', () => {}); // dropped with the test database if an assertion fails first
    await peer.connect();
    const shared = async () => {
      const rows = (
        await peer.query<{ pid: number }>('SELECT i.pid FROM channel_leases l JOIN instances i ON i.id = l.holder')
      ).rows;
      return rows.length === 2 && new Set(rows.map((r) => r.pid)).size === 2;
    };
    await waitFor(shared, 'one channel per instance', 30_000);
    // B stalls (a long pause, as a stuck VM would): A takes its channel over after the lease time.
    const metricsOf = (p: Proc) => new URL('/metrics', /"http":"([^"]+)"/.exec(p.output().stderr)?.[1]);
    b.child.kill('SIGSTOP');
    await waitFor(
      async () => /newswatch_lease_takeovers_total\{kind="channel"\} 1/.test(await (await fetch(metricsOf(a))).text()),
      'the takeover counted in /metrics',
      30_000,
    );
    expect(a.output().stderr).toMatch(/took over channel (desk|ops) from instance /);
    // B wakes up: its renewal finds the channel gone; it says so, counts it and sends nothing there.
    b.child.kill('SIGCONT');
    await waitFor(() => b.output().stderr.includes('lost the lease of channel'), 'the loss in the log of B', 30_000);
    expect(await (await fetch(metricsOf(b))).text()).toMatch(/newswatch_lease_losses_total\{kind="channel"\} 1/);
    b.child.kill('SIGKILL');
    await b.exited;
    // Dead now: gone from the running ones once its heartbeat is older than the lease time.
    await waitFor(
      async () =>
        /^instances: 1 running, 1 gone$/m.test(
          (await runCli(['status', '--config', join(dir, 'a.yaml')], { env })).stdout,
        ),
      'B listed as gone',
      30_000,
    );
    const after = await runCli(['status', '--config', join(dir, 'a.yaml')], { env });
    expect(after.stdout).toMatch(/^lease takeovers \(latest 1\):\n {2}\S+ channel (desk|ops): \S+ → \S+$/m);
    await peer.end();
    a.child.kill('SIGTERM');
    expect((await a.exited).code).toBe(0);
  }, 120_000);
});
