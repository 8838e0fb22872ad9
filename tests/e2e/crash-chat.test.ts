// The crash run for the chat sinks: `newswatch start` as a child process posting to a fake
// Slack (bot and incoming webhook), Telegram and Matrix, killed with SIGKILL before a
// send, during a send, after the service created the message but before newswatch
// recorded it, and at random moments, while new items keep arriving. After the final
// restart each channel holds what the README promises:
//  - Matrix (transaction ids) and the Slack bot (ref lookup): every alert exactly once;
//  - the Slack webhook and Telegram (no key, no lookup): every alert at least once, a
//    second copy only of an alert whose send was cut off after the service created it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { spawnCli, waitFor } from '../helpers/cli.js';
import { chatFaults, type FakeChatServer } from '../helpers/fake-chat.js';
import { startFakeMatrix, type FakeMatrix } from '../helpers/fake-matrix.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { startFakeTelegram, type FakeTelegram } from '../helpers/fake-telegram.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { rss, type RssItem } from '../helpers/rss.js';
import { pseudoWord } from '../helpers/words.js';

const SLACK_CHANNEL = 'C0CRASH0001';
const HOOK_CHANNEL = 'C0CRASH0002';
const CHAT = '-1001000000777';
const ROOM = '!crash:fake.example.org';
const KILLS = 12;

type CrashPoint = 'before-send' | 'during-send' | 'after-send' | 'random';
const POINTS: CrashPoint[] = ['before-send', 'during-send', 'after-send', 'random'];

describe('crash run of the chat sinks: SIGKILL at chosen and random moments, then restart', () => {
  let dir: string;
  let feeds: FeedServer;
  let slack: FakeSlack;
  let telegram: FakeTelegram;
  let matrix: FakeMatrix;
  let hookUrl: string;
  let configFile: string;
  const items: RssItem[] = [
    { guid: 'seed', title: 'Old news already in the feed about ISKP', html: '<p>ISKP, old.</p>' },
  ];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nw-crash-chat-'));
    feeds = await startFeedServer();
    feeds.route(
      '/feed.xml',
      (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('Crash Wire', items)),
    );
    slack = await startFakeSlack();
    telegram = await startFakeTelegram();
    matrix = await startFakeMatrix();
    matrix.join(ROOM);
    hookUrl = slack.webhook(HOOK_CHANNEL);
    configFile = join(dir, 'newswatch.yaml');
    writeFileSync(
      configFile,
      stringify({
        schedule: '* * * * * *',
        state: './state.db',
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
          {
            id: 'slack-bot',
            slack: { token: '${SLACK_BOT_TOKEN}', channel: SLACK_CHANNEL, api: slack.api },
            perMinute: 120,
          },
          { id: 'slack-hook', slack: { webhook: '${SLACK_WEBHOOK_URL}' }, perMinute: 120 },
          {
            id: 'telegram',
            telegram: { token: '${TELEGRAM_BOT_TOKEN}', chat: CHAT, api: telegram.api },
            perMinute: 120,
          },
          {
            id: 'matrix',
            matrix: { homeserver: matrix.homeserver, token: '${MATRIX_TOKEN}', room: ROOM },
            perMinute: 120,
          },
        ],
      }),
    );
  });
  afterAll(async () => {
    await Promise.all([feeds?.close(), slack?.close(), telegram?.close(), matrix?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  const env = () => ({
    SLACK_BOT_TOKEN: slack.token,
    SLACK_WEBHOOK_URL: hookUrl,
    TELEGRAM_BOT_TOKEN: telegram.token,
    MATRIX_TOKEN: matrix.token,
    NEWSWATCH_LOG_LEVEL: 'info',
  });
  const start = () => spawnCli(['start', '--config', configFile], { env: env() });
  const sendRoutes: Array<[FakeChatServer, string]> = [];
  const titles = {
    slackBot: () => slack.messages(SLACK_CHANNEL).map((m) => m.text.split(' — ')[0]!),
    slackHook: () => slack.messages(HOOK_CHANNEL).map((m) => m.text.split(' — ')[0]!),
    telegram: () => telegram.messages(CHAT).map((m) => m.text.split('\n')[0]!),
    matrix: () => matrix.messages(ROOM).map((e) => String(e.content.body).split('\n')[1]!),
  };
  const sends = () => sendRoutes.reduce((n, [fake, route]) => n + fake.requests({ route }).length, 0);

  it(`Matrix, Slack bot: exactly once; Slack webhook, Telegram: at least once; ${KILLS} kill -9 restarts`, async () => {
    sendRoutes.push([slack, 'chat.postMessage'], [slack, 'webhook.post'], [telegram, 'sendMessage'], [matrix, 'send']);
    const fakes = [slack, telegram, matrix];
    let svc = start();
    await waitFor(() => feeds.requests.some((r) => r.completed), 'the first poll', 30_000);
    await new Promise((r) => setTimeout(r, 500));
    svc.child.kill('SIGKILL');
    await svc.exited;

    const expected: string[] = [];
    let afterSendKills = 0;
    let stderr = '';
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
      for (const f of fakes) f.clearFaults();
      for (const [fake, route] of sendRoutes) {
        if (point === 'during-send') fake.fail(route, chatFaults.hang({ ms: 20_000 }));
        if (point === 'after-send') fake.fail(route, chatFaults.hang({ afterCreate: true }));
      }
      if (point === 'before-send') for (const f of fakes) f.outage(true);
      const sendsBefore = sends();
      const perRoute = sendRoutes.map(([fake, route]) => fake.requests({ route }).length);
      svc = start();
      const current = svc;
      const tail = () => current.output().stderr.split('\n').slice(-15).join('\n');
      const fail = (err: Error) => {
        throw new Error(`${err.message} (kill ${k}, ${point})\n${tail()}`);
      };
      if (point === 'before-send')
        await waitFor(() => sends() >= sendsBefore + 4, 'a send attempt on every channel').catch(fail);
      else if (point === 'during-send' || point === 'after-send') {
        // Every channel has a request hanging (after-send: its message already created).
        const hangs = () =>
          sendRoutes.every(([fake, route], i) =>
            fake
              .requests({ route })
              .slice(perRoute[i])
              .some((r) => r.outcome === 'hung'),
          );
        await waitFor(hangs, 'a hung send on every channel').catch(fail);
        if (point === 'after-send') afterSendKills++;
      } else await new Promise((r) => setTimeout(r, 300 + ((k * 397) % 1500)));
      svc.child.kill('SIGKILL');
      const exit = await svc.exited;
      stderr += exit.stderr;
      expect(exit.signal).toBe('SIGKILL');
      for (const f of fakes) f.outage(false);
    }

    for (const f of fakes) f.clearFaults();
    svc = start();
    const done = () => Object.values(titles).every((f) => new Set(f()).size >= expected.length);
    await waitFor(done, `all ${expected.length} alerts on every channel`, 60_000).catch((err: Error) => {
      throw new Error(
        `${err.message}: ${JSON.stringify(Object.entries(titles).map(([k, f]) => [k, f().length]))}\n` +
          svc.output().stderr.slice(-3000),
      );
    });
    await new Promise((r) => setTimeout(r, 2_500)); // room for a duplicate to show up, if any
    svc.child.kill('SIGTERM');
    const last = await svc.exited;
    stderr += last.stderr;
    expect(last.code).toBe(0);

    const sorted = [...expected].sort();
    // Exactly once.
    expect([...titles.matrix()].sort()).toEqual(sorted);
    expect([...titles.slackBot()].sort()).toEqual(sorted);
    // At least once; a copy more only for a send cut off after the message was created.
    for (const list of [titles.slackHook(), titles.telegram()]) {
      expect([...new Set(list)].sort()).toEqual(sorted);
      const extra = list.length - expected.length;
      expect(extra).toBeGreaterThanOrEqual(1); // the after-send kills did leave a message behind
      expect(extra).toBeLessThanOrEqual(afterSendKills + KILLS / POINTS.length); // after-send and random kills only
    }
    // Sanity: the faults really happened on every channel (a message created whose answer never came).
    expect(afterSendKills).toBe(KILLS / POINTS.length);
    for (const [fake, route] of sendRoutes)
      expect(fake.requests({ route }).some((r) => r.outcome === 'hung')).toBe(true);
    // No credential in anything newswatch wrote.
    for (const secret of [slack.token, telegram.token, matrix.token, hookUrl, 'hook-secret'])
      expect(stderr).not.toContain(secret);
  }, 300_000);
});
