// The one place where a failed request becomes a SendOutcome. discord.js throws:
//   DiscordAPIError (4xx with Discord's JSON error: .status, .code), HTTPError (5xx after
//   its own retries), RateLimitError (a 429 or bucket wait longer than we accept, thrown
//   because of `rejectOnRateLimit`), DOMException AbortError (its `timeout` elapsed),
//   undici SocketError (connection dropped), and Node errors with a code (ECONNREFUSED…).
// Everything the rest of the code sees is ok / retry / permanent. Error strings never
// carry a URL (webhook URLs hold their token) and are scrubbed of the given secrets.
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { retryAfterMs, type HeaderSource } from '../core/http-dates.js';
import type { SendOutcome } from './types.js';

/** Discord error codes that concern one message, not the channel (an edit of it is dropped). */
export const MESSAGE_GONE_CODES = new Set([10008, 50005, 30046]);

/** Transient network conditions: the request may or may not have reached Discord. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/** HTTP statuses worth retrying; any other 4xx is permanent. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 425 || status === 429;
}

export function classifyError(err: unknown, secrets: readonly string[] = []): SendOutcome {
  return scrub(classify(err), secrets);
}

function classify(err: unknown): SendOutcome {
  if (err instanceof DiscordAPIError) {
    const code = typeof err.code === 'number' ? err.code : undefined;
    const error = `Discord ${err.status}${code !== undefined ? ` code ${code}` : ''}: ${err.message}`;
    if (isRetryableStatus(err.status)) return { ok: false, retry: true, error };
    return { ok: false, retry: false, error, status: err.status, ...(code !== undefined ? { code } : {}) };
  }
  if (err instanceof HTTPError) return { ok: false, retry: true, error: `Discord ${err.status}: ${err.message}` };
  if (err instanceof RateLimitError) {
    const wait = Math.max(err.retryAfter, err.timeToReset, 0);
    return {
      ok: false,
      retry: true,
      retryAfterMs: wait,
      error: `rate limited${err.global ? ' (global)' : ''}: retry after ${Math.ceil(wait)} ms`,
    };
  }
  if (!(err instanceof Error)) return { ok: false, retry: true, error: `unexpected failure: ${String(err)}` };
  if (err.name === 'AbortError' || err.name === 'TimeoutError')
    return { ok: false, retry: true, error: 'timed out waiting for Discord' };
  const code = networkCode(err);
  if (code) return { ok: false, retry: true, error: `connection failed (${code}): ${err.message}` };
  // discord.js forgets its token after a 401 and then refuses to send anything.
  if (/token/i.test(err.message) && /expected|not set|unavailable|invalid/i.test(err.message)) {
    return { ok: false, retry: false, error: `not authorized: ${err.message}`, status: 401 };
  }
  // Unknown: keep the row and retry with backoff rather than lose an alert.
  return { ok: false, retry: true, error: `${err.name}: ${err.message}` };
}

/** The network error code of an error or its cause (fetch wraps them as `TypeError: fetch failed`). */
function networkCode(err: Error): string | null {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
  }
  return err.message === 'fetch failed' ? 'fetch failed' : null;
}

/** HTTP status of a generic sink's response → outcome (the http sink classifies here too). */
export function classifyStatus(status: number, headers: HeaderSource, what: string): SendOutcome {
  const error = `${what}: HTTP ${status}`;
  if (!isRetryableStatus(status)) return { ok: false, retry: false, error, status };
  const wait = retryAfterMs(headers);
  return wait === undefined ? { ok: false, retry: true, error } : { ok: false, retry: true, error, retryAfterMs: wait };
}

function scrub(outcome: SendOutcome, secrets: readonly string[]): SendOutcome {
  if (outcome.ok) return outcome;
  let error = outcome.error.replace(/https?:\/\/\S+/g, '[url]');
  for (const s of secrets) if (s.length >= 6) error = error.split(s).join('[redacted]');
  return { ...outcome, error: error.slice(0, 500) };
}
