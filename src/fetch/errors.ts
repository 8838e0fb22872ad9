// Failure classification for the fetch stage: the one place where raw exceptions
// (Node errno and TLS codes from node:http, the deadline's reasons) and HTTP statuses
// become a FetchFailureKind; body.ts alone builds its too-large and undecodable-body
// errors, where it reads and decodes. Everything after this file sees a kind, never a
// raw exception.
import { STATUS_CODES } from 'node:http';
import { hostOf } from '../core/url.js';
import { redactText } from '../core/redact.js';

export type FetchFailureKind =
  | 'timeout'
  | 'dns'
  | 'connection'
  | 'tls'
  | 'http-4xx'
  | 'http-5xx'
  | 'rate-limited'
  | 'too-large'
  | 'too-many-redirects'
  | 'not-a-feed'
  | 'blocked-address'
  | 'aborted';

export interface FetchErrorContext {
  url: string;
  feedId: string;
  status?: number;
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * A classified fetch failure. Message: `[GET] "https://x/feed": HTTP 404 Not Found`, with the
 * credentials of every URL in it masked (core/redact.ts); `url` keeps the real one.
 */
export class FetchError extends Error {
  override readonly name = 'FetchError';
  readonly kind: FetchFailureKind;
  readonly url: string;
  readonly feedId: string;
  readonly status?: number;
  readonly retryAfterMs?: number;

  constructor(kind: FetchFailureKind, detail: string, ctx: FetchErrorContext) {
    super(redactText(`[GET] "${ctx.url}": ${detail}`), ctx.cause === undefined ? undefined : { cause: ctx.cause });
    this.kind = kind;
    this.url = ctx.url;
    this.feedId = ctx.feedId;
    if (ctx.status !== undefined) this.status = ctx.status;
    if (ctx.retryAfterMs !== undefined) this.retryAfterMs = ctx.retryAfterMs;
  }
}

/** A non-2xx, non-304, non-followed status → failure. 429 and 503 are rate limits. */
export function statusError(
  status: number,
  statusText: string,
  ctx: { url: string; feedId: string; retryAfterMs?: number | undefined },
): FetchError {
  const text = statusText || STATUS_CODES[status] || '';
  const detail = `HTTP ${status}${text ? ` ${text}` : ''}`;
  const base = { url: ctx.url, feedId: ctx.feedId, status };
  if (status === 429 || status === 503) {
    const wait = ctx.retryAfterMs === undefined ? '' : ` (retry after ${Math.ceil(ctx.retryAfterMs / 1000)} s)`;
    return new FetchError('rate-limited', detail + wait, {
      ...base,
      ...(ctx.retryAfterMs === undefined ? {} : { retryAfterMs: ctx.retryAfterMs }),
    });
  }
  if (status >= 500) return new FetchError('http-5xx', detail, base);
  if (status >= 400) return new FetchError('http-4xx', detail, base);
  // A 1xx/3xx that is neither 304 nor a redirect we follow (300, 305, a 3xx without Location…).
  return new FetchError('not-a-feed', `unexpected ${detail}`, base);
}

/** Why the call's signal fired, checked when something was thrown. */
export interface AbortState {
  timedOut: boolean;
  aborted: boolean;
  timeoutMs: number;
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT']);
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'EPROTO',
]);

/**
 * Anything thrown while fetching → a FetchError. An abort is classified by which
 * signal fired (caller's → aborted, deadline → timeout), whatever error surfaced.
 */
export function classifyThrown(err: unknown, ctx: { url: string; feedId: string }, abort: AbortState): FetchError {
  if (err instanceof FetchError) return err;
  const base = { url: ctx.url, feedId: ctx.feedId, cause: err };
  if (abort.aborted) return new FetchError('aborted', 'aborted', base);
  if (abort.timedOut) return new FetchError('timeout', `timed out after ${abort.timeoutMs} ms`, base);

  const { code, message } = rootCause(err);
  if (code === 'ERR_BLOCKED_ADDRESS') return new FetchError('blocked-address', message, base);
  if (code && DNS_CODES.has(code)) return new FetchError('dns', `DNS lookup failed (${code} ${hostOf(ctx.url)})`, base);
  if (code && TIMEOUT_CODES.has(code)) return new FetchError('timeout', `timed out (${code})`, base);
  if (
    code &&
    (TLS_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_') || /CERT/.test(code))
  ) {
    return new FetchError('tls', `TLS error: ${message} (${code})`, base);
  }
  if (code === 'ERR_INVALID_URL' || code === 'ERR_INVALID_CHAR') return new FetchError('not-a-feed', message, base);
  // ECONNREFUSED, ECONNRESET (socket hang up; "aborted" mid-body), EPIPE, EHOSTUNREACH, HPE_* (not HTTP)…
  return new FetchError('connection', `connection failed: ${message}${code ? ` (${code})` : ''}`, base);
}

/** The innermost error of a `{ cause }` chain that carries a code. */
function rootCause(err: unknown): { code: string | undefined; message: string } {
  let cur: unknown = err;
  let found: { code: string | undefined; message: string } = { code: undefined, message: describe(err) };
  for (let depth = 0; cur && typeof cur === 'object' && depth < 5; depth++) {
    const e = cur as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    if (typeof e.code === 'string') found = { code: e.code, message: describe(cur) };
    else if (depth > 0 && found.code === undefined) found = { code: undefined, message: describe(cur) };
    // Happy-eyeballs failures arrive as an AggregateError whose own code may be missing.
    cur = e.cause ?? (Array.isArray(e.errors) ? e.errors[0] : undefined);
  }
  return found;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
