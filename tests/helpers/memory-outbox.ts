// An in-memory OutboxStore for the sender's tests, with the semantics of the SQLite one
// (src/state/outbox-store.ts): rows leave 'pending' only through markSent; markAttempt
// sets attemptStartedAt and counts the attempt; markRetry keeps it, like the SQLite store.
// tests/state/contract/ runs the same guarantees against both.
import type { DeliveryPayload } from '../../src/core/types.js';
import type { OutboxCounts, OutboxRow, OutboxStore, PendingEdit } from '../../src/state/interfaces.js';

export interface MemoryRow extends OutboxRow {
  status: 'pending' | 'sent';
  messageId: string | null;
  sentAt: number | null;
  editPending: boolean;
}

export class MemoryOutbox implements OutboxStore {
  private readonly all: MemoryRow[] = [];
  private nextId = 1;
  /** Every markAttempt, in order (row id, time). */
  readonly attempts: Array<{ id: number; at: number }> = [];

  constructor(private readonly opts: { tag?: string } = {}) {}

  enqueue(channelId: string, payload: DeliveryPayload, opts: { at?: number; storyId?: number } = {}): MemoryRow {
    const id = this.nextId++;
    const row: MemoryRow = {
      id,
      channelId,
      payload: structuredClone(payload),
      storyId: opts.storyId ?? null,
      createdAt: opts.at ?? 0,
      attempts: 0,
      nextAttemptAt: 0,
      attemptStartedAt: null,
      nonce: `${this.opts.tag ?? 't'}-${id.toString(36)}`,
      lastError: null,
      status: 'pending',
      messageId: null,
      sentAt: null,
      editPending: false,
    };
    this.all.push(row);
    return row;
  }

  row(id: number): MemoryRow {
    const r = this.all.find((x) => x.id === id);
    if (!r) throw new Error(`no outbox row ${id}`);
    return r;
  }

  rows(channelId?: string): MemoryRow[] {
    return this.all.filter((r) => channelId === undefined || r.channelId === channelId);
  }

  /** A later source reported the story: the payload changes and a sent row needs an edit. */
  update(id: number, payload: DeliveryPayload): void {
    const r = this.row(id);
    r.payload = structuredClone(payload);
    if (r.status === 'sent' && r.messageId !== null) r.editPending = true;
  }

  channelsWithWork(): string[] {
    return [...new Set(this.all.filter((r) => r.status === 'pending' || r.editPending).map((r) => r.channelId))];
  }

  pending(channelId: string, limit: number): OutboxRow[] {
    return this.all
      .filter((r) => r.channelId === channelId && r.status === 'pending')
      .slice(0, limit)
      .map((r) => structuredClone(r));
  }

  countPending(channelId: string): number {
    return this.all.filter((r) => r.channelId === channelId && r.status === 'pending').length;
  }

  markAttempt(id: number, now: number): void {
    const r = this.row(id);
    r.attemptStartedAt = now;
    r.attempts++;
    this.attempts.push({ id, at: now });
  }

  markSent(ids: number[], messageId: string | null, now: number): void {
    for (const id of ids) {
      const r = this.row(id);
      if (r.status !== 'pending') throw new Error(`row ${id} marked sent twice`);
      Object.assign(r, { status: 'sent', messageId, sentAt: now, attemptStartedAt: null, lastError: null });
    }
  }

  markRetry(id: number, error: string, nextAttemptAt: number): void {
    const r = this.row(id);
    r.lastError = error;
    r.nextAttemptAt = nextAttemptAt;
  }

  pendingEdits(channelId: string, limit: number): PendingEdit[] {
    return (
      this.all
        // Rows collapsed into one digest share its message id: editing it would replace the digest.
        .filter((r) => r.channelId === channelId && r.editPending && r.status === 'sent' && r.messageId !== null)
        .filter((r) => this.all.filter((o) => o.channelId === r.channelId && o.messageId === r.messageId).length === 1)
        .slice(0, limit)
        .map((r) => ({
          outboxId: r.id,
          channelId: r.channelId,
          messageId: r.messageId as string,
          payload: structuredClone(r.payload),
          nonce: r.nonce,
        }))
    );
  }

  markEdited(outboxId: number): void {
    this.row(outboxId).editPending = false;
  }

  recentSends(channelId: string, since: number): number[] {
    // One time per request, as the SQLite store: a digest's rows share a message id
    // (sent) or an attempt time (pending).
    const requests = new Map<string, number>();
    for (const r of this.all) {
      if (r.channelId !== channelId) continue;
      if (r.status === 'sent' && r.sentAt !== null && r.sentAt >= since)
        requests.set(`sent ${r.messageId ?? `row ${r.id}`}`, r.sentAt);
      if (r.status === 'pending' && r.attemptStartedAt !== null && r.attemptStartedAt >= since)
        requests.set(`attempt ${r.attemptStartedAt}`, r.attemptStartedAt);
    }
    return [...requests.values()].sort((a, b) => a - b);
  }

  counts(): OutboxCounts[] {
    return [...new Set(this.all.map((r) => r.channelId))].sort().map((channelId) => {
      const rows = this.rows(channelId);
      const pending = rows.filter((r) => r.status === 'pending');
      return {
        channelId,
        pending: pending.length,
        failing: pending.filter((r) => r.lastError !== null).length,
        sent: rows.length - pending.length,
        oldestPendingAt: pending.length ? Math.min(...pending.map((r) => r.createdAt)) : null,
      };
    });
  }
}
