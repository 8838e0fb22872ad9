// Posts to a Matrix room with an access token (client-server API v3):
//   PUT /rooms/{room}/send/m.room.message/{txnId}, txnId derived from the outbox row's nonce.
// The homeserver answers a repeated transaction id with the event it already created
// instead of a second one, so resending an uncertain row cannot double it: exactly once.
// Servers remember transaction ids for a while (Synapse: about 30 minutes), so a row
// that stays uncertain for longer (a crash, then a long outage) is first looked up among
// the room's recent messages by the ref each message carries (content `org.newswatch.ref`),
// counting only events sent by newswatch's own user (another member could copy a ref).
// Edits are m.replace relations; alerts are m.text, digests and notices m.notice (quiet).
// Nothing pings: article text has '@' neutralized and every event has `m.mentions: {}`.
import { createHash } from 'node:crypto';
import type { DeliveryPayload } from '../../core/types.js';
import { MATRIX_LIMITS as L } from '../limits.js';
import { renderConsole } from '../render/console.js';
import { renderHtml } from '../render/html.js';
import { plainSafe } from '../render/markup.js';
import { truncatePlain } from '../render/text.js';
import type { EditOptions, PostOptions, SendOutcome, Sink } from '../types.js';
import {
  chatRequest,
  describeError,
  isFailure,
  retryAfterMs,
  type ChatHttpOptions,
  type ChatReply,
} from './chat-http.js';

export const MATRIX_REF_KEY = 'org.newswatch.ref';

export interface MatrixOptions extends ChatHttpOptions {
  homeserver: string;
  token: string;
  lookupLimit: number;
}

interface MatrixContent {
  msgtype: 'm.text' | 'm.notice';
  body: string;
  format: 'org.matrix.custom.html';
  formatted_body: string;
  'm.mentions': Record<string, never>;
}

export class MatrixSink implements Sink {
  readonly kind = 'matrix';
  /** Our own user id (GET account/whoami), asked once, for the lookup. */
  private userId: string | null = null;

  constructor(
    readonly channelId: string,
    private readonly room: string,
    private readonly opts: MatrixOptions,
  ) {}

  async post(payload: DeliveryPayload, { nonce, uncertain }: PostOptions): Promise<SendOutcome> {
    if (uncertain) {
      const found = await this.lookup(nonce);
      if (found) return found;
    }
    const content = { ...renderMatrix(payload, nonce), [MATRIX_REF_KEY]: nonce };
    return this.send(matrixTxnId(nonce), content);
  }

  async edit(messageId: string, payload: DeliveryPayload, options: EditOptions = {}): Promise<SendOutcome> {
    const fresh = renderMatrix(payload, options.ref, true);
    const content = {
      msgtype: fresh.msgtype,
      body: `* ${truncatePlain(fresh.body, L.editFallback)}`,
      'm.new_content': fresh,
      'm.relates_to': { rel_type: 'm.replace', event_id: messageId },
      'm.mentions': {},
    };
    // The same edit retried is the same transaction; a different edit of the message is another.
    const hash = createHash('sha256').update(messageId).update(JSON.stringify(fresh)).digest('base64url');
    const txnId = `nw.edit.${hash.slice(0, 32)}`;
    const outcome = await this.send(txnId, content);
    return outcome.ok ? { ok: true, messageId } : outcome;
  }

  private async send(txnId: string, content: unknown): Promise<SendOutcome> {
    const reply = await this.request('PUT', `send/m.room.message/${encodeURIComponent(txnId)}`, content);
    if (isFailure(reply)) return reply;
    const outcome = classifyMatrix('send', reply, this.opts.secrets);
    if (outcome) return outcome;
    const eventId = (reply.json as { event_id?: unknown } | null)?.event_id;
    return typeof eventId === 'string'
      ? { ok: true, messageId: eventId }
      : { ok: false, retry: true, error: 'Matrix send: answered without an event_id' };
  }

  /** The event of an earlier attempt, or a retry outcome; null: not found (or cannot look), send. */
  private async lookup(ref: string): Promise<SendOutcome | null> {
    const me = await this.whoami();
    if (typeof me !== 'string') return me;
    const query = new URLSearchParams({
      dir: 'b',
      limit: String(Math.min(100, Math.max(1, this.opts.lookupLimit))),
      filter: JSON.stringify({ types: ['m.room.message'] }),
    });
    const reply = await this.request('GET', `messages?${query}`);
    if (isFailure(reply)) return reply;
    const outcome = classifyMatrix('messages', reply, this.opts.secrets);
    if (outcome) return !outcome.ok && outcome.retry ? outcome : null;
    const events =
      (
        reply.json as {
          chunk?: Array<{ event_id?: string; sender?: string; content?: Record<string, unknown> }>;
        } | null
      )?.chunk ?? [];
    const hit = events.find((e) => e.sender === me && e.content?.[MATRIX_REF_KEY] === ref);
    return hit?.event_id ? { ok: true, messageId: hit.event_id } : null;
  }

  /** Our user id; or a retry outcome, or null when it cannot be known (then the lookup is skipped). */
  private async whoami(): Promise<string | SendOutcome | null> {
    if (this.userId !== null) return this.userId;
    const reply = await this.request('GET', 'account/whoami', undefined, false);
    if (isFailure(reply)) return reply;
    const outcome = classifyMatrix('whoami', reply, this.opts.secrets);
    if (outcome) return !outcome.ok && outcome.retry ? outcome : null;
    const id = (reply.json as { user_id?: unknown } | null)?.user_id;
    if (typeof id === 'string') this.userId = id;
    return this.userId;
  }

  private request(method: 'GET' | 'PUT', path: string, body?: unknown, inRoom = true) {
    const api = `${this.opts.homeserver.replace(/\/$/, '')}/_matrix/client/v3`;
    const base = inRoom ? `${api}/rooms/${encodeURIComponent(this.room)}` : api;
    return chatRequest(
      `${base}/${path}`,
      { method, headers: { authorization: `Bearer ${this.opts.token}` }, body },
      this.opts,
    );
  }
}

/** A transaction id per outbox row: the same row always sends the same transaction. */
export function matrixTxnId(nonce: string): string {
  return `nw.${nonce.replace(/[^\w.-]/g, '_')}`;
}

/** The event content: plain `body` and sanitized HTML `formatted_body`, no mentions. */
export function renderMatrix(payload: DeliveryPayload, ref: string | undefined, edit = false): MatrixContent {
  const plain = renderConsole(payload, { color: false, ref, edit }).trim();
  return {
    msgtype: payload.kind === 'alert' ? 'm.text' : 'm.notice',
    body: plainSafe(truncatePlain(plain, L.body)),
    format: 'org.matrix.custom.html',
    formatted_body: renderHtml(payload, { ref, budget: L.formattedBody, newline: '<br>' }),
    'm.mentions': {},
  };
}

/**
 * null when the homeserver answered 2xx. 429 (M_LIMIT_EXCEEDED) waits retry_after_ms or
 * Retry-After; 5xx retries; 401 (M_UNKNOWN_TOKEN), 403 (M_FORBIDDEN: not in the room),
 * 404 (unknown room) and 400 stop the channel.
 */
export function classifyMatrix(what: string, reply: ChatReply, secrets: readonly string[]): SendOutcome | null {
  if (reply.status >= 200 && reply.status < 300) return null;
  const body = (reply.json ?? {}) as { errcode?: string; error?: string; retry_after_ms?: number };
  const detail = describeError([body.errcode, body.error].filter(Boolean).join(' ') || reply.text, secrets);
  const error = `Matrix ${what}: ${reply.status}${detail ? ` ${detail}` : ''}`;
  if (reply.status === 429) {
    const wait =
      typeof body.retry_after_ms === 'number' ? body.retry_after_ms : retryAfterMs(reply.headers.get('retry-after'));
    return wait === undefined
      ? { ok: false, retry: true, error }
      : { ok: false, retry: true, error, retryAfterMs: wait };
  }
  if (reply.status >= 500 || reply.status === 408) return { ok: false, retry: true, error };
  return { ok: false, retry: false, error, status: reply.status };
}
