import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertPayload } from '../../src/core/types.js';
import type { NewItemRecord, PollCommit } from '../../src/state/interfaces.js';
import { Store } from '../../src/state/store.js';

let dir: string;
let store: Store;
const DAY = 86_400_000;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nw-state-'));
  store = Store.open(join(dir, 'state.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function payload(title: string, source = 'Feed A'): AlertPayload {
  return {
    kind: 'alert',
    feedId: 'a',
    source,
    title,
    link: null,
    published: null,
    summary: [],
    matches: [],
    alsoReportedBy: [],
  };
}

function item(id: string, title: string, opts: Partial<NewItemRecord> = {}): NewItemRecord {
  return {
    id,
    canonicalLink: `https://news.example.org/${id}`,
    title,
    link: `https://news.example.org/${id}?utm_source=x`,
    source: 'Feed A',
    alerts: [{ channelId: 'desk', payload: payload(title, opts.source) }],
    mentions: [{ watchlist: 'groups', entity: 'ttp' }],
    ...opts,
  };
}

function commit(feedId: string, items: NewItemRecord[], at = 1_000_000, silent = false): PollCommit {
  return {
    feedId,
    at,
    etag: '"e1"',
    lastModified: null,
    title: 'A feed',
    nextPollAt: null,
    presentIds: items.map((i) => i.id),
    newItems: items,
    silent,
    dedup: { windowMs: 2 * DAY, titleSimilarity: 0.8 },
  };
}

describe('poll store', () => {
  it('creates feeds, reports unseen ids, and marks items seen with their outbox rows in one commit', async () => {
    const f = store.poll.ensureFeed('a', 'https://a.example.org/feed');
    expect(f.initialized).toBe(false);
    expect([...store.poll.unseen('a', ['1', '2'])]).toEqual(['1', '2']);
    const r = await store.poll.commitPoll(commit('a', [item('1', 'Militants attack checkpoint in Bannu district')]));
    expect(r).toEqual({ queued: 1, duplicates: 0 });
    expect([...store.poll.unseen('a', ['1', '2'])]).toEqual(['2']);
    const state = store.poll.ensureFeed('a', 'https://a.example.org/feed');
    expect(state).toMatchObject({ initialized: true, etag: '"e1"', itemsSeen: 1, consecutiveFailures: 0 });
    expect(store.outbox.pending('desk', 10)).toHaveLength(1);
  });

  it('records a silent first poll without outbox rows or mention counts', async () => {
    store.poll.ensureFeed('a', 'u');
    await store.poll.commitPoll(commit('a', [item('1', 'x'), item('2', 'y')], 1, true));
    expect(store.outbox.channelsWithWork()).toEqual([]);
    expect(store.status.mentions('1970-01-01')).toEqual([]);
    expect(store.poll.unseen('a', ['1', '2']).size).toBe(0);
  });

  it('never alerts twice for an item id already seen (re-dated or edited item)', async () => {
    store.poll.ensureFeed('a', 'u');
    await store.poll.commitPoll(commit('a', [item('1', 'Attack in Kurram')]));
    const again = await store.poll.commitPoll(commit('a', [item('1', 'Attack in Kurram (updated)')]));
    expect(again.queued).toBe(0);
    expect(store.outbox.pending('desk', 10)).toHaveLength(1);
  });

  it('treats the same canonical link from another feed as the same story and marks the sent message for an edit', async () => {
    store.poll.ensureFeed('a', 'u');
    store.poll.ensureFeed('b', 'v');
    await store.poll.commitPoll(commit('a', [item('1', 'Envoy meets Taliban officials in Doha')]));
    const [row] = store.outbox.pending('desk', 10);
    store.outbox.markSent([row!.id], 'm1', 2);
    const r = await store.poll.commitPoll(
      commit('b', [item('1', 'US envoy holds talks in Doha', { source: 'Feed B' })]),
    );
    expect(r).toEqual({ queued: 0, duplicates: 1 });
    const edits = store.outbox.pendingEdits('desk', 10);
    expect(edits).toHaveLength(1);
    expect(edits[0]).toMatchObject({ messageId: 'm1' });
    expect((edits[0]!.payload as AlertPayload).alsoReportedBy).toEqual(['Feed B']);
    store.outbox.markEdited(edits[0]!.outboxId, 3);
    expect(store.outbox.pendingEdits('desk', 10)).toHaveLength(0);
  });

  it('treats a near-identical title within the window as the same story, and not after it', async () => {
    store.poll.ensureFeed('a', 'u');
    store.poll.ensureFeed('b', 'v');
    store.poll.ensureFeed('c', 'w');
    const t0 = 10 * DAY;
    await store.poll.commitPoll(
      commit('a', [item('1', 'Gunmen kill five police officers in Lakki Marwat district')], t0),
    );
    const near = item('9', 'Gunmen kill five police officers in Lakki Marwat district, officials say', {
      canonicalLink: 'https://other.example.org/9',
      source: 'Feed B',
    });
    expect((await store.poll.commitPoll(commit('b', [near], t0 + DAY))).duplicates).toBe(1);
    // A pending (unsent) alert simply goes out with the new source list: no edit needed.
    expect(store.outbox.pendingEdits('desk', 10)).toHaveLength(0);
    expect((store.outbox.pending('desk', 10)[0]!.payload as AlertPayload).alsoReportedBy).toEqual(['Feed B']);
    const late = item('10', 'Gunmen kill five police officers in Lakki Marwat district', {
      canonicalLink: 'https://third.example.org/10',
    });
    expect((await store.poll.commitPoll(commit('c', [late], t0 + 3 * DAY))).queued).toBe(1);
  });

  it('commits polls of one tick together, and rolls back only the one that fails', async () => {
    store.poll.ensureFeed('a', 'u');
    store.poll.ensureFeed('b', 'v');
    const title = 'Envoy meets Taliban officials in Doha over prisoner exchange';
    // Feed "ghost" has no row (its state was never created): its commit fails inside the batch.
    const [ok, failed] = await Promise.allSettled([
      store.poll.commitPoll(commit('a', [item('1', 'Militants attack checkpoint in Bannu district')])),
      store.poll.commitPoll(commit('ghost', [item('7', title, { canonicalLink: 'https://ghost.example.org/7' })])),
    ]);
    expect(ok).toEqual({ status: 'fulfilled', value: { queued: 1, duplicates: 0 } });
    expect(failed.status).toBe('rejected');
    expect(String((failed as PromiseRejectedResult).reason)).toMatch(/ghost/);
    expect(store.outbox.pending('desk', 10)).toHaveLength(1);
    expect([...store.poll.unseen('ghost', ['7'])]).toEqual(['7']);
    // The rolled-back story left the title index too. (Its row id is reused by the next
    // story, whose own title must be the one indexed under that id.)
    const other = 'Gunmen kill five police officers in Lakki Marwat district';
    expect(
      (await store.poll.commitPoll(commit('b', [item('8', other, { canonicalLink: 'https://b.example.org/8' })])))
        .queued,
    ).toBe(1);
    store.poll.ensureFeed('c', 'w');
    const again = await store.poll.commitPoll(
      commit('c', [item('9', `${other}, officials say`, { canonicalLink: 'https://c.example.org/9' })]),
    );
    expect(again).toEqual({ queued: 0, duplicates: 1 });
    expect(
      (await store.poll.commitPoll(commit('c', [item('10', title, { canonicalLink: 'https://c.example.org/10' })])))
        .queued,
    ).toBe(1);
  });

  it('records failures with a running count and clears them on success', () => {
    store.poll.ensureFeed('a', 'u');
    store.poll.recordFailure('a', { at: 5, kind: 'http-5xx', message: 'HTTP 502', nextPollAt: 100 });
    const s = store.poll.recordFailure('a', { at: 6, kind: 'timeout', message: 'timed out', nextPollAt: 200 });
    expect(s).toMatchObject({ consecutiveFailures: 2, failingSince: 5, lastErrorKind: 'timeout', nextPollAt: 200 });
    store.poll.recordNotModified('a', 7, null);
    expect(store.poll.ensureFeed('a', 'u')).toMatchObject({
      consecutiveFailures: 0,
      failingSince: null,
      lastSuccessAt: 7,
      lastError: 'timed out',
    });
  });

  it('forgets validators and re-records silently when a feed URL changes in the config', async () => {
    store.poll.ensureFeed('a', 'https://old.example.org/feed');
    await store.poll.commitPoll(commit('a', [item('1', 'x')]));
    const s = store.poll.ensureFeed('a', 'https://new.example.org/feed');
    expect(s).toMatchObject({ initialized: false, etag: null, url: 'https://new.example.org/feed' });
  });

  it('prunes old state but never an id still present in the feed', async () => {
    store.poll.ensureFeed('a', 'u');
    const old = 1 * DAY;
    await store.poll.commitPoll({
      ...commit('a', [item('1', 'One story about TTP attacks'), item('2', 'Another story about ISKP')], old),
      presentIds: ['1', '2'],
    });
    const [r1, r2] = store.outbox.pending('desk', 10);
    store.outbox.markSent([r1!.id, r2!.id], 'm', old);
    // The next fetch carries only item 2 (and a new one).
    await store.poll.commitPoll({
      ...commit('a', [item('3', 'A third story on al-Qaeda leaders')], 95 * DAY),
      presentIds: ['2', '3'],
    });
    const pruned = store.prune(95 * DAY - 90 * DAY);
    expect(pruned.seenItems).toBe(1);
    expect(pruned.outbox).toBe(2);
    expect([...store.poll.unseen('a', ['1', '2', '3'])]).toEqual(['1']);
  });

  it('survives reopening: state is on disk', async () => {
    store.poll.ensureFeed('a', 'u');
    await store.poll.commitPoll(commit('a', [item('1', 'x')]));
    store.close();
    store = Store.open(join(dir, 'state.db'));
    expect(store.poll.unseen('a', ['1']).size).toBe(0);
    expect(store.outbox.pending('desk', 10)).toHaveLength(1);
  });
});

describe('outbox store', () => {
  it('keeps rows pending until markSent and records attempts for reconciliation', async () => {
    store.poll.ensureFeed('a', 'u');
    await store.poll.commitPoll(commit('a', [item('1', 'one'), item('2', 'two completely different')]));
    const [a, b] = store.outbox.pending('desk', 10);
    expect(a!.nonce).toMatch(/^nw-/);
    expect(a!.nonce.length).toBeLessThanOrEqual(25);
    store.outbox.markAttempt(a!.id, 50);
    expect(store.outbox.pending('desk', 10)[0]).toMatchObject({ attemptStartedAt: 50, attempts: 1 });
    store.outbox.markRetry(a!.id, 'HTTP 502', 500);
    expect(store.outbox.pending('desk', 10)[0]).toMatchObject({
      attemptStartedAt: 50,
      nextAttemptAt: 500,
      lastError: 'HTTP 502',
    });
    store.outbox.markSent([a!.id, b!.id], 'digest-1', 60);
    expect(store.outbox.pending('desk', 10)).toEqual([]);
    expect(store.outbox.counts()).toEqual([
      { channelId: 'desk', pending: 0, failing: 0, sent: 2, oldestPendingAt: null },
    ]);
  });

  it("reports a channel's recent sends for its pace: a digest once, pending attempts too", async () => {
    store.poll.ensureFeed('a', 'u');
    await store.poll.commitPoll(
      commit('a', [item('1', 'one'), item('2', 'two completely different'), item('3', 'a third and unrelated one')]),
    );
    const [a, b, c] = store.outbox.pending('desk', 10);
    store.outbox.markSent([a!.id, b!.id], 'digest-1', 100);
    store.outbox.markAttempt(c!.id, 150);
    store.outbox.markRetry(c!.id, 'HTTP 502', 400);
    expect(store.outbox.recentSends('desk', 0)).toEqual([100, 150]);
    expect(store.outbox.recentSends('desk', 120)).toEqual([150]);
    expect(store.outbox.recentSends('other', 0)).toEqual([]);
  });

  it('queues notices to channels and flags the feed as notified', () => {
    store.poll.ensureFeed('a', 'u');
    store.poll.queueNotice(
      'a',
      ['desk', 'log'],
      { kind: 'notice', level: 'warning', title: 'Feed a failing', text: 't' },
      true,
      9,
    );
    expect(store.outbox.channelsWithWork().sort()).toEqual(['desk', 'log']);
    expect(store.poll.ensureFeed('a', 'u').failingNotified).toBe(true);
  });
});

describe('a group commit when the disk is full', () => {
  it('rejects every poll of the batch with SQLITE_FULL and commits none of them (no write outside the transaction)', async () => {
    store.poll.ensureFeed('a', 'https://a.example.org/feed');
    store.poll.ensureFeed('b', 'https://b.example.org/feed');
    await store.poll.commitPoll(commit('a', [item('seed', 'Seed item')]));
    // Simulated full disk: no new page may be taken (see tests/service/disk-full.test.ts).
    const db = (store as unknown as { db: { pragma(s: string, o?: { simple: boolean }): unknown } }).db;
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const big = item('big', `Militants attack ${'a checkpoint near the border '.repeat(400)}`);
    const small = item('small', 'A small item that fits in a page');
    const results = await Promise.allSettled([
      store.poll.commitPoll(commit('a', [big], 2_000_000)),
      store.poll.commitPoll(commit('b', [small], 2_000_000)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    for (const r of results) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_FULL' });
    expect([...store.poll.unseen('a', ['big'])]).toEqual(['big']);
    expect([...store.poll.unseen('b', ['small'])]).toEqual(['small']);
    expect(store.outbox.countPending('desk')).toBe(1);
  });
});
