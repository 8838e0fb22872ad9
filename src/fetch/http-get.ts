// One GET over node:http(s) with a keep-alive agent: resolves with the status line and
// headers, leaving the body unread for the caller (body.ts reads it or discards it).
// Redirects are not followed and the body is not decompressed here: redirects.ts and
// content-coding.ts do that. node:http costs about half the CPU of the global fetch
// (no WHATWG streams, Headers or AbortSignal per request); see bench/poll-cycle.ts.
//
// Invariant: until the deadline is disposed, firing it destroys this exchange (the
// request before the response arrives, the response after), so nothing waits past it.
// Errors after the response (a reset mid-body) surface on the body stream; the request's
// error listener stays attached so that they are never unhandled.
import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { HeaderSource } from '../core/http-dates.js';
import type { LookupFunction } from 'node:net';
import { agentFor } from './agents.js';
import type { Deadline } from './deadline.js';

export type { HeaderSource };

export interface HttpResponse {
  status: number;
  statusText: string;
  headers: HeaderSource;
  /** Raw body bytes (still content-coded), paused until read. */
  body: IncomingMessage;
}

/** How to connect: `guarded` requests resolve through the SSRF guard's `lookup` (address.ts), on agents of their own. */
export interface Connect {
  guarded: boolean;
  lookup?: LookupFunction | undefined;
}

/** `url` must be an absolute http: or https: URL (redirects.ts checks it). */
export function httpGet(
  url: string,
  headers: OutgoingHttpHeaders,
  deadline: Deadline,
  connect: Connect = { guarded: false },
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const https = url.startsWith('https:');
    const request = https ? httpsRequest : httpRequest;
    let response: IncomingMessage | undefined;
    const agent = agentFor(https ? 'https:' : 'http:', connect.guarded);
    const options = { method: 'GET', headers, agent, ...(connect.lookup && { lookup: connect.lookup }) };
    const req = request(url, options, (res) => {
      response = res;
      resolve({
        status: res.statusCode ?? 0,
        statusText: res.statusMessage ?? '',
        headers: headerSource(res),
        body: res,
      });
    });
    req.on('error', reject);
    req.end();
    deadline.guard((reason) => (response ?? req).destroy(reason));
  });
}

function headerSource(res: IncomingMessage): HeaderSource {
  return {
    get(name) {
      const value = res.headers[name];
      if (value === undefined) return null;
      return typeof value === 'string' ? value : value.join(', ');
    },
  };
}
