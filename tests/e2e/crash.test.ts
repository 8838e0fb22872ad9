// The crash run (issue 4): `newswatch start` as a child process, killed with SIGKILL at
// chosen and random moments — during a fetch, after the commit but before the send, during
// the send, after Discord created the message but before newswatch recorded it — while new
// items keep arriving. After the final restart the fake Discord must hold exactly the
// expected messages: every alert once per channel, none twice, none missing.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { stringify } from 'yaml';
import { faults, startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { spawnCli, waitFor } from '../helpers/cli.js';
import { rss, type RssItem } from '../helpers/rss.js';
import { pseudoWord } from '../helpers/words.js';

const BOT_CHANNEL = '444444444444444444';
const HOOK_CHANNEL = '555555555555555555';
const HOOK_ID = '666666666666666666';
const HOOK_TOKEN = 'crash-test-webhook-token-000000000';
const KILLS = 24;

type CrashPoint = 'fetch' | 'before-send' | 'during-send' | 'after-send' | 'random';
const POINTS: CrashPoint[] = ['fetch', 'before-send', 'during-send', 'after-send', 'random'];

describe('crash run: SIGKILL at random moments, then restart', () => {
  let dir: string;
  let feeds: FeedServer;
  let discord: FakeDiscord;
  let configFile: string;
  const items: RssItem[] = [
    { guid: 'seed', title: 'Old news already in the feed about ISKP', html: '<p>ISKP, old.</p>' },
  ];
  let feedDelayMs = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nw-crash-'));
    feeds = await startFeedServer();
    feeds.route('/feed.xml', async (_req, res) => {
      const delay = feedDelayMs;
      if (delay) await new Promise((r) => setTimeout(r, delay));
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('Crash Wire', items));
    });
    discord = await startFakeDiscord({ nonceWindowMs: 10 * 60_000 });
    discord.webhook(HOOK_ID, HOOK_TOKEN, HOOK_CHANNEL);
    configFile = join(dir, 'newswatch.yaml');
    writeFileSync(
      configFile,
      stringify({
        schedule: '* * * * * *',
        state: './state.db',
        discord: { token: '${DISCORD_TOKEN}', api: discord.api },
        fetch: { timeout: '10s' },
        delivery: { retryBase: '200ms', retryMax: '1s' },
        feeds: [{ id: 'wire', url: feeds.url('/feed.xml') }],
        watchlists: [
          {
            id: 'groups',
            entities: [{ id: 'iskp', name: 'Islamic State Khorasan Province', caseSensitive: ['ISKP'] }],
          },
        ],
        channels: [
          { id: 'desk', discord: { channel: BOT_CHANNEL }, perMinute: 120 },
          { id: 'hook', webhook: `https://discord.com/api/webhooks/${HOOK_ID}/${HOOK_TOKEN}`, perMinute: 120 },
        ],
      }),
    );
  });
  afterAll(async () => {
    await feeds?.close();
    await discord?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Items recorded in the state file so far (read beside the running service, as `status` does). */
  const seenItems = (): number => {
    const file = join(dir, 'state.db');
    if (!existsSync(file)) return 0;
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM seen_items').get() as { n: number }).n;
    } catch {
      return 0; // not created yet
    } finally {
      db.close();
    }
  };

  const start = () =>
    spawnCli(['start', '--config', configFile], { env: { DISCORD_TOKEN: discord.token, NEWSWATCH_LOG_LEVEL: 'warn' } });
  // Every request counts as an attempt: a send that may already have gone through starts
  // with a lookup (GET) of the channel's recent messages before it posts again.
  const posts = () => discord.requests().length;
  const messages = () => discord.messages(BOT_CHANNEL).length + discord.messages(HOOK_CHANNEL).length;

  it(`delivers every alert exactly once across ${KILLS} kill -9 restarts`, async () => {
    // First run: the first poll records the seed item silently.
    let svc = start();
    await waitFor(() => seenItems() > 0, 'the first poll recorded', 30_000);
    svc.child.kill('SIGKILL');
    await svc.exited;

    const expected: string[] = [];
    const seen: CrashPoint[] = [];
    for (let k = 0; k < KILLS; k++) {
      const point = POINTS[k % POINTS.length] as CrashPoint;
      const title = `ISKP report ${pseudoWord(k)} ${pseudoWord(k + 100)} ${pseudoWord(k + 200)}`;
      items.unshift({
        guid: `item-${k}`,
        title,
        link: `https://news.example.org/item-${k}`,
        html: `<p>Story ${pseudoWord(k + 300)}: ISKP fighters were reported near ${pseudoWord(k + 400)}.</p>`,
      });
      expected.push(title);
      discord.clearFaults();
      feedDelayMs = point === 'fetch' ? 5_000 : 0;
      if (point === 'before-send') discord.outage(true);
      if (point === 'during-send') discord.fail('channel.post', faults.hang({ ms: 20_000 }));
      if (point === 'after-send') discord.fail('webhook.post', faults.hang({ afterCreate: true }));

      const requestsBefore = feeds.requests.length;
      const postsBefore = posts();
      const messagesBefore = messages();
      svc = start();
      const current = svc;
      const stderrTail = () => current.output().stderr.split('\n').slice(-15).join('\n');
      if (point === 'fetch')
        await waitFor(() => feeds.requests.slice(requestsBefore).some((r) => !r.completed), 'a fetch in flight');
      else if (point === 'before-send' || point === 'during-send')
        await waitFor(() => posts() > postsBefore, `a send attempt (kill ${k}, ${point})`).catch((err: Error) => {
          throw new Error(`${err.message}\n${stderrTail()}`);
        });
      else if (point === 'after-send')
        await waitFor(
          () =>
            messages() > messagesBefore &&
            discord.requests({ route: 'webhook.post' }).some((r) => r.outcome === 'hung'),
          'a message created but not acknowledged',
        );
      else await new Promise((r) => setTimeout(r, 300 + ((k * 397) % 1500)));
      svc.child.kill('SIGKILL');
      const exit = await svc.exited;
      expect(exit.signal).toBe('SIGKILL');
      discord.outage(false);
      seen.push(point);
    }

    // Final run, no faults: everything pending is delivered.
    discord.clearFaults();
    feedDelayMs = 0;
    svc = start();
    const want = expected.length * 2;
    await waitFor(() => messages() >= want, `${want} messages`, 60_000);
    await new Promise((r) => setTimeout(r, 2_500)); // room for a duplicate to show up, if any
    svc.child.kill('SIGTERM');
    const last = await svc.exited;
    expect(last.code).toBe(0);

    for (const channel of [BOT_CHANNEL, HOOK_CHANNEL]) {
      const titles = discord.messages(channel).map((m) => m.embeds[0]?.title ?? '');
      expect([...titles].sort()).toEqual([...expected].sort());
    }
    expect(new Set(seen)).toEqual(new Set(POINTS));
    // Sanity: the faults really happened (a message created whose answer never came).
    expect(discord.requests({ route: 'webhook.post' }).some((r) => r.outcome === 'hung')).toBe(true);
    expect(readFileSync(configFile, 'utf8')).not.toContain(discord.token);
  }, 300_000);
});
