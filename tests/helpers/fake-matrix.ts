// A fake Matrix homeserver (client-server API v3: PUT …/send/m.room.message/{txnId} and
// GET …/messages) on 127.0.0.1 port 0. It checks the access token, remembers transaction
// ids per token (a repeated one returns the event it created, as the spec requires) for
// `txnWindowMs`, applies m.replace edits, rejects events over 65,536 bytes (M_TOO_LARGE),
// records which HTML tags each formatted_body used and whom each event would have pinged
// (`@room` in the body of an event without m.mentions, or m.mentions.room / user_ids),
// and answers from the shared fault queue (./fake-chat.ts).
import { chatFaults, startFakeChat, type ChatFault, type FakeChatServer, type Reply } from './fake-chat.js';

export interface MatrixEvent {
  event_id: string;
  room_id: string;
  sender: string;
  txnId: string;
  content: Record<string, unknown>;
  /** The content shown after edits (m.new_content of the latest m.replace). */
  current: Record<string, unknown>;
  /** HTML tags used in formatted_body (of the original and every edit). */
  tags: string[];
  pings: string[];
  edits: number;
  receivedAt: number;
}

export interface FakeMatrix extends FakeChatServer {
  /** Pass as matrix.homeserver. */
  readonly homeserver: string;
  readonly token: string;
  readonly userId: string;
  /** Messages of a room (edit events are folded into their original). */
  messages(room: string): MatrixEvent[];
  /** Edit events received (m.replace), raw. */
  edits(room: string): MatrixEvent[];
  /** A room the bot has joined. */
  join(room: string): void;
  /** The bot was kicked (403 M_FORBIDDEN) until joined again. */
  kick(room: string): void;
  /** Another member of the room sends a message (not through the API under test). */
  postAs(room: string, sender: string, content: Record<string, unknown>): MatrixEvent;
}

const ERR = (errcode: string, error: string, extra: Record<string, unknown> = {}) => ({ errcode, error, ...extra });

export const matrixFaults = {
  rateLimited: (retryAfterMs: number, opts: { afterCreate?: boolean } = {}): ChatFault => ({
    ...chatFaults.status(429, ERR('M_LIMIT_EXCEEDED', 'Too many requests', { retry_after_ms: retryAfterMs })),
    ...opts,
  }),
  serverError: (status = 500, opts: { afterCreate?: boolean } = {}): ChatFault => ({
    ...chatFaults.status(status, ERR('M_UNKNOWN', 'Internal server error')),
    ...opts,
  }),
  ...chatFaults,
};

const seqOf = (e: MatrixEvent) => Number(/\d+/.exec(e.event_id)?.[0]);

function tagsOf(html: unknown): string[] {
  return typeof html === 'string'
    ? [...html.matchAll(/<([A-Z][\w-]*)/gi)].map((m) => (m[1] as string).toLowerCase())
    : [];
}

function pingsOf(content: Record<string, unknown>): string[] {
  const mentions = content['m.mentions'] as { room?: boolean; user_ids?: string[] } | undefined;
  if (mentions === undefined) return typeof content.body === 'string' && /@room\b/.test(content.body) ? ['@room'] : [];
  return [...(mentions.room ? ['@room'] : []), ...(mentions.user_ids ?? [])];
}

export async function startFakeMatrix(
  opts: { token?: string; now?: () => number; txnWindowMs?: number } = {},
): Promise<FakeMatrix> {
  const token = opts.token ?? 'syt_fake_matrix_access_token_0001';
  const userId = '@newswatch:fake.example.org';
  const now = opts.now ?? Date.now;
  const txnWindowMs = opts.txnWindowMs ?? 30 * 60_000;
  const rooms = new Map<string, MatrixEvent[]>();
  const editsBy = new Map<string, MatrixEvent[]>();
  const joined = new Set<string>();
  const kicked = new Set<string>();
  const txns = new Map<string, { eventId: string; at: number }>();
  let seq = 0;
  const list = <T>(m: Map<string, T[]>, room: string) => {
    let l = m.get(room);
    if (!l) m.set(room, (l = []));
    return l;
  };

  function send(room: string, txnId: string, content: Record<string, unknown>): Reply {
    const at = now();
    const key = `${token}\u0000${txnId}`;
    const seen = txns.get(key);
    if (seen && at - seen.at <= txnWindowMs) return { status: 200, body: { event_id: seen.eventId } };
    if (Buffer.byteLength(JSON.stringify(content)) > 65_536)
      return { status: 413, body: ERR('M_TOO_LARGE', 'event too large') };
    if (typeof content.body !== 'string' || typeof content.msgtype !== 'string')
      return { status: 400, body: ERR('M_BAD_JSON', 'body and msgtype are required') };
    const event: MatrixEvent = {
      event_id: `$ev${++seq}:fake.example.org`,
      room_id: room,
      sender: userId,
      txnId,
      content,
      current: content,
      tags: tagsOf(content.formatted_body),
      pings: pingsOf(content),
      edits: 0,
      receivedAt: at,
    };
    txns.set(key, { eventId: event.event_id, at });
    const rel = content['m.relates_to'] as { rel_type?: string; event_id?: string } | undefined;
    if (rel?.rel_type === 'm.replace') {
      list(editsBy, room).push(event);
      const original = list(rooms, room).find((e) => e.event_id === rel.event_id);
      const fresh = content['m.new_content'] as Record<string, unknown> | undefined;
      if (original && fresh) {
        original.current = fresh;
        original.edits++;
        original.tags.push(...tagsOf(fresh.formatted_body));
        original.pings.push(...pingsOf(fresh), ...event.pings);
      }
    } else list(rooms, room).push(event);
    return { status: 200, body: { event_id: event.event_id } };
  }

  const server = await startFakeChat(
    {
      route(method, url) {
        if (url.pathname === '/_matrix/client/v3/account/whoami' && method === 'GET')
          return { route: 'whoami', id: '' };
        const m = /^\/_matrix\/client\/v3\/rooms\/([^/]+)\/(send\/m\.room\.message\/([^/]+)|messages)$/.exec(
          url.pathname,
        );
        if (!m) return null;
        const room = decodeURIComponent(m[1] as string);
        if (m[2] === 'messages' && method === 'GET') return { route: 'messages', id: room };
        if (m[3] !== undefined && method === 'PUT') return { route: 'send', id: room };
        return null;
      },
      handle(route, room, req) {
        if (req.headers.authorization !== `Bearer ${token}`)
          return { status: 401, body: ERR('M_UNKNOWN_TOKEN', 'Invalid access token passed.', { soft_logout: false }) };
        if (route === 'whoami') return { status: 200, body: { user_id: userId, device_id: 'FAKEDEVICE' } };
        if (!joined.has(room) && !kicked.has(room)) return { status: 404, body: ERR('M_NOT_FOUND', 'Unknown room') };
        if (kicked.has(room)) return { status: 403, body: ERR('M_FORBIDDEN', `User ${userId} not in room ${room}`) };
        if (route === 'messages') {
          const limit = Math.min(1000, Number(req.url.searchParams.get('limit') ?? 10));
          const all = [...list(rooms, room), ...list(editsBy, room)].sort((a, b) => seqOf(a) - seqOf(b));
          const chunk = all
            .slice(-limit)
            .reverse()
            .map((e) => ({
              event_id: e.event_id,
              type: 'm.room.message',
              sender: e.sender,
              room_id: room,
              content: e.content,
            }));
          return { status: 200, body: { chunk, start: 't1', end: 't0' } };
        }
        const txnId = decodeURIComponent(/\/send\/m\.room\.message\/([^/]+)$/.exec(req.url.pathname)?.[1] ?? '');
        return send(room, txnId, (req.body ?? {}) as Record<string, unknown>);
      },
      badJson: { status: 400, body: ERR('M_NOT_JSON', 'Content not JSON.') },
      outage: { status: 502, body: 'Bad Gateway' },
    },
    now,
  );
  return {
    ...server,
    homeserver: server.base,
    token,
    userId,
    messages: (room) => [...list(rooms, room)],
    edits: (room) => [...list(editsBy, room)],
    join(room) {
      joined.add(room);
      kicked.delete(room);
    },
    kick(room) {
      kicked.add(room);
      joined.delete(room);
    },
    postAs(room, sender, content) {
      const event: MatrixEvent = {
        event_id: `$ev${++seq}:fake.example.org`,
        room_id: room,
        sender,
        txnId: '',
        content,
        current: content,
        tags: [],
        pings: [],
        edits: 0,
        receivedAt: now(),
      };
      list(rooms, room).push(event);
      return event;
    },
  };
}
