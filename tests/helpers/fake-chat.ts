// The shared machinery of the fake chat APIs (fake-slack.ts, fake-telegram.ts,
// fake-matrix.ts): a real HTTP server on 127.0.0.1 port 0, every request recorded, and a
// scriptable fault queue per route (or per route and id), plus an outage switch — the
// same faults the fake Discord offers (status, dropped connection, hang, after-create).
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type ChatFault = (
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  /** Destroy the socket without an answer. */
  | { kind: 'drop' }
  /** Never answer (until the client gives up), or answer normally after `ms`. */
  | { kind: 'hang'; ms?: number }
) & {
  /** Do the work first (create/edit the message), then fail: the client cannot know it succeeded. */
  afterCreate?: boolean;
};

export const chatFaults = {
  status: (status: number, body?: unknown, headers?: Record<string, string>): ChatFault => ({
    kind: 'status',
    status,
    body,
    headers,
  }),
  drop: (opts: { afterCreate?: boolean } = {}): ChatFault => ({ kind: 'drop', ...opts }),
  hang: (opts: { ms?: number; afterCreate?: boolean } = {}): ChatFault => ({ kind: 'hang', ...opts }),
};

export interface Reply {
  status: number;
  /** An object is sent as JSON, a string as text. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ChatRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (undefined when there is none); invalid JSON never reaches a handler. */
  body: unknown;
}

export interface RequestRecord {
  method: string;
  route: string;
  id: string;
  at: number;
  outcome: number | 'dropped' | 'hung';
}

export interface FakeChatServer {
  readonly base: string;
  requests(filter?: { route?: string; id?: string }): RequestRecord[];
  /** Every request to the target ('route' or 'route:id') answers with these faults first, in order. */
  fail(target: string, ...queue: ChatFault[]): void;
  clearFaults(): void;
  /** The service is down: every request answers 503 (or is dropped) until switched off. */
  outage(on: boolean, mode?: 'status' | 'drop'): void;
  close(): Promise<void>;
}

export interface ChatHandler {
  /** The route name and id of a request, or null for an unknown path (404). */
  route(method: string, url: URL): { route: string; id: string } | null;
  handle(route: string, id: string, req: ChatRequest): Reply;
  /** The answer to a request with a body that is not JSON. */
  badJson: Reply;
  outage: Reply;
}

export async function startFakeChat(handler: ChatHandler, now: () => number = Date.now): Promise<FakeChatServer> {
  const records: RequestRecord[] = [];
  const queues = new Map<string, ChatFault[]>();
  const sockets = new Set<Socket>();
  let outage: 'status' | 'drop' | null = null;

  const send = (res: ServerResponse, reply: Reply) => {
    const text =
      reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    const type =
      reply.body === undefined
        ? {}
        : { 'content-type': typeof reply.body === 'string' ? 'text/plain' : 'application/json' };
    res.writeHead(reply.status, { ...type, ...reply.headers });
    res.end(text);
  };
  const take = (route: string, id: string): ChatFault | undefined => {
    for (const key of [`${route}:${id}`, route]) {
      const q = queues.get(key);
      if (q && q.length > 0) return q.shift();
    }
    return undefined;
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const method = req.method ?? 'GET';
      const match = handler.route(method, url);
      if (!match) return send(res, { status: 404, body: 'not found' });
      const record: RequestRecord = { method, route: match.route, id: match.id, at: now(), outcome: 0 };
      records.push(record);
      let body: unknown;
      try {
        if (chunks.length > 0) body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        record.outcome = handler.badJson.status;
        return send(res, handler.badJson);
      }
      if (outage === 'drop') return void ((record.outcome = 'dropped'), req.socket.destroy());
      if (outage === 'status') return void ((record.outcome = handler.outage.status), send(res, handler.outage));
      const request: ChatRequest = { method, url, headers: req.headers, body };
      const answer = () => handler.handle(match.route, match.id, request);
      const fault = take(match.route, match.id);
      if (!fault) {
        const reply = answer();
        record.outcome = reply.status;
        return send(res, reply);
      }
      const done = fault.afterCreate ? answer() : undefined;
      if (fault.kind === 'drop') return void ((record.outcome = 'dropped'), req.socket.destroy());
      if (fault.kind === 'hang') {
        record.outcome = 'hung';
        if (fault.ms === undefined) return;
        const t = setTimeout(() => send(res, done ?? answer()), fault.ms);
        res.on('close', () => clearTimeout(t));
        return;
      }
      record.outcome = fault.status;
      send(res, { status: fault.status, body: fault.body, headers: fault.headers });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests: (filter = {}) =>
      records.filter((r) => (!filter.route || r.route === filter.route) && (!filter.id || r.id === filter.id)),
    fail(target, ...queue) {
      const q = queues.get(target) ?? [];
      q.push(...queue);
      queues.set(target, q);
    },
    clearFaults: () => queues.clear(),
    outage(on, mode = 'status') {
      outage = on ? mode : null;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
