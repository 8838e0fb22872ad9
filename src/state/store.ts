// The state file as one object with narrow faces: the pipeline gets `poll`, the
// sender gets `outbox`, the status page gets `status`. Opened once per process.
import { openDb, type Db } from './db.js';
import { SqliteInteractStore } from './interact-store.js';
import { SqliteOutboxStore } from './outbox-store.js';
import { SqlitePollStore } from './poll-store.js';
import { SqliteStatusStore } from './status-store.js';

export interface PruneResult {
  seenItems: number;
  outbox: number;
  stories: number;
  mentions: number;
}

export class Store {
  readonly poll: SqlitePollStore;
  readonly outbox: SqliteOutboxStore;
  readonly status: SqliteStatusStore;
  /** Discord interactions: mutes, feedback, alert look-ups, command registrations. */
  readonly interact: SqliteInteractStore;
  private closed = false;

  private constructor(
    private readonly db: Db,
    readonly file: string,
    private readonly readonly = false,
  ) {
    this.poll = new SqlitePollStore(db);
    this.outbox = new SqliteOutboxStore(db);
    this.status = new SqliteStatusStore(db);
    this.interact = new SqliteInteractStore(db);
  }

  static open(file: string): Store {
    return new Store(openDb(file), file);
  }

  /** Open an existing state file to read it while the service may be running (`newswatch status`). */
  static openReadonly(file: string): Store {
    return new Store(openDb(file, { readonly: true }), file, true);
  }

  /** True when the database answers (for /healthz). */
  ping(): boolean {
    try {
      return this.db.prepare('SELECT 1 AS ok').get() !== undefined;
    } catch {
      return false;
    }
  }

  /**
   * Forget what is older than `before` (ms): seen items, delivered alerts, stories and
   * mention counts. An item id still present in its feed's last fetch is never forgotten:
   * forgetting it would make it "new" on the next poll and alert again.
   */
  prune(before: number): PruneResult {
    const day = new Date(before).toISOString().slice(0, 10);
    return this.db.transaction((): PruneResult => ({
      seenItems: this.db
        .prepare(`DELETE FROM seen_items WHERE first_seen_at < ? AND NOT EXISTS (
            SELECT 1 FROM feeds f, json_each(f.present_ids) j WHERE f.id = seen_items.feed_id AND j.value = seen_items.item_id)`)
        .run(before).changes,
      outbox: this.db.prepare("DELETE FROM outbox WHERE status = 'sent' AND edit_pending = 0 AND created_at < ?").run(before).changes,
      stories: this.db
        .prepare('DELETE FROM stories WHERE created_at < ? AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.story_id = stories.id)')
        .run(before).changes,
      mentions: this.db.prepare('DELETE FROM mentions WHERE day < ?').run(day).changes,
    }))();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      if (!this.readonly) this.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.db.close();
    }
  }
}
