// "Also reported by" edits of sent messages, for one channel. An edit that fails for a
// transient reason is retried with backoff (kept in memory: after a restart it is simply
// tried again, the store still has it pending). An edit of a message that is gone
// (deleted, or no longer editable) is dropped; any other permanent error is the
// channel's problem and is handed back to stop the channel.
import type { Logger } from 'pino';
import type { OutboxStore, PendingEdit } from '../state/interfaces.js';
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import { MESSAGE_GONE_CODES } from './classify.js';
import type { SendOutcome, SenderEvent } from './types.js';

export type EditResult = { stop: null } | { stop: Extract<SendOutcome, { ok: false; retry: false }> };

export interface EditDeps {
  store: OutboxStore;
  log: Logger;
  random: () => number;
  backoff: BackoffPolicy;
  emit(e: SenderEvent): void;
}

export class ChannelEdits {
  private readonly retry = new Map<number, { failures: number; at: number }>();

  constructor(
    private readonly channelId: string,
    private readonly deps: EditDeps,
  ) {}

  /** Pending edits of the channel with the time each may be tried. */
  async list(now: number): Promise<Array<{ edit: PendingEdit; at: number }>> {
    return (await this.deps.store.pendingEdits(this.channelId, 10)).map((edit) => ({
      edit,
      at: this.retry.get(edit.outboxId)?.at ?? now,
    }));
  }

  /** The original's ref, kept in the footer. */
  static ref(edit: PendingEdit): string {
    return edit.nonce;
  }

  async record(edit: PendingEdit, outcome: SendOutcome, now: number): Promise<EditResult> {
    const { store, log, emit } = this.deps;
    const ch = this.channelId;
    if (outcome.ok) {
      await store.markEdited(edit.outboxId, now);
      this.retry.delete(edit.outboxId);
      emit({ type: 'edited', channelId: ch, outboxId: edit.outboxId });
      return { stop: null };
    }
    if (outcome.retry) {
      const failures = (this.retry.get(edit.outboxId)?.failures ?? 0) + 1;
      const delay = backoffDelay(failures, this.deps.random, this.deps.backoff, outcome.retryAfterMs);
      this.retry.set(edit.outboxId, { failures, at: now + delay });
      log.warn(
        { channel: ch, outboxId: edit.outboxId, err: outcome.error },
        `channel ${ch}: edit failed, retrying in ${Math.round(delay / 1000)} s: ${outcome.error}`,
      );
      return { stop: null };
    }
    if (outcome.messageGone === true || (outcome.code !== undefined && MESSAGE_GONE_CODES.has(outcome.code))) {
      await store.markEdited(edit.outboxId, now);
      this.retry.delete(edit.outboxId);
      emit({ type: 'edit-dropped', channelId: ch, outboxId: edit.outboxId, error: outcome.error });
      log.warn(
        { channel: ch, outboxId: edit.outboxId, err: outcome.error },
        `channel ${ch}: edit dropped, the message is gone: ${outcome.error}`,
      );
      return { stop: null };
    }
    return { stop: outcome };
  }
}
