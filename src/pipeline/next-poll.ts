// When a feed may be polled again. The cron schedule says when polls are offered;
// these rules say "not before" (a server's hints, or backoff after failures).
import type { PollHints } from '../fetch/index.js';

/** Longest floor a server's hints may impose, so a bogus max-age cannot silence a feed. */
const MAX_HINT_MS = 24 * 3_600_000;

/** After a success: Cache-Control max-age / Expires and RSS <ttl> set a floor. */
export function nextPollAfterSuccess(at: number, hints: PollHints, ttlMinutes: number | undefined): number | null {
  const floor = Math.max(hints.maxAgeMs ?? 0, (ttlMinutes ?? 0) * 60_000, hints.retryAfterMs ?? 0);
  return floor > 0 ? at + Math.min(floor, MAX_HINT_MS) : null;
}

/**
 * After the n-th consecutive failure: exponential backoff from one minute, capped, with
 * ±20% jitter so many feeds of one failing host do not retry in lockstep; a server's
 * Retry-After is honoured when longer.
 */
export function nextPollAfterFailure(
  at: number,
  failures: number,
  maxBackoffMs: number,
  hints: PollHints,
  random: () => number,
): number {
  const base = Math.min(maxBackoffMs, 60_000 * 2 ** Math.min(Math.max(0, failures - 1), 20));
  // Whole milliseconds: the state file stores times as integers.
  const jittered = Math.round(base * (0.8 + 0.4 * random()));
  return at + Math.max(Math.min(jittered, maxBackoffMs), Math.min(hints.retryAfterMs ?? 0, MAX_HINT_MS));
}
