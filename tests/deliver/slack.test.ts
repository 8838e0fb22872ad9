// The Slack sinks (incoming webhook, bot token) against a fake Slack over real HTTP,
// driven by the real sender: Block Kit alerts, edits, digests, injection, limits, 429 and
// 5xx, permanent errors that stop one channel, and what happens to an uncertain post.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DigestPayload } from '../../src/core/types.js';
import { renderSlack } from '../../src/deliver/render/slack.js';
import { slackFaults as faults, startFakeSlack, type FakeSlack, type SlackMessage } from '../helpers/fake-slack.js';
import { chatHarness, type ChatHarness } from './chat-harness.js';
import { alert, channel, ManualClock, match } from './fixtures.js';

const C1 = 'C0100000001';
const C2 = 'C0100000002';
let fake: FakeSlack;
let clock: ManualClock;
let h: ChatHarness;

beforeEach(async () => {
  clock = new ManualClock();
  fake = await startFakeSlack({ now: clock.now });
});
afterEach(async () => {
  await h?.close();
  await fake.close();
});

const bot = (id: string, ch: string, extra = {}) =>
  channel(id, { slack: { token: fake.token, channel: ch, api: fake.api } }, extra);
const hook = (id: string, ch: string, extra = {}) => channel(id, { slack: { webhook: fake.webhook(ch) } }, extra);
const texts = (m: SlackMessage) => [
  m.text,
  ...m.blocks.flatMap((b) => [
    b.text?.text ?? '',
    ...(b.fields ?? []).map((f) => f.text),
    ...(b.elements ?? []).map((e) => e.text),
  ]),
];
const title = (m: SlackMessage) => m.blocks[0]?.text?.text ?? '';

describe('Slack bot sink', () => {
  it("posts an alert as Block Kit with the embed's parts, its ref in the context line and in metadata", async () => {
    h = chatHarness([bot('desk', C1)], clock);
    const row = h.store.enqueue('desk', alert(1));
    await h.sender.drainOnce();
    const [m] = fake.messages(C1);
    expect(h.store.row(row.id)).toMatchObject({ status: 'sent', messageId: m!.ts });
    expect(title(m!)).toBe('*<https://news.example.org/2024/jalalabad-1|Blast near Jalalabad checkpoint, report 1>*');
    expect(m!.blocks[1]?.text?.text).toContain('*ISKP* claimed the roadside blast (report 1).');
    expect(m!.blocks[2]?.fields?.map((f) => f.text)).toEqual([
      '*Source*\nFrontier Wire',
      '*Published*\n<!date^1715668200^{date_short_pretty} {time}|2024-05-14 06:30 UTC>',
      '*Matched*\nIslamic State Khorasan Province (title, body)',
    ]);
    expect(m!.blocks.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `newswatch · ref ${row.nonce}` }],
    });
    expect(m!.metadata).toEqual({ event_type: 'newswatch_message', event_payload: { ref: row.nonce } });
    expect(m!.text).toBe('Blast near Jalalabad checkpoint, report 1 — Frontier Wire');
  });

  it('edits the message with chat.update for "Also reported by"; an edit of a deleted message is dropped', async () => {
    h = chatHarness([bot('desk', C1)], clock);
    const r1 = h.store.enqueue('desk', alert(1));
    await h.sender.drainOnce();
    h.store.update(r1.id, alert(1, { alsoReportedBy: ['Kabul Ledger', 'Peshawar <Post>'] }));
    fake.fail('chat.update', faults.serverError(503));
    await h.cycle();
    expect(h.store.row(r1.id).editPending).toBe(true);
    clock.advance(60_000);
    await h.sender.drainOnce();
    const [m] = fake.messages(C1);
    expect(m!.edits).toBe(1);
    expect(m!.blocks[2]?.fields?.at(-1)?.text).toBe('*Also reported by*\nKabul Ledger, Peshawar &lt;Post&gt;');
    expect(m!.blocks.at(-1)?.elements?.[0]?.text).toBe(`newswatch · ref ${r1.nonce}`);

    const r2 = h.store.enqueue('desk', alert(2));
    await h.sender.drainOnce();
    h.store.update(r2.id, alert(2, { alsoReportedBy: ['Kabul Ledger'] }));
    fake.fail('chat.update', faults.apiError('message_not_found'));
    h.store.enqueue('desk', alert(3));
    await h.sender.drainOnce();
    expect(h.store.row(r2.id).editPending).toBe(false);
    expect(h.events.some((e) => e.type === 'edit-dropped')).toBe(true);
    expect(h.events.some((e) => e.type === 'stopped')).toBe(false);
    expect(fake.messages(C1)).toHaveLength(3);
  });

  it('collapses a burst into digests, one section per alert', async () => {
    h = chatHarness([bot('desk', C1, { digestAfter: 2 })], clock);
    for (let i = 1; i <= 12; i++) h.store.enqueue('desk', alert(i));
    await h.sender.drainOnce();
    const msgs = fake.messages(C1);
    expect(msgs.map((m) => m.text)).toEqual([
      expect.stringContaining('report 1'),
      expect.stringContaining('report 2'),
      '10 more alerts',
    ]);
    const lines = msgs[2]!.blocks.slice(1, -1).map((b) => b.text?.text);
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe(
      '• <https://news.example.org/2024/jalalabad-3|Blast near Jalalabad checkpoint, report 3> — ' +
        'Frontier Wire · Islamic State Khorasan Province',
    );
  });

  it('article text cannot ping, link or format: <!channel>, <@U…>, @here, links and * _ ~ ` are text', async () => {
    h = chatHarness([bot('desk', C1), hook('hook', C2)], clock);
    const inject =
      '<!channel> <!here|here> <@U024BE7LH> <!subteam^SAZ94GDB8> @channel @here ' +
      '<https://evil.example|click me> *bold* _it_ ~s~ `code` & done';
    const evil = alert(1, {
      title: `Claim ${inject}`,
      source: inject,
      summary: [[{ text: `Text ${inject}`, highlight: false }]],
      alsoReportedBy: [inject],
      matches: [match(inject, 'title')],
    });
    h.store.enqueue('desk', evil);
    h.store.enqueue('hook', evil);
    await h.sender.drainOnce();
    for (const m of [...fake.messages(C1), ...fake.messages(C2)]) {
      expect(m.pings).toEqual([]);
      const all = texts(m).join('\n');
      expect(all).not.toMatch(/<!(channel|here|everyone|subteam)|<@|<https:\/\/evil/);
      expect(all).toContain('&lt;!channel&gt;');
      expect(all).toContain('@\u200bchannel');
      expect(all).toContain('\u200b*\u200bbold\u200b*\u200b');
      expect(all).not.toMatch(/\*bold\*|_it_|~s~|`code`/);
      expect(all).toContain('&amp; done');
    }
  });

  it("keeps within Slack's limits: long text, many names, 50 blocks", async () => {
    h = chatHarness([bot('desk', C1), hook('hook', C2)], clock);
    const long = 'Kabul '.repeat(2000);
    const names = Array.from({ length: 300 }, (_, i) => `Outlet number ${i} <&>`);
    const big = alert(1, {
      title: long,
      source: long,
      summary: [
        [
          { text: long, highlight: false },
          { text: 'ISKP', highlight: true },
          { text: long, highlight: false },
        ],
      ],
      alsoReportedBy: names,
      matches: names.map((n) => match(n, 'content')),
    });
    h.store.enqueue('desk', big);
    h.store.enqueue('hook', big);
    await h.sender.drainOnce();
    expect(h.events.filter((e) => e.type === 'sent')).toHaveLength(2);
    for (const m of [...fake.messages(C1), ...fake.messages(C2)]) {
      expect(m.blocks[1]?.text?.text.length).toBeLessThanOrEqual(3000);
      expect(m.blocks[2]?.fields?.every((f) => f.text.length <= 2000)).toBe(true);
      expect(m.blocks[2]?.fields?.at(-1)?.text).toMatch(/\+\d+ more$/);
    }
    const digest: DigestPayload = { kind: 'digest', alerts: Array.from({ length: 70 }, (_, i) => alert(i)) };
    const rendered = renderSlack(digest, { ref: 'nw-x' });
    expect(rendered.blocks).toHaveLength(50);
    expect(rendered.blocks.at(-2)).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '_and 23 more_' } });
    expect(rendered.blocks.at(-1)?.type).toBe('context');
  });

  it('honours 429 Retry-After and retries 5xx with backoff, delivering once', async () => {
    h = chatHarness([bot('desk', C1)], clock);
    fake.fail('chat.postMessage', faults.rateLimited(7));
    h.store.enqueue('desk', alert(1));
    const t0 = clock.t;
    await h.sender.drainOnce();
    expect(h.store.pending('desk', 1)[0]!.nextAttemptAt).toBeGreaterThanOrEqual(t0 + 7000);
    expect(h.events.find((e) => e.type === 'failed')).toMatchObject({ retry: true, delayMs: 7000 });
    fake.fail(
      'chat.postMessage',
      faults.serverError(500),
      faults.serverError(502),
      faults.apiError('internal_error'),
      faults.drop(),
    );
    expect(await h.untilDelivered()).toBe(6);
    expect(fake.messages(C1)).toHaveLength(1);
    expect(fake.requests({ route: 'chat.postMessage' }).map((r) => r.outcome)).toEqual([
      429,
      500,
      502,
      200,
      'dropped',
      200,
    ]);
  });

  it('a permanent error stops that channel only, keeps its alerts, and never logs the token', async () => {
    const chans = [
      bot('a', C1),
      bot('b', C2),
      channel('bad', { slack: { token: 'xoxb-wrong-token-999', channel: C2, api: fake.api } }),
    ];
    h = chatHarness(chans, clock);
    fake.deny(C1);
    for (let i = 1; i <= 3; i++) for (const ch of ['a', 'b', 'bad']) h.store.enqueue(ch, alert(i));
    await h.sender.drainOnce();
    clock.advance(3_600_000);
    await h.sender.drainOnce();
    expect(fake.messages(C2)).toHaveLength(3);
    expect(h.store.countPending('a')).toBe(3);
    expect(h.store.countPending('bad')).toBe(3);
    const stopped = h.events.filter((e) => e.type === 'stopped');
    expect(stopped).toEqual([
      expect.objectContaining({ channelId: 'a', status: 403, error: 'Slack chat.postMessage: not_in_channel' }),
      expect.objectContaining({ channelId: 'bad', status: 401, error: 'Slack chat.postMessage: invalid_auth' }),
    ]);
    expect(fake.requests({ route: 'chat.postMessage' })).toHaveLength(5);
    expect(h.logLines.join('\n')).not.toMatch(/xoxb-/);
  });

  it('finds an uncertain post by its metadata ref; without the history scope it posts again', async () => {
    h = chatHarness([bot('desk', C1)], clock);
    const sink = h.sinks.get('desk')!;
    fake.fail('chat.postMessage', faults.hang({ afterCreate: true }));
    expect(await sink.post(alert(1), { nonce: 'nw-1', uncertain: false })).toMatchObject({ ok: false, retry: true });
    expect(await sink.post(alert(1), { nonce: 'nw-1', uncertain: true })).toEqual({
      ok: true,
      messageId: fake.messages(C1)[0]!.ts,
    });
    expect(fake.messages(C1)).toHaveLength(1);
    // Another app's message with a copied ref is not ours.
    fake.postAs(C1, 'B0OTHERAPP1', {
      text: 'x',
      metadata: { event_type: 'newswatch_message', event_payload: { ref: 'nw-3' } },
    });
    expect(await sink.post(alert(3), { nonce: 'nw-3', uncertain: true })).toEqual({
      ok: true,
      messageId: fake.messages(C1)[2]!.ts,
    });
    expect(fake.requests({ route: 'auth.test' })).toHaveLength(1);
    fake.historyDenied = true;
    fake.fail('chat.postMessage', faults.drop({ afterCreate: true }));
    expect(await sink.post(alert(2), { nonce: 'nw-2', uncertain: false })).toMatchObject({ ok: false, retry: true });
    expect(await sink.post(alert(2), { nonce: 'nw-2', uncertain: true })).toMatchObject({ ok: true });
    expect(fake.messages(C1).map((m) => m.metadata?.event_payload.ref)).toEqual([
      'nw-1',
      'nw-3',
      'nw-3',
      'nw-2',
      'nw-2',
    ]);
  });
});

describe('Slack webhook sink', () => {
  it('posts an alert and a notice; returns no message id (no edits), so an update queues nothing', async () => {
    h = chatHarness([hook('hook', C1)], clock);
    const row = h.store.enqueue('hook', alert(1));
    h.store.enqueue('hook', {
      kind: 'notice',
      level: 'warning',
      title: 'Feed <wire> failing',
      text: 'HTTP 403 since 06:00',
      feedId: 'wire',
    });
    await h.sender.drainOnce();
    const [a, n] = fake.messages(C1);
    expect(title(a!)).toContain('|Blast near Jalalabad checkpoint, report 1>*');
    expect(n!.blocks.map((b) => b.text?.text ?? b.fields?.[0]?.text ?? b.elements?.[0]?.text)).toEqual([
      '*Feed &lt;wire&gt; failing*',
      'HTTP 403 since 06:00',
      '*Feed*\nwire',
      expect.stringMatching(/^newswatch · ref /),
    ]);
    expect(h.store.row(row.id)).toMatchObject({ status: 'sent', messageId: null });
    h.store.update(row.id, alert(1, { alsoReportedBy: ['Kabul Ledger'] }));
    expect(h.store.row(row.id).editPending).toBe(false);
    expect(h.store.channelsWithWork()).toEqual([]);
    await h.sender.drainOnce();
    expect(fake.messages(C1)).toHaveLength(2);
  });

  it('honours 429 Retry-After, retries 5xx; 404 no_service stops that channel only; URL never logged', async () => {
    const chans = [
      hook('hook', C1),
      channel('gone', { slack: { webhook: `${fake.api.replace('/api', '')}/services/T0/B0/not-a-hook-secret` } }),
      bot('desk', C2),
    ];
    h = chatHarness(chans, clock);
    fake.fail('webhook.post:T0000/B0000/C0100000001-hook-secret-0001', faults.rateLimited(30), faults.serverError(500));
    for (const ch of ['hook', 'gone', 'desk']) h.store.enqueue(ch, alert(1));
    const t0 = clock.t;
    await h.sender.drainOnce();
    expect(h.store.pending('hook', 1)[0]!.nextAttemptAt).toBeGreaterThanOrEqual(t0 + 30_000);
    clock.advance(30_000);
    await h.sender.drainOnce();
    clock.advance(60_000);
    await h.sender.drainOnce();
    expect(fake.messages(C1)).toHaveLength(1);
    expect(fake.messages(C2)).toHaveLength(1);
    expect(h.events.filter((e) => e.type === 'stopped')).toEqual([
      expect.objectContaining({ channelId: 'gone', status: 404, error: 'Slack webhook: HTTP 404 no_service' }),
    ]);
    expect(h.logLines.join('\n')).not.toMatch(/hook-secret/);
  });

  it('an uncertain post is posted again (no lookup, no idempotency key): at least once', async () => {
    h = chatHarness([hook('hook', C1)], clock);
    const sink = h.sinks.get('hook')!;
    fake.fail('webhook.post', faults.hang({ afterCreate: true }));
    expect(await sink.post(alert(1), { nonce: 'nw-1', uncertain: false })).toMatchObject({
      ok: false,
      retry: true,
      error: expect.stringMatching(/^Slack: timed out/),
    });
    expect(await sink.post(alert(1), { nonce: 'nw-1', uncertain: true })).toEqual({ ok: true, messageId: null });
    expect(fake.messages(C1)).toHaveLength(2);
  });
});
