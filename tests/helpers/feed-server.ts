// A small local HTTP server for feeds, shared by tests and benchmarks (node:http on
// 127.0.0.1, port 0). Routes are either a declarative RouteSpec or a raw handler.
//
//   const server = await startFeedServer();
//   server.route('/feed.xml', { body: rss, headers: { 'content-type': 'application/rss+xml' }, etag: '"v1"' });
//   await fetch(server.url('/feed.xml'));            // 200, then 304 when If-None-Match: "v1" is sent
//   server.route('/old', { status: 301, redirect: '/feed.xml' });
//   server.route('/slow', { hang: true });           // never answers
//   server.route('/big', { streamBytes: 50 << 20 }); // 50 MB generated on the fly, chunked
//   await server.close();
//
// Static routes do their heavy work (compression, date parsing) once, in route(); a
// request costs a map lookup and a write, so the server can stand in for 1,000 feeds.
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';

export type Encoding = 'gzip' | 'deflate' | 'br';
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface RouteSpec {
  /** Default 200 (302 with `redirect`). */
  status?: number;
  headers?: OutgoingHttpHeaders;
  body?: string | Buffer;
  /** Compress the body (once, at route time) when the request's Accept-Encoding allows it. */
  encoding?: Encoding;
  /** Shorthand for `encoding: 'gzip'`. */
  gzip?: boolean;
  /** Sent as ETag; a matching If-None-Match gets a 304. */
  etag?: string;
  /** Sent as Last-Modified; an If-Modified-Since at or after it gets a 304 (when no If-None-Match is sent). */
  lastModified?: string;
  /** Location header (may be relative): makes the route a redirect. */
  redirect?: string;
  /** Wait this long before sending the headers. */
  delayMs?: number;
  /** Never answer: the request stays open until the client gives up or the server closes. */
  hang?: boolean;
  /** After the headers and `body`, write `chunk` (default a space) every `everyMs`, forever. */
  trickle?: { everyMs: number; chunk?: string };
  /** A body of this many bytes generated on the fly and streamed chunked (no Content-Length), with backpressure. */
  streamBytes?: number;
}

/** One request the server received. `bytesSent` counts body bytes written; `completed` is false when the client went away first. */
export interface RequestRecord {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  bytesSent: number;
  completed: boolean;
}

export interface FeedServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  url(path: string): string;
  /** Add or replace the route for a path (matched on the full request path with its query, then on the path alone). */
  route(path: string, spec: RouteSpec | RouteHandler): void;
  /** Every request received, in order (empty when started with `logRequests: false`). */
  requests: RequestRecord[];
  close(): Promise<void>;
}

interface Prepared {
  spec: Omit<RouteSpec, 'body'>;
  status: number;
  headers: OutgoingHttpHeaders;
  plain: Buffer | null;
  encoded: Buffer | null;
  encoding: Encoding | undefined;
  lastModifiedAt: number;
}

const COMPRESS: Record<Encoding, (b: Buffer) => Buffer> = {
  gzip: gzipSync,
  deflate: deflateSync,
  br: brotliCompressSync,
};
const STREAM_CHUNK = Buffer.alloc(64 * 1024, 'x');

export async function startFeedServer(options: { logRequests?: boolean } = {}): Promise<FeedServer> {
  const routes = new Map<string, Prepared | RouteHandler>();
  const requests: RequestRecord[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void, repeat = false): NodeJS.Timeout => {
    const t = repeat ? setInterval(fn, ms) : setTimeout(() => (timers.delete(t), fn()), ms);
    timers.add(t);
    return t;
  };
  const cancel = (t: NodeJS.Timeout) => (clearTimeout(t), timers.delete(t));

  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    const record: RequestRecord = {
      method: req.method ?? 'GET',
      path,
      headers: req.headers,
      bytesSent: 0,
      completed: false,
    };
    if (options.logRequests !== false) requests.push(record);
    res.on('finish', () => (record.completed = true));
    const route = routes.get(path) ?? routes.get(path.split('?')[0] ?? path);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (typeof route === 'function') {
      Promise.resolve(route(req, res)).catch((err: unknown) => {
        if (res.headersSent) res.destroy();
        else res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
      });
      return;
    }
    if (route.spec.hang) return;
    if (route.spec.delayMs) {
      const t = later(route.spec.delayMs, () => respond(route, req, res, record));
      res.on('close', () => cancel(t));
    } else respond(route, req, res, record);
  });

  function respond(route: Prepared, req: IncomingMessage, res: ServerResponse, record: RequestRecord): void {
    if (res.destroyed) return;
    const { spec } = route;
    if (notModified(route, req.headers)) {
      res.writeHead(304, route.headers).end();
      return;
    }
    const accepts = route.encoding !== undefined && acceptsEncoding(req.headers['accept-encoding'], route.encoding);
    const body = accepts ? route.encoded : route.plain;
    const headers: OutgoingHttpHeaders = { ...route.headers };
    if (accepts) headers['content-encoding'] = route.encoding;
    if (body && !spec.trickle && spec.streamBytes === undefined) headers['content-length'] = body.length;
    res.writeHead(route.status, headers);
    if (!spec.trickle && spec.streamBytes === undefined) {
      record.bytesSent += body?.length ?? 0;
      res.end(body ?? undefined);
      return;
    }
    if (body) {
      res.write(body);
      record.bytesSent += body.length;
    }
    if (spec.trickle) {
      const chunk = spec.trickle.chunk ?? ' ';
      const t = later(
        spec.trickle.everyMs,
        () => (res.write(chunk), (record.bytesSent += Buffer.byteLength(chunk))),
        true,
      );
      res.on('close', () => cancel(t));
    } else if (spec.streamBytes !== undefined) {
      streamBody(res, spec.streamBytes, record);
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    url: (path) => origin + (path.startsWith('/') ? path : `/${path}`),
    route(path, spec) {
      routes.set(path, typeof spec === 'function' ? spec : prepare(spec));
    },
    requests,
    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function prepare(spec: RouteSpec): Prepared {
  const encoding = spec.encoding ?? (spec.gzip ? 'gzip' : undefined);
  const plain = spec.body === undefined ? null : Buffer.from(spec.body);
  const headers: OutgoingHttpHeaders = { ...validatorHeaders(spec), ...spec.headers };
  if (spec.redirect !== undefined) headers.location = spec.redirect;
  // The spec is kept without its body: only the prepared buffers are held per route.
  const { body: _body, ...rest } = spec;
  return {
    spec: rest,
    status: spec.status ?? (spec.redirect !== undefined ? 302 : 200),
    headers,
    plain,
    encoded: plain && encoding ? COMPRESS[encoding](plain) : null,
    encoding,
    lastModifiedAt: spec.lastModified ? Date.parse(spec.lastModified) : Number.NaN,
  };
}

function validatorHeaders(spec: RouteSpec): OutgoingHttpHeaders {
  const h: OutgoingHttpHeaders = {};
  if (spec.etag) h.etag = spec.etag;
  if (spec.lastModified) h['last-modified'] = spec.lastModified;
  return h;
}

/** RFC 9110 §13.1: If-None-Match (weak comparison) decides when present; else If-Modified-Since. */
function notModified(route: Prepared, headers: IncomingHttpHeaders): boolean {
  const inm = headers['if-none-match'];
  if (inm !== undefined) {
    if (!route.spec.etag) return false;
    const weak = (t: string) => t.trim().replace(/^W\//, '');
    return inm.trim() === '*' || inm.split(',').some((t) => weak(t) === weak(route.spec.etag ?? ''));
  }
  const ims = headers['if-modified-since'];
  if (ims === undefined || Number.isNaN(route.lastModifiedAt)) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && route.lastModifiedAt <= since;
}

function acceptsEncoding(header: string | undefined, encoding: Encoding): boolean {
  return (header ?? '').split(',').some((part) => {
    const [name, q] = part.trim().split(';');
    return name?.trim().toLowerCase() === encoding && !/q=0(?:\.0*)?\s*$/.test(q ?? '');
  });
}

/** Writes `total` bytes in 64 KB chunks, waiting for 'drain' so nothing piles up in memory. */
function streamBody(res: ServerResponse, total: number, record: RequestRecord): void {
  const pump = () => {
    while (record.bytesSent < total && !res.destroyed) {
      const chunk = STREAM_CHUNK.subarray(0, Math.min(STREAM_CHUNK.length, total - record.bytesSent));
      record.bytesSent += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end();
  };
  pump();
}
