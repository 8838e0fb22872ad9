// PostgreSQL-only parts of the state: schema versioning under an advisory lock, the
// refusal of a newer schema, the password kept out of messages, and the stores the
// contract suite does not cover (status, interactions, retention).
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { classifyStateError } from '../../src/state/errors.js';
import {
  createPool,
  isPostgresUrl,
  markStateError,
  migrate,
  PG_MIGRATIONS,
  redactUrl,
} from '../../src/state/postgres/db.js';
import { PgStore } from '../../src/state/postgres/store.js';
import { dropTestDatabase, freshSchemaUrl, postgresUnavailable } from '../helpers/postgres.js';
import { alert, pollCommit } from './contract/subjects.js';

const T0 = Date.parse('2026-03-02T10:00:00Z');

describe('PostgreSQL URLs', () => {
  it('selects PostgreSQL for postgres:// and postgresql:// only', () => {
    expect(isPostgresUrl('postgres://u@h/db')).toBe(true);
    expect(isPostgresUrl('PostgreSQL://u@h/db')).toBe(true);
    expect(isPostgresUrl('./data/newswatch.db')).toBe(false);
    expect(isPostgresUrl('/var/lib/postgres/state.db')).toBe(false);
  });

  it('hides the password (and password-like parameters) in what it shows', () => {
    const shown = redactUrl(
      'postgres://desk:s3cr%40t@db.example.org:5432/newswatch?sslpassword=hunter2&sslmode=require',
    );
    expect(shown).not.toContain('s3cr');
    expect(shown).not.toContain('hunter2');
    // The whole user info is masked, as for feed URLs (one redaction everywhere).
    expect(shown).toContain('postgres://***@db.example.org:5432/newswatch');
    expect(shown).toContain('sslmode=require');
  });
});

describe('PostgreSQL errors', () => {
  it('a refused or dropped connection of the state database is a state fault; the same code elsewhere is not', () => {
    const err = (code?: string, message = 'x') => Object.assign(new Error(message), code ? { code } : {});
    expect(classifyStateError(markStateError(err('ECONNREFUSED')))).toBe('io');
    expect(classifyStateError(markStateError(err('57P01')))).toBe('io');
    expect(classifyStateError(markStateError(err(undefined, 'Connection terminated unexpectedly')))).toBe('io');
    expect(classifyStateError(err('ECONNREFUSED'))).toBeNull();
    // A constraint or syntax error is a bug, not a fault of the database.
    expect(classifyStateError(markStateError(err('23505')))).toBeNull();
  });
});

const noPostgres = await postgresUnavailable();

describe.skipIf(noPostgres !== null)('PostgreSQL store', () => {
  afterAll(dropTestDatabase);

  async function versions(url: string): Promise<number[]> {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map(
        (r) => r.version,
      );
    } finally {
      await c.end();
    }
  }

  it('migrates once when several instances start together; each runs as an instance of its own', async () => {
    const url = await freshSchemaUrl();
    const stores = await Promise.all([0, 1, 2].map(() => PgStore.open(url, { command: 'start' })));
    expect(await versions(url)).toEqual(PG_MIGRATIONS.map((_, i) => i + 1));
    expect(new Set(stores.map((s) => s.cluster.instanceId)).size).toBe(3);
    for (const s of stores) await s.close();
    await (await PgStore.open(url)).close();
  });

  it('migration 4 re-indexes the history stored before it, so that accents fold there too', async () => {
    const url = await freshSchemaUrl();
    const pool = createPool(url, 1);
    try {
      await migrate(pool, 'test', PG_MIGRATIONS.slice(0, 3));
      await pool.query(
        `INSERT INTO history (feed_id, item_id, title, source, seen_at, body) VALUES
          ('a', '1', 'Blast in Kābul', 'Dawn', $1, 'The Ḥaqqānī network was blamed.'),
          ('a', '2', 'Floods in Swat', 'Dawn', $1, 'Roads closed.')`,
        [T0],
      );
    } finally {
      await pool.end();
    }
    const s = await PgStore.open(url);
    try {
      const titles = async (q: string) => (await s.history.search(q, { since: 0, limit: 10 })).map((h) => h.title);
      expect(await titles('kabul haqqani')).toEqual(['Blast in Kābul']);
      expect(await titles('Kābul')).toEqual(['Blast in Kābul']);
      expect(await titles('swat')).toEqual(['Floods in Swat']);
      // A writer that leaves the tsvector out (an older instance, until it pauses) is indexed all the same.
      const older = createPool(url, 1);
      try {
        await older.query(
          `INSERT INTO history (feed_id, item_id, title, source, seen_at, body)
            VALUES ('a', '3', 'Talks in Dōha', 'Dawn', $1, 'Delegates met.')`,
          [T0],
        );
      } finally {
        await older.end();
      }
      expect(await titles('doha delegates')).toEqual(['Talks in Dōha']);
    } finally {
      await s.close();
    }
  });

  it('refuses to start on a newer schema, naming the database without its password', async () => {
    const url = await freshSchemaUrl();
    await (await PgStore.open(url)).close();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query('INSERT INTO schema_migrations (version) VALUES ($1)', [PG_MIGRATIONS.length + 1]);
    await c.end();
    const withPassword = url.replace('postgres@', 'postgres:topsecret@');
    const err = await PgStore.open(withPassword).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toContain(
      `schema version ${PG_MIGRATIONS.length + 1}; this newswatch knows up to ${PG_MIGRATIONS.length}`,
    );
    expect(err?.message).toContain('upgrade newswatch');
    expect(err?.message).toContain('postgres://***@');
    expect(err?.message).not.toContain('topsecret');
  });

  it('names the database when it cannot connect, without the password', async () => {
    const err = await PgStore.open('postgres://postgres:topsecret@127.0.0.1:1/nowhere').then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(
      /^cannot reach state database postgres:\/\/\*\*\*@127\.0\.0\.1:1\/nowhere \(connect ECONNREFUSED/,
    );
    expect(err?.message).toContain('check that the PostgreSQL server runs');
    expect(err?.message).not.toContain('topsecret');
  });

  it('status, mutes, look-ups and retention read what a poll wrote; feed states and mutes survive a restart', async () => {
    const url = await freshSchemaUrl();
    let s = await PgStore.open(url);
    await s.poll.ensureFeed('a', 'https://a.example.org/feed');
    const item = {
      id: '1',
      canonicalLink: 'https://news.example.org/1',
      title: 'Militants attack a checkpoint in Bannu district',
      link: 'https://news.example.org/1',
      source: 'Dawn',
      alerts: [{ channelId: 'desk', payload: alert('Militants attack a checkpoint in Bannu district', 'Dawn') }],
      mentions: [{ watchlist: 'groups', entity: 'ttp' }],
    };
    await s.poll.commitPoll(pollCommit('a', [item], T0));
    await s.interact.set({
      discordChannelId: 'c1',
      entity: 'ttp',
      until: T0 + 3_600_000,
      setBy: 'u',
      setByName: 'Ana',
      setAt: T0,
    });
    await s.close();

    s = await PgStore.open(url);
    try {
      expect(s.poll.feedState('a')).toMatchObject({ initialized: true, lastSuccessAt: T0, itemsSeen: 1 });
      expect(s.interact.isMuted('c1', 'ttp', T0 + 1)).toBe(true);
      expect(s.interact.isMuted('c1', 'ttp', T0 + 3_600_000)).toBe(false);
      expect((await s.status.feeds()).map((f) => f.feedId)).toEqual(['a']);
      expect(await s.status.lastPollAt()).toBe(T0);
      const [story] = await s.status.recentAlerts(5);
      expect(story).toMatchObject({ feedId: 'a', sources: ['Dawn'], channels: [{ channelId: 'desk', sent: false }] });
      expect(await s.status.mentions('2026-03-01')).toEqual([
        { day: '2026-03-02', watchlist: 'groups', entity: 'ttp', count: 1 },
      ]);
      const [row] = await s.outbox.pending('desk', 1);
      expect((await s.interact.byRef(row!.nonce))?.outboxId).toBe(row!.id);
      await s.outbox.markSent([row!.id], '900000000000000001', T0 + 5);
      expect((await s.interact.byMessageId('900000000000000001'))?.sent).toBe(true);
      expect(await s.interact.mentionCount('groups', 'ttp', '2026-03-01')).toBe(1);
      const flag = {
        outboxId: row!.id,
        ref: row!.nonce,
        discordChannelId: 'c1',
        watchlist: 'groups',
        entity: 'ttp',
        alias: 'TTP',
        field: 'title',
        phrase: 'TTP said',
        title: 'Militants attack',
        link: null,
        userId: 'u1',
        userName: 'Ana',
        createdAt: T0 + 6,
      };
      expect(await s.interact.add(flag)).toBe(true);
      expect(await s.interact.add({ ...flag, createdAt: T0 + 7 })).toBe(false); // once per user, alert and entity
      expect(await s.interact.since(T0)).toEqual([flag]);
      expect(await s.interact.recentForEntity('Militants', T0, 10)).toEqual([]);
      expect(await s.interact.registeredHash('g1')).toBeNull();
      await s.interact.recordRegistration('g1', 'abc', T0);
      expect(await s.interact.registeredHash('g1')).toBe('abc');
      expect(await s.interact.remove('c1', 'ttp', T0 + 2)).toBe(true);
      expect(s.interact.isMuted('c1', 'ttp', T0 + 3)).toBe(false);
      // Retention: the delivered alert and its story go; the item still in its feed stays seen.
      const pruned = await s.prune(T0 + 86_400_000);
      expect(pruned).toMatchObject({ seenItems: 0, outbox: 1, stories: 1, mentions: 1 });
      expect([...(await s.poll.unseen('a', ['1']))]).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
