// The service's HTTP server (node:http, loopback by default): /healthz for probes,
// /metrics for Prometheus, / for people. Read-only: GET and HEAD only. It reads
// everything through the StatusSource, which never holds a token or webhook URL.
//
// Access (README "Status page access"): with `http.auth`, every path but /healthz (and
// /metrics with `exemptMetrics`) needs `Authorization: Bearer <token>` or HTTP basic
// credentials; without it, the server refuses to listen on anything but a loopback
// address unless `http.public: true` says so (the config check says it first).
import { createHash, timingSafeEqual } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { isLoopbackHost } from '../config/schema.js';
import type { StatusSource } from './status-source.js';
import { healthBody } from './healthz.js';
import { collectStatusPage, renderStatusPage } from './status-page/page.js';
import { searchPage } from './status-page/search-route.js';

export interface HttpServer {
  url: string;
  close(): Promise<void>;
}

export interface HttpAuth {
  token?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
  exemptMetrics?: boolean;
}

export interface HttpConfig {
  host: string;
  port: number;
  auth?: HttpAuth | undefined;
  public?: boolean;
}

export interface HttpDeps {
  status: StatusSource;
  log: Logger;
}

interface Reply {
  status: number;
  type: string;
  body: string;
  headers?: Record<string, string>;
}

/** No script runs on the page; the policy makes sure none ever can, even injected. */
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
};

const ROUTES: Record<string, (deps: HttpDeps, query: URLSearchParams) => Promise<Reply> | Reply> = {
  '/healthz': async ({ status }) => {
    const { ok, body } = await healthBody(status);
    return { status: ok ? 200 : 503, type: 'application/json; charset=utf-8', body: `${JSON.stringify(body)}\n` };
  },
  '/metrics': async ({ status }) => {
    const m = await status.metrics();
    return { status: 200, type: m.contentType, body: m.body };
  },
  '/': async ({ status }) => ({
    status: 200,
    type: 'text/html; charset=utf-8',
    body: renderStatusPage(await collectStatusPage(status)),
    headers: PAGE_HEADERS,
  }),
  '/search': async ({ status }, query) => ({
    status: 200,
    type: 'text/html; charset=utf-8',
    body: await searchPage(status, query),
    headers: PAGE_HEADERS,
  }),
};

export async function startHttpServer(cfg: HttpConfig, deps: HttpDeps): Promise<HttpServer> {
  if (!cfg.auth && !cfg.public && !isLoopbackHost(cfg.host)) {
    const why = 'without http.auth (set http.auth, or http.public: true)';
    throw new Error(`refusing to serve the status page on ${cfg.host} ${why}`);
  }
  const allowed = authorizer(cfg.auth);
  const server = createServer((req, res) => {
    handle(req, res, deps, allowed).catch((err: unknown) => {
      // Only writing the response can get here (a client gone mid-reply); nothing to answer.
      deps.log.warn({ err, path: req.url }, 'http response failed');
      res.destroy();
    });
  });
  server.requestTimeout = 15_000;
  server.headersTimeout = 10_000;
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(`cannot serve HTTP on ${cfg.host}:${cfg.port}: ${err.code ?? err.message}`, { cause: err })),
    );
    server.listen(cfg.port, cfg.host, () => resolve());
  });
  server.on('error', (err) => deps.log.error({ err }, 'http server error'));
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}/`,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, deps: HttpDeps, allowed: Authorizer): Promise<void> {
  const [path = '/', search = ''] = (req.url ?? '/').split('?', 2); // paths match exactly; only /search reads the query
  const route = ROUTES[path];
  let reply: Reply;
  const denied = allowed(path, req.headers.authorization);
  if (denied) reply = denied;
  else if (!route) reply = text(404, 'not found');
  else if (req.method !== 'GET' && req.method !== 'HEAD')
    reply = { ...text(405, 'method not allowed: use GET or HEAD'), headers: { allow: 'GET, HEAD' } };
  else {
    try {
      reply = await route(deps, new URLSearchParams(search));
    } catch (err) {
      // Details go to the log, not to the client.
      deps.log.error({ err, path }, `http ${path} failed`);
      reply = text(500, 'internal error (see the service log)');
    }
  }
  const body = Buffer.from(reply.body, 'utf8');
  res.writeHead(reply.status, {
    'content-type': reply.type,
    'content-length': body.length,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    ...reply.headers,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function text(status: number, message: string): Reply {
  return { status, type: 'text/plain; charset=utf-8', body: `${message}\n` };
}

/** null when the request may go on, else the 401 to answer. */
type Authorizer = (path: string, authorization: string | undefined) => Reply | null;

function authorizer(auth: HttpAuth | undefined): Authorizer {
  if (!auth) return () => null;
  const token = auth.token === undefined ? null : digest(auth.token);
  const { username, password } = auth;
  const basic = username === undefined || password === undefined ? null : digest(`${username}:${password}`);
  const challenge = basic ? 'Basic realm="newswatch", charset="UTF-8"' : 'Bearer realm="newswatch"';
  return (path, header) => {
    if (path === '/healthz' || (path === '/metrics' && auth.exemptMetrics)) return null;
    const m = /^(Bearer|Basic)\s+(\S+)\s*$/i.exec(header ?? '');
    const scheme = m?.[1]?.toLowerCase();
    if (m && scheme === 'bearer' && token && same(digest(m[2] as string), token)) return null;
    const decoded = () => Buffer.from(m?.[2] ?? '', 'base64').toString('utf8');
    if (m && scheme === 'basic' && basic && same(digest(decoded()), basic)) return null;
    return { ...text(401, 'authentication required'), headers: { 'www-authenticate': challenge } };
  };
}

/** Fixed-length digests, so that the comparison takes the same time whatever the input. */
function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

function same(a: Buffer, b: Buffer): boolean {
  return timingSafeEqual(a, b);
}
