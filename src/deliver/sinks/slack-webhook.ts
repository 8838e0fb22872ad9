// Posts through a Slack incoming webhook (POST JSON, answered "ok"). An incoming webhook
// returns no message id and offers no lookup and no idempotency key: a post whose answer
// was lost (timeout, crash) is posted again, so an alert can, rarely, show twice; and its
// messages cannot be edited ("Also reported by" needs the bot token, see ./slack-bot.ts).
import type { DeliveryPayload } from '../../core/types.js';
import { isRetryableStatus } from '../classify.js';
import { renderSlack } from '../render/slack.js';
import type { PostOptions, SendOutcome, Sink } from '../types.js';
import { chatRequest, describeError, isFailure, retryAfterMs, type ChatHttpOptions } from './chat-http.js';

export class SlackWebhookSink implements Sink {
  readonly kind = 'slack-webhook';

  constructor(
    readonly channelId: string,
    private readonly url: string,
    private readonly http: ChatHttpOptions,
  ) {}

  async post(payload: DeliveryPayload, { nonce }: PostOptions): Promise<SendOutcome> {
    const body = {
      ...renderSlack(payload, { ref: nonce }),
      parse: 'none',
      link_names: false,
      unfurl_links: false,
      unfurl_media: false,
    };
    const reply = await chatRequest(this.url, { method: 'POST', body }, this.http);
    if (isFailure(reply)) return reply;
    if (reply.status >= 200 && reply.status < 300) return { ok: true, messageId: null };
    return classifySlackWebhook(reply.status, reply.text, reply.headers.get('retry-after'), this.http.secrets);
  }

  /** Never called (a post returns no message id, so no edit is queued); kept a no-op by contract. */
  async edit(messageId: string): Promise<SendOutcome> {
    return { ok: true, messageId };
  }
}

/**
 * Slack answers a webhook with a status and a short code: 400 invalid_payload, 403
 * invalid_token / action_prohibited, 404 no_service / channel_not_found, 410
 * channel_is_archived, 429 with Retry-After, 5xx. 4xx other than 429 stops the channel.
 */
export function classifySlackWebhook(
  status: number,
  text: string,
  retryAfter: string | null,
  secrets: readonly string[],
): SendOutcome {
  const error = `Slack webhook: HTTP ${status}${text ? ` ${describeError(text, secrets)}` : ''}`;
  if (!isRetryableStatus(status)) return { ok: false, retry: false, error, status };
  const wait = retryAfterMs(retryAfter);
  return wait === undefined ? { ok: false, retry: true, error } : { ok: false, retry: true, error, retryAfterMs: wait };
}
