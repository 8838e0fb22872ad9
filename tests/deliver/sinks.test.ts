// Each sink against a real server (the fake Discord API, or a plain HTTP receiver), with
// the real discord.js client: every kind of failure is classified once, into ok / retry
// / permanent, and no error string carries a token or a webhook URL.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { REST } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { createSinks } from '../../src/deliver/index.js';
import { buildRuntime, releaseRuntime } from '../../src/service/runtime.js';
import type { SendOutcome, Sink } from '../../src/deliver/types.js';
import { faults, startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';
import { alert, CHANNEL_A, CHANNEL_B, channel, HTTP } from './fixtures.js';

const out = new Writable({ write: (_c, _e, cb) => cb() });
let fake: FakeDiscord;
const discordDeps = () => ({ token: fake.token, api: fake.api, timeoutMs: 1000, maxRateLimitWaitMs: 300 });

beforeEach(async () => {
  fake = await startFakeDiscord();
});
afterEach(() => fake.close());

function botSink(): Sink {
  return createSinks([channel('desk', { discord: { channel: CHANNEL_A } })], {
    discord: discordDeps(),
    http: HTTP,
    out,
  }).get('desk')!;
}

const post = (sink: Sink, n: number, uncertain = false) => sink.post(alert(n), { nonce: `nw-${n}`, uncertain });

describe('discord-bot sink', () => {
  it('posts with nonce + enforce_nonce and returns the message id', async () => {
    const r = await post(botSink(), 1);
    const [m] = fake.messages(CHANNEL_A);
    expect(r).toEqual({ ok: true, messageId: m!.id });
    expect(m).toMatchObject({ nonce: 'nw-1', allowed_mentions: { parse: [] } });
    expect(m!.embeds[0]?.footer?.text).toBe('newswatch · ref nw-1');
  });

  it('classifies each fault: transient ones retry, permanent ones carry status and code', async () => {
    const sink = botSink();
    const cases: Array<[string, Parameters<FakeDiscord['fail']>[1][], Partial<SendOutcome>]> = [
      [
        '500 twice (discord.js retries once)',
        [faults.serverError(500), faults.serverError(500)],
        { ok: false, retry: true },
      ],
      ['502 twice', [faults.serverError(502), faults.serverError(502)], { ok: false, retry: true }],
      ['dropped connection', [faults.drop()], { ok: false, retry: true }],
      ['timeout twice', [faults.hang(), faults.hang()], { ok: false, retry: true }],
      ['long 429', [faults.rateLimited(1)], { ok: false, retry: true }],
      ['403 missing permissions', [faults.missingPermissions()], { ok: false, retry: false, status: 403, code: 50013 }],
      ['404 unknown channel', [faults.unknownChannel()], { ok: false, retry: false, status: 404, code: 10003 }],
    ];
    for (const [label, queue, expected] of cases) {
      fake.fail(`channel.post:${CHANNEL_A}`, ...queue);
      const r = await post(sink, 2);
      expect(r, label).toMatchObject(expected);
      if (label === 'long 429') {
        expect(r).toMatchObject({ retryAfterMs: expect.any(Number) });
        await new Promise((res) => setTimeout(res, 1100)); // let discord.js's bucket reset
      }
    }
    expect(fake.messages(CHANNEL_A)).toHaveLength(0);
  });

  it('recovers from a single 500 or timeout inside discord.js, with no duplicate thanks to the nonce', async () => {
    const sink = botSink();
    fake.fail(`channel.post:${CHANNEL_A}`, { ...faults.serverError(500), afterCreate: true });
    expect(await post(sink, 3)).toMatchObject({ ok: true });
    fake.fail(`channel.post:${CHANNEL_A}`, faults.hang({ afterCreate: true }));
    expect(await post(sink, 4)).toMatchObject({ ok: true });
    expect(fake.requests({ route: 'channel.post' }).map((r) => r.outcome)).toEqual([500, 200, 'hung', 200]);
    expect(fake.messages(CHANNEL_A).map((m) => m.nonce)).toEqual(['nw-3', 'nw-4']);
  });

  it('waits out a short 429 itself', async () => {
    fake.fail(`channel.post:${CHANNEL_A}`, faults.rateLimited(0.05));
    expect(await post(botSink(), 5)).toMatchObject({ ok: true });
    expect(fake.requests({ route: 'channel.post' }).map((r) => r.outcome)).toEqual([429, 200]);
  });

  it('finds an uncertain message among recent ones instead of posting again', async () => {
    const sink = botSink();
    await post(sink, 6);
    const again = await post(sink, 6, true);
    expect(again).toEqual({ ok: true, messageId: fake.messages(CHANNEL_A)[0]!.id });
    expect(fake.requests({ route: 'channel.post' })).toHaveLength(1);
  });

  it('treats a refused connection as transient and a bad token as permanent, never echoing the token', async () => {
    const closed = await startFakeDiscord();
    await closed.close();
    const refused = createSinks([channel('x', { discord: { channel: CHANNEL_A } })], {
      discord: { token: 'secret-token-123', api: closed.api, timeoutMs: 1000 },
      http: HTTP,
      out,
    });
    const r1 = await post(refused.get('x')!, 7);
    expect(r1).toMatchObject({ ok: false, retry: true });
    const bad = createSinks([channel('x', { discord: { channel: CHANNEL_A } })], {
      discord: { token: 'secret-token-456', api: fake.api, timeoutMs: 1000 },
      http: HTTP,
      out,
    });
    const r2 = await post(bad.get('x')!, 8);
    expect(r2).toMatchObject({ ok: false, retry: false, status: 401 });
    const r3 = await post(bad.get('x')!, 9);
    expect(r3).toMatchObject({ ok: false, retry: false });
    expect(JSON.stringify([r1, r2, r3])).not.toMatch(/secret-token/);
  });

  it('edits with allowed_mentions empty, keeping the footer ref', async () => {
    const sink = botSink();
    const r = await sink.post(alert(10, { mentionRole: '300000000000000007' }), { nonce: 'nw-a', uncertain: false });
    expect(fake.messages(CHANNEL_A)[0]?.pings.roles).toEqual(['300000000000000007']);
    const e = await sink.edit(
      (r as { messageId: string }).messageId,
      alert(10, { alsoReportedBy: ['Kabul Ledger'], mentionRole: '300000000000000007' }),
      { ref: 'nw-a' },
    );
    expect(e).toMatchObject({ ok: true });
    const [m] = fake.messages(CHANNEL_A);
    expect(m).toMatchObject({ edits: 1, allowed_mentions: { parse: [] } });
    expect(m!.embeds[0]?.footer?.text).toBe('newswatch · ref nw-a');
    expect(m!.embeds[0]?.fields?.at(-1)).toEqual({ name: 'Also reported by', value: 'Kabul Ledger' });
    fake.fail('channel.patch', faults.unknownMessage());
    expect(await sink.edit('1', alert(10))).toMatchObject({ ok: false, retry: false, code: 10008 });
  });
});

describe('discord-webhook sink', () => {
  const HOOK = '700000000000000009';
  const webhookSink = (withToken: boolean, token = 'hook-secret-token') => {
    const hook = fake.webhook(HOOK, 'hook-secret-token', CHANNEL_B);
    const url = hook.url.replace('hook-secret-token', token);
    const deps = withToken ? discordDeps() : { api: fake.api, timeoutMs: 1000 };
    return createSinks([channel('hook', { webhook: url })], { discord: deps, http: HTTP, out }).get('hook')!;
  };

  it('posts with ?wait=true and gets the message id; edits through the webhook', async () => {
    const sink = webhookSink(false);
    const r = await post(sink, 1);
    const [m] = fake.messages(CHANNEL_B);
    expect(r).toEqual({ ok: true, messageId: m!.id });
    expect(m).toMatchObject({ webhook_id: HOOK, allowed_mentions: { parse: [] } });
    expect(await sink.edit(m!.id, alert(1, { alsoReportedBy: ['Kabul Ledger'] }), { ref: 'nw-1' })).toMatchObject({
      ok: true,
    });
    expect(fake.messages(CHANNEL_B)[0]?.edits).toBe(1);
  });

  it('never retries a post inside discord.js (no nonce for webhooks)', async () => {
    fake.fail(`webhook.post:${HOOK}`, { ...faults.serverError(500), afterCreate: true });
    expect(await post(webhookSink(false), 2)).toMatchObject({ ok: false, retry: true });
    expect(fake.requests({ route: 'webhook.post' })).toHaveLength(1);
    expect(fake.messages(CHANNEL_B)).toHaveLength(1);
  });

  it('reconciles an uncertain post through the bot token: finds the message, posts nothing', async () => {
    const sink = webhookSink(true);
    fake.fail(`webhook.post:${HOOK}`, faults.hang({ afterCreate: true }));
    expect(await post(sink, 3)).toMatchObject({ ok: false, retry: true });
    const r = await post(sink, 3, true);
    expect(r).toEqual({ ok: true, messageId: fake.messages(CHANNEL_B)[0]!.id });
    expect(fake.messages(CHANNEL_B)).toHaveLength(1);
    expect(fake.requests({ route: 'webhook.get' })).toHaveLength(1);
  });

  it('without a bot token an uncertain post is repeated (the documented limit)', async () => {
    const sink = webhookSink(false);
    fake.fail(`webhook.post:${HOOK}`, faults.drop({ afterCreate: true }));
    expect(await post(sink, 4)).toMatchObject({ ok: false, retry: true });
    expect(await post(sink, 4, true)).toMatchObject({ ok: true });
    expect(fake.messages(CHANNEL_B)).toHaveLength(2);
  });

  it('reports an unknown webhook or a wrong token as permanent, without the token', async () => {
    const r = await post(webhookSink(false, 'wrong-token-value'), 5);
    expect(r).toMatchObject({ ok: false, retry: false, status: 401 });
    expect(JSON.stringify(r)).not.toMatch(/wrong-token-value|hook-secret-token/);
    fake.fail(`webhook.post:${HOOK}`, faults.unknownWebhook());
    expect(await post(webhookSink(false), 6)).toMatchObject({ ok: false, retry: false, status: 404, code: 10015 });
  });
});

describe('http sink', () => {
  let server: Server;
  let url: string;
  const received: Array<{ headers: IncomingMessage['headers']; body: Record<string, unknown> }> = [];
  const replies: Array<{ status: number; body?: string; headers?: Record<string, string> }> = [];
  beforeEach(async () => {
    received.length = 0;
    server = createServer((req, res) => {
      let data = '';
      req.on('data', (c: Buffer) => (data += c.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body: JSON.parse(data) as Record<string, unknown> });
        const r = replies.shift() ?? { status: 200, body: '{"id":"remote-1"}' };
        res.writeHead(r.status, r.headers).end(r.body ?? '');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook?key=abc`;
  });
  afterEach(() => new Promise<void>((r) => server.close(() => r())));

  it('posts JSON with an idempotency key and classifies the status', async () => {
    const sink = createSinks([channel('h', { http: { url } })], { discord: {}, http: HTTP, out }).get('h')!;
    expect(await post(sink, 1)).toEqual({ ok: true, messageId: 'remote-1' });
    expect(received[0]?.headers['idempotency-key']).toBe('nw-1');
    expect(received[0]?.body).toMatchObject({ type: 'alert', ref: 'nw-1', payload: { title: alert(1).title } });
    replies.push({ status: 503 }, { status: 429, headers: { 'retry-after': '7' } }, { status: 404 });
    expect(await post(sink, 2)).toMatchObject({ ok: false, retry: true });
    expect(await post(sink, 2)).toMatchObject({ ok: false, retry: true, retryAfterMs: 7000 });
    expect(await post(sink, 2)).toMatchObject({ ok: false, retry: false, status: 404 });
  });

  it('reads Retry-After as feed fetches do: whole seconds or a date against the response Date', async () => {
    const sink = createSinks([channel('h', { http: { url } })], { discord: {}, http: HTTP, out }).get('h')!;
    const served = 'Tue, 04 Mar 2025 09:30:00 GMT';
    replies.push(
      { status: 503, headers: { 'retry-after': 'Tue, 04 Mar 2025 09:32:00 GMT', date: served } },
      { status: 429, headers: { 'retry-after': '-5' } },
      { status: 429, headers: { 'retry-after': '1.5' } },
    );
    expect(await post(sink, 3)).toMatchObject({ ok: false, retry: true, retryAfterMs: 120_000 });
    const negative = await post(sink, 3);
    const fraction = await post(sink, 3);
    expect(negative.ok || 'retryAfterMs' in negative).toBe(false);
    expect(fraction.ok || 'retryAfterMs' in fraction).toBe(false);
  });

  it('sends the service User-Agent (with the configured contact) and uses fetch.timeout, not the Discord settings', async () => {
    const yaml = `state: ':memory:'\ncontact: desk@example.org\nfetch: { timeout: 3s }\nwatchlists: [{ id: w, entities: [{ id: e, name: Some Name }] }]\nfeeds: [{ id: f, url: 'https://example.org/feed' }]\nchannels: [{ id: h, http: { url: '${url}' } }]\n`;
    const runtime = buildRuntime(parseConfig(yaml, '/tmp/newswatch-test.yaml', {}), out);
    try {
      expect(await post(runtime.sinks.get('h')!, 4)).toEqual({ ok: true, messageId: 'remote-1' });
      expect(received[0]?.headers['user-agent']).toBe(runtime.fetchOptions.userAgent);
      expect(received[0]?.headers['user-agent']).toMatch(/newswatch\/\S+ .*desk@example\.org/);
      expect((runtime.sinks.get('h') as unknown as { opts: { timeoutMs: number } }).opts.timeoutMs).toBe(3000);
    } finally {
      releaseRuntime(runtime);
    }
  });
});

describe('createSinks', () => {
  it('builds one sink per enabled channel, by name', () => {
    const sinks = createSinks(
      [
        channel('bot', { discord: { channel: CHANNEL_A } }),
        channel('hook', { webhook: 'https://discord.com/api/webhooks/123456789012345678/tok-en_1' }),
        channel('log', { console: true }),
        channel('off', { console: true }, { enabled: false }),
      ],
      { discord: { token: 't' }, http: HTTP, out },
    );
    expect([...sinks.entries()].map(([id, s]) => [id, s.kind])).toEqual([
      ['bot', 'discord-bot'],
      ['hook', 'discord-webhook'],
      ['log', 'console'],
    ]);
  });

  it('releases every REST client on close (a reload must not leave their sweeper timers behind), and still sends', async () => {
    const hash = vi.spyOn(REST.prototype, 'clearHashSweeper');
    const handler = vi.spyOn(REST.prototype, 'clearHandlerSweeper');
    try {
      const hook = fake.webhook('700000000000000011', 'hook-token', CHANNEL_B);
      const sinks = createSinks(
        [
          channel('bot', { discord: { channel: CHANNEL_A } }),
          channel('bot2', { discord: { channel: CHANNEL_B } }),
          channel('hook', { webhook: hook.url }),
          channel('log', { console: true }),
        ],
        { discord: discordDeps(), http: HTTP, out },
      );
      for (const sink of sinks.values()) sink.close?.();
      // The bot's one shared client (two channels) and the webhook's own: each released.
      expect(new Set(hash.mock.instances).size).toBe(2);
      expect(new Set(handler.mock.instances)).toEqual(new Set(hash.mock.instances));
      expect(await post(sinks.get('bot')!, 7)).toMatchObject({ ok: true });
    } finally {
      hash.mockRestore();
      handler.mockRestore();
    }
  });

  it('names the channel when a sink cannot be built, without leaking a webhook URL', () => {
    expect(() =>
      createSinks([channel('desk', { discord: { channel: CHANNEL_A } })], { discord: {}, http: HTTP, out }),
    ).toThrow(/channel "desk" \(discord-bot\): .*bot token/);
    const bad = 'https://example.com/not-a-webhook/secret-part';
    expect(() => createSinks([channel('hook', { webhook: bad })], { discord: {}, http: HTTP, out })).toThrow(
      /channel "hook" \(discord-webhook\)/,
    );
    try {
      createSinks([channel('hook', { webhook: bad })], { discord: {}, http: HTTP, out });
    } catch (err) {
      expect((err as Error).message).not.toContain('secret-part');
    }
  });
});
