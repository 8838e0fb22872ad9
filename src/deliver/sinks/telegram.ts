// Posts with a Telegram bot (Bot API): sendMessage to a chat id in HTML parse mode,
// editMessageText for "Also reported by", digests sent silently (disable_notification).
// The Bot API has no idempotency key and a bot cannot read a chat's history, so a post
// whose answer was lost (timeout, crash) is posted again: an alert can, rarely, show twice.
import type { DeliveryPayload } from '../../core/types.js';
import { TELEGRAM_LIMITS } from '../limits.js';
import { renderHtml } from '../render/html.js';
import type { EditOptions, PostOptions, SendOutcome, Sink } from '../types.js';
import { chatRequest, describeError, isFailure, type ChatHttpOptions, type ChatReply } from './chat-http.js';

export const TELEGRAM_API = 'https://api.telegram.org';

interface TelegramReply {
  ok?: boolean;
  error_code?: number;
  description?: string;
  result?: { message_id?: number };
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export interface TelegramOptions extends ChatHttpOptions {
  api: string;
  token: string;
}

export class TelegramSink implements Sink {
  readonly kind = 'telegram';

  constructor(
    readonly channelId: string,
    private readonly chat: string,
    private readonly opts: TelegramOptions,
  ) {}

  async post(payload: DeliveryPayload, { nonce }: PostOptions): Promise<SendOutcome> {
    const reply = await this.call('sendMessage', {
      chat_id: this.chat,
      text: render(payload, nonce),
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      disable_notification: payload.kind === 'digest',
    });
    if (!reply.ok) return reply.outcome;
    const id = reply.body.result?.message_id;
    return typeof id === 'number'
      ? { ok: true, messageId: String(id) }
      : { ok: false, retry: true, error: 'Telegram: sendMessage answered without a message_id' };
  }

  async edit(messageId: string, payload: DeliveryPayload, options: EditOptions = {}): Promise<SendOutcome> {
    const reply = await this.call('editMessageText', {
      chat_id: this.chat,
      message_id: Number(messageId),
      text: render(payload, options.ref),
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    });
    return reply.ok ? { ok: true, messageId } : reply.outcome;
  }

  private async call(
    method: string,
    body: unknown,
  ): Promise<{ ok: true; body: TelegramReply } | { ok: false; outcome: SendOutcome }> {
    const url = `${this.opts.api.replace(/\/$/, '')}/bot${this.opts.token}/${method}`;
    const reply = await chatRequest(url, { method: 'POST', body }, this.opts);
    if (isFailure(reply)) return { ok: false, outcome: reply };
    const outcome = classifyTelegram(method, reply, this.opts.secrets);
    return outcome ? { ok: false, outcome } : { ok: true, body: reply.json as TelegramReply };
  }
}

function render(payload: DeliveryPayload, ref: string | undefined): string {
  return renderHtml(payload, { ref, budget: TELEGRAM_LIMITS.text, newline: '\n' });
}

/**
 * null when Telegram answered ok. 429 waits parameters.retry_after; 5xx retries; an edit
 * that changes nothing is a success; an edit of a deleted or too old message is dropped;
 * 400 (chat not found…), 401 (bad token), 403 (bot removed or blocked), 404 stop the channel.
 */
export function classifyTelegram(method: string, reply: ChatReply, secrets: readonly string[]): SendOutcome | null {
  const body = (reply.json ?? {}) as TelegramReply;
  if (reply.status === 200 && body.ok === true) return null;
  const description = describeError(body.description ?? reply.text, secrets);
  const error = `Telegram ${method}: ${reply.status} ${description}`;
  if (reply.status === 429) {
    const after = body.parameters?.retry_after;
    return typeof after === 'number'
      ? { ok: false, retry: true, error, retryAfterMs: after * 1000 }
      : { ok: false, retry: true, error };
  }
  if (reply.status >= 500 || reply.status === 408 || (reply.status === 200 && reply.json === null))
    return { ok: false, retry: true, error };
  if (/message is not modified/i.test(description)) return null;
  if (/message to edit not found|message can't be edited|MESSAGE_ID_INVALID/i.test(description)) {
    return { ok: false, retry: false, error, status: reply.status, messageGone: true };
  }
  const migrated = body.parameters?.migrate_to_chat_id;
  if (typeof migrated === 'number')
    return {
      ok: false,
      retry: false,
      status: reply.status,
      error: `${error} (the group is now the supergroup ${migrated}: set telegram.chat to it)`,
    };
  return { ok: false, retry: false, error, status: reply.status };
}
