// The PostgreSQL state as one object with narrow faces, like ../store.ts for SQLite: the
// pipeline gets `poll`, the sender gets `outbox`, the status readers get `status`, the
// bot gets `interact`. Selected when the config's `state` is a postgres:// URL.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import pg from 'pg';
import { StateError, toStateError } from '../errors.js';
import type { StateImport } from '../copy.js';
import type { PruneResult } from '../store.js';
import {
  createPool,
  markStateError,
  migrate,
  nonceTag,
  pendingMigrations,
  PG_MIGRATIONS,
  redactUrl,
  types,
} from './db.js';
import { PgBriefingStore } from './briefing-store.js';
import { foldedOrNull, SEARCH_VECTOR } from './fold.js';
import { PgClusterStore } from './cluster-store.js';
import { PgHistoryStore, pruneHistory, text } from './history-store.js';
import { PgInteractStore } from './interact-store.js';
import { PgOutboxStore } from './outbox-store.js';
import { PgPollStore } from './poll-store.js';
import { PgStatusStore } from './status-store.js';

/**
 * What is wrong with the database now, as the paths that use it report: an unreachable
 * server is an 'io' fault (it passes by itself: /healthz is 503 while it lasts).
 */
class PgMonitor {
  private current: StateError | null = null;

  constructor(private readonly label: string) {}

  report(err: unknown): StateError | null {
    const e = toStateError(err, this.label);
    if (e) this.current = e;
    return e;
  }

  succeeded(): void {
    this.current = null;
  }

  fault(): StateError | null {
    return this.current;
  }
}

export class PgStore {
  private closed = false;
  readonly monitor: PgMonitor;
  /** Seen items kept for search and backtest (retention.maxAge). */
  readonly history: PgHistoryStore;
  /** What the daily briefing reads, and its queuing. */
  readonly briefing: PgBriefingStore;

  private constructor(
    private readonly pool: pg.Pool,
    /** The URL with its password hidden: what logs and messages name. */
    readonly label: string,
    readonly poll: PgPollStore,
    readonly outbox: PgOutboxStore,
    readonly status: PgStatusStore,
    readonly interact: PgInteractStore,
    /** This instance among the others on the database: leases of feeds and channels. */
    readonly cluster: PgClusterStore,
  ) {
    this.monitor = new PgMonitor(label);
    this.history = new PgHistoryStore(pool);
    this.briefing = new PgBriefingStore(pool);
  }

  /** The label (URL without password), named like the SQLite store's file. */
  get file(): string {
    return this.label;
  }

  check(): StateError | null {
    return this.monitor.fault();
  }

  /**
   * Connect, migrate (under an advisory lock) and load what is kept in memory (feed
   * states, mutes). Fails with a message naming the database (password hidden).
   */
  static async open(url: string, opts: { command?: string; leaseTtlMs?: number } = {}): Promise<PgStore> {
    const label = redactUrl(url);
    const pool = createPool(url);
    const leases = createPool(url, 1);
    // An idle connection that fails (the server restarted) must not crash the process: the next query reports it.
    pool.on('error', () => {});
    leases.on('error', () => {});
    try {
      await migrate(pool, label);
      const tag = await nonceTag(pool);
      const id = instanceId();
      const poll = new PgPollStore(pool, id);
      const interact = new PgInteractStore(pool, tag);
      await poll.load();
      await interact.load();
      const cluster = new PgClusterStore(pool, id, opts.leaseTtlMs ?? DEFAULT_LEASE_MS, {
        onFeedRow: (row) => poll.refresh(row),
        releasedByWrite: (feedId) => poll.takeReleased(feedId),
        schema: { version: PG_MIGRATIONS.length, label },
        listener: () => new pg.Client({ connectionString: url, types }),
        leases,
      });
      return new PgStore(pool, label, poll, new PgOutboxStore(pool, tag), new PgStatusStore(pool), interact, cluster);
    } catch (err) {
      await pool.end().catch(() => {});
      await leases.end().catch(() => {});
      const e = toStateError(markStateError(err), label);
      if (e) throw e;
      throw new Error(`state database ${label}: ${(err as Error).message}`, { cause: err });
    }
  }

  /**
   * Open the database to read it beside a running service (`newswatch status`): no lock,
   * no migration. Null when newswatch never ran on it; an error when its schema is not
   * the one this newswatch knows.
   */
  static async openReader(url: string, opts: { leaseTtlMs?: number } = {}): Promise<PgStore | null> {
    const label = redactUrl(url);
    const pool = createPool(url, 2);
    pool.on('error', () => {});
    try {
      const pending = await pendingMigrations(pool);
      if (pending === PG_MIGRATIONS.length) {
        await pool.end();
        return null;
      }
      const version = PG_MIGRATIONS.length - pending;
      if (pending < 0)
        throw new StateError(
          'newer-schema',
          label,
          `schema version ${version}; this newswatch knows up to ${PG_MIGRATIONS.length}`,
        );
      if (pending > 0) {
        throw new Error(
          `state database ${label} has schema version ${version}; this newswatch reads ${PG_MIGRATIONS.length} (run the service once to migrate)`,
        );
      }
      const tag = await nonceTag(pool);
      const interact = new PgInteractStore(pool, tag);
      await interact.load();
      return new PgStore(
        pool,
        label,
        new PgPollStore(pool),
        new PgOutboxStore(pool, tag),
        new PgStatusStore(pool),
        interact,
        // An instance is listed as alive while its heartbeat is younger than the config's lease time.
        new PgClusterStore(pool, 'reader', opts.leaseTtlMs ?? DEFAULT_LEASE_MS),
      );
    } catch (err) {
      await pool.end().catch(() => {});
      const e = toStateError(markStateError(err), label);
      if (e) throw e;
      throw err;
    }
  }

  /**
   * Forget what is older than `before` (ms), as the SQLite store does: an item id still
   * present in its feed's last fetch is never forgotten (it would alert again).
   */
  async prune(before: number): Promise<PruneResult> {
    const day = new Date(before).toISOString().slice(0, 10);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const seen = await client.query(
        `DELETE FROM seen_items s WHERE first_seen_at < $1
          AND NOT EXISTS (SELECT 1 FROM feeds f WHERE f.id = s.feed_id AND f.present_ids ? s.item_id)`,
        [before],
      );
      const outbox = await client.query(
        "DELETE FROM outbox WHERE status = 'sent' AND edit_pending = 0 AND created_at < $1",
        [before],
      );
      const stories = await client.query(
        'DELETE FROM stories s WHERE created_at < $1 AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.story_id = s.id)',
        [before],
      );
      const mentions = await client.query('DELETE FROM mentions WHERE day < $1', [day]);
      const pruned = await pruneHistory(client, before);
      await client.query('COMMIT');
      return {
        seenItems: seen.rowCount ?? 0,
        outbox: outbox.rowCount ?? 0,
        stories: stories.rowCount ?? 0,
        mentions: mentions.rowCount ?? 0,
        ...pruned,
      };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw markStateError(err);
    } finally {
      client.release();
    }
  }

  // ---- `state copy` (../copy.ts) ----

  async *exportPages(
    table: string,
    _json: readonly string[],
    pageSize: number,
  ): AsyncIterable<Record<string, unknown>[]> {
    // Ordered by the primary key: ids (outbox, stories) keep their order, so do the others.
    // The history's tsvector is left out: the target builds its own search index.
    const { rows: cols } = await this.pool.query<{ c: string }>(
      `SELECT quote_ident(column_name) AS c FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'
          AND NOT (table_name = 'history' AND column_name = 'search') ORDER BY ordinal_position`,
      [table],
    );
    // A cursor in a read-only transaction: one page in memory at a time.
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await client.query(
        `DECLARE rows NO SCROLL CURSOR FOR SELECT ${cols.map((r) => r.c).join(', ')} FROM ${table} ORDER BY 1, 2`,
      );
      for (;;) {
        const { rows } = await client.query<Record<string, unknown>>(
          `FETCH ${Math.max(1, Math.floor(pageSize))} FROM rows`,
        );
        if (rows.length === 0) break;
        // Leases belong to the instances running on this database, not to the state being moved.
        if (table === 'feeds') for (const r of rows) for (const c of LEASE_COLUMNS) delete r[c];
        yield rows;
      }
      await client.query('COMMIT');
    } finally {
      await client.query('ROLLBACK').catch(() => {}); // a copy that stopped reading (a failed import)
      client.release();
    }
  }

  async nonceTag(): Promise<string> {
    return nonceTag(this.pool);
  }

  async size(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      `SELECT (SELECT COUNT(*) FROM feeds) + (SELECT COUNT(*) FROM seen_items) + (SELECT COUNT(*) FROM stories)
        + (SELECT COUNT(*) FROM outbox) AS n`,
    );
    return Number(rows[0]?.n ?? 0);
  }

  async beginImport(): Promise<StateImport> {
    const client = await this.pool.connect();
    let open = true;
    const end = async (sql: string) => {
      if (!open) return;
      open = false;
      try {
        await client.query(sql);
      } finally {
        client.release();
      }
    };
    await client.query('BEGIN').catch(async (err: unknown) => {
      client.release();
      throw markStateError(err);
    });
    return {
      async add(table, _json, rows) {
        if (rows.length === 0) return;
        const names = Object.keys(rows[0]!);
        const cols = names.join(', ');
        const json = withoutNul(JSON.stringify(rows));
        // The history's tsvector is built here, from the folded title and text (./fold.ts).
        const insert =
          table === 'history'
            ? client.query(
                `INSERT INTO history (${cols}, search)
                  SELECT ${names.map((c) => `r.${c}`).join(', ')}, ${SEARCH_VECTOR('COALESCE(f.ft, r.title)', 'COALESCE(f.fb, r.body)')}
                  FROM json_populate_recordset(NULL::history, $1::json) WITH ORDINALITY AS r
                  JOIN unnest($2::text[], $3::text[]) WITH ORDINALITY AS f(ft, fb, n) ON f.n = r.ordinality`,
                [
                  json,
                  rows.map((r) => foldedOrNull(text(String(r.title ?? '')))),
                  rows.map((r) => foldedOrNull(text(String(r.body ?? '')))),
                ],
              )
            : client.query(
                `INSERT INTO ${table} (${cols}) SELECT ${cols} FROM json_populate_recordset(NULL::${table}, $1::json)`,
                [json],
              );
        await insert.catch((err: unknown) => Promise.reject(markStateError(err)));
      },
      async commit(tag) {
        // Rows keep their ids (an outbox id is part of its Discord nonce): new ones come after them.
        for (const t of ['stories', 'outbox', 'feedback', 'history']) {
          await client.query(
            `SELECT setval(pg_get_serial_sequence('${t}', 'id'), GREATEST((SELECT MAX(id) FROM ${t}), 1))`,
          );
        }
        await client.query("UPDATE meta SET value = $1 WHERE key = 'nonce_tag'", [tag]);
        await end('COMMIT');
      },
      rollback: () => end('ROLLBACK').catch(() => {}),
    };
  }

  /** Is the database answering? (/healthz) */
  async ping(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.cluster.close();
    await this.pool.end();
  }
}

/**
 * JSON text without its NUL characters (`\\u0000` escapes; an escaped backslash before
 * "u0000" is text, kept): PostgreSQL text cannot hold NUL, which a SQLite state may (a
 * feed's stray one, kept in the history before it was stripped on the way in).
 */
export function withoutNul(json: string): string {
  return json.includes('\\u0000') ? json.replace(/(?<!\\)((?:\\\\)*)\\u0000/g, '$1') : json;
}

/** How long a lease of a feed or a channel lasts without a heartbeat, unless the config says otherwise. */
export const DEFAULT_LEASE_MS = 10_000;

/** Columns of `feeds` that say who polls it now (see ./cluster-store.ts). */
const LEASE_COLUMNS = ['poll_window', 'lease_holder', 'lease_until'];

/** An instance's id: readable in the status (host and pid), unique across restarts. */
function instanceId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`;
}
