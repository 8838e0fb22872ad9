// The application side of the fake Discord REST API: what a bot with a gateway session
// needs besides posting messages. GET /gateway/bot (where the fake gateway listens),
// GET /applications/@me, GET /channels/:id (its guild), guild application commands
// (bulk PUT and GET), and interaction responses: the callback, edits of the original
// response and follow-ups. Every response is recorded for the tests to read.

export const APP_ID = '900000000000000042';

export interface CommandRecord {
  id: string;
  application_id: string;
  guild_id: string;
  name: string;
  description: string;
  options?: unknown[];
  [key: string]: unknown;
}

/** One answer to an interaction: the callback (type 4 message, 5 deferred, 7 update, 8 autocomplete), or a later edit/follow-up. */
export interface InteractionAnswer {
  interactionId: string;
  token: string;
  kind: 'callback' | 'edit' | 'followup';
  /** Discord's callback type (for kind 'callback'). */
  type?: number;
  data: Record<string, unknown>;
  at: number;
}

export interface AppReply {
  status: number;
  body?: unknown;
}

export interface FakeApp {
  /** The gateway URL handed out by GET /gateway/bot (set by the fake gateway). */
  gatewayUrl: string | null;
  /** Which guild a channel belongs to (GET /channels/:id); unknown channels answer 404. */
  guildOf: Map<string, string>;
  commands: Map<string, CommandRecord[]>;
  answers: InteractionAnswer[];
  /** Interaction id → token, known once the gateway dispatched it. */
  interactions: Map<string, string>;
  /** Every request the application side answered: method and path after /api/v10. */
  log: { method: string; path: string; at: number }[];
  handle(
    method: string,
    parts: string[],
    body: Record<string, unknown>,
    authorized: boolean,
    query: URLSearchParams,
  ): AppReply | null;
}

const unauthorized: AppReply = { status: 401, body: { message: '401: Unauthorized', code: 0 } };

export function fakeApp(now: () => number): FakeApp {
  let nextId = 1_300_000_000_000_000_000n;
  const app: FakeApp = {
    gatewayUrl: null,
    guildOf: new Map(),
    commands: new Map(),
    answers: [],
    interactions: new Map(),
    log: [],
    handle(method, parts, body, authorized, query) {
      const reply = answer(method, parts, body, authorized, query);
      if (reply) app.log.push({ method, path: parts.join('/'), at: now() });
      return reply;
    },
  };
  function answer(
    method: string,
    parts: string[],
    body: Record<string, unknown>,
    authorized: boolean,
    query: URLSearchParams,
  ): AppReply | null {
    const [a, b, c, d, e, f] = parts;
    if (method === 'GET' && a === 'gateway' && b === 'bot' && parts.length === 2) {
      if (!authorized) return unauthorized;
      if (!app.gatewayUrl) return { status: 503, body: { message: 'no gateway', code: 0 } };
      const limit = { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 };
      return { status: 200, body: { url: app.gatewayUrl, shards: 1, session_start_limit: limit } };
    }
    if (method === 'GET' && a === 'applications' && b === '@me' && parts.length === 2) {
      if (!authorized) return unauthorized;
      return {
        status: 200,
        body: { id: APP_ID, name: 'newswatch-fake', description: '', flags: 0, bot_public: false },
      };
    }
    if (method === 'GET' && a === 'channels' && parts.length === 2 && b) {
      if (!authorized) return unauthorized;
      const guild = app.guildOf.get(b);
      if (!guild) return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
      return { status: 200, body: { id: b, type: 0, guild_id: guild, name: `channel-${b}` } };
    }
    if (a === 'applications' && c === 'guilds' && e === 'commands' && parts.length === 5 && b && d) {
      if (!authorized) return unauthorized;
      if (b !== APP_ID) return { status: 404, body: { message: 'Unknown Application', code: 10002 } };
      if (method === 'GET') return { status: 200, body: app.commands.get(d) ?? [] };
      if (method === 'PUT') {
        const list = (Array.isArray(body) ? body : []) as Record<string, unknown>[];
        const stored = list.map(
          (cmd) => ({ ...cmd, id: String(nextId++), application_id: APP_ID, guild_id: d }) as CommandRecord,
        );
        app.commands.set(d, stored);
        return { status: 200, body: stored };
      }
    }
    if (method === 'POST' && a === 'interactions' && d === 'callback' && parts.length === 4 && b && c) {
      if (app.interactions.get(b) !== c) return { status: 404, body: { message: 'Unknown interaction', code: 10062 } };
      if (app.answers.some((x) => x.interactionId === b && x.kind === 'callback')) {
        return { status: 400, body: { message: 'Interaction has already been acknowledged.', code: 40060 } };
      }
      const data = (body['data'] ?? {}) as Record<string, unknown>;
      app.answers.push({ interactionId: b, token: c, kind: 'callback', type: Number(body['type']), data, at: now() });
      if (query.get('with_response') !== 'true') return { status: 204 };
      return { status: 200, body: { interaction: { id: b, type: 2 }, resource: { type: Number(body['type']) } } };
    }
    if (a === 'webhooks' && b === APP_ID && c) {
      const interactionId = [...app.interactions].find(([, t]) => t === c)?.[0];
      if (!interactionId) return null;
      const message = (data: Record<string, unknown>) => ({
        id: String(nextId++),
        channel_id: '0',
        content: '',
        embeds: [],
        ...data,
      });
      if (method === 'PATCH' && d === 'messages' && f === undefined && e === '@original') {
        app.answers.push({ interactionId, token: c, kind: 'edit', data: body, at: now() });
        return { status: 200, body: message(body) };
      }
      if (method === 'POST' && parts.length === 3) {
        app.answers.push({ interactionId, token: c, kind: 'followup', data: body, at: now() });
        return { status: 200, body: message(body) };
      }
    }
    return null;
  }
  return app;
}
