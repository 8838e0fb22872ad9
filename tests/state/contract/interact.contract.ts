// What every store guarantees the Discord bot (src/interact), written once (see ./subjects.ts):
// mutes (kept across restarts, ended by time), "Not relevant" flags, the alert behind a
// footer ref or a Discord message, and the hash of the slash commands registered per guild.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Match } from '../../../src/core/types.js';
import type { Feedback, Mute } from '../../../src/state/interfaces.js';
import { DAY, matchedItem as item, pollCommit, type FacesSubject, type Factory } from './subjects.js';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const HOUR = 3_600_000;

const TTP: Match = {
  watchlist: 'groups',
  entity: 'ttp',
  name: 'Tehreek-e-Taliban Pakistan',
  alias: 'TTP',
  field: 'title',
  start: 0,
  end: 3,
};
const ISKP: Match = { ...TTP, entity: 'iskp', name: 'Islamic State Khorasan', alias: 'ISKP' };

function mute(discordChannelId: string, entity: string, until: number, setAt = T0, setBy = '700'): Mute {
  return { discordChannelId, entity, until, setBy, setByName: `user-${setBy}`, setAt };
}

function flag(outboxId: number, entity: string, userId: string, createdAt: number, extra: Partial<Feedback> = {}) {
  return {
    outboxId,
    ref: `ref-${outboxId}`,
    discordChannelId: '100',
    watchlist: 'groups',
    entity,
    alias: entity.toUpperCase(),
    field: 'title',
    phrase: `… the ${entity} claimed …`,
    title: `Headline ${outboxId}`,
    link: `https://news.example.org/${outboxId}`,
    userId,
    userName: `user-${userId}`,
    createdAt,
    ...extra,
  } satisfies Feedback;
}

export function interactContract(name: string, open: Factory<FacesSubject>): void {
  describe(`interaction store contract: ${name}`, () => {
    let s: FacesSubject;
    beforeEach(async () => {
      s = await open();
      await s.poll.ensureFeed('a', 'https://a.example.org/feed');
      await s.poll.ensureFeed('b', 'https://b.example.org/feed');
    });
    afterEach(() => s.close());

    const pending = (channel = 'desk') => s.outbox.pending(channel, 100);

    describe('mutes', () => {
      it('active(now): mutes in force, soonest to end first, ties by channel then entity (byte order)', async () => {
        const late = mute('100', 'ttp', T0 + 3 * HOUR);
        // Entity ids may mix case (config ids match /^[a-z\d][\w.-]*$/i): "Zarb" sorts before "alb" byte-wise,
        // after it in a linguistic collation (a PostgreSQL database created with en_US).
        const early = [
          mute('200', 'ttp', T0 + HOUR),
          mute('100', 'iskp', T0 + HOUR),
          mute('100', 'alb', T0 + HOUR),
          mute('100', 'Zarb', T0 + HOUR),
        ];
        for (const m of [late, ...early]) await s.interact.set(m);
        expect(await s.interact.active(T0)).toEqual([early[3], early[2], early[1], early[0], late]);
        expect(s.interact.isMuted('100', 'ttp', T0)).toBe(true);
        expect(s.interact.isMuted('200', 'iskp', T0)).toBe(false);
        expect(s.interact.isMuted('100', 'TTP', T0)).toBe(false);
        // A mute ends at `until` exactly, with no write needed.
        expect(await s.interact.active(T0 + HOUR)).toEqual([late]);
        expect(s.interact.isMuted('200', 'ttp', T0 + HOUR)).toBe(false);
        expect(s.interact.isMuted('200', 'ttp', T0 + HOUR - 1)).toBe(true);
      });

      it('set replaces the mute of the same channel and entity: new end, new author', async () => {
        await s.interact.set(mute('100', 'ttp', T0 + 3 * HOUR));
        await s.interact.set(mute('100', 'iskp', T0 + HOUR));
        const shorter = mute('100', 'ttp', T0 + 30 * 60_000, T0 + 60_000, '701');
        await s.interact.set(shorter);
        expect(await s.interact.active(T0 + 60_000)).toEqual([shorter, mute('100', 'iskp', T0 + HOUR)]);
        expect(s.interact.isMuted('100', 'ttp', T0 + HOUR)).toBe(false);
        const longer = mute('100', 'ttp', T0 + 5 * HOUR, T0 + 2 * 60_000, '702');
        await s.interact.set(longer);
        expect(await s.interact.active(T0 + HOUR)).toEqual([longer]);
      });

      it('remove: true for a mute in force, false for none or an ended one; ended mutes go at the next write', async () => {
        await s.interact.set(mute('100', 'ttp', T0 + HOUR));
        await s.interact.set(mute('100', 'iskp', T0 + 2 * HOUR));
        await s.interact.set(mute('200', 'ttp', T0 + 4 * HOUR));
        expect(await s.interact.remove('100', 'ttp', T0)).toBe(true);
        expect(await s.interact.remove('100', 'ttp', T0)).toBe(false);
        expect(await s.interact.remove('300', 'ttp', T0)).toBe(false);
        expect(s.interact.isMuted('100', 'ttp', T0)).toBe(false);
        expect(await s.interact.active(T0)).toEqual([
          mute('100', 'iskp', T0 + 2 * HOUR),
          mute('200', 'ttp', T0 + 4 * HOUR),
        ]);
        // Ended at T0+2h: nothing to lift, and the write at T0+3h deletes it for good.
        expect(await s.interact.remove('100', 'iskp', T0 + 3 * HOUR)).toBe(false);
        expect(await s.interact.active(T0)).toEqual([mute('200', 'ttp', T0 + 4 * HOUR)]);
        // A set deletes the mutes ended by its time as well.
        await s.interact.set(mute('300', 'ttp', T0 + 6 * HOUR, T0 + 5 * HOUR));
        expect(await s.interact.active(T0)).toEqual([mute('300', 'ttp', T0 + 6 * HOUR, T0 + 5 * HOUR)]);
      });

      it('mutes survive reopening the store: same list, same order, same answers', async () => {
        const mutes = [
          mute('200', 'ttp', T0 + HOUR),
          mute('100', 'ttp', T0 + HOUR),
          mute('100', 'iskp', T0 + 9 * HOUR),
        ];
        for (const m of mutes) await s.interact.set(m);
        await s.interact.set(mute('300', 'ttp', T0 + 2 * HOUR));
        await s.interact.remove('300', 'ttp', T0);
        const before = await s.interact.active(T0);
        expect(before).toEqual([mutes[1], mutes[0], mutes[2]]);
        await s.reopen();
        expect(await s.interact.active(T0)).toEqual(before);
        expect(s.interact.isMuted('100', 'iskp', T0 + 8 * HOUR)).toBe(true);
        expect(s.interact.isMuted('300', 'ttp', T0)).toBe(false);
        expect(await s.interact.active(T0 + HOUR)).toEqual([mutes[2]]);
        // The reopened store writes on top of what it read.
        expect(await s.interact.remove('100', 'iskp', T0 + HOUR)).toBe(true);
        expect(await s.interact.active(T0)).toEqual([]);
      });
    });

    describe('"Not relevant" flags', () => {
      it('recorded once per (alert, entity, user): the first flag is kept', async () => {
        const first = flag(1, 'ttp', '700', T0);
        expect(await s.interact.add(first)).toBe(true);
        expect(await s.interact.add(flag(1, 'ttp', '700', T0 + 5, { phrase: 'another phrase', userName: 'x' }))).toBe(
          false,
        );
        expect(await s.interact.add(flag(1, 'iskp', '700', T0 + 1))).toBe(true);
        expect(await s.interact.add(flag(1, 'ttp', '701', T0 + 2))).toBe(true);
        expect(await s.interact.add(flag(2, 'ttp', '700', T0 + 3, { link: null }))).toBe(true);
        expect(await s.interact.since(T0)).toEqual([
          flag(1, 'iskp', '700', T0 + 1),
          first,
          flag(1, 'ttp', '701', T0 + 2),
          flag(2, 'ttp', '700', T0 + 3, { link: null }),
        ]);
      });

      it('since(at): flags made at or after `at`, by entity then time; kept across reopening', async () => {
        const flags = [
          flag(3, 'ttp', '700', T0 + 2 * DAY),
          flag(4, 'iskp', '700', T0 + DAY),
          flag(5, 'Zarb', '700', T0 + 3 * DAY),
          flag(8, 'alb', '700', T0 + 3 * DAY),
          flag(6, 'ttp', '700', T0 + DAY),
          flag(7, 'ttp', '702', T0),
        ];
        for (const f of flags) expect(await s.interact.add(f)).toBe(true);
        const expected = [flags[2], flags[3], flags[1], flags[4], flags[0]];
        expect(await s.interact.since(T0 + DAY)).toEqual(expected);
        expect(await s.interact.since(T0 + 3 * DAY)).toEqual([flags[2], flags[3]]);
        expect(await s.interact.since(T0 + 3 * DAY + 1)).toEqual([]);
        await s.reopen();
        expect(await s.interact.since(T0 + DAY)).toEqual(expected);
        expect(await s.interact.add(flags[0]!)).toBe(false);
      });
    });

    describe('alert look-ups', () => {
      it('byRef: the footer ref gives the alert back, pending then sent; unknown or foreign refs give null', async () => {
        const one = item('1', 'TTP claims attack on a checkpoint in Bannu', [TTP], ['desk', 'log']);
        await s.poll.commitPoll(pollCommit('a', [one], T0));
        const [row] = await pending();
        const ref = row!.nonce;
        expect(await s.interact.byRef(ref)).toEqual({
          outboxId: row!.id,
          channelId: 'desk',
          nonce: ref,
          messageId: null,
          payload: one.alerts[0]!.payload,
          createdAt: T0,
          sent: false,
        });
        // Pasted with spaces around it, as users do.
        expect((await s.interact.byRef(`  ${ref}\n`))?.outboxId).toBe(row!.id);
        await s.outbox.markSent([row!.id], '900000000000000001', T0 + 1);
        expect(await s.interact.byRef(ref)).toMatchObject({ messageId: '900000000000000001', sent: true });

        const [, tag, id] = /^nw-([0-9a-f]+)-([0-9a-z]+)$/.exec(ref)!;
        const otherTag = tag!.replace(/^./, (c) => (c === '0' ? '1' : '0'));
        expect(await s.interact.byRef(`nw-${otherTag}-${id}`)).toBeNull();
        expect(await s.interact.byRef(`nw-${tag}-zzzz`)).toBeNull();
        expect(await s.interact.byRef('nw-not-a-ref')).toBeNull();
        expect(await s.interact.byRef('')).toBeNull();
      });

      it('byRef of a notice gives the notice (the bot says it is not an alert)', async () => {
        const notice = { kind: 'notice', level: 'warning', title: 'Feed failing: a', text: 't' } as const;
        await s.poll.queueNotice('a', ['desk'], notice, true, T0);
        const [row] = await pending();
        expect(await s.interact.byRef(row!.nonce)).toMatchObject({ outboxId: row!.id, payload: notice, sent: false });
      });

      it('byMessageId: the alert a Discord message shows; a digest message gives its first row', async () => {
        await s.poll.commitPoll(
          pollCommit(
            'a',
            [
              item('1', 'TTP claims attack on a checkpoint in Bannu', [TTP]),
              item('2', 'ISKP claims a blast near a mosque in Kabul', [ISKP]),
              item('3', 'TTP and ISKP named in a joint UN report', [TTP, ISKP]),
            ],
            T0,
          ),
        );
        const [r1, r2, r3] = await pending();
        await s.outbox.markSent([r1!.id], '900000000000000001', T0 + 1);
        await s.outbox.markSent([r3!.id, r2!.id], '900000000000000002', T0 + 2);
        expect(await s.interact.byMessageId('900000000000000001')).toEqual({
          outboxId: r1!.id,
          channelId: 'desk',
          nonce: r1!.nonce,
          messageId: '900000000000000001',
          payload: r1!.payload,
          createdAt: T0,
          sent: true,
        });
        expect(await s.interact.byMessageId('900000000000000002')).toMatchObject({
          outboxId: r2!.id,
          nonce: r2!.nonce,
          payload: r2!.payload,
        });
        expect(await s.interact.byMessageId('900000000000000003')).toBeNull();
      });

      it('refs and message ids still resolve after reopening the store', async () => {
        await s.poll.commitPoll(pollCommit('a', [item('1', 'TTP claims attack on a checkpoint in Bannu', [TTP])], T0));
        const [row] = await pending();
        await s.outbox.markSent([row!.id], '900000000000000001', T0 + 1);
        const before = await s.interact.byRef(row!.nonce);
        await s.reopen();
        expect(await s.interact.byRef(row!.nonce)).toEqual(before);
        expect(await s.interact.byMessageId('900000000000000001')).toEqual(before);
      });

      it('recentForEntity: newest stories naming the entity since a time, each once, with every source', async () => {
        await s.poll.commitPoll(pollCommit('a', [item('1', 'TTP claims attack on a checkpoint in Bannu', [TTP])], T0));
        await s.poll.commitPoll(
          pollCommit('a', [item('2', 'ISKP claims a blast near a mosque in Kabul', [ISKP], ['desk', 'log'])], T0 + 10),
        );
        await s.poll.commitPoll(
          pollCommit(
            'a',
            [item('3', 'TTP and ISKP named in a joint UN report', [TTP, ISKP], ['desk', 'log'])],
            T0 + 20,
          ),
        );
        // The same page from another outlet: another source of story 3, not a story of its own.
        await s.poll.commitPoll(
          pollCommit(
            'b',
            [{ ...item('3', 'UN report names both groups', [TTP], ['desk'], 'Tolo'), id: 'b-3' }],
            T0 + 30,
          ),
        );
        const story3 = {
          title: 'TTP and ISKP named in a joint UN report',
          link: 'https://news.example.org/3',
          sources: ['Dawn', 'Tolo'],
          createdAt: T0 + 20,
        };
        const story2 = {
          title: 'ISKP claims a blast near a mosque in Kabul',
          link: 'https://news.example.org/2',
          sources: ['Dawn'],
          createdAt: T0 + 10,
        };
        expect(await s.interact.recentForEntity('Islamic State Khorasan', T0, 10)).toEqual([story3, story2]);
        expect(await s.interact.recentForEntity('Tehreek-e-Taliban Pakistan', T0, 10)).toEqual([
          story3,
          {
            title: 'TTP claims attack on a checkpoint in Bannu',
            link: 'https://news.example.org/1',
            sources: ['Dawn'],
            createdAt: T0,
          },
        ]);
        expect(await s.interact.recentForEntity('Tehreek-e-Taliban Pakistan', T0, 1)).toEqual([story3]);
        expect(await s.interact.recentForEntity('Islamic State Khorasan', T0 + 11, 10)).toEqual([story3]);
        // By display name, whole: not by id, not by part of it.
        expect(await s.interact.recentForEntity('ttp', T0, 10)).toEqual([]);
        expect(await s.interact.recentForEntity('Islamic State', T0, 10)).toEqual([]);
      });

      it('mentionCount: items naming the entity summed over the days from sinceDay on', async () => {
        const day = (n: number) => T0 + n * DAY;
        // A feed's first poll is silent: its items are not mentions.
        await s.poll.commitPoll(pollCommit('a', [item('0', 'TTP old news', [TTP])], day(-1), true));
        await s.poll.commitPoll(
          pollCommit('a', [item('1', 'TTP one', [TTP]), item('2', 'TTP and ISKP two', [TTP, ISKP])], day(0)),
        );
        await s.poll.commitPoll(pollCommit('b', [item('3', 'TTP three', [TTP], [])], day(0) + HOUR));
        await s.poll.commitPoll(pollCommit('a', [item('4', 'TTP four', [TTP])], day(1)));
        await s.poll.commitPoll(pollCommit('a', [item('5', 'ISKP five', [ISKP])], day(2)));
        expect(await s.interact.mentionCount('groups', 'ttp', '2026-03-01')).toBe(4);
        expect(await s.interact.mentionCount('groups', 'ttp', '2026-03-02')).toBe(4);
        expect(await s.interact.mentionCount('groups', 'ttp', '2026-03-03')).toBe(1);
        expect(await s.interact.mentionCount('groups', 'ttp', '2026-03-04')).toBe(0);
        expect(await s.interact.mentionCount('groups', 'iskp', '2026-03-02')).toBe(2);
        expect(await s.interact.mentionCount('people', 'ttp', '2026-03-01')).toBe(0);
      });
    });

    it('command registrations: the hash per guild, none until recorded, replaced, kept across reopening', async () => {
      expect(await s.interact.registeredHash('800')).toBeNull();
      await s.interact.recordRegistration('800', 'sha256:aaaa', T0);
      await s.interact.recordRegistration('801', 'sha256:bbbb', T0);
      expect(await s.interact.registeredHash('800')).toBe('sha256:aaaa');
      await s.interact.recordRegistration('800', 'sha256:cccc', T0 + 1);
      expect(await s.interact.registeredHash('800')).toBe('sha256:cccc');
      expect(await s.interact.registeredHash('801')).toBe('sha256:bbbb');
      await s.reopen();
      expect(await s.interact.registeredHash('800')).toBe('sha256:cccc');
      expect(await s.interact.registeredHash('802')).toBeNull();
    });
  });
}
