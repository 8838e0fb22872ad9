// One AbortController per fetchFeed call: it fires when the deadline passes or when
// the caller's signal aborts, and it records which of the two it was. The deadline
// covers the whole call (every hop's headers and body, and a discovered feed), so a
// server that trickles bytes forever is cut off like one that never answers.
// dispose() must run when the call ends: it clears the timer and the listener on the
// caller's (long-lived) signal.
import type { AbortState } from './errors.js';

export interface Deadline extends AbortState {
  readonly signal: AbortSignal;
  dispose(): void;
}

export function startDeadline(timeoutMs: number, outer?: AbortSignal): Deadline {
  const controller = new AbortController();
  const state = { timedOut: false, aborted: false, timeoutMs };
  const onOuterAbort = () => {
    state.aborted = true;
    controller.abort(outer?.reason);
  };
  const timer = setTimeout(() => {
    state.timedOut = true;
    controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);
  if (outer?.aborted) onOuterAbort();
  else outer?.addEventListener('abort', onOuterAbort, { once: true });
  return {
    signal: controller.signal,
    get timedOut() {
      return state.timedOut;
    },
    get aborted() {
      return state.aborted;
    },
    timeoutMs,
    dispose() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuterAbort);
    },
  };
}
