// Issue 10 §8: the alerts of one poll reach every channel in publication order (oldest
// first), single alerts and digests alike, when a channel fails first and is delivered
// by a later run (a restart), through the real CLI against the fake Discord API.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { runCli } from '../helpers/cli.js';
import { rss, type RssItem } from '../helpers/rss.js';

const BOT_CHANNEL = '121212121212121212';
const HOOK_CHANNEL = '343434343434343434';
const HOOK_ID = '565656565656565656';
const HOOK_TOKEN = 'order-test-webhook-token-0123456789';

describe('alerts of one poll, in publication order', () => {
  let dir: string;
  let feeds: FeedServer;
  let discord: FakeDiscord;
  let configFile: string;
  let items: RssItem[] = [
    { guid: 'seed', title: 'ISKP seed item already in the feed', pubDate: 'Mon, 02 Mar 2026 08:00:00 GMT' },
  ];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nw-order-'));
    feeds = await startFeedServer();
    feeds.route(
      '/feed.xml',
      (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('Order Wire', items)),
    );
    discord = await startFakeDiscord();
    discord.webhook(HOOK_ID, HOOK_TOKEN, HOOK_CHANNEL);
    configFile = join(dir, 'newswatch.yaml');
    writeFileSync(
      configFile,
      stringify({
        state: './state.db',
        discord: { token: '${DISCORD_TOKEN}', api: discord.api },
        delivery: { retryBase: '100ms', retryMax: '200ms' },
        feeds: [{ id: 'wire', url: feeds.url('/feed.xml') }],
        watchlists: [
          {
            id: 'groups',
            entities: [{ id: 'iskp', name: 'Islamic State Khorasan Province', caseSensitive: ['ISKP'] }],
          },
        ],
        channels: [
          { id: 'desk', discord: { channel: BOT_CHANNEL }, perMinute: 120 },
          {
            id: 'hook',
            webhook: `https://discord.com/api/webhooks/${HOOK_ID}/${HOOK_TOKEN}`,
            perMinute: 120,
            digestAfter: 2,
          },
        ],
      }),
    );
  });
  afterAll(async () => {
    await feeds?.close();
    await discord?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const once = () => runCli(['once', '--config', configFile], { env: { DISCORD_TOKEN: discord.token } });
  const titles = (channel: string) =>
    discord.messages(channel).flatMap((m) => {
      const e = m.embeds[0];
      // A digest lists its alerts one per line: `• [Title](url) — Source · names`.
      if (e?.title?.endsWith('more alerts'))
        return (e.description ?? '').split('\n').map((l) => /^• \[?([^\]—]+?)\]?(?:\(|\s—)/.exec(l)?.[1]?.trim() ?? l);
      return [e?.title ?? ''];
    });

  it('posts six new items of a newest-first feed oldest first, per channel, digests too, across a failed run', async () => {
    const seed = await once(); // the first poll records the seed silently
    expect(seed.code).toBe(0);
    const fresh: RssItem[] = [];
    for (let n = 6; n >= 1; n--)
      fresh.push({ guid: `n${n}`, title: `ISKP report number ${n}`, pubDate: `Mon, 02 Mar 2026 1${n}:00:00 GMT` });
    // An undated item between report 4 and report 3: it goes right after report 4.
    fresh.splice(3, 0, { guid: 'u', title: 'ISKP report without a date', pubDate: '' });
    items = [...fresh, ...items];
    const expected = ['1', '2', '3', '4']
      .map((n) => `ISKP report number ${n}`)
      .concat(['ISKP report without a date', 'ISKP report number 5', 'ISKP report number 6']);

    // The webhook is down during the first run: its alerts stay pending and go out in the next one.
    discord.outage(true);
    discord.clearFaults();
    const first = await runCli(['once', '--config', configFile], { env: { DISCORD_TOKEN: discord.token } });
    expect(first.code).toBe(0);
    discord.outage(false);
    expect(titles(HOOK_CHANNEL)).toEqual([]);
    if (titles(BOT_CHANNEL).length < expected.length) expect((await once()).code).toBe(0);
    await new Promise((r) => setTimeout(r, 300)); // past the retry backoff
    expect((await once()).code).toBe(0);

    expect(titles(BOT_CHANNEL)).toEqual(expected);
    // Two alerts one by one, then the rest of the burst in one digest, still oldest first.
    const hook = discord.messages(HOOK_CHANNEL);
    expect(hook.map((m) => m.embeds[0]?.title)).toEqual([expected[0], expected[1], '5 more alerts']);
    expect(titles(HOOK_CHANNEL)).toEqual(expected);
  }, 60_000);
});
