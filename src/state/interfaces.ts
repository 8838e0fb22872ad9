// Narrow store interfaces: each consumer sees only what it needs. The SQLite
// implementation is in ./sqlite.ts; small in-memory fakes for unit tests in ./memory.ts.
import type { DeliveryPayload } from '../core/types.js';

/** One row of the delivery outbox: a message owed to one channel. */
export interface OutboxRow {
  id: number;
  channelId: string;
  payload: DeliveryPayload;
  /** Story this alert belongs to (null for notices). */
  storyId: number | null;
  createdAt: number;
  attempts: number;
  /** Earliest time (ms) the next attempt may be made. */
  nextAttemptAt: number;
  /**
   * Set when an attempt started and its outcome was never recorded (a crash or timeout
   * mid-send): the message may or may not exist in Discord. The sender must reconcile
   * (same nonce, or look it up) before posting again.
   */
  attemptStartedAt: number | null;
  /** Deterministic per row (≤ 25 chars): sent as Discord's `nonce` with `enforce_nonce`. */
  nonce: string;
  lastError: string | null;
}

/** A sent alert whose message must be edited (a later source reported the same story). */
export interface PendingEdit {
  outboxId: number;
  channelId: string;
  messageId: string;
  payload: DeliveryPayload;
}

export interface OutboxCounts {
  channelId: string;
  pending: number;
  /** Pending rows that have failed at least once. */
  failing: number;
  sent: number;
  oldestPendingAt: number | null;
}

/**
 * What the sender needs. Invariant kept by the implementation: a row leaves "pending"
 * only through markSent, which is called only after the sink confirmed the message.
 */
export interface OutboxStore {
  /** Channels that have pending rows or pending edits. */
  channelsWithWork(): string[];
  /** Pending rows of one channel, oldest first. */
  pending(channelId: string, limit: number): OutboxRow[];
  countPending(channelId: string): number;
  /** Record that an attempt is starting (before the request leaves). */
  markAttempt(id: number, now: number): void;
  /** Record that the sink confirmed the message; rows collapsed into one digest share its message id. */
  markSent(ids: number[], messageId: string | null, now: number): void;
  /** Record a failed attempt; the row stays pending. */
  markRetry(id: number, error: string, nextAttemptAt: number): void;
  pendingEdits(channelId: string, limit: number): PendingEdit[];
  markEdited(outboxId: number, now: number): void;
  counts(): OutboxCounts[];
}
