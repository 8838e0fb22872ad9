// The PostgreSQL state as one object with narrow faces, like ../store.ts for SQLite: the
// pipeline gets `poll`, the sender gets `outbox`, the status readers get `status`, the
// bot gets `interact`. Selected when the config's `state` is a postgres:// URL.
import type pg from 'pg';
import { toStateError, type StateError } from '../errors.js';
import type { PruneResult } from '../store.js';
import { createPool, migrate, nonceTag, redactUrl } from './db.js';
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

  private constructor(
    private readonly pool: pg.Pool,
    /** The URL with its password hidden: what logs and messages name. */
    readonly label: string,
    readonly poll: PgPollStore,
    readonly outbox: PgOutboxStore,
    readonly status: PgStatusStore,
    readonly interact: PgInteractStore,
  ) {
    this.monitor = new PgMonitor(label);
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
  static async open(url: string): Promise<PgStore> {
    const label = redactUrl(url);
    const pool = createPool(url);
    // An idle connection that fails (the server restarted) must not crash the process: the next query reports it.
    pool.on('error', () => {});
    try {
      await migrate(pool, label);
      const tag = await nonceTag(pool);
      const poll = new PgPollStore(pool);
      const interact = new PgInteractStore(pool, tag);
      await poll.load();
      await interact.load();
      return new PgStore(pool, label, poll, new PgOutboxStore(pool, tag), new PgStatusStore(pool), interact);
    } catch (err) {
      await pool.end().catch(() => {});
      const e = toStateError(err, label);
      if (e) throw e;
      throw new Error(`state database ${label}: ${(err as Error).message}`, { cause: err });
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
      const outbox = await client.query("DELETE FROM outbox WHERE status = 'sent' AND edit_pending = 0 AND created_at < $1", [before]);
      const stories = await client.query(
        'DELETE FROM stories s WHERE created_at < $1 AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.story_id = s.id)',
        [before],
      );
      const mentions = await client.query('DELETE FROM mentions WHERE day < $1', [day]);
      await client.query('COMMIT');
      return { seenItems: seen.rowCount ?? 0, outbox: outbox.rowCount ?? 0, stories: stories.rowCount ?? 0, mentions: mentions.rowCount ?? 0 };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
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
    await this.pool.end();
  }
}
