// Per-channel behaviour of the sender: a permanent error stops one channel only and a
// config reload resumes it; pacing; digests; edits; nothing article-made ever pings.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../src/core/types.js';
import { createSinks, Sender } from '../../src/deliver/index.js';
import { faults, startFakeDiscord } from '../helpers/fake-discord.js';
import { MemoryOutbox } from '../helpers/memory-outbox.js';
import {
  alert,
  CHANNEL_A,
  CHANNEL_B,
  CHANNEL_C,
  captureLog,
  channel,
  HTTP,
  renderedTitle,
  ROLE,
  titles,
} from './fixtures.js';
import { harness, out, type Harness } from './harness.js';

let h: Harness;
afterEach(() => h?.close());

describe('permanent errors', () => {
  it('a 403 stops that channel only, keeps its alerts, logs once; a fixed config delivers them', async () => {
    const HOOK = '700000000000000077';
    const chans = [
      channel('a', { discord: { channel: CHANNEL_A } }),
      channel('b', { discord: { channel: CHANNEL_B } }),
      channel('w', { webhook: `https://discord.com/api/webhooks/${HOOK}/webhook-secret-xyz` }),
    ];
    h = await harness(chans);
    h.fake.deny(CHANNEL_A, 50013);
    for (let i = 1; i <= 4; i++) for (const ch of ['a', 'b', 'w']) h.store.enqueue(ch, alert(i));
    await h.sender.drainOnce();
    expect(titles(h.fake.messages(CHANNEL_B))).toEqual([1, 2, 3, 4].map(renderedTitle));
    expect(h.fake.messages(CHANNEL_A)).toHaveLength(0);
    expect(h.store.countPending('a')).toBe(4);
    expect(h.store.countPending('w')).toBe(4);

    const stopped = h.logLines.filter((l) => l.includes('STOPPED'));
    expect(stopped).toHaveLength(2);
    expect(JSON.parse(stopped.find((l) => l.includes('"channel":"a"'))!)).toMatchObject({
      level: 50,
      channel: 'a',
      status: 403,
      code: 50013,
      pending: 4,
    });
    expect(JSON.parse(stopped.find((l) => l.includes('"channel":"w"'))!)).toMatchObject({
      channel: 'w',
      status: 404,
      code: 10015,
      target: `Discord webhook ${HOOK}`,
    });
    expect(h.logLines.join('\n')).not.toMatch(new RegExp(`${h.fake.token}|webhook-secret-xyz`));

    // Stopped means stopped: more work arrives, the stopped channel sends nothing, the other flows.
    const attemptsBefore = h.fake.requests({ id: CHANNEL_A }).length;
    h.store.enqueue('a', alert(5));
    h.store.enqueue('b', alert(5));
    await h.clock.advance(3_600_000);
    await h.sender.drainOnce();
    expect(h.fake.requests({ id: CHANNEL_A })).toHaveLength(attemptsBefore);
    expect(h.fake.messages(CHANNEL_B)).toHaveLength(5);

    // The config is fixed (channel a moves to a channel the bot may post in; the webhook exists now).
    h.fake.webhook(HOOK, 'webhook-secret-xyz', CHANNEL_B);
    const fixed = [channel('a', { discord: { channel: CHANNEL_C } }), chans[1]!, chans[2]!];
    h.sender.update(fixed, h.sinksFor(fixed));
    await h.sender.drainOnce();
    expect(titles(h.fake.messages(CHANNEL_C))).toEqual([1, 2, 3, 4, 5].map(renderedTitle));
    expect(titles(h.fake.messages(CHANNEL_B).filter((m) => m.webhook_id === HOOK))).toEqual(
      [1, 2, 3, 4].map(renderedTitle),
    );
    expect(
      h.events
        .filter((e) => e.type === 'resumed')
        .map((e) => e.channelId)
        .sort(),
    ).toEqual(['a', 'w']);
  });

  it('keeps rows of a channel that is no longer configured, and warns once', async () => {
    h = await harness([channel('a', { discord: { channel: CHANNEL_A } })]);
    h.store.enqueue('gone', alert(1));
    h.store.enqueue('a', alert(2));
    await h.sender.drainOnce();
    await h.sender.drainOnce();
    expect(h.store.countPending('gone')).toBe(1);
    expect(h.logLines.filter((l) => l.includes('not configured'))).toHaveLength(1);
  });
});

describe('pacing and digests', () => {
  it('never sends more than perMinute in any minute, in order, none dropped', async () => {
    h = await harness([channel('a', { discord: { channel: CHANNEL_A } }, { perMinute: 3 })]);
    for (let i = 1; i <= 10; i++) h.store.enqueue('a', alert(i));
    await h.sender.drainOnce();
    expect(h.fake.messages(CHANNEL_A)).toHaveLength(3);
    for (let step = 0; step < 30 && h.store.countPending('a') > 0; step++) {
      h.clock.advance(10_000);
      await h.sender.drainOnce();
    }
    const at = h.fake.messages(CHANNEL_A).map((m) => m.receivedAt);
    expect(titles(h.fake.messages(CHANNEL_A))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(renderedTitle));
    for (let i = 0; i + 3 < at.length; i++) expect(at[i + 3]! - at[i]!).toBeGreaterThanOrEqual(60_000);
    expect(at[3]! - at[0]!).toBe(60_000); // the pace, not something slower, was the limit
  });

  it("keeps a channel's pace across a restart: a new sender reads the recent sends from the outbox", async () => {
    const chans = [channel('a', { discord: { channel: CHANNEL_A } }, { perMinute: 3 })];
    h = await harness(chans);
    for (let i = 1; i <= 3; i++) h.store.enqueue('a', alert(i));
    await h.sender.drainOnce();
    expect(h.fake.messages(CHANNEL_A)).toHaveLength(3);
    const firstAt = h.fake.messages(CHANNEL_A)[0]!.receivedAt;
    // The process restarts 10 s later: new sender, new workers, same outbox.
    await h.sender.stop(1000);
    h.clock.advance(10_000);
    const { log } = captureLog();
    const restarted = new Sender({
      store: h.store,
      sinks: h.sinksFor(chans),
      channels: chans,
      clock: h.clock,
      log,
      random: () => 0.5,
    });
    try {
      for (let i = 4; i <= 5; i++) h.store.enqueue('a', alert(i));
      await restarted.drainOnce();
      expect(h.fake.messages(CHANNEL_A)).toHaveLength(3);
      h.clock.advance(50_000);
      await restarted.drainOnce();
      const at = h.fake.messages(CHANNEL_A).map((m) => m.receivedAt);
      expect(titles(h.fake.messages(CHANNEL_A))).toEqual([1, 2, 3, 4, 5].map(renderedTitle));
      expect(at[3]! - firstAt).toBeGreaterThanOrEqual(60_000);
    } finally {
      await restarted.stop(1000);
    }
  });

  it('collapses a burst above digestAfter into "N more alerts" digests', async () => {
    h = await harness([channel('a', { discord: { channel: CHANNEL_A } }, { digestAfter: 3 })]);
    const rows = Array.from({ length: 30 }, (_, i) => h.store.enqueue('a', alert(i + 1)));
    await h.sender.drainOnce();
    const msgs = h.fake.messages(CHANNEL_A);
    expect(titles(msgs)).toEqual([
      renderedTitle(1),
      renderedTitle(2),
      renderedTitle(3),
      '20 more alerts',
      '7 more alerts',
    ]);
    const listed = msgs.slice(3).flatMap((m) => m.embeds[0]!.description!.split('\n'));
    expect(listed).toHaveLength(27);
    listed.forEach((line, i) => expect(line).toContain(`report ${i + 4}`));
    expect(rows.every((r) => h.store.row(r.id).status === 'sent')).toBe(true);
    expect(new Set(rows.slice(3, 23).map((r) => h.store.row(r.id).messageId))).toEqual(new Set([msgs[3]!.id]));
    // The backlog is gone: the next alert goes out on its own again.
    h.store.enqueue('a', alert(31));
    await h.sender.drainOnce();
    expect(titles(h.fake.messages(CHANNEL_A)).at(-1)).toBe(renderedTitle(31));
  });

  it('resends an uncertain digest exactly as it was, even after more rows arrived', async () => {
    h = await harness([channel('a', { discord: { channel: CHANNEL_A } }, { digestAfter: 1 })]);
    const rows = Array.from({ length: 5 }, (_, i) => h.store.enqueue('a', alert(i + 1)));
    // A previous process posted rows 1–5 as one digest and died before recording it.
    const previous = h.sinksFor([channel('a', { discord: { channel: CHANNEL_A } })]).get('a')!;
    await previous.post(
      { kind: 'digest', alerts: rows.map((r) => r.payload as never) },
      { nonce: rows[0]!.nonce, uncertain: false },
    );
    for (const r of rows) h.store.row(r.id).attemptStartedAt = h.clock.t;
    for (let i = 6; i <= 8; i++) h.store.enqueue('a', alert(i));
    await h.sender.drainOnce();
    const msgs = h.fake.messages(CHANNEL_A);
    expect(titles(msgs)).toEqual(['5 more alerts', renderedTitle(6), '2 more alerts']);
    expect(rows.every((r) => h.store.row(r.id).messageId === msgs[0]!.id)).toBe(true);
  });
});

describe('edits and mentions', () => {
  it('applies "also reported by" edits with no mentions, and drops an edit of a deleted message', async () => {
    h = await harness([channel('a', { discord: { channel: CHANNEL_A } })]);
    const r1 = h.store.enqueue('a', alert(1, { mentionRole: ROLE }));
    const r2 = h.store.enqueue('a', alert(2));
    await h.sender.drainOnce();
    h.store.update(r1.id, alert(1, { mentionRole: ROLE, alsoReportedBy: ['Kabul Ledger'] }));
    h.fake.fail('channel.patch', faults.serverError(500), faults.serverError(500));
    await h.sender.drainOnce();
    expect(h.store.row(r1.id).editPending).toBe(true); // failed once, retried later
    h.clock.advance(60_000);
    await h.sender.drainOnce();
    const [m1] = h.fake.messages(CHANNEL_A);
    expect(m1).toMatchObject({ edits: 1, allowed_mentions: { parse: [] } });
    expect(m1!.embeds[0]?.fields?.at(-1)).toEqual({ name: 'Also reported by', value: 'Kabul Ledger' });
    expect(m1!.embeds[0]?.footer?.text).toBe(`newswatch · ref ${r1.nonce}`);

    h.store.update(r2.id, alert(2, { alsoReportedBy: ['Peshawar Post'] }));
    h.fake.fail('channel.patch', faults.unknownMessage());
    h.store.enqueue('a', alert(3));
    await h.sender.drainOnce();
    expect(h.store.row(r2.id).editPending).toBe(false);
    expect(h.events.some((e) => e.type === 'edit-dropped')).toBe(true);
    expect(titles(h.fake.messages(CHANNEL_A)).at(-1)).toBe(renderedTitle(3));
  });

  it('article text never pings; only the configured role does', async () => {
    h = await harness([
      channel('a', { discord: { channel: CHANNEL_A, mentionRole: ROLE } }),
      channel('b', { discord: { channel: CHANNEL_B } }),
    ]);
    const inject = '@everyone @here <@&123456789012345678> <@222222222222222222>';
    const evil = (n: number, role?: string) =>
      alert(n, {
        title: `Claim ${inject}`,
        summary: [[{ text: `Text ${inject}`, highlight: false }]],
        source: inject,
        mentionRole: role,
      });
    h.store.enqueue('a', evil(1, ROLE));
    h.store.enqueue('b', evil(2));
    await h.sender.drainOnce();
    const [a] = h.fake.messages(CHANNEL_A);
    const [b] = h.fake.messages(CHANNEL_B);
    expect(a!.pings).toEqual({ everyone: false, roles: [ROLE], users: [] });
    expect(a!.content).toBe(`<@&${ROLE}>`);
    expect(b!.pings).toEqual({ everyone: false, roles: [], users: [] });
    expect(b!.content).toBe('');
  });
});

describe('background loop', () => {
  it('delivers on kick, retries on its own timers, and stops cleanly', async () => {
    const fake = await startFakeDiscord();
    const store = new MemoryOutbox();
    const chans = [channel('a', { discord: { channel: CHANNEL_A } })];
    const sinks = createSinks(chans, {
      discord: { token: fake.token, api: fake.api, timeoutMs: 1000 },
      http: HTTP,
      out,
    });
    const sender = new Sender({
      store,
      sinks,
      channels: chans,
      clock: systemClock,
      log: captureLog().log,
      backoff: { baseMs: 20, capMs: 100 },
    });
    try {
      sender.start();
      fake.fail(`channel.post:${CHANNEL_A}`, faults.serverError(502), faults.serverError(502), faults.drop());
      for (let i = 1; i <= 5; i++) store.enqueue('a', alert(i));
      sender.kick();
      await vi.waitFor(() => expect(fake.messages(CHANNEL_A)).toHaveLength(5), { timeout: 10_000, interval: 20 });
      expect(titles(fake.messages(CHANNEL_A))).toEqual([1, 2, 3, 4, 5].map(renderedTitle));
      await sender.stop(1000);
      store.enqueue('a', alert(6));
      sender.kick();
      await new Promise((r) => setTimeout(r, 100));
      expect(fake.messages(CHANNEL_A)).toHaveLength(5);
      expect(store.countPending('a')).toBe(1);
    } finally {
      await sender.stop(100);
      await fake.close();
    }
  });
});
