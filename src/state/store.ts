// The state file as one object with narrow faces: the pipeline gets `poll`, the
// sender gets `outbox`, the status page gets `status`. Opened once per process.
import { openDb, type Db } from './db.js';
import { SqliteBriefingStore } from './briefing-store.js';
import { SqliteHistoryStore } from './history-store.js';
import { SqliteInteractStore } from './interact-store.js';
import { StateError } from './errors.js';
import { describeHolder, lockFileOf, StateLock, StateLockedError } from './lock.js';
import { identify, StateMonitor } from './monitor.js';
import { SqliteOutboxStore } from './outbox-store.js';
import { SqlitePollStore } from './poll-store.js';
import { SqliteStatusStore } from './status-store.js';
import type { StateImport } from './copy.js';

export interface PruneResult {
  seenItems: number;
  outbox: number;
  stories: number;
  mentions: number;
  history: number;
  /** Keys of briefings fired before the cut (their firings are long past being posted late). */
  briefings: number;
}

export class Store {
  readonly poll: SqlitePollStore;
  readonly outbox: SqliteOutboxStore;
  readonly status: SqliteStatusStore;
  /** Discord interactions: mutes, feedback, alert look-ups, command registrations. */
  readonly interact: SqliteInteractStore;
  /** Seen items kept for search and backtest (retention.maxAge). */
  readonly history: SqliteHistoryStore;
  /** What the daily briefing reads, and its queuing. */
  readonly briefing: SqliteBriefingStore;
  /** Watches the file under the open database (deleted, replaced, damaged, full). */
  readonly monitor: StateMonitor;
  private closed = false;

  private constructor(
    private readonly db: Db,
    readonly file: string,
    private readonly readonly = false,
    private lock: StateLock | null = null,
    private readonly command = 'process',
  ) {
    this.poll = new SqlitePollStore(db);
    this.outbox = new SqliteOutboxStore(db);
    this.status = new SqliteStatusStore(db);
    this.interact = new SqliteInteractStore(db);
    this.history = new SqliteHistoryStore(db);
    this.briefing = new SqliteBriefingStore(db);
    this.monitor = new StateMonitor(file, file === ':memory:' || readonly ? null : identify(file));
  }

  /**
   * Open the state file to write it: first take its lock (StateLockedError when another
   * newswatch holds it; `command` is shown to that one), then open and migrate it
   * (StateError, naming the file and what to do, when it cannot be used).
   */
  static open(file: string, opts: { command?: string } = {}): Store {
    const lock = file === ':memory:' ? null : StateLock.acquire(file, opts.command ?? 'process');
    try {
      return new Store(openDb(file), file, false, lock, opts.command);
    } catch (err) {
      lock?.release();
      throw err;
    }
  }

  /** Open an existing state file to read it while the service may be running (`newswatch status`). */
  static openReadonly(file: string): Store {
    return new Store(openDb(file, { readonly: true }), file, true);
  }

  /**
   * Look at the state file and its lock again (see StateMonitor); returns the current fault.
   * A lock file deleted on its own is taken again at its path, so that a second instance
   * cannot start beside this one; if another one already holds it, this one must stop
   * writing (a fault that pauses it). Never throws.
   */
  check(): StateError | null {
    const fault = this.monitor.check();
    if (fault?.blocking || !this.lock || this.lock.intact()) return fault;
    try {
      const fresh = StateLock.acquire(this.file, this.command);
      this.lock.release();
      this.lock = fresh;
    } catch (err) {
      const lost = `its lock ${lockFileOf(this.file)} was deleted and`;
      const detail =
        err instanceof StateLockedError
          ? `${lost} is now held by another newswatch (${describeHolder(err.holder)})`
          : `${lost} cannot be taken again: ${(err as Error).message}`;
      this.monitor.report(new StateError('replaced', this.file, detail));
    }
    return this.monitor.fault();
  }

  /**
   * Forget what is older than `before` (ms): seen items, delivered alerts, stories,
   * mention counts and history. An item id still present in its feed's last fetch is never forgotten:
   * forgetting it would make it "new" on the next poll and alert again.
   */
  prune(before: number): PruneResult {
    const day = new Date(before).toISOString().slice(0, 10);
    return this.db.transaction((): PruneResult => ({
      seenItems: this.db
        .prepare(
          `DELETE FROM seen_items WHERE first_seen_at < ? AND NOT EXISTS (
            SELECT 1 FROM feeds f, json_each(f.present_ids) j WHERE f.id = seen_items.feed_id AND j.value = seen_items.item_id)`,
        )
        .run(before).changes,
      outbox: this.db
        .prepare("DELETE FROM outbox WHERE status = 'sent' AND edit_pending = 0 AND created_at < ?")
        .run(before).changes,
      stories: this.db
        .prepare(
          'DELETE FROM stories WHERE created_at < ? AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.story_id = stories.id)',
        )
        .run(before).changes,
      mentions: this.db.prepare('DELETE FROM mentions WHERE day < ?').run(day).changes,
      history: this.history.prune(before),
      briefings: this.briefing.prune(before),
    }))();
  }

  // ---- `state copy` (./copy.ts) ----

  *exportPages(table: string, json: readonly string[], pageSize: number): Iterable<Record<string, unknown>[]> {
    // A cursor over the table: nothing else runs on this connection while the copy reads it.
    let page: Record<string, unknown>[] = [];
    for (const r of this.db.prepare(`SELECT * FROM ${table} ORDER BY 1`).iterate() as Iterable<
      Record<string, unknown>
    >) {
      for (const c of json) r[c] = JSON.parse(r[c] as string);
      page.push(r);
      if (page.length >= pageSize) {
        yield page;
        page = [];
      }
    }
    if (page.length > 0) yield page;
  }

  nonceTag(): string {
    return (
      (this.db.prepare("SELECT value FROM meta WHERE key = 'nonce_tag'").get() as { value: string } | undefined)
        ?.value ?? 'x'
    );
  }

  size(): number {
    const n = (t: string) => (this.db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
    return n('feeds') + n('seen_items') + n('stories') + n('outbox');
  }

  beginImport(): StateImport {
    const db = this.db;
    db.exec('BEGIN IMMEDIATE');
    return {
      add(table, json, rows) {
        const first = rows[0];
        if (!first) return;
        const cols = Object.keys(first);
        const insert = db.prepare(
          `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`,
        );
        for (const r of rows) {
          const v = { ...r };
          for (const c of json) v[c] = JSON.stringify(v[c]);
          insert.run(v);
        }
      },
      commit(nonceTag) {
        db.prepare(
          "INSERT INTO meta (key, value) VALUES ('nonce_tag', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        ).run(nonceTag);
        db.exec('COMMIT');
      },
      rollback() {
        if (db.inTransaction) db.exec('ROLLBACK');
      },
    };
  }

  /** Close the database (after a last checkpoint, when it can be written), then release the lock. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      if (!this.readonly && this.monitor.fault() === null) this.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      try {
        this.db.close();
      } finally {
        this.lock?.release();
      }
    }
  }
}
