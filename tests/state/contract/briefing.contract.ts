// What every briefing store answers, written once (see ./subjects.ts): the counts it reads
// from the history, stories and mentions, and its queuing once per channel and firing, the
// outbox row and the firing's key written together.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BriefingPayload } from '../../../src/core/types.js';
import type { NewItemRecord } from '../../../src/state/interfaces.js';
import { alert, DAY, pollCommit, type Factory, type HistorySubject } from './subjects.js';

const payload: BriefingPayload = {
  kind: 'briefing',
  from: 0,
  to: DAY,
  timezone: 'UTC',
  entities: [],
  stories: [],
  rising: [],
  falling: [],
};

function item(id: string, title: string, matched: string[], channels: string[] = []): NewItemRecord {
  return {
    id,
    canonicalLink: `https://news.example.org/${id}`,
    title,
    link: `https://news.example.org/${id}`,
    source: 'Feed A',
    alerts: channels.map((channelId) => ({ channelId, payload: alert(title) })),
    mentions: matched.map((m) => ({ watchlist: m.split('/')[0]!, entity: m.split('/')[1]! })),
    history: { published: null, text: title, matched, alerted: channels.length ? matched : [] },
  };
}

export function briefingContract(name: string, open: Factory<HistorySubject>): void {
  describe(`briefing store contract: ${name}`, () => {
    let s: HistorySubject;
    beforeEach(async () => {
      s = await open();
      await s.poll.ensureFeed('a', 'https://a.example.org/feed');
    });
    afterEach(() => s.close());

    it('queues a firing once per channel: one outbox row each, the key and the row together', async () => {
      expect(await s.briefing.briefingQueued('desk', DAY)).toBe(false);
      expect(await s.briefing.queueBriefing('desk', DAY, payload, 1)).toBe(true);
      expect(await s.briefing.queueBriefing('desk', DAY, payload, 2)).toBe(false);
      expect(await s.briefing.queueBriefing('other', DAY, payload, 2)).toBe(true);
      expect(await s.briefing.queueBriefing('desk', 2 * DAY, payload, 3)).toBe(true);
      expect(await s.briefing.briefingQueued('desk', DAY)).toBe(true);
      const rows = await s.outbox.pending('desk', 10);
      expect(rows.map((r) => [r.payload, r.storyId, r.createdAt])).toEqual([
        [payload, null, 1],
        [payload, null, 3],
      ]);
      expect(await s.outbox.pending('other', 10)).toHaveLength(1);
      // Evaluations racing each other queue it once.
      const raced = await Promise.all([1, 2, 3].map((n) => s.briefing.queueBriefing('race', DAY, payload, n)));
      expect(raced.filter(Boolean)).toHaveLength(1);
      expect(await s.outbox.pending('race', 10)).toHaveLength(1);
      // Retention forgets the keys of firings before its cut.
      expect((await s.prune(2 * DAY)).briefings).toBe(3);
      expect(await s.briefing.briefingQueued('desk', DAY)).toBe(false);
      expect(await s.briefing.briefingQueued('desk', 2 * DAY)).toBe(true);
    });

    it('counts the non-silent history per entity, the stories alerted per channel, and mentions per day', async () => {
      const t = Date.parse('2026-03-02T10:00:00Z');
      await s.poll.commitPoll(pollCommit('a', [item('0', 'Silent one', ['groups/ttp'])], t - DAY, true));
      await s.poll.commitPoll(
        pollCommit(
          'a',
          [
            item('1', 'TTP claims raid', ['groups/ttp'], ['desk']),
            item('2', 'TTP and ISKP clash', ['groups/ttp', 'groups/iskp'], ['desk', 'ops']),
            item('3', 'ISKP mentioned', ['groups/iskp']),
          ],
          t,
        ),
      );
      await s.poll.commitPoll(pollCommit('a', [item('4', 'Next day TTP', ['groups/ttp'], ['ops'])], t + DAY));
      expect(Object.fromEntries(await s.briefing.entityCounts(t - DAY, t + 1))).toEqual({
        'groups/ttp': 2,
        'groups/iskp': 2,
      });
      expect(Object.fromEntries(await s.briefing.entityCounts(t - DAY, t + 2 * DAY))).toEqual({
        'groups/ttp': 3,
        'groups/iskp': 2,
      });
      expect(await s.briefing.channelStories('desk', t, t + 2 * DAY)).toEqual([
        { title: 'TTP claims raid', link: 'https://news.example.org/1', sources: ['Feed A'], createdAt: t },
        { title: 'TTP and ISKP clash', link: 'https://news.example.org/2', sources: ['Feed A'], createdAt: t },
      ]);
      expect((await s.briefing.channelStories('ops', t + 1, t + 2 * DAY)).map((x) => x.title)).toEqual([
        'Next day TTP',
      ]);
      expect(Object.fromEntries(await s.briefing.mentionTotals('2026-03-02', '2026-03-03'))).toEqual({
        'groups/ttp': 3,
        'groups/iskp': 2,
      });
      expect(Object.fromEntries(await s.briefing.mentionTotals('2026-03-03', '2026-03-03'))).toEqual({
        'groups/ttp': 1,
      });
    });
  });
}
