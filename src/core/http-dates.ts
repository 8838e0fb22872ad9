// Retry-After and other HTTP dates, read one way for every caller (feed fetches and
// delivery sinks). Dates are measured against the response's own Date header when it has
// one, so a server whose clock is off still means "in N seconds".

/** What a response's headers offer (node:http, fetch's Headers). */
export interface HeaderSource {
  get(name: string): string | null;
}

/** Retry-After as milliseconds from now: delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(headers: HeaderSource, now: number = Date.now()): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  return untilDate(value, headers, now);
}

/** An HTTP date (IMF-fixdate, RFC 850 or asctime: all begin with the day's name). */
const HTTP_DATE = /^[A-Z]{3,9},?\s/i;

/**
 * An HTTP date → milliseconds after the response's Date (or now), never negative; undefined
 * when unreadable. Only HTTP dates count: Date.parse would read "-5" or "1.5" as a year.
 */
export function untilDate(value: string, headers: HeaderSource, now: number): number | undefined {
  if (!HTTP_DATE.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  const served = Date.parse(headers.get('date') ?? '');
  return Math.max(0, at - (Number.isNaN(served) ? now : served));
}
