// One deadline per fetchFeed call: it fires when the time is up or when the caller's
// signal aborts, records which of the two it was, and cancels the exchange in flight.
// It covers the whole call (every hop's headers and body, and a discovered feed), so a
// server that trickles bytes forever is cut off like one that never answers.
//
// Invariant: a call's hops run one after another, so a single slot holds the canceller
// of the live exchange; each hop's guard() replaces the last one's. dispose() must run
// when the call ends: it clears the timer, the slot, and the listener on the caller's
// (long-lived) signal. A plain callback rather than an AbortSignal per request: Node's
// EventTarget plumbing costs more CPU than the rest of a 304 poll.
import type { AbortState } from './errors.js';

export interface Deadline extends AbortState {
  /** Calls `cancel` when the deadline fires (at once when it already has). Replaces the previous guard. */
  guard(cancel: (reason: Error) => void): void;
  dispose(): void;
}

export function startDeadline(timeoutMs: number, outer?: AbortSignal): Deadline {
  let cancel: ((reason: Error) => void) | null = null;
  let reason: Error | null = null;
  const state = { timedOut: false, aborted: false };
  const fire = (why: Error) => {
    if (reason) return;
    reason = why;
    const current = cancel;
    cancel = null;
    current?.(why);
  };
  const onOuterAbort = () => {
    state.aborted = true;
    fire(new Error('aborted by the caller', { cause: outer?.reason }));
  };
  const timer = setTimeout(() => {
    state.timedOut = true;
    fire(new Error(`timed out after ${timeoutMs} ms`));
  }, timeoutMs);
  if (outer?.aborted) onOuterAbort();
  else outer?.addEventListener('abort', onOuterAbort, { once: true });
  return {
    get timedOut() {
      return state.timedOut;
    },
    get aborted() {
      return state.aborted;
    },
    timeoutMs,
    guard(next) {
      if (reason) next(reason);
      else cancel = next;
    },
    dispose() {
      clearTimeout(timer);
      cancel = null;
      outer?.removeEventListener('abort', onOuterAbort);
    },
  };
}
