// `newswatch state copy`, SQLite → PostgreSQL → SQLite: feed states, seen ids, stories,
// pending and sent outbox rows with their ids and nonces, mentions, mutes, the history
// (searchable on arrival) and briefing keys arrive intact, so the moved deployment neither alerts again nor loses or repeats a pending
// alert; new rows come after the copied ones; a non-empty target is refused.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyState } from '../../src/state/copy.js';
import { PgStore } from '../../src/state/postgres/store.js';
import { Store } from '../../src/state/store.js';
import { runCli } from '../helpers/cli.js';
import { dropTestDatabase, freshSchemaUrl, postgresUnavailable } from '../helpers/postgres.js';
import { alert, pollCommit } from './contract/subjects.js';
import type { BriefingPayload } from '../../src/core/types.js';
import type { HistoryItem, HistoryReader, NewItemRecord } from '../../src/state/interfaces.js';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const noPostgres = await postgresUnavailable();

function item(id: string, title: string): NewItemRecord {
  return {
    id,
    canonicalLink: `https://news.example.org/${id}`,
    title,
    link: `https://news.example.org/${id}`,
    source: 'Dawn',
    alerts: [{ channelId: 'desk', payload: alert(title, 'Dawn') }],
    mentions: [{ watchlist: 'groups', entity: 'ttp' }],
    history: {
      published: T0 - 60_000,
      text: `${title}. Reported by Dawn.`,
      matched: ['groups/ttp'],
      alerted: ['groups/ttp'],
    },
  };
}

const briefing: BriefingPayload = {
  kind: 'briefing',
  from: T0 - 86_400_000,
  to: T0,
  timezone: 'UTC',
  entities: [],
  stories: [],
  rising: [],
  falling: [],
};

async function historyOf(h: HistoryReader): Promise<HistoryItem[]> {
  const out: HistoryItem[] = [];
  for await (const page of h.items(0)) out.push(...page);
  return out;
}

describe.skipIf(noPostgres !== null)('newswatch state copy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nw-copy-'));
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await dropTestDatabase();
  });

  it('SQLite to PostgreSQL and back keeps every row, id, nonce and feed state; a non-empty target is refused', async () => {
    const file = join(dir, 'state.db');
    const sqlite = Store.open(file);
    sqlite.poll.ensureFeed('a', 'https://a.example.org/feed');
    await sqlite.poll.commitPoll(pollCommit('a', [item('old', 'An old story already in the feed today')], T0, true));
    await sqlite.poll.commitPoll(
      pollCommit(
        'a',
        [item('1', 'Militants attack a checkpoint in Bannu district'), item('2', 'Talks resume in Doha')],
        T0 + 1000,
      ),
    );
    const [sent, pending] = sqlite.outbox.pending('desk', 10);
    sqlite.outbox.markSent([sent!.id], '900000000000000001', T0 + 2000);
    sqlite.outbox.markAttempt(pending!.id, T0 + 3000); // uncertain: must be reconciled with the same nonce
    sqlite.interact.set({
      discordChannelId: 'c1',
      entity: 'ttp',
      until: T0 + 86_400_000,
      setBy: 'u',
      setByName: 'Ana',
      setAt: T0,
    });
    expect(await sqlite.briefing.queueBriefing('brief', T0, briefing, T0 + 100)).toBe(true);
    const feedBefore = sqlite.poll.feedState('a');
    const historyBefore = await historyOf(sqlite.history);
    expect(historyBefore).toHaveLength(3);
    const hitsBefore = await sqlite.history.search('checkpoint', { since: 0, limit: 10 });
    sqlite.close();

    const url = await freshSchemaUrl();
    const r = await runCli(['state', 'copy', '--from', file, '--to', url]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /copied .*state\.db to postgres:\/\/.*: 1 feeds, 3 seen_items, 2 stories, 3 outbox, 1 mentions, 1 mutes.*, 3 history, 1 briefings/,
    );

    const pg = await PgStore.open(url);
    try {
      expect(pg.poll.feedState('a')).toEqual(feedBefore);
      expect([...(await pg.poll.unseen('a', ['old', '1', '2', '3']))]).toEqual(['3']);
      const rows = await pg.outbox.pending('desk', 10);
      expect(rows).toEqual([pending ? { ...pending, attempts: 1, attemptStartedAt: T0 + 3000 } : undefined]);
      expect(await pg.outbox.recentSends('desk', T0)).toEqual([T0 + 2000, T0 + 3000]);
      expect(pg.interact.isMuted('c1', 'ttp', T0 + 1)).toBe(true);
      expect(await pg.interact.mentionCount('groups', 'ttp', '2026-03-01')).toBe(2);
      // The history with its ids, searchable (PostgreSQL's index built from the copied rows), and the briefing's key.
      expect(await historyOf(pg.history)).toEqual(historyBefore);
      expect(await pg.history.search('checkpoint', { since: 0, limit: 10 })).toEqual(hitsBefore);
      expect(await pg.history.search('checkpoint', { since: 0, entity: 'ttp', limit: 10 })).toHaveLength(1);
      expect(await pg.briefing.briefingQueued('brief', T0)).toBe(true);
      // The same story again is a duplicate; a new one gets an id after the copied ones.
      expect(
        await pg.poll.commitPoll(
          pollCommit('a', [item('1b', 'Militants attack a checkpoint in Bannu district')], T0 + 4000),
        ),
      ).toEqual({
        queued: 0,
        duplicates: 1,
      });
      await pg.poll.commitPoll(pollCommit('a', [item('3', 'Floods close the highway to Torkham crossing')], T0 + 5000));
      const after = await pg.outbox.pending('desk', 10);
      // After the briefing's row (id pending + 1), copied with its key: it is not queued again.
      expect(after.map((x) => x.id)).toEqual([pending!.id, pending!.id + 2]);
      expect(await pg.briefing.queueBriefing('brief', T0, briefing, T0 + 200)).toBe(false);
      expect((await historyOf(pg.history)).map((h) => h.id)).toEqual([1, 2, 3, 4, 5]);
    } finally {
      await pg.close();
    }

    // A target that already holds a state is refused, and nothing is written.
    const refused = await runCli(['state', 'copy', '--from', file, '--to', url]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already holds a state .*copy only into a new, empty state/);

    // And back: PostgreSQL to a new SQLite file.
    const back = join(dir, 'back.db');
    await copyState(url, back);
    const again = Store.open(back);
    try {
      expect(again.poll.feedState('a')).toMatchObject({ itemsSeen: 5, initialized: true });
      expect(again.poll.unseen('a', ['old', '1', '2', '3', '1b', '4'])).toEqual(new Set(['4']));
      expect(again.outbox.pending('desk', 10).map((x) => x.nonce)).toEqual([
        pending!.nonce,
        expect.stringMatching(/^nw-/),
      ]);
      expect(again.outbox.pending('desk', 10)[0]).toMatchObject({ attempts: 1, attemptStartedAt: T0 + 3000 });
      expect(again.interact.isMuted('c1', 'ttp', T0 + 1)).toBe(true);
      const historyBack = await historyOf(again.history);
      expect(historyBack.slice(0, 3)).toEqual(historyBefore);
      expect(historyBack.map((h) => h.title).slice(3)).toEqual([
        'Militants attack a checkpoint in Bannu district',
        'Floods close the highway to Torkham crossing',
      ]);
      expect((await again.history.search('Torkham', { since: 0, limit: 10 })).map((h) => h.snippet)).toEqual([
        'Floods close the highway to \u0002Torkham\u0003 crossing',
      ]);
      expect(await again.briefing.briefingQueued('brief', T0)).toBe(true);
    } finally {
      again.close();
    }
  });

  it('moves the state page by page, both ways; a NUL that SQLite kept arrives without it', async () => {
    const file = join(dir, 'paged.db');
    const sqlite = Store.open(file);
    sqlite.poll.ensureFeed('a', 'https://a.example.org/feed');
    const places = ['Torkham', 'Bannu', 'Khyber', 'Quetta', 'Swat', 'Kurram', 'Chaman'];
    await sqlite.poll.commitPoll(
      pollCommit(
        'a',
        places.map((p, i) => item(`p${i}`, `Curfew in ${p}\u0000 after a night of clashes`)),
        T0,
      ),
    );
    const before = await historyOf(sqlite.history);
    expect(before).toHaveLength(7);
    expect(before[0]!.title).toContain('\u0000');
    const pendingBefore = sqlite.outbox.pending('desk', 100).map((r) => r.nonce);
    sqlite.close();

    const url = await freshSchemaUrl();
    const there = await copyState(file, url, { pageSize: 2 });
    expect(there.rows).toMatchObject({ feeds: 1, seen_items: 7, history: 7 });
    const noNul = (h: HistoryItem): HistoryItem =>
      Object.fromEntries(
        Object.entries(h).map(([k, v]) => [k, typeof v === 'string' ? v.replaceAll('\u0000', '') : v]),
      ) as unknown as HistoryItem;
    const pg = await PgStore.open(url);
    let moved: HistoryItem[];
    try {
      moved = await historyOf(pg.history);
      expect(moved).toEqual(before.map(noNul));
      expect((await pg.outbox.pending('desk', 100)).map((r) => r.nonce)).toEqual(pendingBefore);
      expect((await pg.history.search('quetta', { since: 0, limit: 10 })).map((h) => h.title)).toEqual([
        'Curfew in Quetta after a night of clashes',
      ]);
    } finally {
      await pg.close();
    }

    const back = join(dir, 'paged-back.db');
    expect((await copyState(url, back, { pageSize: 3 })).rows).toEqual(there.rows);
    const again = Store.open(back);
    try {
      expect(await historyOf(again.history)).toEqual(moved);
      expect(again.outbox.pending('desk', 100).map((r) => r.nonce)).toEqual(pendingBefore);
    } finally {
      again.close();
    }
  });
});
