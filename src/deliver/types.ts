// Shapes of the deliver stage: what a sink is, what one send attempt can end in,
// and what the sender reports for metrics.
import type { DeliveryPayload } from '../core/types.js';

/**
 * The result of one request to a sink, classified once next to the I/O (./classify.ts).
 * - ok: the sink confirmed the message (messageId null when the sink has no ids).
 * - retry: transient (5xx, timeout, connection, rate limit); the message may or may not exist.
 * - permanent: the request can never succeed as configured (bad token, missing permission,
 *   unknown channel or webhook, invalid body); the channel is stopped until its config changes.
 *   `messageGone`: only the edited message is gone (deleted, too old to edit): the edit is
 *   dropped and the channel goes on (Discord says so by its error codes, see MESSAGE_GONE_CODES).
 */
export type SendOutcome =
  | { ok: true; messageId: string | null }
  | { ok: false; retry: true; retryAfterMs?: number; error: string }
  | { ok: false; retry: false; error: string; status?: number; code?: number; messageGone?: boolean };

export interface PostOptions {
  /** Deterministic per outbox row (≤ 25 chars): Discord's `nonce`, and the ref shown in the footer. */
  nonce: string;
  /**
   * An earlier attempt may have reached the sink. A sink that can look its messages up
   * does so before posting again; the nonce covers the rest.
   */
  uncertain: boolean;
}

export interface EditOptions {
  /** The ref of the original message (its outbox nonce), kept in the footer; omitted when unknown. */
  ref?: string | undefined;
}

/** One configured destination. Never throws: every failure is a SendOutcome. */
export interface Sink {
  /** The channel id from the config (not a Discord id). */
  readonly channelId: string;
  /**
   * Registered sink name: 'discord-bot', 'discord-webhook', 'console', 'http', 'slack-webhook', 'slack-bot',
   * 'telegram', 'matrix'.
   */
  readonly kind: string;
  post(payload: DeliveryPayload, options: PostOptions): Promise<SendOutcome>;
  edit(messageId: string, payload: DeliveryPayload, options?: EditOptions): Promise<SendOutcome>;
  /**
   * Release timers and clients once the sink is replaced (config reload) or the service
   * stops. A send already in flight may still finish.
   */
  close?(): void;
}

/** What the sender reports (for metrics and tests). */
export type SenderEvent =
  /** A message confirmed; `count` rows (more than one for a digest). */
  | { type: 'sent'; channelId: string; kind: DeliveryPayload['kind']; count: number; messageId: string | null }
  /** An attempt failed; `retry` false means the channel is being stopped. */
  | { type: 'failed'; channelId: string; retry: boolean; count: number; error: string; delayMs?: number }
  | { type: 'stopped'; channelId: string; error: string; status?: number | undefined; code?: number | undefined }
  | { type: 'resumed'; channelId: string }
  | { type: 'edited'; channelId: string; outboxId: number }
  | { type: 'edit-dropped'; channelId: string; outboxId: number; error: string };
