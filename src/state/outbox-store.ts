// SQLite side of delivery: the outbox the sender drains.
//
// Invariant: a row leaves 'pending' only through markSent, called after the sink
// confirmed the message. markAttempt is written BEFORE a request leaves, so after a
// crash a row with attempt_started_at set is known to be "maybe sent" and is resent
// with the same nonce (Discord returns the existing message) or reconciled.
import type { DeliveryPayload } from '../core/types.js';
import type { Db } from './db.js';
import type { OutboxCounts, OutboxRow, OutboxStore, PendingEdit } from './interfaces.js';

interface Row {
  id: number;
  channel_id: string;
  story_id: number | null;
  payload: string;
  created_at: number;
  attempts: number;
  next_attempt_at: number;
  attempt_started_at: number | null;
  last_error: string | null;
}

/** Deterministic per row and database, ≤ 25 characters as Discord requires of a nonce. */
export function nonceFor(tag: string, id: number): string {
  return `nw-${tag}-${id.toString(36)}`;
}

function toRow(r: Row, tag: string): OutboxRow {
  return {
    id: r.id,
    channelId: r.channel_id,
    payload: JSON.parse(r.payload) as DeliveryPayload,
    storyId: r.story_id,
    createdAt: r.created_at,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    attemptStartedAt: r.attempt_started_at,
    nonce: nonceFor(tag, r.id),
    lastError: r.last_error,
  };
}

export class SqliteOutboxStore implements OutboxStore {
  private readonly q;
  private readonly tag: string;

  constructor(private readonly db: Db) {
    this.tag =
      (db.prepare("SELECT value FROM meta WHERE key = 'nonce_tag'").get() as { value: string } | undefined)?.value ??
      'x';
    this.q = {
      channels: db.prepare<[], { channel_id: string }>(
        "SELECT DISTINCT channel_id FROM outbox WHERE status = 'pending' OR edit_pending = 1",
      ),
      pending: db.prepare<[string, number], Row>(
        "SELECT * FROM outbox WHERE channel_id = ? AND status = 'pending' ORDER BY id LIMIT ?",
      ),
      countPending: db.prepare<[string], { n: number }>(
        "SELECT COUNT(*) AS n FROM outbox WHERE channel_id = ? AND status = 'pending'",
      ),
      attempt: db.prepare('UPDATE outbox SET attempt_started_at = ?, attempts = attempts + 1 WHERE id = ?'),
      sent: db.prepare(
        "UPDATE outbox SET status = 'sent', message_id = ?, sent_at = ?, attempt_started_at = NULL, last_error = NULL WHERE id = ? AND status = 'pending'",
      ),
      // attempt_started_at is kept: after a 5xx, a timeout or a dropped connection the
      // message may exist, and the next attempt (even after a restart) must reconcile.
      retry: db.prepare('UPDATE outbox SET last_error = ?, next_attempt_at = ? WHERE id = ?'),
      edits: db.prepare<[string, number], { id: number; channel_id: string; message_id: string; payload: string }>(
        // Rows collapsed into one digest share its message id: editing it would replace the digest.
        // (The OR term lets SQLite use the small outbox_work index instead of every sent row.)
        `SELECT id, channel_id, message_id, payload FROM outbox INDEXED BY outbox_work
          WHERE (status = 'pending' OR edit_pending = 1) AND channel_id = ? AND edit_pending = 1 AND status = 'sent' AND message_id IS NOT NULL
          AND (SELECT COUNT(*) FROM outbox o2 WHERE o2.message_id = outbox.message_id AND o2.channel_id = outbox.channel_id) = 1 ORDER BY id LIMIT ?`,
      ),
      edited: db.prepare('UPDATE outbox SET edit_pending = 0 WHERE id = ?'),
      // One time per request: the rows of a digest share its message id (sent) or its
      // attempt time (pending). (Reads the channel's sent rows through outbox_channel; run
      // once per channel at start.)
      recent: db.prepare<[string, number, string, number], { at: number }>(
        `SELECT MIN(sent_at) AS at FROM outbox WHERE channel_id = ? AND status = 'sent' AND sent_at >= ?
            GROUP BY COALESCE(message_id, 'row ' || id)
          UNION ALL SELECT DISTINCT attempt_started_at FROM outbox WHERE channel_id = ? AND status = 'pending' AND attempt_started_at >= ?
          ORDER BY at`,
      ),
      counts: db.prepare<
        [],
        { channel_id: string; pending: number; failing: number; sent: number; oldest: number | null }
      >(`
        SELECT channel_id,
          SUM(status = 'pending') AS pending,
          SUM(status = 'pending' AND last_error IS NOT NULL) AS failing,
          SUM(status = 'sent') AS sent,
          MIN(CASE WHEN status = 'pending' THEN created_at END) AS oldest
        FROM outbox GROUP BY channel_id ORDER BY channel_id`),
    };
  }

  channelsWithWork(): string[] {
    return this.q.channels.all().map((r) => r.channel_id);
  }

  pending(channelId: string, limit: number): OutboxRow[] {
    return this.q.pending.all(channelId, limit).map((r) => toRow(r, this.tag));
  }

  countPending(channelId: string): number {
    return this.q.countPending.get(channelId)?.n ?? 0;
  }

  markAttempt(id: number, now: number): void {
    this.q.attempt.run(now, id);
  }

  markSent(ids: number[], messageId: string | null, now: number): void {
    this.db.transaction(() => {
      for (const id of ids) this.q.sent.run(messageId, now, id);
    })();
  }

  markRetry(id: number, error: string, nextAttemptAt: number): void {
    this.q.retry.run(error.slice(0, 1000), nextAttemptAt, id);
  }

  pendingEdits(channelId: string, limit: number): PendingEdit[] {
    return this.q.edits.all(channelId, limit).map((r) => ({
      outboxId: r.id,
      channelId: r.channel_id,
      messageId: r.message_id,
      payload: JSON.parse(r.payload) as DeliveryPayload,
      nonce: nonceFor(this.tag, r.id),
    }));
  }

  markEdited(outboxId: number, _now?: number): void {
    this.q.edited.run(outboxId);
  }

  recentSends(channelId: string, since: number): number[] {
    return this.q.recent.all(channelId, since, channelId, since).map((r) => r.at);
  }

  counts(): OutboxCounts[] {
    return this.q.counts.all().map((r) => ({
      channelId: r.channel_id,
      pending: r.pending,
      failing: r.failing,
      sent: r.sent,
      oldestPendingAt: r.oldest,
    }));
  }
}
