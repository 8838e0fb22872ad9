// What every PollStore guarantees the pipeline, written once (see ./subjects.ts): a poll's
// seen items, feed state, stories and outbox rows are committed together or not at all.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertPayload } from '../../../src/core/types.js';
import type { NewItemRecord } from '../../../src/state/interfaces.js';
import { alert, pollCommit, type Factory, type PollSubject } from './subjects.js';

const T0 = Date.parse('2026-03-02T10:00:00Z');

function item(id: string, title: string, extra: Partial<NewItemRecord> = {}): NewItemRecord {
  const source = extra.source ?? 'Feed A';
  return {
    id,
    canonicalLink: `https://news.example.org/${id}`,
    title,
    link: `https://news.example.org/${id}`,
    source,
    alerts: [{ channelId: 'desk', payload: alert(title, source) }],
    mentions: [{ watchlist: 'groups', entity: 'ttp' }],
    ...extra,
  };
}

export function pollContract(name: string, open: Factory<PollSubject>): void {
  describe(`poll store contract: ${name}`, () => {
    let s: PollSubject;
    beforeEach(async () => {
      s = await open();
    });
    afterEach(() => s.close());

    const pendingTitles = async () =>
      (await s.outbox.pending('desk', 100)).map((r) => (r.payload as AlertPayload).title);

    it('ensureFeed: a new feed is uninitialized; a changed URL forgets its validators', async () => {
      expect(await s.poll.ensureFeed('a', 'https://a.example.org/feed')).toMatchObject({
        feedId: 'a',
        url: 'https://a.example.org/feed',
        initialized: false,
        etag: null,
        itemsSeen: 0,
      });
      await s.poll.commitPoll(pollCommit('a', [item('1', 'First headline about the border clashes')], T0, true));
      expect(await s.poll.ensureFeed('a', 'https://a.example.org/feed')).toMatchObject({
        initialized: true,
        etag: `"${T0}"`,
        lastSuccessAt: T0,
        nextPollAt: T0 + 600_000,
        itemsSeen: 1,
      });
      expect(await s.poll.ensureFeed('a', 'https://moved.example.org/feed')).toMatchObject({
        url: 'https://moved.example.org/feed',
        initialized: false,
        etag: null,
      });
    });

    it('commits seen items, feed state and outbox rows together; a silent commit queues nothing', async () => {
      await s.poll.ensureFeed('a', 'u');
      const first = await s.poll.commitPoll(
        pollCommit('a', [item('old', 'An old story already in the feed today')], T0, true),
      );
      expect(first).toEqual({ queued: 0, duplicates: 0 });
      expect(await pendingTitles()).toEqual([]);
      const r = await s.poll.commitPoll(
        pollCommit(
          'a',
          [
            item('1', 'Militants attack a checkpoint in Bannu district'),
            item('2', 'Talks resume in Doha between envoys and officials'),
          ],
          T0 + 1000,
        ),
      );
      expect(r).toEqual({ queued: 2, duplicates: 0 });
      expect(await pendingTitles()).toEqual([
        'Militants attack a checkpoint in Bannu district',
        'Talks resume in Doha between envoys and officials',
      ]);
      expect([...(await s.poll.unseen('a', ['old', '1', '2', '3']))]).toEqual(['3']);
      expect(await s.poll.ensureFeed('a', 'u')).toMatchObject({ itemsSeen: 3, lastSuccessAt: T0 + 1000 });
      // Seen ids are per feed.
      expect([...(await s.poll.unseen('b', ['1']))]).toEqual(['1']);
    });

    it('an item committed twice is recorded once (re-checked inside the commit)', async () => {
      await s.poll.ensureFeed('a', 'u');
      await s.poll.commitPoll(pollCommit('a', [item('1', 'Militants attack a checkpoint in Bannu district')], T0));
      const again = await s.poll.commitPoll(
        pollCommit('a', [item('1', 'Militants attack a checkpoint in Bannu district')], T0 + 1),
      );
      expect(again.queued).toBe(0);
      expect(await pendingTitles()).toHaveLength(1);
    });

    it('stories: the same link or a near-alike title from another feed alerts once, naming the outlet', async () => {
      await s.poll.ensureFeed('a', 'u');
      await s.poll.ensureFeed('b', 'v');
      await s.poll.commitPoll(
        pollCommit('a', [item('1', 'Militants attack a checkpoint in Bannu district', { source: 'Dawn' })], T0),
      );
      const byLink = await s.poll.commitPoll(
        pollCommit(
          'b',
          [item('1', 'Other words entirely for the same page', { source: 'Kabul Ledger', id: 'b-1' })],
          T0 + 1,
        ),
      );
      const byTitle = await s.poll.commitPoll(
        pollCommit(
          'b',
          [
            item('b-2', 'Militants attack a checkpoint in Bannu district!', {
              source: 'Tolo',
              canonicalLink: 'https://other.example.org/x',
            }),
          ],
          T0 + 2,
        ),
      );
      expect(byLink).toEqual({ queued: 0, duplicates: 1 });
      expect(byTitle).toEqual({ queued: 0, duplicates: 1 });
      const [row, ...more] = await s.outbox.pending('desk', 10);
      expect(more).toEqual([]);
      expect((row?.payload as AlertPayload).alsoReportedBy).toEqual(['Kabul Ledger', 'Tolo']);
    });

    it('several stories in one poll: rows in item then channel order; a near-alike title in the same poll is one story', async () => {
      await s.poll.ensureFeed('a', 'u');
      const two = (title: string) => [
        { channelId: 'desk', payload: alert(title) },
        { channelId: 'ops', payload: alert(`${title} (ops)`) },
      ];
      const r = await s.poll.commitPoll(
        pollCommit(
          'a',
          [
            item('1', 'Militants attack a checkpoint in Bannu district', {
              alerts: two('Militants attack a checkpoint in Bannu district'),
            }),
            item('2', 'Floods close the highway to Torkham crossing', {
              alerts: two('Floods close the highway to Torkham crossing'),
            }),
            item('3', 'Militants attack a checkpoint in Bannu district today', {
              canonicalLink: 'https://other.example.org/3',
            }),
            item('4', 'Talks resume in Doha between envoys and officials'),
          ],
          T0,
        ),
      );
      expect(r).toEqual({ queued: 5, duplicates: 1 });
      expect(await pendingTitles()).toEqual([
        'Militants attack a checkpoint in Bannu district',
        'Floods close the highway to Torkham crossing',
        'Talks resume in Doha between envoys and officials',
      ]);
      const ops = (await s.outbox.pending('ops', 10)).map((row) => (row.payload as AlertPayload).title);
      expect(ops).toEqual([
        'Militants attack a checkpoint in Bannu district (ops)',
        'Floods close the highway to Torkham crossing (ops)',
      ]);
      const ids = [...(await s.outbox.pending('desk', 10)), ...(await s.outbox.pending('ops', 10))]
        .map((row) => row.id)
        .sort((x, y) => x - y);
      const [deskFirst, deskSecond] = await s.outbox.pending('desk', 2);
      const [opsFirst] = await s.outbox.pending('ops', 1);
      // Item order first, then the channels of an item in the order given.
      expect([deskFirst?.id, opsFirst?.id, deskSecond?.id]).toEqual(ids.slice(0, 3));
      // A later poll from another feed finds those stories as written.
      await s.poll.ensureFeed('b', 'v');
      const later = await s.poll.commitPoll(
        pollCommit(
          'b',
          [item('b-9', 'Floods close the highway to Torkham crossing', { source: 'Tolo', canonicalLink: null })],
          T0 + 5,
        ),
      );
      expect(later).toEqual({ queued: 0, duplicates: 1 });
    });

    it('a title seen before the dedup window is a new story', async () => {
      await s.poll.ensureFeed('a', 'u');
      await s.poll.ensureFeed('b', 'v');
      const title = 'Militants attack a checkpoint in Bannu district';
      await s.poll.commitPoll(pollCommit('a', [item('1', title)], T0));
      const later = await s.poll.commitPoll(pollCommit('b', [item('2', title)], T0 + 3 * 86_400_000));
      expect(later).toEqual({ queued: 1, duplicates: 0 });
    });

    it('a commit that fails leaves nothing: no seen item, no story, no outbox row, no feed change', async () => {
      await s.poll.ensureFeed('a', 'u');
      // A feed the store never heard of cannot be committed to.
      await expect(
        s.poll.commitPoll(pollCommit('ghost', [item('g', 'Militants attack a checkpoint in Bannu district')], T0)),
      ).rejects.toThrow(/ghost/);
      expect([...(await s.poll.unseen('ghost', ['g']))]).toEqual(['g']);
      expect(await s.outbox.channelsWithWork()).toEqual([]);
      // Its story was not recorded either: the same story from a real feed is new.
      expect(
        await s.poll.commitPoll(
          pollCommit('a', [item('g', 'Militants attack a checkpoint in Bannu district')], T0 + 1),
        ),
      ).toEqual({ queued: 1, duplicates: 0 });
    });

    it('polls committed together: one failing is rolled back alone, the others are kept', async () => {
      await s.poll.ensureFeed('a', 'u');
      await s.poll.ensureFeed('b', 'v');
      const results = await Promise.allSettled([
        s.poll.commitPoll(pollCommit('a', [item('1', 'Militants attack a checkpoint in Bannu district')], T0)),
        s.poll.commitPoll(pollCommit('ghost', [item('2', 'Talks resume in Doha between envoys and officials')], T0)),
        s.poll.commitPoll(pollCommit('b', [item('3', 'Floods close the highway to Torkham crossing')], T0)),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(await pendingTitles()).toEqual([
        'Militants attack a checkpoint in Bannu district',
        'Floods close the highway to Torkham crossing',
      ]);
      expect([...(await s.poll.unseen('ghost', ['2']))]).toEqual(['2']);
    });

    it('failures: recorded, counted, and cleared by the next success; a notice and its flag in one step', async () => {
      await s.poll.ensureFeed('a', 'u');
      await s.poll.recordFailure('a', { at: T0, kind: 'http', message: 'HTTP 503', nextPollAt: T0 + 60_000 });
      const second = await s.poll.recordFailure('a', {
        at: T0 + 60_000,
        kind: 'timeout',
        message: 'timed out',
        nextPollAt: T0 + 180_000,
      });
      expect(second).toMatchObject({
        consecutiveFailures: 2,
        failingSince: T0,
        lastErrorKind: 'timeout',
        lastError: 'timed out',
        nextPollAt: T0 + 180_000,
      });
      await s.poll.queueNotice(
        'a',
        ['desk', 'log'],
        { kind: 'notice', level: 'warning', title: 'Feed failing: a', text: 't' },
        true,
        T0 + 60_000,
      );
      expect((await s.poll.ensureFeed('a', 'u')).failingNotified).toBe(true);
      expect(await s.outbox.countPending('log')).toBe(1);
      await s.poll.recordNotModified('a', T0 + 200_000, T0 + 800_000);
      expect(await s.poll.ensureFeed('a', 'u')).toMatchObject({
        consecutiveFailures: 0,
        failingSince: null,
        lastSuccessAt: T0 + 200_000,
        nextPollAt: T0 + 800_000,
      });
    });
  });
}
