// What every OutboxStore guarantees the sender, written once (see ./subjects.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertPayload, NoticePayload } from '../../../src/core/types.js';
import { alert, type Factory, type OutboxSubject } from './subjects.js';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const notice: NoticePayload = {
  kind: 'notice',
  level: 'warning',
  title: 'Feed failing: a',
  text: 'Polls failing since …',
};

export function outboxContract(name: string, open: Factory<OutboxSubject>): void {
  describe(`outbox contract: ${name}`, () => {
    let s: OutboxSubject;
    beforeEach(async () => {
      s = await open();
    });
    afterEach(() => s.close());

    const titles = async (channel: string) =>
      (await s.outbox.pending(channel, 100)).map((r) =>
        r.payload.kind === 'alert' ? r.payload.title : r.payload.kind,
      );

    it('gives a channel its pending rows oldest first, up to the limit, with a distinct nonce each', async () => {
      for (const t of ['one', 'two', 'three']) await s.enqueue('desk', alert(t), T0);
      await s.enqueue('other', alert('elsewhere'), T0);
      await s.enqueue('desk', notice, T0 + 1);
      expect(await titles('desk')).toEqual(['one', 'two', 'three', 'notice']);
      expect((await s.outbox.pending('desk', 2)).map((r) => r.payload.kind === 'alert' && r.payload.title)).toEqual([
        'one',
        'two',
      ]);
      expect(await s.outbox.countPending('desk')).toBe(4);
      expect((await s.outbox.channelsWithWork()).sort()).toEqual(['desk', 'other']);
      const rows = await s.outbox.pending('desk', 100);
      expect(new Set(rows.map((r) => r.nonce)).size).toBe(4);
      for (const r of rows) expect(r.nonce.length).toBeLessThanOrEqual(25);
      expect(rows[0]).toMatchObject({
        channelId: 'desk',
        attempts: 0,
        attemptStartedAt: null,
        lastError: null,
        createdAt: T0,
      });
      expect(rows[0]?.payload).toEqual(alert('one'));
    });

    it('markAttempt counts the attempt and flags it uncertain; markRetry keeps the flag, delays the row', async () => {
      const id = await s.enqueue('desk', alert('one'), T0);
      await s.outbox.markAttempt(id, T0 + 10);
      expect((await s.outbox.pending('desk', 1))[0]).toMatchObject({ id, attempts: 1, attemptStartedAt: T0 + 10 });
      await s.outbox.markRetry(id, 'Discord 503: unavailable', T0 + 5_000);
      // The message may exist in Discord: the next attempt must reconcile, so the flag stays.
      expect((await s.outbox.pending('desk', 1))[0]).toMatchObject({
        id,
        attempts: 1,
        attemptStartedAt: T0 + 10,
        nextAttemptAt: T0 + 5_000,
        lastError: 'Discord 503: unavailable',
      });
      await s.outbox.markAttempt(id, T0 + 5_000);
      expect((await s.outbox.pending('desk', 1))[0]).toMatchObject({ attempts: 2, attemptStartedAt: T0 + 5_000 });
    });

    it('markSent takes rows out of pending (a digest: several rows, one message id)', async () => {
      const ids: number[] = [];
      for (const t of ['one', 'two', 'three', 'four']) ids.push(await s.enqueue('desk', alert(t), T0));
      await s.outbox.markSent([ids[0]!], '900000000000000001', T0 + 1);
      await s.outbox.markSent([ids[1]!, ids[2]!], '900000000000000002', T0 + 2);
      expect(await titles('desk')).toEqual(['four']);
      expect(await s.outbox.countPending('desk')).toBe(1);
      await s.outbox.markSent([ids[3]!], null, T0 + 3);
      expect(await s.outbox.pending('desk', 10)).toEqual([]);
      expect(await s.outbox.countPending('desk')).toBe(0);
      expect(await s.outbox.channelsWithWork()).toEqual([]);
    });

    it('counts pending, failing and sent rows per channel, ordered by channel id', async () => {
      const a = await s.enqueue('desk', alert('one'), T0 + 5);
      await s.enqueue('desk', alert('two'), T0 + 7);
      const c = await s.enqueue('desk', alert('three'), T0 + 9);
      await s.enqueue('alpha', alert('four'), T0 + 3);
      await s.outbox.markSent([a], '900000000000000001', T0 + 10);
      await s.outbox.markAttempt(c, T0 + 11);
      await s.outbox.markRetry(c, 'timed out', T0 + 20);
      expect(await s.outbox.counts()).toEqual([
        { channelId: 'alpha', pending: 1, failing: 0, sent: 0, oldestPendingAt: T0 + 3 },
        { channelId: 'desk', pending: 2, failing: 1, sent: 1, oldestPendingAt: T0 + 7 },
      ]);
    });

    it('a later source of a pending alert changes what it will say, with no edit', async () => {
      const id = await s.enqueue('desk', alert('one', 'Dawn'), T0);
      await s.alsoReported(id, 'Kabul Ledger', T0 + 1);
      expect(((await s.outbox.pending('desk', 1))[0]?.payload as AlertPayload).alsoReportedBy).toEqual([
        'Kabul Ledger',
      ]);
      expect(await s.outbox.pendingEdits('desk', 10)).toEqual([]);
    });

    it('a later source of a sent alert is an edit of its message, until markEdited', async () => {
      const id = await s.enqueue('desk', alert('one', 'Dawn'), T0);
      await s.outbox.markSent([id], '900000000000000007', T0 + 1);
      await s.alsoReported(id, 'Kabul Ledger', T0 + 2);
      expect(await s.outbox.channelsWithWork()).toEqual(['desk']);
      const [edit, ...more] = await s.outbox.pendingEdits('desk', 10);
      expect(more).toEqual([]);
      expect(edit).toMatchObject({
        outboxId: id,
        channelId: 'desk',
        messageId: '900000000000000007',
        nonce: (await s.outbox.pendingEdits('desk', 1))[0]?.nonce,
      });
      expect((edit?.payload as AlertPayload).alsoReportedBy).toEqual(['Kabul Ledger']);
      await s.outbox.markEdited(id, T0 + 3);
      expect(await s.outbox.pendingEdits('desk', 10)).toEqual([]);
      expect(await s.outbox.channelsWithWork()).toEqual([]);
    });

    it('never edits a digest: its rows share one message, an edit of one row would replace them all', async () => {
      const a = await s.enqueue('desk', alert('one', 'Dawn'), T0);
      const b = await s.enqueue('desk', alert('two', 'Dawn'), T0);
      await s.outbox.markSent([a, b], '900000000000000009', T0 + 1);
      await s.alsoReported(a, 'Kabul Ledger', T0 + 2);
      expect(await s.outbox.pendingEdits('desk', 10)).toEqual([]);
    });

    it('recentSends: one time per request since `since` (a digest once), and pending attempts', async () => {
      const ids: number[] = [];
      for (const t of ['a', 'b', 'c', 'd', 'e']) ids.push(await s.enqueue('desk', alert(t), T0));
      await s.outbox.markSent([ids[0]!], '900000000000000001', T0 + 100);
      await s.outbox.markSent([ids[1]!, ids[2]!], '900000000000000002', T0 + 200);
      await s.outbox.markAttempt(ids[3]!, T0 + 300);
      await s.outbox.markAttempt(ids[4]!, T0 + 300); // attempted together: one request
      expect(await s.outbox.recentSends('desk', T0)).toEqual([T0 + 100, T0 + 200, T0 + 300]);
      expect(await s.outbox.recentSends('desk', T0 + 150)).toEqual([T0 + 200, T0 + 300]);
      expect(await s.outbox.recentSends('other', T0)).toEqual([]);
    });
  });
}
