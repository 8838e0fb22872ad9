// The Telegram sink against a fake Bot API over real HTTP, driven by the real sender:
// HTML alerts (only Telegram's tags), edits, silent digests, injection, the 4096 limit,
// 429 retry_after and 5xx, permanent errors that stop one channel, uncertain posts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/deliver/render/html.js';
import {
  parseTelegramHtml,
  startFakeTelegram,
  telegramFaults as faults,
  type FakeTelegram,
} from '../helpers/fake-telegram.js';
import { chatHarness, type ChatHarness } from './chat-harness.js';
import { alert, channel, ManualClock, match } from './fixtures.js';

const CHAT = '-1001000000001';
const CHAT2 = '-1001000000002';
let fake: FakeTelegram;
let clock: ManualClock;
let h: ChatHarness;

beforeEach(async () => {
  clock = new ManualClock();
  fake = await startFakeTelegram({ now: clock.now });
});
afterEach(async () => {
  await h?.close();
  await fake.close();
});

const tg = (id: string, chat: string, extra = {}, token = fake.token) =>
  channel(id, { telegram: { token, chat, api: fake.api } }, extra);

describe('Telegram sink', () => {
  it('posts an alert as HTML: linked bold title, summary with bold names, fields, ref', async () => {
    h = chatHarness([tg('tg', CHAT)], clock);
    const row = h.store.enqueue('tg', alert(1));
    await h.sender.drainOnce();
    const [m] = fake.messages(CHAT);
    expect(h.store.row(row.id)).toMatchObject({ status: 'sent', messageId: String(m!.message_id) });
    expect(m!.html.split('\n')).toEqual([
      '<b><a href="https://news.example.org/2024/jalalabad-1">Blast near Jalalabad checkpoint, report 1</a></b>',
      'Officials in Jalalabad said on Tuesday that <b>ISKP</b> claimed the roadside blast (report 1).',
      'Frontier Wire · 2024-05-14 06:30 UTC',
      '<b>Matched:</b> Islamic State Khorasan Province (title, body)',
      `<i>newswatch · ref ${row.nonce}</i>`,
    ]);
    expect(m!.silent).toBe(false);
    expect(new Set(m!.tags)).toEqual(new Set(['b', 'a', 'i']));
  });

  it('edits with editMessageText; "not modified" counts as done; a deleted message drops the edit', async () => {
    h = chatHarness([tg('tg', CHAT)], clock);
    const r1 = h.store.enqueue('tg', alert(1));
    await h.sender.drainOnce();
    h.store.update(r1.id, alert(1, { alsoReportedBy: ['Kabul Ledger', 'Peshawar <Post> & Co'] }));
    fake.fail('editMessageText', faults.serverError(502));
    await h.cycle();
    expect(h.store.row(r1.id).editPending).toBe(true);
    clock.advance(60_000);
    await h.sender.drainOnce();
    const [m] = fake.messages(CHAT);
    expect(m!.edits).toBe(1);
    expect(m!.text).toContain('Also reported by: Kabul Ledger, Peshawar <Post> & Co');
    expect(m!.html).toContain(`<i>newswatch · ref ${r1.nonce}</i>`);
    // The same edit again (its answer was lost): Telegram says "not modified", which is success.
    expect(
      await h.sinks
        .get('tg')!
        .edit(String(m!.message_id), alert(1, { alsoReportedBy: ['Kabul Ledger', 'Peshawar <Post> & Co'] }), {
          ref: r1.nonce,
        }),
    ).toMatchObject({ ok: true });

    expect(await h.sinks.get('tg')!.edit('999', alert(1))).toMatchObject({
      ok: false,
      retry: false,
      messageGone: true,
    });
    const r2 = h.store.enqueue('tg', alert(2));
    await h.sender.drainOnce();
    h.store.update(r2.id, alert(2, { alsoReportedBy: ['Kabul Ledger'] }));
    fake.fail('editMessageText', {
      kind: 'status',
      status: 400,
      body: { ok: false, error_code: 400, description: 'Bad Request: message to edit not found' },
    });
    h.store.enqueue('tg', alert(3));
    await h.sender.drainOnce();
    expect(h.store.row(r2.id).editPending).toBe(false);
    expect(h.events.some((e) => e.type === 'edit-dropped')).toBe(true);
    expect(h.events.some((e) => e.type === 'stopped')).toBe(false);
    expect(fake.messages(CHAT)).toHaveLength(3);
  });

  it('sends digests silently (disable_notification), one line per alert', async () => {
    h = chatHarness([tg('tg', CHAT, { digestAfter: 2 })], clock);
    for (let i = 1; i <= 12; i++) h.store.enqueue('tg', alert(i));
    await h.sender.drainOnce();
    const msgs = fake.messages(CHAT);
    expect(msgs.map((m) => m.silent)).toEqual([false, false, true]);
    const lines = msgs[2]!.html.split('\n');
    expect(lines[0]).toBe('<b>10 more alerts</b>');
    expect(lines.slice(1, -1)).toHaveLength(10);
    expect(lines[1]).toBe(
      '• <a href="https://news.example.org/2024/jalalabad-3">Blast near Jalalabad checkpoint, report 3</a> — ' +
        'Frontier Wire · Islamic State Khorasan Province',
    );
  });

  it('article markup and mentions stay text: tags, entities and @usernames', async () => {
    h = chatHarness([tg('tg', CHAT)], clock);
    const inject =
      '<b>bold</b> <a href="https://evil.example">click</a> <script>x</script> &amp; &lt; @durov @channel "q" ' +
      'tg://user?id=1 <tg-spoiler>s</tg-spoiler>';
    const evil = alert(1, {
      title: `Claim ${inject}`,
      source: inject,
      summary: [[{ text: `Text ${inject}`, highlight: false }]],
      alsoReportedBy: [inject],
      matches: [match(inject, 'title')],
      link: 'javascript:alert(1)',
    });
    h.store.enqueue('tg', evil);
    await h.sender.drainOnce();
    const [m] = fake.messages(CHAT);
    expect(m).toBeDefined();
    expect(m!.mentions).toEqual([]);
    expect(m!.links).toEqual([]);
    expect(m!.text).toContain(
      'Claim <b>bold</b> <a href="https://evil.example">click</a> <script>x</script> &amp; &lt; @\u200bdurov',
    );
    expect(new Set(m!.tags)).toEqual(new Set(['b', 'i']));
  });

  it('keeps every message within 4096 characters, whatever the input', async () => {
    h = chatHarness([tg('tg', CHAT, { digestAfter: 1 })], clock);
    const long = '<&> Kabul '.repeat(3000);
    const names = Array.from({ length: 300 }, (_, i) => `Outlet <${i}> & sons`);
    const big = (n: number) =>
      alert(n, {
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
        matches: names.map((x) => match(x, 'content')),
        link: `https://news.example.org/${'a'.repeat(1900)}`,
      });
    for (let i = 1; i <= 21; i++) h.store.enqueue('tg', big(i));
    await h.untilDelivered();
    const msgs = fake.messages(CHAT);
    expect(msgs.length).toBeGreaterThanOrEqual(2);
    for (const m of msgs) {
      expect(m.html.length).toBeLessThanOrEqual(4096);
      expect(m.text).toMatch(/\nnewswatch · ref t-\w+$/);
    }
    // Every part of a rendered message is balanced HTML in Telegram's tag set.
    const html = renderHtml(
      { kind: 'digest', alerts: Array.from({ length: 20 }, (_, i) => big(i)) },
      { ref: 'nw-1', budget: 4096, newline: '\n' },
    );
    expect(html.length).toBeLessThanOrEqual(4096);
    expect(parseTelegramHtml(html)).not.toHaveProperty('error');
    expect(html.split('\n').filter((l) => l.startsWith('• '))).toHaveLength(20);
  });

  it('honours 429 retry_after and retries 5xx and dropped connections, delivering once', async () => {
    h = chatHarness([tg('tg', CHAT)], clock);
    fake.fail('sendMessage', faults.rateLimited(12));
    h.store.enqueue('tg', alert(1));
    const t0 = clock.t;
    await h.sender.drainOnce();
    expect(h.store.pending('tg', 1)[0]!.nextAttemptAt).toBeGreaterThanOrEqual(t0 + 12_000);
    expect(h.events.find((e) => e.type === 'failed')).toMatchObject({ retry: true, delayMs: 12_000 });
    fake.fail('sendMessage', faults.serverError(500), faults.serverError(502), faults.drop());
    expect(await h.untilDelivered()).toBe(5);
    expect(fake.messages(CHAT)).toHaveLength(1);
    expect(fake.requests({ route: 'sendMessage' }).map((r) => r.outcome)).toEqual([429, 500, 502, 'dropped', 200]);
  });

  it('a permanent error (bot removed, chat not found, bad token) stops that channel only; no token shown', async () => {
    const chans = [
      tg('a', CHAT),
      tg('b', CHAT2),
      tg('gone', '-1000000000404'),
      tg('bad', CHAT2, {}, '987654321:WrongTokenWrongToken'),
    ];
    h = chatHarness(chans, clock);
    fake.deny(CHAT);
    for (let i = 1; i <= 3; i++) for (const ch of ['a', 'b', 'gone', 'bad']) h.store.enqueue(ch, alert(i));
    await h.sender.drainOnce();
    clock.advance(3_600_000);
    await h.sender.drainOnce();
    expect(fake.messages(CHAT2)).toHaveLength(3);
    for (const ch of ['a', 'gone', 'bad']) expect(h.store.countPending(ch)).toBe(3);
    expect(h.events.filter((e) => e.type === 'stopped')).toEqual([
      expect.objectContaining({
        channelId: 'a',
        status: 403,
        error: 'Telegram sendMessage: 403 Forbidden: bot is not a member of the channel chat',
      }),
      expect.objectContaining({
        channelId: 'gone',
        status: 400,
        error: 'Telegram sendMessage: 400 Bad Request: chat not found',
      }),
      expect.objectContaining({ channelId: 'bad', status: 401, error: 'Telegram sendMessage: 401 Unauthorized' }),
    ]);
    expect(h.logLines.join('\n')).not.toMatch(/WrongToken|AAFakeTelegram/);
  });

  it('an uncertain post is posted again (no lookup, no idempotency key): at least once', async () => {
    h = chatHarness([tg('tg', CHAT)], clock);
    const sink = h.sinks.get('tg')!;
    fake.fail('sendMessage', faults.hang({ afterCreate: true }));
    const first = await sink.post(alert(1), { nonce: 'nw-1', uncertain: false });
    expect(first).toMatchObject({ ok: false, retry: true, error: 'Telegram: timed out waiting for Telegram' });
    expect(await sink.post(alert(1), { nonce: 'nw-1', uncertain: true })).toMatchObject({ ok: true });
    expect(fake.messages(CHAT)).toHaveLength(2);
  });
});
