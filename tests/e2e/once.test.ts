// End to end through the real CLI: a local feed server, `newswatch once` as a child
// process, the real discord.js client against a fake Discord API, a real SQLite file.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { rss, type RssItem } from '../helpers/rss.js';

const BOT_CHANNEL = '111111111111111111';
const HOOK_CHANNEL = '333333333333333333';
const HOOK_ID = '222222222222222222';
const HOOK_TOKEN = 'webhook-token-for-tests-0123456789';
const article = (name: string) => readFileSync(join(ROOT, 'tests/fixtures/articles', name), 'utf8');

describe('newswatch once, end to end', () => {
  // Each test starts from nothing: its own state file, feed server and fake Discord.
  let dir: string;
  let feeds: FeedServer;
  let discord: FakeDiscord;
  let configFile: string;
  let items: RssItem[];
  const serve = () =>
    feeds.route('/feed.xml', {
      body: rss('Test Wire', items),
      headers: { 'content-type': 'application/rss+xml; charset=utf-8' },
    });
  const once = (...flags: string[]) =>
    runCli(['once', '--config', configFile, ...flags], { env: { DISCORD_TOKEN: discord.token } });
  /** The first poll, which records the feed's items without alerts. */
  const firstPoll = async () => expect((await once()).code).toBe(0);

  beforeEach(async () => {
    items = [
      { guid: 'old-1', title: 'ISKP attack in Kabul last year', html: '<p>An old ISKP story already in the feed.</p>' },
      { guid: 'old-2', title: 'Weather: snow closes the Salang pass', html: '<p>Drivers were told to wait.</p>' },
    ];
    dir = mkdtempSync(join(tmpdir(), 'nw-e2e-'));
    feeds = await startFeedServer();
    discord = await startFakeDiscord();
    discord.webhook(HOOK_ID, HOOK_TOKEN, HOOK_CHANNEL);
    serve();
    // The bundled watchlists, unchanged: the test checks what users actually get.
    const bundled = parse(readFileSync(join(ROOT, 'config/newswatch.yaml'), 'utf8')) as { watchlists: unknown };
    configFile = join(dir, 'newswatch.yaml');
    writeFileSync(
      configFile,
      stringify({
        state: './state.db',
        discord: { token: '${DISCORD_TOKEN}', api: discord.api },
        feeds: [{ id: 'wire', name: 'Test Wire', url: feeds.url('/feed.xml') }],
        watchlists: bundled.watchlists,
        channels: [
          { id: 'desk', discord: { channel: BOT_CHANNEL }, watchlists: ['groups', 'officials'] },
          { id: 'hook', webhook: `https://discord.com/api/webhooks/${HOOK_ID}/${HOOK_TOKEN}`, watchlists: ['groups'] },
          { id: 'log', console: true },
        ],
      }),
    );
  });
  afterEach(async () => {
    await feeds?.close();
    await discord?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records the first poll silently, and says so in one summary line (none with --quiet)', async () => {
    const r = await once();
    expect(r.stderr).not.toContain(discord.token);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/first poll, 2 existing items recorded without alerts/);
    expect(r.stderr).toMatch(
      /^newswatch once: 1 feed polled; 0 new items \(first poll of 1 feed: 2 recorded without alerts\); 0 alerts queued, 0 sent$/m,
    );
    expect(discord.allMessages()).toHaveLength(0);
    const quiet = await once('--quiet');
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).not.toMatch(/newswatch once:/);
  });

  it('alerts once per routed channel on a new item naming watched entities', async () => {
    await firstPoll();
    items.unshift({
      guid: 'envoy-1',
      title: 'US envoy: Taliban pressure has weakened ISKP, but the threat remains',
      link: 'https://news.example.org/envoy?utm_source=rss',
      html: article('envoy-assessment.html'),
    });
    serve();
    const r = await once();
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^newswatch once: 1 feed polled; 1 new item; 3 alerts queued, 3 sent$/m);

    const [bot, ...moreBot] = discord.messages(BOT_CHANNEL);
    const [hook, ...moreHook] = discord.messages(HOOK_CHANNEL);
    expect(moreBot).toHaveLength(0);
    expect(moreHook).toHaveLength(0);
    expect(bot?.nonce).toBeTruthy();
    expect(hook?.webhook_id).toBe(HOOK_ID);
    for (const m of [bot, hook]) {
      expect(m?.allowed_mentions).toEqual({ parse: [] });
      expect(m?.pings).toMatchObject({ everyone: false });
    }

    const embed = bot!.embeds[0]!;
    expect(embed.title).toBe('US envoy: Taliban pressure has weakened ISKP, but the threat remains');
    // Posted without the feed's tracking parameter.
    expect(embed.url).toBe('https://news.example.org/envoy');
    expect(embed.description).toMatch(/\*\*Thomas West\*\*/);
    const field = (e: typeof embed, name: string) => e.fields?.find((f) => f.name === name)?.value ?? '';
    expect(field(embed, 'Source')).toBe('Test Wire');
    expect(field(embed, 'Published')).toMatch(/^<t:\d+:f>$/);
    const matched = field(embed, 'Matched');
    for (const name of [
      'Islamic State Khorasan Province',
      'Afghan Taliban',
      'Tehrik-i-Taliban Pakistan',
      'al-Qaeda',
      'Thomas West',
      'NCTC Director',
      'Ayman al-Zawahiri',
    ]) {
      expect(matched).toContain(name);
    }
    expect(matched).toMatch(
      /Islamic State Khorasan Province \(title, body\)|Islamic State Khorasan Province \(title\)/,
    );
    // The webhook channel follows only the groups watchlist.
    const hookMatched = field(hook!.embeds[0]!, 'Matched');
    expect(hookMatched).toContain('Tehrik-i-Taliban Pakistan');
    expect(hookMatched).not.toContain('Thomas West');

    // The console channel printed the same alert readably.
    expect(r.stdout).toContain('US envoy: Taliban pressure has weakened ISKP, but the threat remains');
    expect(r.stdout).toContain('Thomas West');
  });

  it('sends nothing on a run with nothing new, nor for an unrelated new article', async () => {
    await firstPoll();
    items.unshift({
      guid: 'envoy-1',
      title: 'US envoy: Taliban pressure has weakened ISKP',
      html: article('envoy-assessment.html'),
    });
    serve();
    expect((await once()).code).toBe(0);
    expect(discord.allMessages()).toHaveLength(2);
    const quietRun = await once();
    expect(quietRun.code).toBe(0);
    expect(quietRun.stderr).toMatch(/^newswatch once: 1 feed polled; 0 new items; 0 alerts queued, 0 sent$/m);
    items.unshift({
      guid: 'cricket-1',
      title: 'Eagles win domestic T20 final in Kabul',
      html: article('unrelated-cricket.html'),
    });
    serve();
    const r = await once();
    expect(r.code).toBe(0);
    expect(discord.allMessages()).toHaveLength(2);
    expect(r.stdout).not.toContain('Eagles win');
  });

  it('exits 2 with located errors on an invalid config', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'feeds:\n  - id: x\n    url: not-a-url\n    shedule: "* * * * *"\n');
    const r = await runCli(['once', '--config', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:3:10: feeds[0].url`);
    expect(r.stderr).toMatch(/bad\.yaml:4:5: feeds\[0\]\.shedule: unknown key/);
  });
});
