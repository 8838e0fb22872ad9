// `newswatch start` as a long-lived child process: start-up line, /healthz and /metrics,
// live config reload (file edit and SIGHUP; a broken config is rejected while the old one
// keeps running), SIGTERM during a poll (exit 0, nothing lost), a second signal, and no
// secret in any log line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { faults, startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { runCli, spawnCli, waitFor } from '../helpers/cli.js';
import { rss, type RssItem } from '../helpers/rss.js';

const CHANNEL = '777777777777777777';
const HOOK_ID = '888888888888888888';
const HOOK_TOKEN = 'lifecycle-secret-webhook-token-0123456789';

describe('newswatch start: lifecycle', () => {
  let dir: string;
  let feeds: FeedServer;
  let discord: FakeDiscord;
  let configFile: string;
  const items: RssItem[] = [{ guid: 'old', title: 'Old ISKP story', html: '<p>old</p>' }];
  let slowMs = 0;

  const config = (extraFeeds: { id: string; url: string }[] = []) =>
    stringify({
      schedule: '* * * * * *',
      state: './state.db',
      discord: { token: '${DISCORD_TOKEN}', api: discord.api },
      http: { host: '127.0.0.1', port: 0 },
      feeds: [{ id: 'a', url: feeds.url('/a.xml') }, ...extraFeeds],
      watchlists: [
        { id: 'groups', entities: [{ id: 'iskp', name: 'Islamic State Khorasan Province', caseSensitive: ['ISKP'] }] },
      ],
      channels: [
        { id: 'desk', discord: { channel: CHANNEL } },
        // A webhook Discord no longer knows: its errors are logged, never its token.
        { id: 'gone', webhook: `https://discord.com/api/webhooks/${HOOK_ID}/${HOOK_TOKEN}` },
      ],
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nw-life-'));
    feeds = await startFeedServer();
    feeds.route('/a.xml', async (_req, res) => {
      if (slowMs) await new Promise((r) => setTimeout(r, slowMs));
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('A', items));
    });
    feeds.route('/b.xml', { body: rss('B', []), headers: { 'content-type': 'application/rss+xml' } });
    discord = await startFakeDiscord();
    discord.fail(`webhook.post:${HOOK_ID}`, ...Array.from({ length: 50 }, () => faults.unknownWebhook()));
    configFile = join(dir, 'newswatch.yaml');
    writeFileSync(configFile, config());
  });
  afterAll(async () => {
    await feeds?.close();
    await discord?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const env = () => ({ DISCORD_TOKEN: discord.token, NEWSWATCH_LOG_LEVEL: 'info' });
  const logLines = (stderr: string) =>
    stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const requestsTo = (path: string) => feeds.requests.filter((r) => r.path === path).length;

  it('serves health and metrics, reloads live, rejects a broken config, and stops cleanly on SIGTERM mid-poll', async () => {
    const svc = spawnCli(['start', '--config', configFile], { env: env() });
    await waitFor(
      () => logLines(svc.output().stderr).some((l) => String(l['msg']).startsWith('newswatch started')),
      'the start-up line',
    );
    const startLine = logLines(svc.output().stderr).find((l) => String(l['msg']).startsWith('newswatch started'))!;
    expect(startLine).toMatchObject({ config: configFile, feeds: 1, watchlists: 1, channels: 2 });
    expect(String(startLine['msg'])).toContain(join(dir, 'state.db'));
    const base = String(startLine['http']);

    await waitFor(() => requestsTo('/a.xml') >= 2, 'two polls');
    const health = await fetch(new URL('/healthz', base));
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', schedulerRunning: true, databaseOk: true });

    // A new matching item: alert delivered, metrics count it.
    items.unshift({
      guid: 'n1',
      title: 'ISKP claims attack on checkpoint',
      html: '<p>ISKP said its fighters attacked a checkpoint.</p>',
    });
    await waitFor(() => discord.messages(CHANNEL).length === 1, 'the alert');
    const metrics = await (await fetch(new URL('/metrics', base))).text();
    expect(metrics).toMatch(/newswatch_polls_total\{feed="a",result="updated"\} \d+/);
    expect(metrics).toMatch(/newswatch_matches_total\{watchlist="groups",entity="iskp"\} 1/);
    expect(metrics).toMatch(/newswatch_alerts_sent_total\{channel="desk"\} 1/);
    expect(metrics).toMatch(/newswatch_alerts_pending\{channel="gone"\} 1/);
    expect(metrics).toContain('newswatch_poll_duration_seconds_bucket');
    const page = await (await fetch(new URL('/', base))).text();
    expect(page).toContain('ISKP claims attack on checkpoint');

    // Live reload by editing the file: feed b starts.
    writeFileSync(configFile, config([{ id: 'b', url: feeds.url('/b.xml') }]));
    await waitFor(() => requestsTo('/b.xml') >= 1, 'the added feed polled');
    // A broken config is rejected with the same errors as `check`; the running one stays.
    writeFileSync(configFile, `${config([{ id: 'b', url: feeds.url('/b.xml') }])}\nfeeds: oops\n`);
    await waitFor(() => svc.output().stderr.includes('config reload rejected'), 'the rejection');
    expect(svc.output().stderr).toMatch(
      /config reload rejected, the running config stays in force: invalid config:[\s\S]*newswatch\.yaml:\d+:\d+/,
    );
    const bBefore = requestsTo('/b.xml');
    await waitFor(() => requestsTo('/b.xml') > bBefore + 1, 'feed b still polled after the rejection');
    // SIGHUP reloads too (the fixed file drops feed b again).
    writeFileSync(configFile, config());
    svc.child.kill('SIGHUP');
    await waitFor(() => svc.output().stderr.includes('reloading the config (SIGHUP)'), 'the SIGHUP reload');

    // SIGTERM while a poll is in flight: the poll finishes, its alert is kept, exit 0.
    slowMs = 1500;
    items.unshift({ guid: 'n2', title: 'ISKP statement on Jalalabad raid', html: '<p>ISKP issued a statement.</p>' });
    const before = feeds.requests.length;
    await waitFor(
      () => feeds.requests.slice(before).some((r) => r.path === '/a.xml' && !r.completed),
      'a poll in flight',
    );
    svc.child.kill('SIGTERM');
    const exit = await svc.exited;
    expect(exit.code).toBe(0);
    expect(exit.stderr).toContain('stopped cleanly');
    slowMs = 0;

    // The alert matched before the signal is delivered (before the exit, or by the next run).
    if (discord.messages(CHANNEL).length < 2) {
      const again = await runCli(['once', '--config', configFile], { env: env() });
      expect(again.code).toBe(0);
    }
    expect(discord.messages(CHANNEL).map((m) => m.embeds[0]?.title)).toEqual([
      'ISKP claims attack on checkpoint',
      'ISKP statement on Jalalabad raid',
    ]);

    // No secret in any log line, even though the webhook failed loudly.
    const all = exit.stderr;
    expect(all).toMatch(/channel gone/);
    expect(all).not.toContain(HOOK_TOKEN);
    expect(all).not.toContain(discord.token);
  }, 120_000);

  it('exits at once on a second signal', async () => {
    slowMs = 30_000;
    const before = feeds.requests.length;
    const svc = spawnCli(['start', '--config', configFile], { env: env() });
    await waitFor(() => svc.output().stderr.includes('newswatch started'), 'the start-up line');
    await waitFor(
      () => feeds.requests.slice(before).some((r) => r.path === '/a.xml' && !r.completed),
      'a poll in flight',
    );
    svc.child.kill('SIGTERM');
    await waitFor(() => svc.output().stderr.includes('SIGTERM: stopping'), 'the first signal handled');
    svc.child.kill('SIGTERM');
    const exit = await svc.exited;
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain('exiting at once');
    slowMs = 0;
  }, 60_000);
});
