// The service's HTTP server (node:http, loopback by default): /healthz for probes,
// /metrics for Prometheus, / for people. Read-only: GET and HEAD only. It reads
// everything through the StatusSource, which never holds a token or webhook URL.
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { StatusSource } from './status-source.js';
import { healthBody } from './healthz.js';
import { collectStatusPage, renderStatusPage } from './status-page/page.js';

export interface HttpServer {
  url: string;
  close(): Promise<void>;
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
const PAGE_HEADERS = { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'" };

const ROUTES: Record<string, (deps: HttpDeps) => Promise<Reply> | Reply> = {
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
};

export async function startHttpServer(cfg: { host: string; port: number }, deps: HttpDeps): Promise<HttpServer> {
  const server = createServer((req, res) => {
    handle(req, res, deps).catch((err: unknown) => {
      // Only writing the response can get here (a client gone mid-reply); nothing to answer.
      deps.log.warn({ err, path: req.url }, 'http response failed');
      res.destroy();
    });
  });
  server.requestTimeout = 15_000;
  server.headersTimeout = 10_000;
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(new Error(`cannot serve HTTP on ${cfg.host}:${cfg.port}: ${err.code ?? err.message}`, { cause: err })));
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

async function handle(req: IncomingMessage, res: ServerResponse, deps: HttpDeps): Promise<void> {
  const path = (req.url ?? '/').split('?')[0] ?? '/'; // the query is ignored; paths match exactly
  const route = ROUTES[path];
  let reply: Reply;
  if (!route) reply = text(404, 'not found');
  else if (req.method !== 'GET' && req.method !== 'HEAD') reply = { ...text(405, 'method not allowed: use GET or HEAD'), headers: { allow: 'GET, HEAD' } };
  else {
    try {
      reply = await route(deps);
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
