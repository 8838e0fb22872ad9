// A fake Discord REST API (the routes discord.js hits to post, edit and read messages),
// on 127.0.0.1, port 0. Real HTTP, so the real discord.js client talks to it — from this
// process or from a child process. It checks the bot token, validates bodies against
// Discord's limits (400/50035), honours nonce + enforce_nonce, records every message per
// channel, and answers from a scriptable fault queue per route, or an outage switch.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  nestErrors,
  pingsOf,
  validateBody,
  type FakeEmbed,
  type MessageBody,
  type Pings,
} from './fake-discord-body.js';
import { fakeApp, type FakeApp } from './fake-discord-app.js';

export type RouteName =
  'channel.post' | 'channel.patch' | 'channel.get' | 'webhook.post' | 'webhook.patch' | 'webhook.get';
/** A route for every channel/webhook, or for one id: 'channel.post' or 'channel.post:123'. */
export type FaultTarget = RouteName | `${RouteName}:${string}`;

export type Fault = (
  | { kind: 'status'; status: number; code?: number; message?: string; retryAfterSec?: number; global?: boolean }
  /** Destroy the socket without an answer. */
  | { kind: 'drop' }
  /** Never answer (until the client gives up), or answer normally after `ms`. */
  | { kind: 'hang'; ms?: number }
) & {
  /** Do the work first (create/edit the message), then fail: the client cannot know it succeeded. */
  afterCreate?: boolean;
};

export const faults = {
  rateLimited: (retryAfterSec: number, opts: { global?: boolean } = {}): Fault => ({
    kind: 'status',
    status: 429,
    retryAfterSec,
    ...opts,
  }),
  serverError: (status = 500): Fault => ({ kind: 'status', status }),
  drop: (opts: { afterCreate?: boolean } = {}): Fault => ({ kind: 'drop', ...opts }),
  hang: (opts: { ms?: number; afterCreate?: boolean } = {}): Fault => ({ kind: 'hang', ...opts }),
  unauthorized: (): Fault => ({ kind: 'status', status: 401, code: 0, message: '401: Unauthorized' }),
  missingAccess: (): Fault => ({ kind: 'status', status: 403, code: 50001, message: 'Missing Access' }),
  missingPermissions: (): Fault => ({ kind: 'status', status: 403, code: 50013, message: 'Missing Permissions' }),
  unknownChannel: (): Fault => ({ kind: 'status', status: 404, code: 10003, message: 'Unknown Channel' }),
  unknownWebhook: (): Fault => ({ kind: 'status', status: 404, code: 10015, message: 'Unknown Webhook' }),
  unknownMessage: (): Fault => ({ kind: 'status', status: 404, code: 10008, message: 'Unknown Message' }),
};

export interface FakeMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: FakeEmbed[];
  /** Message components (buttons) as sent. */
  components?: unknown[] | undefined;
  nonce?: string | number | undefined;
  webhook_id?: string | undefined;
  author: { id: string; username: string; bot: true };
  allowed_mentions?: MessageBody['allowed_mentions'];
  /** Who this message notified when it was created. */
  pings: Pings;
  timestamp: string;
  edited_timestamp: string | null;
  /** The fake's clock when it was created. */
  receivedAt: number;
  edits: number;
}

export interface RequestRecord {
  method: string;
  route: RouteName;
  /** Channel or webhook id. */
  id: string;
  at: number;
  outcome: number | 'dropped' | 'hung';
}

export interface FakeDiscordOptions {
  token?: string;
  /** Clock stamping messages and requests, and timing the nonce window (default Date.now). */
  now?: () => number;
  nonceWindowMs?: number;
}

export interface FakeDiscord {
  /** Pass as `discord.api` (e.g. http://127.0.0.1:PORT/api). */
  readonly api: string;
  readonly token: string;
  /** The application side: gateway URL, channel guilds, commands, interaction answers (./fake-discord-app.ts). */
  readonly app: FakeApp;
  messages(channelId: string): FakeMessage[];
  allMessages(): FakeMessage[];
  requests(filter?: { route?: RouteName; id?: string }): RequestRecord[];
  /** Registers a webhook posting into `channelId`; returns its id, token and URL under this server. */
  webhook(id: string, token: string, channelId: string): { id: string; token: string; url: string };
  /** Every request to the target answers with these faults, in order, before answering normally. */
  fail(target: FaultTarget, ...queue: Fault[]): void;
  /** Forget every queued fault that was not consumed yet. */
  clearFaults(): void;
  /** The bot lacks permission in a channel (403) until allowed again. */
  deny(channelId: string, code?: 50001 | 50013): void;
  allow(channelId: string): void;
  /** Discord down: every request answers 503 (or its socket is dropped) until switched off. */
  outage(on: boolean, mode?: 'status' | 'drop'): void;
  close(): Promise<void>;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const BOT_USER = { id: '900000000000000001', username: 'newswatch-fake', bot: true as const };

export async function startFakeDiscord(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const token = opts.token ?? 'fake-bot-token';
  const now = opts.now ?? Date.now;
  const nonceWindowMs = opts.nonceWindowMs ?? 5 * 60_000;
  const byChannel = new Map<string, FakeMessage[]>();
  const nonces = new Map<string, { messageId: string; at: number }>();
  const webhooks = new Map<string, { token: string; channelId: string }>();
  const faultQueues = new Map<string, Fault[]>();
  const denied = new Map<string, number>();
  const records: RequestRecord[] = [];
  const sockets = new Set<Socket>();
  let outage: 'status' | 'drop' | null = null;
  let nextId = 1_200_000_000_000_000_000n;
  const app = fakeApp(now);

  const channelMessages = (id: string): FakeMessage[] => {
    let list = byChannel.get(id);
    if (!list) byChannel.set(id, (list = []));
    return list;
  };
  const find = (channelId: string, messageId: string) => channelMessages(channelId).find((m) => m.id === messageId);
  const apiError = (status: number, code: number, message: string, extra: Record<string, unknown> = {}): Reply => ({
    status,
    body: { message, code, ...extra },
  });

  function create(channelId: string, body: MessageBody, webhookId?: string): Reply {
    const at = now();
    if (!webhookId && body.enforce_nonce && body.nonce !== undefined) {
      const seen = nonces.get(`${channelId}:${body.nonce}`);
      const existing = seen && at - seen.at <= nonceWindowMs ? find(channelId, seen.messageId) : undefined;
      if (existing) return { status: 200, body: existing };
    }
    const msg: FakeMessage = {
      id: String(nextId++),
      channel_id: channelId,
      content: body.content ?? '',
      embeds: body.embeds ?? [],
      components: body['components'] as unknown[] | undefined,
      nonce: body.nonce,
      webhook_id: webhookId,
      author: webhookId ? { ...BOT_USER, id: webhookId, username: 'webhook' } : BOT_USER,
      allowed_mentions: body.allowed_mentions,
      pings: pingsOf(body),
      timestamp: new Date(at).toISOString(),
      edited_timestamp: null,
      receivedAt: at,
      edits: 0,
    };
    channelMessages(channelId).push(msg);
    if (!webhookId && body.enforce_nonce && body.nonce !== undefined)
      nonces.set(`${channelId}:${body.nonce}`, { messageId: msg.id, at });
    return { status: 200, body: msg };
  }

  function edit(channelId: string, messageId: string, body: MessageBody, webhookId?: string): Reply {
    const msg = find(channelId, messageId);
    if (!msg || (webhookId !== undefined && msg.webhook_id !== webhookId))
      return apiError(404, 10008, 'Unknown Message');
    if (body.content !== undefined && body.content !== null) msg.content = body.content;
    if (body.embeds !== undefined) msg.embeds = body.embeds;
    if (body.allowed_mentions !== undefined) msg.allowed_mentions = body.allowed_mentions;
    msg.edited_timestamp = new Date(now()).toISOString();
    msg.edits++;
    return { status: 200, body: msg };
  }

  function invalid(body: MessageBody, isEdit: boolean): Reply | null {
    const errors = validateBody(body, { edit: isEdit });
    if (errors.length === 0) return null;
    if (errors.some((e) => e.code === 'EMPTY')) return apiError(400, 50006, 'Cannot send an empty message');
    return apiError(400, 50035, 'Invalid Form Body', { errors: nestErrors(errors) });
  }

  /** The normal answer to a request (no faults). */
  function handle(route: RouteName, parts: string[], url: URL, req: IncomingMessage, body: MessageBody): Reply {
    if (route.startsWith('channel.')) {
      if (req.headers.authorization !== `Bot ${token}`) return apiError(401, 0, '401: Unauthorized');
      const channelId = parts[1] as string;
      const code = denied.get(channelId);
      if (code) return apiError(403, code, code === 50001 ? 'Missing Access' : 'Missing Permissions');
      if (route === 'channel.get') {
        const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? 50)));
        return { status: 200, body: channelMessages(channelId).slice(-limit).reverse() };
      }
      if (route === 'channel.post') return invalid(body, false) ?? create(channelId, body);
      return invalid(body, true) ?? edit(channelId, parts[3] as string, body);
    }
    const [, webhookId, webhookToken] = parts as [string, string, string];
    const hook = webhooks.get(webhookId);
    if (!hook) return apiError(404, 10015, 'Unknown Webhook');
    if (hook.token !== webhookToken) return apiError(401, 50027, 'Invalid Webhook Token');
    if (route === 'webhook.get')
      return {
        status: 200,
        body: { id: webhookId, type: 1, channel_id: hook.channelId, guild_id: '1', name: 'fake', token: webhookToken },
      };
    if (route === 'webhook.post') {
      const reply = invalid(body, false) ?? create(hook.channelId, body, webhookId);
      return url.searchParams.get('wait') === 'true' || reply.status !== 200 ? reply : { status: 204 };
    }
    return invalid(body, true) ?? edit(hook.channelId, parts[4] as string, body, webhookId);
  }

  function send(res: ServerResponse, reply: Reply): void {
    const json = reply.body === undefined ? '' : JSON.stringify(reply.body);
    res.writeHead(reply.status, { ...(json ? { 'content-type': 'application/json' } : {}), ...reply.headers });
    res.end(json);
  }

  function faultReply(f: Extract<Fault, { kind: 'status' }>): Reply {
    if (f.status === 429) {
      const after = f.retryAfterSec ?? 1;
      const headers: Record<string, string> = {
        'retry-after': String(after),
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset-after': String(after),
        'x-ratelimit-bucket': 'fake-bucket',
        'x-ratelimit-scope': f.global ? 'global' : 'user',
      };
      if (f.global) headers['x-ratelimit-global'] = 'true';
      return {
        status: 429,
        headers,
        body: { message: 'You are being rate limited.', retry_after: after, global: Boolean(f.global) },
      };
    }
    if (f.status >= 500)
      return {
        status: f.status,
        body: { message: f.status === 502 ? 'Bad Gateway' : 'Internal Server Error', code: 0 },
      };
    return apiError(f.status, f.code ?? 0, f.message ?? 'Error');
  }

  function takeFault(route: RouteName, id: string): Fault | undefined {
    for (const key of [`${route}:${id}`, route]) {
      const q = faultQueues.get(key);
      if (q && q.length > 0) return q.shift();
    }
    return undefined;
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const appReply = appRoute(app, token, req, url, chunks);
      if (appReply)
        return outage
          ? send(res, { status: 503, body: { message: 'upstream connect error', code: 0 } })
          : send(res, appReply);
      const match = routeOf(req.method ?? 'GET', url.pathname);
      if (!match) return send(res, apiError(404, 0, '404: Not Found'));
      const { route, parts } = match;
      const id = parts[1] as string;
      const record: RequestRecord = { method: req.method ?? 'GET', route, id, at: now(), outcome: 0 };
      records.push(record);
      let body: MessageBody = {};
      try {
        if (chunks.length > 0) body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as MessageBody;
      } catch {
        record.outcome = 400;
        return send(res, apiError(400, 50109, 'The request body contains invalid JSON.'));
      }
      if (outage === 'drop') return void ((record.outcome = 'dropped'), req.socket.destroy());
      if (outage === 'status')
        return void (
          (record.outcome = 503),
          send(res, { status: 503, body: { message: 'upstream connect error', code: 0 } })
        );
      const fault = takeFault(route, id);
      const answer = () => handle(route, parts, url, req, body);
      const done = fault?.afterCreate ? answer() : undefined;
      if (!fault) {
        const reply = answer();
        record.outcome = reply.status;
        return send(res, reply);
      }
      if (fault.kind === 'drop') return void ((record.outcome = 'dropped'), req.socket.destroy());
      if (fault.kind === 'hang') {
        record.outcome = 'hung';
        if (fault.ms === undefined) return;
        const t = setTimeout(() => send(res, done ?? answer()), fault.ms);
        res.on('close', () => clearTimeout(t));
        return;
      }
      record.outcome = fault.status;
      send(res, faultReply(fault));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const api = `http://127.0.0.1:${port}/api`;

  return {
    api,
    token,
    app,
    messages: (channelId) => [...channelMessages(channelId)],
    allMessages: () => [...byChannel.values()].flat().sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1)),
    requests: (filter = {}) =>
      records.filter((r) => (!filter.route || r.route === filter.route) && (!filter.id || r.id === filter.id)),
    webhook(id, hookToken, channelId) {
      webhooks.set(id, { token: hookToken, channelId });
      return { id, token: hookToken, url: `${api}/webhooks/${id}/${hookToken}` };
    },
    fail(target, ...queue) {
      const q = faultQueues.get(target) ?? [];
      q.push(...queue);
      faultQueues.set(target, q);
    },
    clearFaults: () => faultQueues.clear(),
    deny: (channelId, code = 50013) => void denied.set(channelId, code),
    allow: (channelId) => void denied.delete(channelId),
    outage(on, mode = 'status') {
      outage = on ? mode : null;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A request for the application side (gateway, commands, interactions), answered by ./fake-discord-app.ts. */
function appRoute(app: FakeApp, token: string, req: IncomingMessage, url: URL, chunks: Buffer[]): Reply | null {
  const m = /^\/api\/v10\/(.*)$/.exec(url.pathname);
  if (!m) return null;
  let body: Record<string, unknown> = {};
  try {
    if (chunks.length > 0) body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
  const parts = (m[1] as string)
    .split('/')
    .filter((p) => p !== '')
    .map((p) => decodeURIComponent(p));
  const authorized = req.headers.authorization === `Bot ${token}`;
  return app.handle(req.method ?? 'GET', parts, body, authorized, url.searchParams);
}

/** The route of a request path (version 10 only), with its path parts after /api/v10. */
function routeOf(method: string, pathname: string): { route: RouteName; parts: string[] } | null {
  const m = /^\/api\/v10\/(.*)$/.exec(pathname);
  if (!m) return null;
  const parts = (m[1] as string).split('/').filter((p) => p !== '');
  const [kind, , third, , fifth] = parts;
  if (kind === 'channels' && third === 'messages') {
    if (parts.length === 3 && method === 'POST') return { route: 'channel.post', parts };
    if (parts.length === 3 && method === 'GET') return { route: 'channel.get', parts };
    if (parts.length === 4 && method === 'PATCH') return { route: 'channel.patch', parts };
  }
  if (kind === 'webhooks') {
    if (parts.length === 3 && method === 'POST') return { route: 'webhook.post', parts };
    if (parts.length === 3 && method === 'GET') return { route: 'webhook.get', parts };
    if (parts.length === 5 && parts[3] === 'messages' && fifth !== undefined && method === 'PATCH')
      return { route: 'webhook.patch', parts };
  }
  return null;
}
