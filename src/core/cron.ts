// When a cron expression fires: the next firing after an instant (status displays, briefings)
// and the last one at or before it (the scheduler's poll window: several instances agree on
// it without talking). node-cron only reports the next run of a *started* task, so we step
// through time with its own matcher: by minute for 5-field expressions, by second for 6-field ones.
import cron, { type ScheduledTask } from 'node-cron';

const matchers = new Map<string, ScheduledTask>();

function matcher(expr: string, timezone: string): ScheduledTask {
  const key = `${timezone} ${expr}`;
  let t = matchers.get(key);
  if (!t) {
    t = cron.createTask(expr, () => {}, { timezone });
    matchers.set(key, t);
  }
  return t;
}

function stepOf(expr: string): { step: number; limit: number } {
  const seconds = expr.trim().split(/\s+/).length === 6;
  return seconds ? { step: 1000, limit: 86_400 } : { step: 60_000, limit: 11_520 };
}

/** First firing strictly after `afterMs`, or null if none within 8 days (or 1 day for 6-field expressions). */
export function nextFiring(expr: string, afterMs: number, timezone: string): number | null {
  const { step, limit } = stepOf(expr);
  let t = Math.floor(afterMs / step) * step + step;
  const m = matcher(expr, timezone);
  for (let i = 0; i < limit; i++, t += step) if (m.match(new Date(t))) return t;
  return null;
}

/** Last firing at or before `atMs`, or null if none within 8 days (or 1 day for 6-field expressions). */
export function previousFiring(expr: string, atMs: number, timezone: string): number | null {
  const { step, limit } = stepOf(expr);
  let t = Math.floor(atMs / step) * step;
  const m = matcher(expr, timezone);
  for (let i = 0; i < limit; i++, t -= step) if (m.match(new Date(t))) return t;
  return null;
}
