// A fake Slack: incoming webhooks (POST /services/…, answered "ok") and the Web API
// methods newswatch uses (chat.postMessage, chat.update, conversations.history), on
// 127.0.0.1 port 0. It checks the bot token, validates Block Kit against Slack's limits
// (invalid_blocks, msg_too_long), keeps message metadata, records every message per channel
// with what it would have pinged, and answers from the shared fault queue (./fake-chat.ts).
import {
  chatFaults,
  startFakeChat,
  type ChatFault,
  type ChatRequest,
  type FakeChatServer,
  type Reply,
} from './fake-chat.js';

export interface SlackBlock {
  type: string;
  text?: { type: string; text: string };
  fields?: Array<{ type: string; text: string }>;
  elements?: Array<{ type: string; text: string }>;
}

export interface SlackMessage {
  ts: string;
  channel: string;
  via: 'bot' | 'webhook';
  text: string;
  blocks: SlackBlock[];
  /** The app that posted it (our bot: BOT_ID). */
  bot_id: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> } | undefined;
  /** Broadcasts and user/group mentions this message would have notified. */
  pings: string[];
  edits: number;
  receivedAt: number;
}

export interface FakeSlack extends FakeChatServer {
  /** Web API base (pass as slack.api). */
  readonly api: string;
  readonly token: string;
  messages(channel: string): SlackMessage[];
  /** An incoming webhook posting into `channel`; returns its URL. */
  webhook(channel: string, secret?: string): string;
  /** The bot is not in this channel (not_in_channel) until allowed again. */
  deny(channel: string): void;
  allow(channel: string): void;
  /** The token lacks the history scope: conversations.history answers missing_scope. */
  historyDenied: boolean;
  /** Another app posts into a channel (not through the API under test). */
  postAs(channel: string, botId: string, body: Record<string, unknown>): SlackMessage;
}

export const BOT_ID = 'B0FAKEBOT01';

export const slackFaults = {
  rateLimited: (retryAfterSec: number, opts: { afterCreate?: boolean } = {}): ChatFault => ({
    ...chatFaults.status(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retryAfterSec) }),
    ...opts,
  }),
  serverError: (status = 500, opts: { afterCreate?: boolean } = {}): ChatFault => ({
    ...chatFaults.status(status, 'internal_error'),
    ...opts,
  }),
  apiError: (error: string): ChatFault => chatFaults.status(200, { ok: false, error }),
  ...chatFaults,
};

const LIMITS = { blocks: 50, sectionText: 3000, fields: 10, fieldText: 2000, contextElements: 10, text: 40_000 };

/** Slack's own validation of a message: an error code, or null. */
export function invalidSlack(body: { text?: unknown; blocks?: unknown }): string | null {
  if (typeof body.text === 'string' && body.text.length > LIMITS.text) return 'msg_too_long';
  const blocks = body.blocks;
  if (blocks === undefined) return typeof body.text === 'string' && body.text !== '' ? null : 'no_text';
  if (!Array.isArray(blocks) || blocks.length > LIMITS.blocks) return 'invalid_blocks';
  for (const b of blocks as SlackBlock[]) {
    if (b.type === 'section') {
      if (!b.text && !b.fields) return 'invalid_blocks';
      if (b.text && (b.text.text.length === 0 || b.text.text.length > LIMITS.sectionText)) return 'invalid_blocks';
      if (
        b.fields &&
        (b.fields.length > LIMITS.fields ||
          b.fields.some((f) => f.text.length === 0 || f.text.length > LIMITS.fieldText))
      )
        return 'invalid_blocks';
    } else if (b.type === 'context') {
      if (!b.elements || b.elements.length === 0 || b.elements.length > LIMITS.contextElements) return 'invalid_blocks';
      if (b.elements.some((e) => e.text.length === 0 || e.text.length > LIMITS.sectionText)) return 'invalid_blocks';
    } else return 'invalid_blocks';
  }
  return null;
}

/** What Slack would notify: <!channel>, <!here>, <!everyone>, <@U…>, <!subteam^…>; @channel/@here with link_names. */
export function slackPings(texts: string[], linkNames: boolean): string[] {
  const pings: string[] = [];
  for (const t of texts) {
    for (const m of t.matchAll(/<(!channel|!here|!everyone|@[UW][A-Z0-9]+|!subteam\^[A-Z0-9]+)(\|[^>]*)?>/g))
      pings.push(m[1] as string);
    if (linkNames) for (const m of t.matchAll(/(?:^|\s)@(channel|here|everyone)\b/g)) pings.push(`!${m[1]}`);
  }
  return pings;
}

function textsOf(body: { text?: unknown; blocks?: unknown }): string[] {
  const out = typeof body.text === 'string' ? [body.text] : [];
  for (const b of (Array.isArray(body.blocks) ? body.blocks : []) as SlackBlock[]) {
    if (b.text) out.push(b.text.text);
    for (const f of b.fields ?? []) out.push(f.text);
    for (const e of b.elements ?? []) out.push(e.text);
  }
  return out;
}

export async function startFakeSlack(opts: { token?: string; now?: () => number } = {}): Promise<FakeSlack> {
  const token = opts.token ?? 'xoxb-fake-slack-token-0001';
  const now = opts.now ?? Date.now;
  const byChannel = new Map<string, SlackMessage[]>();
  const hooks = new Map<string, string>();
  const denied = new Set<string>();
  let seq = 0;
  const list = (ch: string) => {
    let l = byChannel.get(ch);
    if (!l) byChannel.set(ch, (l = []));
    return l;
  };
  const known = (ch: string) => /^[CG][A-Z0-9]{6,}$/.test(ch);

  function create(
    channel: string,
    via: SlackMessage['via'],
    body: Record<string, unknown>,
    botId = via === 'bot' ? BOT_ID : 'B0WEBHOOK01',
  ): SlackMessage {
    const at = now();
    const msg: SlackMessage = {
      ts: `${Math.floor(at / 1000)}.${String(++seq).padStart(6, '0')}`,
      channel,
      via,
      bot_id: botId,
      text: typeof body.text === 'string' ? body.text : '',
      blocks: (body.blocks ?? []) as SlackBlock[],
      metadata: body.metadata as SlackMessage['metadata'],
      pings: slackPings(textsOf(body), body.link_names === true || body.link_names === 1 || body.parse === 'full'),
      edits: 0,
      receivedAt: at,
    };
    list(channel).push(msg);
    return msg;
  }

  function api(method: string, req: ChatRequest): Reply {
    if (req.headers.authorization !== `Bearer ${token}`)
      return { status: 200, body: { ok: false, error: 'invalid_auth' } };
    if (method === 'auth.test')
      return { status: 200, body: { ok: true, user_id: 'U0FAKEBOT01', bot_id: BOT_ID, team_id: 'T0FAKE' } };
    const body = (req.body ?? {}) as Record<string, unknown>;
    const channel = String(method === 'conversations.history' ? req.url.searchParams.get('channel') : body.channel);
    if (!known(channel)) return { status: 200, body: { ok: false, error: 'channel_not_found' } };
    if (denied.has(channel)) return { status: 200, body: { ok: false, error: 'not_in_channel' } };
    if (method === 'conversations.history') {
      if (fake.historyDenied)
        return { status: 200, body: { ok: false, error: 'missing_scope', needed: 'channels:history' } };
      const limit = Math.min(999, Number(req.url.searchParams.get('limit') ?? 100));
      const meta = req.url.searchParams.get('include_all_metadata') === 'true';
      const messages = list(channel)
        .slice(-limit)
        .reverse()
        .map((m) => ({
          type: 'message',
          ts: m.ts,
          bot_id: m.bot_id,
          text: m.text,
          blocks: m.blocks,
          ...(meta && m.metadata ? { metadata: m.metadata } : {}),
        }));
      return { status: 200, body: { ok: true, messages, has_more: false } };
    }
    const invalid = invalidSlack(body);
    if (invalid) return { status: 200, body: { ok: false, error: invalid } };
    if (method === 'chat.postMessage') {
      const msg = create(channel, 'bot', body);
      return { status: 200, body: { ok: true, channel, ts: msg.ts, message: { text: msg.text, ts: msg.ts } } };
    }
    const msg = list(channel).find((m) => m.ts === body.ts);
    if (!msg) return { status: 200, body: { ok: false, error: 'message_not_found' } };
    if (msg.via !== 'bot') return { status: 200, body: { ok: false, error: 'cant_update_message' } };
    msg.text = typeof body.text === 'string' ? body.text : msg.text;
    if (body.blocks !== undefined) msg.blocks = body.blocks as SlackBlock[];
    msg.edits++;
    return { status: 200, body: { ok: true, channel, ts: msg.ts, text: msg.text } };
  }

  const server = await startFakeChat(
    {
      route(method, url) {
        const hook = /^\/services\/(.+)$/.exec(url.pathname);
        if (hook && method === 'POST') return { route: 'webhook.post', id: hook[1] as string };
        const m = /^\/api\/([\w.]+)$/.exec(url.pathname);
        if (!m) return null;
        const name = m[1] as string;
        if (name === 'conversations.history' && method === 'GET')
          return { route: name, id: url.searchParams.get('channel') ?? '' };
        if ((name === 'chat.postMessage' || name === 'chat.update' || name === 'auth.test') && method === 'POST')
          return { route: name, id: '' };
        return null;
      },
      handle(route, id, req) {
        if (route !== 'webhook.post') return api(route, req);
        const channel = hooks.get(id);
        if (!channel) return { status: 404, body: 'no_service' };
        if (denied.has(channel)) return { status: 403, body: 'action_prohibited' };
        const body = (req.body ?? {}) as Record<string, unknown>;
        const invalid = invalidSlack(body);
        if (invalid) return { status: 400, body: invalid };
        create(channel, 'webhook', body);
        return { status: 200, body: 'ok' };
      },
      badJson: { status: 400, body: 'invalid_payload' },
      outage: { status: 503, body: 'service_unavailable' },
    },
    now,
  );

  const fake: FakeSlack = {
    ...server,
    api: `${server.base}/api`,
    token,
    historyDenied: false,
    messages: (ch) => [...list(ch)],
    webhook(channel, secret = `T0000/B0000/${channel}-hook-secret-0001`) {
      hooks.set(secret, channel);
      return `${server.base}/services/${secret}`;
    },
    deny: (ch) => void denied.add(ch),
    allow: (ch) => void denied.delete(ch),
    postAs: (ch, botId, body) => create(ch, 'bot', body, botId),
  };
  return fake;
}
