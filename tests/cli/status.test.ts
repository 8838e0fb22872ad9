// `newswatch status` after a real `once` run against a local feed server: one feed
// that works and one that answers 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { rss } from '../helpers/rss.js';
import { scratch, WATCHLISTS_YAML } from './support.js';

const tmp = scratch('status');
let server: FeedServer;
let config: string;

beforeAll(async () => {
  server = await startFeedServer();
  server.route('/good.xml', {
    body: rss('Good Wire', [
      { guid: 'g-1', title: 'ISKP claims a rocket attack near Jalalabad' },
      { guid: 'g-2', title: 'Wheat harvest begins early in Helmand' },
    ]),
    headers: { 'content-type': 'application/rss+xml' },
  });
  server.route('/broken.xml', { status: 500, body: 'database unavailable', headers: { 'content-type': 'text/plain' } });
  server.route('/old.xml', { status: 301, redirect: '/good.xml' });
  config = tmp.write(
    'newswatch.yaml',
    `state: ./state.db
feeds:
  - { id: good, name: Good Wire, url: "${server.url('/good.xml')}", alertOnFirstPoll: true }
  - { id: broken, url: "${server.url('/broken.xml')}" }
  - { id: moved, url: "${server.url('/old.xml')}" }
${WATCHLISTS_YAML}channels:
  - { id: log, console: true }
`,
  );
});
afterAll(async () => {
  await server?.close();
  tmp.remove();
});

const status = (...args: string[]) => runCli(['status', '--config', config, ...args]);

describe('newswatch status', () => {
  it('says there is no state yet before any run (and --json still prints JSON)', async () => {
    const r = await status();
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^no state yet at .*state\.db/);
    const j = await status('--json');
    expect(j.code).toBe(0);
    const parsed = JSON.parse(j.stdout) as { state: unknown; feeds: { id: string; state: string }[] };
    expect(parsed.state).toBeNull();
    expect(parsed.feeds.map((f) => [f.id, f.state])).toEqual([
      ['good', 'new'],
      ['broken', 'new'],
      ['moved', 'new'],
    ]);
    // Looking did not create the state file.
    expect((await status()).stdout).toMatch(/^no state yet/);
  });

  it("prints each feed's state, last success, last error, next poll and items seen after a once run", async () => {
    const once = await runCli(['once', '--config', config]);
    // A failing feed does not fail the run; it is logged.
    expect(once.code).toBe(0);
    expect(once.stderr).toMatch(/feed broken failed \(http-5xx\)/);

    const r = await status();
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^feed\s+state\s+last success\s+last error\s+next poll\s+items$/);
    const row = (id: string) => lines.find((l) => l.startsWith(`${id} `)) ?? '';
    const iso = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ';
    expect(row('good')).toMatch(new RegExp(`^good\\s+ok\\s+${iso}\\s+—\\s+${iso}\\s+2$`));
    expect(row('broken')).toMatch(
      new RegExp(`^broken\\s+retrying\\s+—\\s+http-5xx: HTTP 500 Internal Server Error\\s+${iso}\\s+0$`),
    );
    expect(row('moved')).toMatch(/^moved\s+ok\s/);
    // Below the table: what it cannot show.
    expect(r.stdout).toMatch(new RegExp(`^broken: failing since ${iso} \\(1 attempt\\)$`, 'm'));
    expect(r.stdout).toContain(
      `moved: fetched from ${server.url('/good.xml')} (moved or discovered; put that URL in the config)`,
    );
    // The console channel printed the one alert: nothing pending, one sent.
    expect(r.stdout).toMatch(/^log\s+0\s+0\s+1\s+—$/m);
  });

  it('--json gives the same facts as JSON', async () => {
    const r = await status('--json');
    expect(r.code).toBe(0);
    const { feeds } = JSON.parse(r.stdout) as { feeds: Record<string, unknown>[] };
    const good = feeds.find((f) => f['id'] === 'good');
    const broken = feeds.find((f) => f['id'] === 'broken');
    expect(good).toMatchObject({
      state: 'ok',
      lastError: null,
      consecutiveFailures: 0,
      itemsSeen: 2,
      name: 'Good Wire',
    });
    expect(good?.['lastSuccessAt']).toEqual(expect.any(Number));
    expect(broken).toMatchObject({
      state: 'retrying',
      lastSuccessAt: null,
      lastErrorKind: 'http-5xx',
      consecutiveFailures: 1,
      itemsSeen: 0,
    });
    expect(broken?.['lastError']).toMatch(/HTTP 500/);
    // Backoff: the next poll of the failing feed is later than its last attempt.
    expect(broken?.['nextPollAt']).toBeGreaterThan(broken?.['lastPollAt'] as number);
  });
});
