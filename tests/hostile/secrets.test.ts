// Secrets in feed URLs never leave the request (issue 10 §4): a feed URL with user info and
// credential-like query values fails, and every surface that shows it — the log, the
// "feed failing" notice posted to Discord (and the console), `check`, `status` (text and
// JSON) and the status page — shows `***` in their place.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactText, redactUrl } from '../../src/core/redact.js';
import { runCli, spawnCli, waitFor } from '../helpers/cli.js';
import { startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { scratch, WATCHLISTS_YAML } from '../cli/support.js';

const DESK = '555555555555555555';
const SECRETS = ['Pa55wordValue', 'KeyValue0123', 'TokValue4567', 'SigValue8901', 'LoopTok2468'];
const tmp = scratch('secrets');
let feeds: FeedServer;
let discord: FakeDiscord;
let config: string;

const noSecret = (text: string, where: string) => {
  for (const s of SECRETS) expect(text, `${where} shows ${s}`).not.toContain(s);
};

beforeAll(async () => {
  feeds = await startFeedServer();
  discord = await startFakeDiscord();
  feeds.route('/private.xml', { status: 403, body: 'no' });
  // A library-made message naming URLs: the redirect loop lists every hop.
  feeds.route('/loop-a', { status: 302, redirect: '/loop-b?token=LoopTok2468' });
  feeds.route('/loop-b', { status: 302, redirect: '/loop-a?access_token=LoopTok2468' });
  const port = new URL(feeds.origin).port;
  config = tmp.write(
    'newswatch.yaml',
    `state: ./state.db
failures: { notifyAfter: 1 }
http: { host: 127.0.0.1, port: 0 }
discord: { token: "\${DISCORD_TOKEN}", api: "${discord.api}" }
feeds:
  - { id: paid, name: Paid Wire, url: "http://reader:Pa55wordValue@127.0.0.1:${port}/private.xml?lang=en&api_key=KeyValue0123&token=TokValue4567&sig=SigValue8901" }
  - { id: loop, url: "http://127.0.0.1:${port}/loop-a?token=LoopTok2468" }
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

describe('redactUrl / redactText', () => {
  it('masks user info and credential-like query and fragment values, and nothing else', () => {
    expect(
      redactUrl(
        'https://user:PASS@host.example/feed?lang=en&api_key=a1&apikey=b&key=c&sig=d&signature=e&password=f&secret=g&auth=h&page=2',
      ),
    ).toBe(
      'https://***@host.example/feed?lang=en&api_key=***&apikey=***&key=***&sig=***&signature=***&password=***&secret=***&auth=***&page=2',
    );
    expect(redactUrl('https://host.example/cb#access_token=abc&state=1')).toBe(
      'https://host.example/cb#access_token=***&state=1',
    );
    expect(redactUrl('https://host.example/rss?x=1')).toBe('https://host.example/rss?x=1');
    expect(redactUrl('not a url')).toBe('not a url');
  });

  it('masks URLs inside text and JSON-escaped text, keeping the rest', () => {
    expect(redactText('[GET] "https://u:p@h.example/f?token=t": HTTP 403')).toBe(
      '[GET] "https://***@h.example/f?token=***": HTTP 403',
    );
    const line = JSON.stringify({
      msg: 'moved to "https://h.example.org/f?key=zz"',
      url: 'https://h.example.org/f?key=zz',
    });
    const redacted = redactText(line);
    expect(JSON.parse(redacted)).toEqual({
      msg: 'moved to "https://h.example.org/f?key=***"',
      url: 'https://h.example.org/f?key=***',
    });
  });
});

describe('a feed URL with credentials, on every surface', () => {
  let onceRun: Awaited<ReturnType<typeof runCli>>;

  beforeAll(async () => {
    onceRun = await runCli(['once', '--config', config], { env: { DISCORD_TOKEN: discord.token } });
  });

  it('the log line of the failure', () => {
    expect(onceRun.code).toBe(0);
    expect(onceRun.stderr).toMatch(/feed paid failed \(http-4xx\).*\*\*\*@127\.0\.0\.1.*api_key=\*\*\*/);
    expect(onceRun.stderr).toMatch(/feed loop failed \(too-many-redirects\).*token=\*\*\*/);
    noSecret(onceRun.stderr, 'the log');
  });

  it('the "feed failing" notice posted to Discord and printed on the console', () => {
    const embeds = discord.messages(DESK).flatMap((m) => m.embeds);
    const notice = embeds.find((e) => /Feed failing: Paid Wire/.test(e.title ?? ''));
    expect(notice?.description).toMatch(/HTTP 403/);
    noSecret(JSON.stringify(discord.allMessages()), 'the Discord notice');
    expect(onceRun.stdout).toMatch(/Feed failing: Paid Wire/);
    noSecret(onceRun.stdout, 'the console notice');
  });

  it('check', async () => {
    const r = await runCli(['check', '--config', config]);
    expect(r.stdout).toMatch(
      /paid {2}http:\/\/\*\*\*@127\.0\.0\.1:\d+\/private\.xml\?lang=en&api_key=\*\*\*&token=\*\*\*&sig=\*\*\*/,
    );
    noSecret(r.stdout + r.stderr, 'check');
  });

  it('status, as text and as JSON', async () => {
    const text = await runCli(['status', '--config', config]);
    expect(text.stdout).toMatch(/^paid\s+\S+/m);
    noSecret(text.stdout + text.stderr, 'status');
    const json = await runCli(['status', '--json', '--config', config]);
    const parsed = JSON.parse(json.stdout) as { feeds: { id: string; url: string; lastError: string }[] };
    const paid = parsed.feeds.find((f) => f.id === 'paid');
    expect(paid?.url).toContain('api_key=***');
    expect(paid?.lastError).toContain('***@127.0.0.1');
    noSecret(json.stdout, 'status --json');
  });

  it("the status page's feed and last-error cells", async () => {
    const svc = spawnCli(['start', '--config', config], { env: { DISCORD_TOKEN: discord.token } });
    try {
      let url = '';
      await waitFor(() => {
        url = /status page (http:\/\/127\.0\.0\.1:\d+\/)/.exec(svc.output().stderr)?.[1] ?? '';
        return url !== '';
      }, 'the status page URL');
      const page = await (await fetch(url)).text();
      expect(page).toContain('api_key=***');
      expect(page).toMatch(/HTTP 403/);
      noSecret(page, 'the status page');
    } finally {
      svc.child.kill('SIGTERM');
      await svc.exited;
    }
    noSecret(svc.output().stderr, 'the service log');
  });
});
