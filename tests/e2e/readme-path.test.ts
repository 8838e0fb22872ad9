// The README's numbered path ("From zero to your first alert in Discord"), followed as a
// new user would from a fresh clone: the bundled config copied as it is (only its feeds
// pointed at a local feed server, polled every second, and discord.api at the fake Discord
// API), the secrets in the environment, `check`, then `npm start`'s command as a real child
// process, until the first message reaches the channel, through a webhook and through a bot.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { ROOT, runCli, spawnCli, waitFor } from '../helpers/cli.js';
import { rss, type RssItem } from '../helpers/rss.js';

const HOOK_CHANNEL = '444444444444444444';
const BOT_CHANNEL = '555555555555555555';
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The numbered path's section of the README, and the shell lines of its code blocks. */
function pathSection(): { text: string; commands: string[] } {
  const start = readme.indexOf('\n## From zero to your first alert in Discord\n');
  expect(start, 'the README has the numbered path').toBeGreaterThan(0);
  const text = readme.slice(start, readme.indexOf('\n## ', start + 5));
  const commands = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) =>
    (m[1] as string)
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  );
  return { text, commands };
}

let clone: string;
let feeds: FeedServer;
let discord: FakeDiscord;
let env: Record<string, string>;
const items: RssItem[] = [
  { guid: 'old-1', title: 'ISKP attack in Kabul last year', html: '<p>An old story already in the feed.</p>' },
  { guid: 'old-2', title: 'Snow closes the Salang pass', html: '<p>Drivers were told to wait.</p>' },
];
const serve = () =>
  feeds.route('/feed.xml', { body: rss('Local Wire', items), headers: { 'content-type': 'application/rss+xml' } });

beforeAll(async () => {
  feeds = await startFeedServer();
  discord = await startFakeDiscord();
  serve();
  // A fresh clone: the bundled config, as shipped, in config/ of an empty folder.
  clone = mkdtempSync(join(tmpdir(), 'nw-clone-'));
  mkdirSync(join(clone, 'config'));
  const doc = parseDocument(readFileSync(join(ROOT, 'config/newswatch.yaml'), 'utf8'));
  doc.set(
    'feeds',
    doc.createNode([{ id: 'wire', name: 'Local Wire', url: feeds.url('/feed.xml'), schedule: '* * * * * *' }]),
  );
  doc.setIn(['discord', 'api'], discord.api);
  doc.setIn(['http', 'port'], 0);
  writeFileSync(join(clone, 'config/newswatch.yaml'), doc.toString());
  // Step 3: the secrets, as the README's export lines name them.
  const hook = discord.webhook('600000000000000001', 'readme-webhook-token', HOOK_CHANNEL);
  env = { DISCORD_WEBHOOK_URL: hook.url, DISCORD_TOKEN: discord.token, DISCORD_CHANNEL_ID: BOT_CHANNEL };
});
afterAll(async () => {
  await feeds?.close();
  await discord?.close();
  rmSync(clone, { recursive: true, force: true });
});

it('the README path names the commands this test runs', () => {
  const { text, commands } = pathSection();
  expect(commands).toContain('npm ci');
  expect(commands).toContain('npx newswatch check');
  expect(commands).toContain('npm start');
  for (const name of Object.keys(env)) expect(text).toContain(`${name}=`);
  // `npm start` is the command the next test runs.
  expect(
    (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts[
      'start'
    ],
  ).toBe('node bin/newswatch.js start');
});

it('a fresh clone reaches its first Discord message by the numbered path', async () => {
  // Step 4: check lists both Discord channels, and no variable is missing.
  const check = await runCli(['check'], { cwd: clone, env });
  expect(check.code, check.stderr).toBe(0);
  expect(check.stdout).toMatch(/^ {2}security-desk: Discord webhook 600000000000000001 ← groups, officials$/m);
  expect(check.stdout).toMatch(
    new RegExp(`^ {2}security-desk-bot: Discord channel ${BOT_CHANNEL} ← groups, officials$`, 'm'),
  );
  expect(`${check.stdout}${check.stderr}`).not.toMatch(/is not set/);

  // Step 5: start; the first poll records what the feed holds, without alerts.
  const svc = spawnCli(['start'], { cwd: clone, env });
  try {
    await waitFor(
      () => svc.output().stderr.includes('newswatch started: 1 feed, 2 watchlists (15 entities), 3 channels'),
      'the start-up line',
    );
    await waitFor(
      () => svc.output().stderr.includes('first poll, 2 existing items recorded without alerts'),
      'the silent first poll',
    );
    expect(discord.allMessages()).toEqual([]);

    // A new item naming a watched group: the first alert, in both channels.
    items.unshift({
      guid: 'new-1',
      title: 'ISKP claims attack on a checkpoint in Jalalabad',
      html: '<p>The Islamic State Khorasan Province said it attacked the post.</p>',
    });
    serve();
    await waitFor(
      () => discord.messages(HOOK_CHANNEL).length > 0 && discord.messages(BOT_CHANNEL).length > 0,
      'the first message in each channel',
    );
    for (const channel of [HOOK_CHANNEL, BOT_CHANNEL]) {
      const [first, ...more] = discord.messages(channel);
      expect(more).toEqual([]);
      expect(first?.embeds[0]?.title).toBe('ISKP claims attack on a checkpoint in Jalalabad');
    }
    // The console channel printed it too.
    expect(svc.output().stdout).toContain('ISKP claims attack on a checkpoint in Jalalabad');
  } finally {
    svc.child.kill('SIGTERM');
  }
  const exit = await svc.exited;
  expect(exit.code, exit.stderr.split('\n').slice(-10).join('\n')).toBe(0);
  expect(exit.stderr).not.toContain('readme-webhook-token');
  expect(exit.stderr).not.toContain(discord.token);
}, 60_000);
