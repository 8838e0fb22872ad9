// A fake Discord gateway: a WebSocket server on 127.0.0.1 (port 0) speaking the gateway
// protocol version 10, JSON encoding, no compression — enough for the real discord.js
// Client: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats and ACKs, presence updates,
// RESUME → replayed events + RESUMED, INVALID_SESSION, and dispatches (INTERACTION_CREATE).
// The client finds it through the fake REST API's GET /gateway/bot (./fake-discord-app.ts).
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { APP_ID } from './fake-discord-app.js';
import type { FakeDiscord, FakeMessage } from './fake-discord.js';

export interface FakeGuild {
  id: string;
  channels: string[];
  /** Role ids that exist in the guild (besides @everyone). */
  roles?: string[];
}

export interface FakeGatewayOptions {
  guilds: FakeGuild[];
  /** HELLO's heartbeat interval (default 1 s: heartbeats happen within a test). */
  heartbeatMs?: number;
}

export interface FakeUser {
  id: string;
  username: string;
}

/** What a test sends as an interaction; the rest of Discord's payload is filled in. */
export interface InteractionSpec {
  /** 2 application command, 3 message component (button), 4 autocomplete. */
  type: 2 | 3 | 4;
  guildId: string;
  channelId: string;
  user?: FakeUser;
  roles?: string[];
  /** The member's permissions in the channel, as Discord's decimal bitfield string. */
  permissions?: string;
  data: Record<string, unknown>;
  /** For buttons: the message the button is on. */
  message?: FakeMessage;
}

interface Session {
  id: string;
  seq: number;
  /** Dispatches sent in this session, for replay on RESUME. */
  sent: { s: number; payload: string }[];
}

export interface FakeGateway {
  readonly url: string;
  /** Sockets opened so far (including refused ones). */
  readonly connections: number;
  readonly identifies: Record<string, unknown>[];
  readonly resumes: { session_id: string; seq: number }[];
  /** Presence updates (op 3) and the presence sent with IDENTIFY, in order. */
  readonly presences: Record<string, unknown>[];
  readonly heartbeats: number;
  /** True when a socket is open and its session is READY or RESUMED. */
  live(): boolean;
  /**
   * Send an interaction to every connected client (several processes on one bot token each
   * receive it, as from Discord); returns its id, token and how many sessions it went to.
   */
  interaction(spec: InteractionSpec): { id: string; token: string; sessions: number };
  /** Close the current socket with `code` (4000: the client resumes; 1000: it reconnects anew). */
  disconnect(code?: number): void;
  /** While down, every new connection is closed at once (the gateway is unreachable). */
  down(on: boolean): void;
  /** Send INVALID_SESSION (resumable or not) on the current socket. */
  invalidSession(resumable: boolean): void;
  close(): Promise<void>;
}

const USER = {
  id: '900000000000000001',
  username: 'newswatch-fake',
  discriminator: '0',
  global_name: null,
  avatar: null,
  bot: true,
};

export async function startFakeGateway(discord: FakeDiscord, opts: FakeGatewayOptions): Promise<FakeGateway> {
  const heartbeatMs = opts.heartbeatMs ?? 1000;
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  discord.app.gatewayUrl = url;
  for (const g of opts.guilds) for (const c of g.channels) discord.app.guildOf.set(c, g.id);

  const sessions = new Map<string, Session>();
  const identifies: Record<string, unknown>[] = [];
  const resumes: { session_id: string; seq: number }[] = [];
  const presences: Record<string, unknown>[] = [];
  let connections = 0;
  let heartbeats = 0;
  let isDown = false;
  let current: { ws: WebSocket; session: Session | null } | null = null;
  /** Every open connection (one per client process). */
  const conns = new Set<{ ws: WebSocket; session: Session | null }>();
  let nextId = 1_400_000_000_000_000_000n;

  const sendOp = (ws: WebSocket, op: number, d: unknown) => ws.send(JSON.stringify({ op, d, s: null, t: null }));
  const dispatch = (conn: { ws: WebSocket; session: Session | null }, t: string, d: unknown) => {
    const session = conn.session;
    if (!session) throw new Error(`fake gateway: ${t} before READY`);
    const s = ++session.seq;
    const payload = JSON.stringify({ op: 0, t, s, d });
    session.sent.push({ s, payload });
    conn.ws.send(payload);
  };

  const guildCreate = (g: FakeGuild) => ({
    id: g.id,
    name: `guild-${g.id}`,
    unavailable: false,
    owner_id: '1',
    joined_at: new Date(0).toISOString(),
    large: false,
    member_count: 1,
    features: [],
    emojis: [],
    stickers: [],
    members: [],
    presences: [],
    voice_states: [],
    threads: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    channels: g.channels.map((c) => ({
      id: c,
      type: 0,
      name: `channel-${c}`,
      guild_id: g.id,
      position: 0,
      permission_overwrites: [],
    })),
    roles: [g.id, ...(g.roles ?? [])].map((r, i) => ({
      id: r,
      name: i === 0 ? '@everyone' : `role-${r}`,
      permissions: '0',
      position: i,
      color: 0,
      hoist: false,
      managed: false,
      mentionable: false,
      flags: 0,
    })),
  });

  wss.on('connection', (ws, req) => {
    connections++;
    if (isDown) return ws.close(1001, 'gateway unavailable');
    const q = new URL(req.url ?? '/', 'ws://fake').searchParams;
    if (q.get('v') !== '10' || q.get('encoding') !== 'json' || q.has('compress'))
      return ws.close(4012, 'Invalid API version');
    const conn: { ws: WebSocket; session: Session | null } = { ws, session: null };
    current = conn;
    conns.add(conn);
    ws.on('close', () => {
      conns.delete(conn);
      if (current === conn) current = null;
    });
    ws.on('message', (raw) => {
      let msg: { op: number; d: Record<string, unknown> | number | null };
      try {
        msg = JSON.parse(String(raw)) as typeof msg;
      } catch {
        return ws.close(4002, 'Decode error');
      }
      const d = (msg.d ?? {}) as Record<string, unknown>;
      if (msg.op === 1) {
        heartbeats++;
        return sendOp(ws, 11, null);
      }
      if (msg.op === 2) {
        if (d['token'] !== discord.token) return ws.close(4004, 'Authentication failed');
        if (conn.session) return ws.close(4005, 'Already authenticated');
        identifies.push(d);
        if (d['presence']) presences.push(d['presence'] as Record<string, unknown>);
        const session: Session = { id: `session-${identifies.length}`, seq: 0, sent: [] };
        sessions.set(session.id, session);
        conn.session = session;
        dispatch(conn, 'READY', {
          v: 10,
          user: USER,
          guilds: opts.guilds.map((g) => ({ id: g.id, unavailable: true })),
          session_id: session.id,
          resume_gateway_url: url,
          shard: [0, 1],
          application: { id: APP_ID, flags: 0 },
        });
        for (const g of opts.guilds) dispatch(conn, 'GUILD_CREATE', guildCreate(g));
        return;
      }
      if (msg.op === 3) return void presences.push(d);
      if (msg.op === 6) {
        const session = sessions.get(String(d['session_id']));
        resumes.push({ session_id: String(d['session_id']), seq: Number(d['seq']) });
        if (d['token'] !== discord.token) return ws.close(4004, 'Authentication failed');
        if (!session) return sendOp(ws, 9, false);
        conn.session = session;
        for (const e of session.sent) if (e.s > Number(d['seq'])) ws.send(e.payload);
        return dispatch(conn, 'RESUMED', {});
      }
      ws.close(4001, 'Unknown opcode');
    });
    sendOp(ws, 10, { heartbeat_interval: heartbeatMs });
  });

  return {
    url,
    get connections() {
      return connections;
    },
    identifies,
    resumes,
    presences,
    get heartbeats() {
      return heartbeats;
    },
    live: () => current !== null && current.session !== null && current.ws.readyState === current.ws.OPEN,
    interaction(spec) {
      const targets = [...conns].filter((c) => c.session && c.ws.readyState === c.ws.OPEN);
      if (targets.length === 0) throw new Error('fake gateway: no client is connected');
      const id = String(nextId++);
      const token = `itoken-${id}`;
      discord.app.interactions.set(id, token);
      const user = spec.user ?? { id: '500000000000000001', username: 'analyst' };
      const d: Record<string, unknown> = {
        id,
        token,
        application_id: APP_ID,
        type: spec.type,
        version: 1,
        data: spec.data,
        guild_id: spec.guildId,
        channel_id: spec.channelId,
        channel: { id: spec.channelId, type: 0, guild_id: spec.guildId, name: `channel-${spec.channelId}` },
        member: {
          user: { ...user, discriminator: '0', global_name: null, avatar: null },
          roles: spec.roles ?? [],
          permissions: spec.permissions ?? '0',
          joined_at: new Date(0).toISOString(),
          deaf: false,
          mute: false,
          flags: 0,
        },
        app_permissions: '2048',
        locale: 'en-US',
        guild_locale: 'en-US',
        entitlements: [],
        authorizing_integration_owners: { '0': spec.guildId },
        context: 0,
      };
      if (spec.message)
        d['message'] = {
          ...spec.message,
          type: 0,
          attachments: [],
          mentions: [],
          mention_roles: [],
          pinned: false,
          tts: false,
          mention_everyone: false,
        };
      for (const c of targets) dispatch(c, 'INTERACTION_CREATE', d);
      return { id, token, sessions: targets.length };
    },
    disconnect(code = 4000) {
      current?.ws.close(code, 'fake gateway: disconnect');
    },
    down(on) {
      isDown = on;
      if (on) current?.ws.terminate();
    },
    invalidSession(resumable) {
      if (current) sendOp(current.ws, 9, resumable);
    },
    async close() {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
