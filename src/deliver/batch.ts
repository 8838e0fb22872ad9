// Which pending rows go out in the next message of a channel (a "batch"): the head alone,
// or the head and the alerts after it collapsed into one digest.
import type { AlertPayload, DeliveryPayload } from '../core/types.js';
import type { OutboxRow } from '../state/interfaces.js';
import { DIGEST_MAX_ALERTS } from './limits.js';

export interface BatchContext {
  /** Pending rows of the channel in the store. */
  count: number;
  /** Channel config: collapse when more than this many are pending (0: never). */
  digestAfter: number;
  /** Alerts sent one by one since the backlog last was at most `digestAfter`. */
  sentInBurst: number;
  /** Ids of the rows last attempted together with this head in this process, if any. */
  lastAttempt: readonly number[] | undefined;
}

/**
 * The rows of the next message, starting at the head (rows are in outbox order).
 *
 * Invariant: a batch whose attempt may have reached Discord is sent again exactly as it
 * was (same rows, same head nonce), so a repeated create returns or finds the earlier
 * message, and marking its rows sent is right. The rows of such a batch are the ones this
 * process attempted together, or else (after a restart) the contiguous rows from the
 * head whose attempt started (they are marked together, before the request).
 */
export function nextBatch(rows: readonly OutboxRow[], ctx: BatchContext): OutboxRow[] {
  const head = rows[0];
  if (!head) return [];
  if (ctx.lastAttempt && ctx.lastAttempt[0] === head.id) {
    const ids = new Set(ctx.lastAttempt);
    return rows.filter((r) => ids.has(r.id));
  }
  if (head.attemptStartedAt !== null) return takeAlerts(rows, (r) => r.attemptStartedAt !== null);
  if (ctx.digestAfter > 0 && ctx.count > ctx.digestAfter && ctx.sentInBurst >= ctx.digestAfter) {
    return takeAlerts(rows, (r) => r.attemptStartedAt === null);
  }
  return [head];
}

/** The head, then following alerts while `more` holds, up to a digest's size; a lone head if it is not an alert. */
function takeAlerts(rows: readonly OutboxRow[], more: (r: OutboxRow) => boolean): OutboxRow[] {
  const head = rows[0] as OutboxRow;
  if (head.payload.kind !== 'alert') return [head];
  const batch = [head];
  for (const r of rows.slice(1, DIGEST_MAX_ALERTS)) {
    if (r.payload.kind !== 'alert' || !more(r)) break;
    batch.push(r);
  }
  return batch;
}

/** The message for a batch: the row's own payload, or a digest of the batch's alerts. */
export function batchPayload(batch: readonly OutboxRow[]): DeliveryPayload {
  if (batch.length === 1) return (batch[0] as OutboxRow).payload;
  return { kind: 'digest', alerts: batch.map((r) => r.payload as AlertPayload) };
}
