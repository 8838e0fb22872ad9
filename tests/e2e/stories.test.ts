// One story, many feeds (issue 4): the same article through a second feed (tracking
// parameters differ) and a third (same headline, other link) is one alert; the original
// Discord message is edited to add "Also reported by", and nothing new is posted.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { runCli } from '../helpers/cli.js';
import { rss, type RssItem } from '../helpers/rss.js';

const CHANNEL = '121212121212121212';
let dir: string;
let feeds: FeedServer;
let discord: FakeDiscord;
let configFile: string;
const content: Record<string, RssItem[]> = { a: [], b: [], c: [] };
const serve = (id: string) =>
  feeds.route(`/${id}.xml`, {
    body: rss(`Feed ${id}`, content[id] ?? []),
    headers: { 'content-type': 'application/rss+xml' },
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nw-stories-'));
  feeds = await startFeedServer();
  discord = await startFakeDiscord();
  for (const id of ['a', 'b', 'c']) serve(id);
  configFile = join(dir, 'newswatch.yaml');
  writeFileSync(
    configFile,
    stringify({
      state: './state.db',
      discord: { token: '${DISCORD_TOKEN}', api: discord.api },
      feeds: ['a', 'b', 'c'].map((id) => ({ id, name: `Outlet ${id.toUpperCase()}`, url: feeds.url(`/${id}.xml`) })),
      watchlists: [
        { id: 'groups', entities: [{ id: 'ttp', name: 'Tehrik-i-Taliban Pakistan', caseSensitive: ['TTP'] }] },
      ],
      channels: [{ id: 'desk', discord: { channel: CHANNEL } }],
    }),
  );
});
afterAll(async () => {
  await feeds?.close();
  await discord?.close();
  rmSync(dir, { recursive: true, force: true });
});

const once = async () => {
  const r = await runCli(['once', '--config', configFile], { env: { DISCORD_TOKEN: discord.token } });
  expect(r.code, r.stderr).toBe(0);
};

it('posts one alert and edits it as other outlets report the same story', async () => {
  await once(); // first polls: silent
  const story = {
    title: 'TTP fighters attack police post in Bannu, four officers killed',
    html: '<p>The TTP claimed the attack on the post.</p>',
  };
  content['a'] = [
    { guid: 'a-1', link: 'https://news.example.org/bannu-attack?utm_source=rss&utm_medium=feed', ...story },
  ];
  serve('a');
  await once();
  expect(discord.messages(CHANNEL)).toHaveLength(1);

  // Outlet B carries the same article (other tracking parameters, other guid).
  content['b'] = [{ guid: 'b-77', link: 'https://news.example.org/bannu-attack?utm_campaign=wire#top', ...story }];
  // Outlet C runs the wire headline with its own link.
  content['c'] = [
    {
      guid: 'c-9',
      link: 'https://outlet-c.example.org/2026/11/bannu',
      title: 'TTP fighters attack police post in Bannu; four officers killed',
      html: '<p>TTP claimed it.</p>',
    },
  ];
  serve('b');
  serve('c');
  await once();

  const [msg, ...more] = discord.messages(CHANNEL);
  expect(more).toHaveLength(0);
  expect(msg!.edits).toBeGreaterThanOrEqual(1);
  const also = msg!.embeds[0]?.fields?.find((f) => f.name === 'Also reported by')?.value;
  expect(also).toContain('Outlet B');
  expect(also).toContain('Outlet C');
  expect(msg!.embeds[0]?.fields?.find((f) => f.name === 'Source')?.value).toBe('Outlet A');
  // The edit keeps the footer ref and pings nobody.
  expect(msg!.embeds[0]?.footer?.text).toMatch(/^newswatch · ref nw-/);
  expect(discord.requests({ route: 'channel.patch' }).every((r) => r.outcome === 200)).toBe(true);

  // A fourth run changes nothing.
  await once();
  expect(discord.messages(CHANNEL)).toHaveLength(1);
}, 60_000);
