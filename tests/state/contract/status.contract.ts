// What every store guarantees the status readers (`newswatch status`, /healthz, the status
// page), written once (see ./subjects.ts): the state they read is made by real polls,
// failures and sends through the poll and outbox stores.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Match } from '../../../src/core/types.js';
import type { FeedState } from '../../../src/state/interfaces.js';
import { DAY, matchedItem as item, pollCommit, type FacesSubject, type Factory } from './subjects.js';

const T0 = Date.parse('2026-03-02T10:00:00Z');

const match = (entity: string, name: string, watchlist = 'groups'): Match => ({
  watchlist,
  entity,
  name,
  alias: entity,
  field: 'title',
  start: 0,
  end: 1,
});
const TTP = match('ttp', 'Tehreek-e-Taliban Pakistan');
const ISKP = match('iskp', 'Islamic State Khorasan');

export function statusContract(name: string, open: Factory<FacesSubject>): void {
  describe(`status store contract: ${name}`, () => {
    let s: FacesSubject;
    beforeEach(async () => {
      s = await open();
    });
    afterEach(() => s.close());

    it('feeds: every feed by id, in the state its polls and failures left', async () => {
      for (const id of ['b', 'a', 'Z', 'c']) await s.poll.ensureFeed(id, `https://${id}.example.org/feed`);
      await s.poll.commitPoll(pollCommit('a', [item('1', 'Old story in the feed', [TTP])], T0, true));
      await s.poll.commitPoll(
        pollCommit('a', [item('2', 'TTP claims attack on a checkpoint', [TTP]), item('3', 'Quiet day', [])], T0 + 1000),
      );
      await s.poll.recordFailure('b', { at: T0, kind: 'http', message: 'HTTP 503', nextPollAt: T0 + 60_000 });
      await s.poll.recordFailure('b', {
        at: T0 + 60_000,
        kind: 'timeout',
        message: 'timed out after 20s',
        nextPollAt: T0 + 180_000,
        fetchUrl: 'https://b2.example.org/feed',
      });
      await s.poll.recordNotModified('Z', T0 + 2000, T0 + 900_000);

      const never: Omit<FeedState, 'feedId' | 'url'> = {
        fetchUrl: null,
        title: null,
        etag: null,
        lastModified: null,
        initialized: false,
        lastPollAt: null,
        lastSuccessAt: null,
        lastError: null,
        lastErrorKind: null,
        lastErrorAt: null,
        consecutiveFailures: 0,
        failingSince: null,
        failingNotified: false,
        nextPollAt: null,
        itemsSeen: 0,
      };
      const feeds = await s.status.feeds();
      expect(feeds.map((f) => f.feedId)).toEqual(['Z', 'a', 'b', 'c']);
      expect(feeds[1]).toEqual({
        ...never,
        feedId: 'a',
        url: 'https://a.example.org/feed',
        title: 'Feed a',
        etag: `"${T0 + 1000}"`,
        initialized: true,
        lastPollAt: T0 + 1000,
        lastSuccessAt: T0 + 1000,
        nextPollAt: T0 + 1000 + 600_000,
        itemsSeen: 3,
      });
      expect(feeds[2]).toEqual({
        ...never,
        feedId: 'b',
        url: 'https://b.example.org/feed',
        fetchUrl: 'https://b2.example.org/feed',
        lastPollAt: T0 + 60_000,
        lastError: 'timed out after 20s',
        lastErrorKind: 'timeout',
        lastErrorAt: T0 + 60_000,
        consecutiveFailures: 2,
        failingSince: T0,
        nextPollAt: T0 + 180_000,
      });
      expect(feeds[3]).toEqual({ ...never, feedId: 'c', url: 'https://c.example.org/feed' });
      // What the pipeline sees of each feed is what the status readers see.
      for (const f of feeds) expect(await s.poll.ensureFeed(f.feedId, f.url)).toEqual(f);
    });

    it('lastPollAt: none before any poll, then the latest poll of any feed, failures included', async () => {
      expect(await s.status.lastPollAt()).toBeNull();
      await s.poll.ensureFeed('a', 'https://a.example.org/feed');
      await s.poll.ensureFeed('b', 'https://b.example.org/feed');
      expect(await s.status.lastPollAt()).toBeNull();
      await s.poll.commitPoll(pollCommit('a', [], T0, true));
      expect(await s.status.lastPollAt()).toBe(T0);
      await s.poll.recordFailure('b', { at: T0 + 5000, kind: 'dns', message: 'ENOTFOUND', nextPollAt: T0 + 65_000 });
      expect(await s.status.lastPollAt()).toBe(T0 + 5000);
      await s.poll.recordNotModified('a', T0 + 9000, null);
      expect(await s.status.lastPollAt()).toBe(T0 + 9000);
    });

    it('recentAlerts: newest story first, up to the limit, with its sources, entities and deliveries', async () => {
      await s.poll.ensureFeed('a', 'https://a.example.org/feed');
      await s.poll.ensureFeed('b', 'https://b.example.org/feed');
      await s.poll.commitPoll(
        pollCommit('a', [item('1', 'TTP and ISKP named in a joint UN report', [TTP, ISKP], ['desk', 'log'])], T0),
      );
      // Matched but routed nowhere, and a silent first poll: no story for either.
      await s.poll.commitPoll(pollCommit('a', [item('2', 'Quiet day in the valley', [TTP], [])], T0 + 500));
      await s.poll.commitPoll(pollCommit('b', [item('9', 'An old story of feed b', [TTP])], T0 + 600, true));
      await s.poll.commitPoll(pollCommit('a', [item('3', 'ISKP claims a blast near Kabul', [ISKP])], T0 + 1000));
      const rows = async (channel: string) => (await s.outbox.pending(channel, 10)).map((r) => r.id);
      const [first, third] = await rows('desk');
      await s.outbox.markSent([first!], '900000000000000001', T0 + 2000);
      // The same page from another outlet: a source of story 1, and an edit of its sent message.
      await s.poll.commitPoll(
        pollCommit(
          'b',
          [{ ...item('1', 'UN report names both groups', [TTP], ['desk'], 'Tolo'), id: 'b-1' }],
          T0 + 3000,
        ),
      );
      await s.outbox.markAttempt(third!, T0 + 4000);
      await s.outbox.markRetry(third!, 'Discord 503', T0 + 9000);

      const all = await s.status.recentAlerts();
      expect(all).toHaveLength(2);
      const [newest, oldest] = all;
      expect(newest).toEqual({
        storyId: newest!.storyId,
        feedId: 'a',
        title: 'ISKP claims a blast near Kabul',
        link: 'https://news.example.org/3',
        sources: ['Dawn'],
        entities: ['Islamic State Khorasan'],
        createdAt: T0 + 1000,
        channels: [{ channelId: 'desk', sent: false }],
      });
      expect(oldest).toEqual({
        storyId: oldest!.storyId,
        feedId: 'a',
        title: 'TTP and ISKP named in a joint UN report',
        link: 'https://news.example.org/1',
        sources: ['Dawn', 'Tolo'],
        entities: ['Tehreek-e-Taliban Pakistan', 'Islamic State Khorasan'],
        createdAt: T0,
        channels: [
          { channelId: 'desk', sent: true },
          { channelId: 'log', sent: false },
        ],
      });
      expect(newest!.storyId).toBeGreaterThan(oldest!.storyId);
      expect(await s.status.recentAlerts(1)).toEqual([newest]);
      expect(await s.status.recentAlerts(50)).toEqual(all);
    });

    it('recentAlerts: a story whose outbox rows are all sent shows every channel delivered', async () => {
      await s.poll.ensureFeed('a', 'https://a.example.org/feed');
      const channels = ['zeta', 'alpha', 'mid'];
      await s.poll.commitPoll(pollCommit('a', [item('1', 'TTP claims attack on a checkpoint', [TTP], channels)], T0));
      for (const c of channels) {
        const [row] = await s.outbox.pending(c, 1);
        await s.outbox.markSent([row!.id], null, T0 + 1);
      }
      // Outbox order (the order the poll queued them), not channel-name order.
      expect((await s.status.recentAlerts())[0]?.channels).toEqual(
        channels.map((channelId) => ({ channelId, sent: true })),
      );
    });

    it('mentions(sinceDay): items naming each entity per day, polls of a day summed, from sinceDay on', async () => {
      await s.poll.ensureFeed('a', 'https://a.example.org/feed');
      await s.poll.ensureFeed('b', 'https://b.example.org/feed');
      const day = (n: number) => T0 + n * DAY;
      const PERSON = match('khan', 'Imran Khan', 'people');
      await s.poll.commitPoll(pollCommit('a', [item('0', 'Silent first poll', [TTP])], day(-2), true));
      await s.poll.commitPoll(pollCommit('a', [item('1', 'TTP one', [TTP, PERSON])], day(-1)));
      await s.poll.commitPoll(
        pollCommit('a', [item('2', 'TTP two', [TTP], []), item('3', 'ISKP three', [ISKP], [])], day(0)),
      );
      await s.poll.commitPoll(
        pollCommit(
          'b',
          [item('4', 'TTP and ISKP four', [ISKP, TTP], []), item('5', 'Khan five', [PERSON], [])],
          day(0),
        ),
      );
      await s.poll.commitPoll(pollCommit('b', [item('6', 'TTP six', [TTP], [])], day(1)));
      // Mixed-case ids (allowed by the config): byte order puts "Zarb" before "alb", a linguistic collation after.
      const named = [match('alb', 'Alb'), match('Zarb', 'Zarb')];
      await s.poll.commitPoll(pollCommit('a', [item('7', 'Alb and Zarb seven', named, [])], day(1)));
      expect(await s.status.mentions('2026-02-28')).toEqual([
        { day: '2026-03-01', watchlist: 'groups', entity: 'ttp', count: 1 },
        { day: '2026-03-01', watchlist: 'people', entity: 'khan', count: 1 },
        { day: '2026-03-02', watchlist: 'groups', entity: 'iskp', count: 2 },
        { day: '2026-03-02', watchlist: 'groups', entity: 'ttp', count: 2 },
        { day: '2026-03-02', watchlist: 'people', entity: 'khan', count: 1 },
        { day: '2026-03-03', watchlist: 'groups', entity: 'Zarb', count: 1 },
        { day: '2026-03-03', watchlist: 'groups', entity: 'alb', count: 1 },
        { day: '2026-03-03', watchlist: 'groups', entity: 'ttp', count: 1 },
      ]);
      expect(await s.status.mentions('2026-03-03')).toEqual([
        { day: '2026-03-03', watchlist: 'groups', entity: 'Zarb', count: 1 },
        { day: '2026-03-03', watchlist: 'groups', entity: 'alb', count: 1 },
        { day: '2026-03-03', watchlist: 'groups', entity: 'ttp', count: 1 },
      ]);
      expect(await s.status.mentions('2026-03-04')).toEqual([]);
    });
  });
}
