// A failing feed never fails silently, end to end: repeated `newswatch once` runs
// against a feed answering 403 post one "failing" notice to the channels (a fake
// Discord and the console), and one "recovered" notice when the feed works again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { rss } from '../helpers/rss.js';
import { scratch, WATCHLISTS_YAML } from './support.js';

const DESK = '444444444444444444';
const tmp = scratch('once-failures');
let feeds: FeedServer;
let discord: FakeDiscord;
let config: string;

beforeAll(async () => {
  feeds = await startFeedServer();
  discord = await startFakeDiscord();
  feeds.route('/blocked.xml', { status: 403, body: 'bots not welcome' });
  config = tmp.write(
    'newswatch.yaml',
    `state: ./state.db
failures: { notifyAfter: 2 }
discord: { token: "\${DISCORD_TOKEN}", api: "${discord.api}" }
feeds:
  - { id: blocked, name: Blocked Wire, url: "${feeds.url('/blocked.xml')}" }
${WATCHLISTS_YAML}channels:
  - { id: desk, discord: { channel: "${DESK}" } }
  - { id: log, console: true }
`,
  );
});
afterAll(async () => {
  await feeds?.close();
  await discord?.close();
  tmp.remove();
});

const once = () => runCli(['once', '--config', config], { env: { DISCORD_TOKEN: discord.token } });
const embedsOf = () => discord.messages(DESK).flatMap((m) => m.embeds);

describe('failing feed notices through `newswatch once`', () => {
  it('logs the first failure and posts nothing yet', async () => {
    const r = await once();
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/feed blocked failed \(http-4xx\).*HTTP 403/);
    expect(discord.allMessages()).toEqual([]);
  });

  it('posts one "failing" notice per channel at the second failure, and none at the third', async () => {
    const second = await once();
    expect(second.code).toBe(0);
    const [failing, ...more] = embedsOf();
    expect(more).toEqual([]);
    expect(failing?.title).toMatch(/^Feed failing: Blocked Wire \(blocked\)$/);
    expect(failing?.description).toMatch(/failing since \d{4}-\d\d-\d\dT.*HTTP 403/);
    expect(second.stdout).toMatch(/Feed failing: Blocked Wire \(blocked\)/);

    const third = await once();
    expect(third.code).toBe(0);
    expect(embedsOf()).toHaveLength(1);
    expect(third.stdout).not.toMatch(/failing/);
  });

  it('posts one "recovered" notice when the feed works again', async () => {
    feeds.route('/blocked.xml', {
      body: rss('Blocked Wire', [{ guid: 'b-1', title: 'Access restored' }]),
      headers: { 'content-type': 'application/rss+xml' },
    });
    const r = await once();
    expect(r.code).toBe(0);
    const embeds = embedsOf();
    expect(embeds).toHaveLength(2);
    expect(embeds[1]?.title).toMatch(/^Feed recovered: Blocked Wire \(blocked\)$/);
    expect(r.stdout).toMatch(/Feed recovered: Blocked Wire \(blocked\)/);
    const status = await runCli(['status', '--config', config]);
    expect(status.stdout).toMatch(/^blocked\s+ok\s/m);
  });
});
