// Posts with a Slack bot token (Web API): chat.postMessage into a channel id, chat.update
// for "Also reported by". Every message carries its outbox ref in Slack message metadata
// (event_type newswatch_message). Slack has no idempotency key for chat.postMessage; a post
// whose answer was lost is first looked up among the channel's recent messages
// (conversations.history with include_all_metadata, needs the channels:history scope, or
// groups:history for a private channel), counting only messages of our own bot (auth.test
// gives its bot_id: another app could copy a ref). Found: it is recorded, not posted again.
// Without that scope the row is posted again and can, rarely, show twice.
import type { DeliveryPayload } from '../../core/types.js';
import { renderSlack } from '../render/slack.js';
import type { EditOptions, PostOptions, SendOutcome, Sink } from '../types.js';
import {
  chatRequest,
  describeError,
  isFailure,
  retryAfterMs,
  type ChatHttpOptions,
  type ChatReply,
} from './chat-http.js';

export const SLACK_API = 'https://slack.com/api';
export const SLACK_EVENT_TYPE = 'newswatch_message';

/** Errors Slack answers when trying again later can succeed. */
const TRANSIENT = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'ratelimited',
  'rate_limited',
  'team_added_to_org',
]);
/** Errors that concern one message (an edit of it is dropped), not the channel. */
const MESSAGE_GONE = new Set(['message_not_found', 'cant_update_message', 'edit_window_closed']);
const AUTH = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'no_permission',
]);
const ACCESS = new Set([
  'missing_scope',
  'not_in_channel',
  'restricted_action',
  'is_archived',
  'ekm_access_denied',
  'access_denied',
]);

interface SlackApiReply {
  ok?: boolean;
  error?: string;
  ts?: string;
  messages?: Array<{
    ts?: string;
    bot_id?: string;
    metadata?: { event_type?: string; event_payload?: { ref?: unknown } };
  }>;
  bot_id?: string;
}

export interface SlackBotOptions extends ChatHttpOptions {
  api: string;
  token: string;
  lookupLimit: number;
}

export class SlackBotSink implements Sink {
  readonly kind = 'slack-bot';
  /** Our bot's id (auth.test), asked once, for the lookup. */
  private botId: string | null = null;

  constructor(
    readonly channelId: string,
    private readonly slackChannel: string,
    private readonly opts: SlackBotOptions,
  ) {}

  async post(payload: DeliveryPayload, { nonce, uncertain }: PostOptions): Promise<SendOutcome> {
    if (uncertain) {
      const found = await this.lookup(nonce);
      if (found) return found;
    }
    const message = renderSlack(payload, { ref: nonce });
    const reply = await this.call('chat.postMessage', {
      channel: this.slackChannel,
      ...message,
      parse: 'none',
      link_names: false,
      unfurl_links: false,
      unfurl_media: false,
      metadata: { event_type: SLACK_EVENT_TYPE, event_payload: { ref: nonce } },
    });
    if (!reply.ok) return reply.outcome;
    return typeof reply.body.ts === 'string'
      ? { ok: true, messageId: reply.body.ts }
      : { ok: false, retry: true, error: 'Slack: chat.postMessage answered without a ts' };
  }

  async edit(messageId: string, payload: DeliveryPayload, options: EditOptions = {}): Promise<SendOutcome> {
    const message = renderSlack(payload, { ref: options.ref });
    const reply = await this.call('chat.update', {
      channel: this.slackChannel,
      ts: messageId,
      ...message,
      parse: 'none',
      link_names: false,
    });
    return reply.ok ? { ok: true, messageId } : reply.outcome;
  }

  /** The message of an earlier attempt, or a retry outcome; null: not found (or cannot look), post. */
  private async lookup(ref: string): Promise<SendOutcome | null> {
    if (this.botId === null) {
      const me = await this.call('auth.test', {});
      if (!me.ok) return !me.outcome.ok && me.outcome.retry ? me.outcome : null;
      if (typeof me.body.bot_id !== 'string') return null;
      this.botId = me.body.bot_id;
    }
    const query = new URLSearchParams({
      channel: this.slackChannel,
      limit: String(Math.min(200, Math.max(1, this.opts.lookupLimit))),
      include_all_metadata: 'true',
    });
    const reply = await this.call(`conversations.history?${query}`, undefined);
    if (!reply.ok) return !reply.outcome.ok && reply.outcome.retry ? reply.outcome : null;
    const hit = reply.body.messages?.find(
      (m) =>
        m.bot_id === this.botId && m.metadata?.event_type === SLACK_EVENT_TYPE && m.metadata.event_payload?.ref === ref,
    );
    return hit?.ts ? { ok: true, messageId: hit.ts } : null;
  }

  private async call(
    method: string,
    body: unknown,
  ): Promise<{ ok: true; body: SlackApiReply } | { ok: false; outcome: SendOutcome }> {
    const reply = await chatRequest(
      `${this.opts.api.replace(/\/$/, '')}/${method}`,
      { method: body === undefined ? 'GET' : 'POST', headers: { authorization: `Bearer ${this.opts.token}` }, body },
      this.opts,
    );
    if (isFailure(reply)) return { ok: false, outcome: reply };
    const outcome = classifySlackApi(method.split('?')[0] as string, reply, this.opts.secrets);
    return outcome ? { ok: false, outcome } : { ok: true, body: reply.json as SlackApiReply };
  }
}

/** null when Slack answered ok; else the outcome by Slack's status and error code. */
export function classifySlackApi(method: string, reply: ChatReply, secrets: readonly string[]): SendOutcome | null {
  const body = (reply.json ?? {}) as SlackApiReply;
  if (reply.status === 200 && body.ok === true) return null;
  const code = typeof body.error === 'string' ? describeError(body.error, secrets) : '';
  const raw = reply.json === null ? ` ${describeError(reply.text, secrets)}` : '';
  const error = `Slack ${method}: ${code || `HTTP ${reply.status}${raw}`}`;
  if (reply.status === 429 || code === 'ratelimited' || code === 'rate_limited') {
    const wait = retryAfterMs(reply.headers.get('retry-after'));
    return wait === undefined
      ? { ok: false, retry: true, error }
      : { ok: false, retry: true, error, retryAfterMs: wait };
  }
  if (
    reply.status >= 500 ||
    reply.status === 408 ||
    TRANSIENT.has(code) ||
    (reply.status === 200 && reply.json === null)
  )
    return { ok: false, retry: true, error };
  if (MESSAGE_GONE.has(code)) return { ok: false, retry: false, error, status: 404, messageGone: true };
  const status = AUTH.has(code)
    ? 401
    : ACCESS.has(code)
      ? 403
      : code === 'channel_not_found'
        ? 404
        : reply.status === 200
          ? 400
          : reply.status;
  return { ok: false, retry: false, error, status };
}
