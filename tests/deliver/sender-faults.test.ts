// Delivery under faults: every alert arrives exactly once, in order per channel, whatever
// the fake Discord API answers in between (429, 5xx, dropped connections, timeouts, an
// outage lasting hours) — and a failing channel never holds up another.
import { afterEach, describe, expect, it } from 'vitest';
import { faults } from '../helpers/fake-discord.js';
import { alert, CHANNEL_A, CHANNEL_B, CHANNEL_C, channel, renderedTitle, titles } from './fixtures.js';
import { harness, type Harness } from './harness.js';

const HOOK = '700000000000000042';
let h: Harness;
afterEach(() => h?.close());

function expectExactlyOnceInOrder(channelId: string, ns: Array<number | string>): void {
  const msgs = h.fake.messages(channelId);
  expect(titles(msgs)).toEqual(ns.map(renderedTitle));
  expect(new Set(msgs.map((m) => m.embeds[0]?.footer?.text)).size).toBe(ns.length);
}

describe('sender under faults', () => {
  it('fault run: scripted 429s, 500, 502, dropped connections and timeouts, then recovery', async () => {
    const chans = [
      channel('a', { discord: { channel: CHANNEL_A } }),
      channel('b', { discord: { channel: CHANNEL_B } }),
      channel('w', { webhook: `https://discord.com/api/webhooks/${HOOK}/hooktoken` }),
    ];
    h = await harness(chans);
    h.fake.webhook(HOOK, 'hooktoken', CHANNEL_C);
    const expected: Record<string, string[]> = { a: [], b: [], w: [] };
    for (let i = 1; i <= 8; i++) {
      for (const ch of ['a', 'b', 'w']) {
        h.store.enqueue(ch, alert(`${ch}${i}`));
        expected[ch]!.push(`${ch}${i}`);
      }
    }
    const scriptA = [
      faults.rateLimited(0.05), // waited out inside discord.js
      faults.rateLimited(0.4), // longer than we wait: a retry with that delay
      faults.serverError(500),
      faults.serverError(500), // discord.js's one immediate retry fails too
      faults.serverError(502),
      { ...faults.serverError(502), afterCreate: true },
      faults.drop(),
      faults.drop({ afterCreate: true }),
      faults.hang(),
      faults.hang({ afterCreate: true }),
      faults.hang({ afterCreate: true }),
      { ...faults.serverError(500), afterCreate: true },
    ];
    h.fake.fail(`channel.post:${CHANNEL_A}`, ...scriptA);
    h.fake.fail(
      `webhook.post:${HOOK}`,
      faults.serverError(502),
      faults.drop({ afterCreate: true }),
      faults.hang({ afterCreate: true }),
      faults.rateLimited(0.4),
      { ...faults.serverError(500), afterCreate: true },
      faults.drop(),
    );

    await h.cycle();
    expectExactlyOnceInOrder(CHANNEL_B, expected.b!); // the healthy channel is not held up
    expect(h.fake.messages(CHANNEL_A).length).toBeLessThan(8);

    await h.untilDelivered();
    expectExactlyOnceInOrder(CHANNEL_A, expected.a!);
    expectExactlyOnceInOrder(CHANNEL_B, expected.b!);
    expectExactlyOnceInOrder(CHANNEL_C, expected.w!);
    // The faults were all served, and the uncertain webhook posts were reconciled, not repeated.
    const outcomes = h.fake.requests({ route: 'channel.post', id: CHANNEL_A }).map((r) => r.outcome);
    expect(outcomes.filter((o) => o !== 200)).toHaveLength(scriptA.length);
    expect(h.fake.requests({ route: 'webhook.get' }).length).toBeGreaterThan(0);
    expect(h.store.rows().every((r) => r.status === 'sent' && r.messageId !== null)).toBe(true);
    expect(h.events.filter((e) => e.type === 'failed' && e.retry).length).toBeGreaterThan(5);
  });

  it('outage run: Discord down for hours while rows keep coming; all exactly once after recovery', async () => {
    h = await harness([
      channel('a', { discord: { channel: CHANNEL_A } }),
      channel('w', { webhook: `https://discord.com/api/webhooks/${HOOK}/hooktoken` }),
    ]);
    h.fake.webhook(HOOK, 'hooktoken', CHANNEL_C);
    const start = h.clock.t;
    const sent: { a: number[]; w: number[] } = { a: [], w: [] };
    let n = 0;
    const add = (count: number) => {
      for (let i = 0; i < count; i++) {
        n++;
        for (const ch of ['a', 'w'] as const) {
          h.store.enqueue(ch, alert(n));
          sent[ch].push(n);
        }
      }
    };
    add(3);
    let cycles = 0;
    while (h.clock.t < start + 4 * 3_600_000) {
      h.fake.outage(true, cycles % 3 === 2 ? 'drop' : 'status');
      await h.cycle();
      if (cycles % 4 === 0) add(2);
      cycles++;
    }
    expect(h.fake.allMessages()).toHaveLength(0);
    // Backoff: the head was retried with growing gaps, capped at 15 minutes, and kept trying.
    const headAttempts = h.store.attempts.filter((a) => a.id === 1).map((a) => a.at);
    const gaps = headAttempts.slice(1).map((t, i) => t - headAttempts[i]!);
    expect(gaps.length).toBeGreaterThan(10);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(15 * 60_000);
    expect(gaps.slice(0, 6)).toEqual([...gaps.slice(0, 6)].sort((x, y) => x - y));

    h.fake.outage(false);
    add(2);
    await h.untilDelivered();
    expectExactlyOnceInOrder(CHANNEL_A, sent.a);
    expectExactlyOnceInOrder(CHANNEL_C, sent.w);
  });

  it('resends an uncertain row (crash mid-send) with the same nonce: no duplicate, even when the lookup misses', async () => {
    h = await harness([channel('a', { discord: { channel: CHANNEL_A } })], { discord: { lookupLimit: 1 } });
    const [row1, row2] = [h.store.enqueue('a', alert(1)), h.store.enqueue('a', alert(2))];
    // A previous process posted row 1, then died before recording it; others posted after.
    const previous = h.sinksFor([channel('a', { discord: { channel: CHANNEL_A } })]).get('a')!;
    const first = await previous.post(row1.payload, { nonce: row1.nonce, uncertain: false });
    await previous.post(alert('human'), { nonce: 'someone-else', uncertain: false });
    h.store.row(row1.id).attemptStartedAt = h.clock.t;
    h.store.row(row1.id).attempts = 1;

    await h.sender.drainOnce();
    expect(titles(h.fake.messages(CHANNEL_A))).toEqual([renderedTitle(1), renderedTitle('human'), renderedTitle(2)]);
    expect(h.store.row(row1.id)).toMatchObject({
      status: 'sent',
      messageId: (first as { messageId: string }).messageId,
    });
    expect(h.store.row(row2.id).status).toBe('sent');
    expect(h.fake.requests({ route: 'channel.get' })).toHaveLength(1);
  });

  it('a timed-out webhook post is reconciled within the process even when the store forgets the attempt', async () => {
    h = await harness([channel('w', { webhook: `https://discord.com/api/webhooks/${HOOK}/hooktoken` })]);
    h.fake.webhook(HOOK, 'hooktoken', CHANNEL_C);
    h.store.enqueue('w', alert(1));
    h.fake.fail(`webhook.post:${HOOK}`, faults.hang({ afterCreate: true }));
    await h.untilDelivered();
    expect(titles(h.fake.messages(CHANNEL_C))).toEqual([renderedTitle(1)]);
  });
});
