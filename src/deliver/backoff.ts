// When to try a failed row again: exponential backoff with jitter, capped, and never
// sooner than the server asked (Retry-After). Attempts are counted in the outbox, so the
// schedule carries on across restarts.

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, capMs: 15 * 60_000 };

/**
 * Delay before attempt `attempts + 1` (attempts ≥ 1 failures so far): base·2^(attempts−1),
 * capped, then "equal jitter" (between half and all of it) so channels that failed
 * together do not retry in lockstep.
 */
export function backoffDelay(
  attempts: number,
  random: () => number,
  policy = DEFAULT_BACKOFF,
  retryAfterMs = 0,
): number {
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(30, Math.max(0, attempts - 1)));
  const jittered = exp / 2 + random() * (exp / 2);
  return Math.ceil(Math.max(jittered, retryAfterMs));
}
