// Server hints for the next poll: Retry-After (429/503) and Cache-Control max-age / Expires
// (HTTP dates read by core/http-dates.ts).
import { retryAfterMs, untilDate, type HeaderSource } from '../core/http-dates.js';
import type { PollHints } from './types.js';

export { retryAfterMs };

/** max-age (Cache-Control wins over Expires, as in RFC 9111); undefined when absent, zero or unreadable. */
export function maxAgeMs(headers: HeaderSource, now: number = Date.now()): number | undefined {
  const cacheControl = headers.get('cache-control');
  if (cacheControl) {
    const directives = cacheControl
      .toLowerCase()
      .split(',')
      .map((d) => d.trim());
    if (directives.includes('no-store') || directives.includes('no-cache')) return undefined;
    const maxAge = directives.map((d) => /^max-age\s*=\s*"?(\d+)"?$/.exec(d)).find((m) => m !== null);
    if (maxAge) {
      const ms = Number(maxAge[1]) * 1000;
      return ms > 0 ? ms : undefined;
    }
  }
  const expires = headers.get('expires');
  if (!expires) return undefined;
  const ms = untilDate(expires, headers, now);
  return ms !== undefined && ms > 0 ? ms : undefined;
}

export function pollHints(headers: HeaderSource, status: number): PollHints {
  const hints: PollHints = {};
  if (status === 429 || status === 503) {
    const retry = retryAfterMs(headers);
    if (retry !== undefined) hints.retryAfterMs = retry;
  }
  const maxAge = maxAgeMs(headers);
  if (maxAge !== undefined) hints.maxAgeMs = maxAge;
  return hints;
}
