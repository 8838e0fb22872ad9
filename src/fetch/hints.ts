// Server hints for the next poll: Retry-After (429/503) and Cache-Control max-age / Expires.
// Dates are measured against the response's own Date header when it has one, so a
// server whose clock is off still means "in N seconds".
import type { HeaderSource } from './http-get.js';
import type { PollHints } from './types.js';

/** Retry-After as milliseconds from now: delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(headers: HeaderSource, now: number = Date.now()): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  return untilDate(value, headers, now);
}

/** max-age (Cache-Control wins over Expires, as in RFC 9111); undefined when absent, zero or unreadable. */
export function maxAgeMs(headers: HeaderSource, now: number = Date.now()): number | undefined {
  const cacheControl = headers.get('cache-control');
  if (cacheControl) {
    const directives = cacheControl.toLowerCase().split(',').map((d) => d.trim());
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

/** An HTTP date → milliseconds after the response's Date (or now), never negative. */
function untilDate(value: string, headers: HeaderSource, now: number): number | undefined {
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  const served = Date.parse(headers.get('date') ?? '');
  return Math.max(0, at - (Number.isNaN(served) ? now : served));
}
