// The history's migration on PostgreSQL: a database made before it (schema 1) is brought up
// to date at the next start, its rows kept, and its polls searchable from then on; search
// and backtest (which never migrate) say what to do until then.
import { afterAll, describe, expect, it } from 'vitest';
import { createPool, migrate, PG_MIGRATIONS } from '../../src/state/postgres/db.js';
import { PgStore } from '../../src/state/postgres/store.js';
import { dropTestDatabase, freshSchemaUrl, postgresUnavailable } from '../helpers/postgres.js';
import { pollCommit } from './contract/subjects.js';
import type { NewItemRecord } from '../../src/state/interfaces.js';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const noPostgres = await postgresUnavailable();

function item(id: string, title: string): NewItemRecord {
  return {
    id,
    canonicalLink: null,
    title,
    link: `https://news.example.org/${id}`,
    source: 'Dawn',
    alerts: [],
    mentions: [],
    history: { published: null, text: `${title}, officials said.`, matched: [], alerted: [] },
  };
}

describe.skipIf(noPostgres !== null)('PostgreSQL history migration', () => {
  afterAll(dropTestDatabase);

  it('brings a schema-1 database up to date at start, its rows kept; readers ask for that start first', async () => {
    const url = await freshSchemaUrl();
    const pool = createPool(url, 1);
    try {
      expect(await migrate(pool, 'test', PG_MIGRATIONS.slice(0, 1))).toBe(1);
      await pool.query("INSERT INTO feeds (id, url) VALUES ('a', 'https://a.example.org/feed')");
      await pool.query("INSERT INTO seen_items (feed_id, item_id, first_seen_at) VALUES ('a', 'old', $1)", [T0]);
    } finally {
      await pool.end();
    }
    await expect(PgStore.openReader(url)).rejects.toThrow(
      /has schema version 1; this newswatch reads \d+ \(run the service once to migrate\)/,
    );

    const store = await PgStore.open(url);
    try {
      expect(store.poll.feedState('a')).toMatchObject({ url: 'https://a.example.org/feed' });
      expect([...(await store.poll.unseen('a', ['old', 'new']))]).toEqual(['new']);
      await store.poll.commitPoll(pollCommit('a', [item('new', 'Floods close the Torkham crossing')], T0 + 1000));
      const hits = await store.history.search('torkham', { since: 0, limit: 10 });
      expect(hits.map((h) => [h.title, h.snippet])).toEqual([
        ['Floods close the Torkham crossing', 'Floods close the \u0002Torkham\u0003 crossing'],
      ]);
    } finally {
      await store.close();
    }
    const reader = await PgStore.openReader(url);
    try {
      expect((await reader!.history.search('floods', { since: 0, limit: 10 })).map((h) => h.title)).toEqual([
        'Floods close the Torkham crossing',
      ]);
    } finally {
      await reader!.close();
    }
  });
});
