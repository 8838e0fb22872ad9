// Several instances on one PostgreSQL database (src/state/postgres/cluster-store.ts): one
// claim of a feed per schedule window, a feed being polled is never claimed again, a dead
// instance's leases are taken over after the lease time (and recorded), channels are held
// by one instance at a time, and a clean leave hands everything over at once.
// Real PostgreSQL; skipped with a printed reason without a server.
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { configMismatch } from '../../src/observe/cluster.js';
import { StateError } from '../../src/state/errors.js';
import { PG_MIGRATIONS } from '../../src/state/postgres/db.js';
import { PgStore } from '../../src/state/postgres/store.js';
import { matchedItem, pollCommit } from './contract/subjects.js';
import { dropTestDatabase, freshSchemaUrl, postgresUnavailable } from '../helpers/postgres.js';

const noPostgres = await postgresUnavailable();
const W = Date.parse('2026-03-02T10:00:00Z'); // a schedule window's start
const LEASE_MS = 400;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const info = (configHash = 'aaaaaaaaaaaa') => ({ host: 'h', pid: 1, version: '0', configHash, command: 'start' });

describe.skipIf(noPostgres !== null)('instances sharing a PostgreSQL database', () => {
  const open: PgStore[] = [];
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
  });
  afterAll(dropTestDatabase);

  /** The database (schema) of the last instances(). */
  let url = '';
  async function instances(n: number): Promise<PgStore[]> {
    url = await freshSchemaUrl();
    const stores: PgStore[] = [];
    for (let i = 0; i < n; i++) stores.push(await PgStore.open(url, { command: 'start', leaseTtlMs: LEASE_MS }));
    open.push(...stores);
    for (const s of stores) await s.cluster.announce(info());
    return stores;
  }

  it('a feed is claimed once per window; a poll in progress is never claimed by another', async () => {
    const [a, b] = await instances(2);
    const url = 'https://news.example.org/feed.xml';
    const first = await a!.cluster.claimFeed('f', url, W, W, false);
    expect(first).toMatchObject({ claimed: true, takeover: null });
    // In progress: refused to the other, even forced (a manual `once`).
    expect(await b!.cluster.claimFeed('f', url, W, W, true)).toEqual({ claimed: false });
    await a!.cluster.releaseFeed('f');
    // Polled in this window: refused until the next window, unless forced.
    expect(await b!.cluster.claimFeed('f', url, W, W + 1000, false)).toEqual({ claimed: false });
    expect((await b!.cluster.claimFeed('f', url, W + 60_000, W + 60_000, false)).claimed).toBe(true);
    await b!.cluster.releaseFeed('f');
    expect((await a!.cluster.claimFeed('f', url, W + 60_000, W + 61_000, true)).claimed).toBe(true);
    await a!.cluster.releaseFeed('f');
  });

  it('the write that ends a poll also ends its lease (no extra round trip)', async () => {
    const [a, b] = await instances(2);
    const url = 'https://news.example.org/feed.xml';
    expect((await a!.cluster.claimFeed('f', url, W, W, false)).claimed).toBe(true);
    expect(await b!.cluster.claimFeed('f', url, W, W, true)).toEqual({ claimed: false });
    await a!.poll.recordNotModified('f', W, null);
    expect((await b!.cluster.claimFeed('f', url, W, W, true)).claimed).toBe(true);
    // A's release after it is a no-op: it does not take B's lease away.
    await a!.cluster.releaseFeed('f');
    expect(await a!.cluster.claimFeed('f', url, W, W, true)).toEqual({ claimed: false });
  });

  it('respects the backoff another instance recorded, and returns the row as that instance left it', async () => {
    const [a, b] = await instances(2);
    const url = 'https://news.example.org/feed.xml';
    expect((await a!.cluster.claimFeed('f', url, W, W, false)).claimed).toBe(true);
    await a!.poll.recordFailure('f', { at: W, kind: 'http', message: 'HTTP 503', nextPollAt: W + 600_000 });
    await a!.cluster.releaseFeed('f');
    // Due only after the backoff, whichever instance asks.
    expect(await b!.cluster.claimFeed('f', url, W + 60_000, W + 60_000, false)).toEqual({ claimed: false });
    const claim = await b!.cluster.claimFeed('f', url, W + 600_000, W + 600_000, false);
    expect(claim.claimed && claim.state).toMatchObject({ consecutiveFailures: 1, lastError: 'HTTP 503' });
    // ...and B's cache now has it (the scheduler reads it synchronously).
    expect(b!.poll.feedState('f')?.consecutiveFailures).toBe(1);
  });

  it("a dead instance's feed poll and channels are taken over after the lease time, and recorded", async () => {
    const [a, b] = await instances(2);
    const url = 'https://news.example.org/feed.xml';
    expect((await a!.cluster.claimFeed('f', url, W, W, false)).claimed).toBe(true);
    expect((await a!.cluster.acquireChannels(['desk', 'ops'], 2)).acquired).toEqual(['desk', 'ops']);
    expect((await b!.cluster.acquireChannels(['desk', 'ops'], 2)).acquired).toEqual([]);
    // A renews while it lives: B still gets nothing after a lease time.
    await sleep(LEASE_MS / 2);
    expect(await a!.cluster.heartbeat()).toEqual(['desk', 'ops']);
    await sleep(LEASE_MS / 2 + 50);
    expect((await b!.cluster.acquireChannels(['desk', 'ops'], 2)).acquired).toEqual([]);
    expect(await b!.cluster.claimFeed('f', url, W + 60_000, W + 60_000, false)).toEqual({ claimed: false });
    // A stops renewing (it died): after a lease time B takes all of it over.
    await sleep(LEASE_MS + 100);
    const taken = await b!.cluster.acquireChannels(['desk', 'ops'], 2);
    expect(taken.acquired).toEqual(['desk', 'ops']);
    expect(taken.takeovers.map((t) => [t.kind, t.key, t.from, t.to])).toEqual([
      ['channel', 'desk', a!.cluster.instanceId, b!.cluster.instanceId],
      ['channel', 'ops', a!.cluster.instanceId, b!.cluster.instanceId],
    ]);
    const feed = await b!.cluster.claimFeed('f', url, W + 60_000, W + 60_000, false);
    expect(feed.claimed && feed.takeover).toMatchObject({ kind: 'feed', key: 'f', from: a!.cluster.instanceId });
    // A comes back from a pause: its renewal finds none of its channels any more.
    expect(await a!.cluster.heartbeat()).toEqual([]);
    expect((await b!.cluster.takeovers(10)).map((t) => t.key).sort()).toEqual(['desk', 'f', 'ops']);
    expect((await b!.cluster.channelHolders()).map((h) => h.holder)).toEqual([
      b!.cluster.instanceId,
      b!.cluster.instanceId,
    ]);
    // B renews what it took; A, still renewing nothing, is alive again but holds nothing.
    expect(await b!.cluster.heartbeat()).toEqual(['desk', 'ops']);
    const alive = (await b!.cluster.instances()).filter((i) => i.alive).map((i) => i.id);
    expect(alive.sort()).toEqual([a!.cluster.instanceId, b!.cluster.instanceId].sort());
  });

  it('a heartbeat renews while the main pool waits on locked feed rows, and skips a row being written', async () => {
    const [a] = await instances(1);
    const feedUrl = 'https://news.example.org/f.xml';
    for (const f of ['f0', 'f1', 'f2', 'f3', 'f4']) {
      expect((await a!.cluster.claimFeed(f, feedUrl, W, W, false)).claimed).toBe(true);
      await a!.cluster.releaseFeed(f);
    }
    expect((await a!.cluster.claimFeed('f0', feedUrl, W + 60_000, W + 60_000, false)).claimed).toBe(true);
    expect((await a!.cluster.acquireChannels(['desk'], 1)).acquired).toEqual(['desk']);
    // Another session holds every feed row (as a poll commit in progress would): the main
    // pool's four connections wait on them with claims, and f0, a poll in progress, is locked.
    const locker = new pg.Client({ connectionString: url });
    await locker.connect();
    try {
      await locker.query("BEGIN; SELECT id FROM feeds WHERE id IN ('f0', 'f1', 'f2', 'f3', 'f4') FOR UPDATE");
      const claims = ['f1', 'f2', 'f3', 'f4'].map((f) =>
        a!.cluster.claimFeed(f, feedUrl, W + 120_000, W + 120_000, true),
      );
      const blocked = Symbol('blocked');
      const renewed = await Promise.race([a!.cluster.heartbeat(), sleep(10_000).then(() => blocked)]);
      expect(renewed).toEqual(['desk']);
      await locker.query('ROLLBACK');
      expect((await Promise.all(claims)).map((c) => c.claimed)).toEqual([true, true, true, true]);
    } finally {
      await locker.end();
    }
  });

  it('an interaction every instance receives is taken by exactly one', async () => {
    const stores = await instances(3);
    const ids = ['1400000000000000001', '1400000000000000002', '1400000000000000003'];
    for (const id of ids) {
      const won = await Promise.all(stores.map((s) => s.cluster.claimInteraction(id)));
      expect(won.filter(Boolean)).toHaveLength(1);
    }
    expect(await stores[0]!.cluster.claimInteraction(ids[0]!)).toBe(false);
  });

  it('two instances taking over at once: each channel goes to exactly one', async () => {
    const [a, b, c] = await instances(3);
    await a!.cluster.acquireChannels(['c1', 'c2', 'c3', 'c4'], 4);
    await sleep(LEASE_MS + 100);
    const [rb, rc] = await Promise.all([
      b!.cluster.acquireChannels(['c1', 'c2', 'c3', 'c4'], 4),
      c!.cluster.acquireChannels(['c1', 'c2', 'c3', 'c4'], 4),
    ]);
    expect([...rb.acquired, ...rc.acquired].sort()).toEqual(['c1', 'c2', 'c3', 'c4']);
  });

  it('a clean leave hands channels and polls over at once, and leaves the list', async () => {
    const [a, b] = await instances(2);
    await a!.cluster.acquireChannels(['desk'], 1);
    expect((await a!.cluster.claimFeed('f', 'https://news.example.org/f.xml', W, W, false)).claimed).toBe(true);
    await a!.cluster.leave();
    expect((await b!.cluster.acquireChannels(['desk'], 1)).acquired).toEqual(['desk']);
    expect((await b!.cluster.claimFeed('f', 'https://news.example.org/f.xml', W, W, true)).claimed).toBe(true);
    expect((await b!.cluster.instances()).map((i) => i.id)).toEqual([b!.cluster.instanceId]);
    expect(await b!.cluster.takeovers(10)).toEqual([]);
  });

  it('a newer newswatch migrating the database while this one runs stops it at its next heartbeat', async () => {
    const url = await freshSchemaUrl();
    const a = await PgStore.open(url, { command: 'start', leaseTtlMs: LEASE_MS });
    open.push(a);
    await a.cluster.announce(info());
    expect(await a.cluster.heartbeat()).toEqual([]);
    const newer = new pg.Client({ connectionString: url });
    await newer.connect();
    await newer.query('INSERT INTO schema_migrations (version) VALUES ($1)', [PG_MIGRATIONS.length + 1]);
    await newer.end();
    const err = await a.cluster.heartbeat().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StateError);
    expect((err as StateError).kind).toBe('newer-schema');
    expect((err as StateError).blocking).toBe(true);
    expect((err as Error).message).toContain(
      `schema version ${PG_MIGRATIONS.length + 1}, migrated by a newer newswatch`,
    );
  });

  it('new alerts committed by one instance wake the others at once (LISTEN/NOTIFY, per schema)', async () => {
    const [a, b] = await instances(2);
    const [other] = await instances(1); // another schema of the same database: not woken
    let woken = 0;
    let otherWoken = 0;
    await b!.cluster.watchOutbox(() => woken++);
    await other!.cluster.watchOutbox(() => otherWoken++);
    await a!.poll.ensureFeed('f', 'https://news.example.org/f.xml');
    await a!.poll.commitPoll(
      pollCommit('f', [matchedItem('1', 'Militants attack a checkpoint in Bannu district', [])], W + 1),
    );
    const until = Date.now() + 5_000;
    while (woken === 0 && Date.now() < until) await sleep(20);
    expect(woken).toBe(1);
    expect(otherWoken).toBe(0);
  });

  it('instances with different configs are named in one warning', async () => {
    const [a, b] = await instances(2);
    expect(configMismatch(await a!.cluster.instances())).toBeNull();
    await b!.cluster.announce(info('bbbbbbbbbbbb'));
    const warning = configMismatch(await a!.cluster.instances());
    expect(warning).toContain(`config aaaaaaaaaaaa: ${a!.cluster.instanceId}`);
    expect(warning).toContain(`config bbbbbbbbbbbb: ${b!.cluster.instanceId}`);
  });
});
