// PostgreSQL side of delivery: the outbox the sender drains. Same invariant as the SQLite
// store (../outbox-store.ts): a row leaves 'pending' only through markSent, called after
// the sink confirmed the message; markAttempt is written before the request leaves.
import type pg from 'pg';
import type { DeliveryPayload } from '../../core/types.js';
import type { OutboxCounts, OutboxRow, OutboxStore, PendingEdit } from '../interfaces.js';
import { nonceFor } from '../outbox-store.js';

interface Row {
  id: number;
  channel_id: string;
  story_id: number | null;
  payload: DeliveryPayload;
  created_at: number;
  attempts: number;
  next_attempt_at: number;
  attempt_started_at: number | null;
  last_error: string | null;
}

export class PgOutboxStore implements OutboxStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly tag: string,
  ) {}

  private toRow(r: Row): OutboxRow {
    return {
      id: r.id,
      channelId: r.channel_id,
      payload: r.payload,
      storyId: r.story_id,
      createdAt: r.created_at,
      attempts: r.attempts,
      nextAttemptAt: r.next_attempt_at,
      attemptStartedAt: r.attempt_started_at,
      nonce: nonceFor(this.tag, r.id),
      lastError: r.last_error,
    };
  }

  async channelsWithWork(): Promise<string[]> {
    const { rows } = await this.pool.query<{ channel_id: string }>(
      "SELECT DISTINCT channel_id FROM outbox WHERE status = 'pending' OR edit_pending = 1 ORDER BY channel_id",
    );
    return rows.map((r) => r.channel_id);
  }

  async pending(channelId: string, limit: number): Promise<OutboxRow[]> {
    const { rows } = await this.pool.query<Row>(
      "SELECT * FROM outbox WHERE channel_id = $1 AND status = 'pending' ORDER BY id LIMIT $2",
      [channelId, limit],
    );
    return rows.map((r) => this.toRow(r));
  }

  async countPending(channelId: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      "SELECT COUNT(*) AS n FROM outbox WHERE channel_id = $1 AND status = 'pending'",
      [channelId],
    );
    return rows[0]?.n ?? 0;
  }

  async markAttempt(id: number, now: number): Promise<void> {
    await this.pool.query('UPDATE outbox SET attempt_started_at = $1, attempts = attempts + 1 WHERE id = $2', [
      now,
      id,
    ]);
  }

  async markSent(ids: number[], messageId: string | null, now: number): Promise<void> {
    // One statement: the rows of a digest are marked together or not at all.
    await this.pool.query(
      `UPDATE outbox SET status = 'sent', message_id = $1, sent_at = $2, attempt_started_at = NULL, last_error = NULL
        WHERE id = ANY($3::bigint[]) AND status = 'pending'`,
      [messageId, now, ids],
    );
  }

  async markRetry(id: number, error: string, nextAttemptAt: number): Promise<void> {
    // attempt_started_at is kept: the next attempt must reconcile (see ../outbox-store.ts).
    await this.pool.query('UPDATE outbox SET last_error = $1, next_attempt_at = $2 WHERE id = $3', [
      error.slice(0, 1000),
      nextAttemptAt,
      id,
    ]);
  }

  async pendingEdits(channelId: string, limit: number): Promise<PendingEdit[]> {
    // Rows collapsed into one digest share its message id: editing it would replace the digest.
    const { rows } = await this.pool.query<{
      id: number;
      channel_id: string;
      message_id: string;
      payload: DeliveryPayload;
    }>(
      `SELECT id, channel_id, message_id, payload FROM outbox
        WHERE channel_id = $1 AND edit_pending = 1 AND status = 'sent' AND message_id IS NOT NULL
        AND (SELECT COUNT(*) FROM outbox o2 WHERE o2.message_id = outbox.message_id AND o2.channel_id = outbox.channel_id) = 1
        ORDER BY id LIMIT $2`,
      [channelId, limit],
    );
    return rows.map((r) => ({
      outboxId: r.id,
      channelId: r.channel_id,
      messageId: r.message_id,
      payload: r.payload,
      nonce: nonceFor(this.tag, r.id),
    }));
  }

  async markEdited(outboxId: number, _now?: number): Promise<void> {
    await this.pool.query('UPDATE outbox SET edit_pending = 0 WHERE id = $1', [outboxId]);
  }

  async recentSends(channelId: string, since: number): Promise<number[]> {
    // One time per request: the rows of a digest share its message id (sent) or its attempt time (pending).
    const { rows } = await this.pool.query<{ at: number }>(
      `SELECT MIN(sent_at) AS at FROM outbox WHERE channel_id = $1 AND status = 'sent' AND sent_at >= $2
          GROUP BY COALESCE(message_id, 'row ' || id)
        UNION ALL SELECT DISTINCT attempt_started_at FROM outbox
          WHERE channel_id = $1 AND status = 'pending' AND attempt_started_at >= $2
        ORDER BY at`,
      [channelId, since],
    );
    return rows.map((r) => r.at);
  }

  async counts(): Promise<OutboxCounts[]> {
    const { rows } = await this.pool.query<{
      channel_id: string;
      pending: number;
      failing: number;
      sent: number;
      oldest: number | null;
    }>(
      `SELECT channel_id,
          COUNT(*) FILTER (WHERE status = 'pending')::int AS pending,
          COUNT(*) FILTER (WHERE status = 'pending' AND last_error IS NOT NULL)::int AS failing,
          COUNT(*) FILTER (WHERE status = 'sent')::int AS sent,
          MIN(created_at) FILTER (WHERE status = 'pending') AS oldest
        FROM outbox GROUP BY channel_id ORDER BY channel_id COLLATE "C"`,
    );
    return rows.map((r) => ({
      channelId: r.channel_id,
      pending: r.pending,
      failing: r.failing,
      sent: r.sent,
      oldestPendingAt: r.oldest,
    }));
  }
}
