// The next time a cron expression fires after a given instant (for status displays).
// node-cron only reports the next run of a *started* task, so we step through time
// with its own matcher: by minute for 5-field expressions, by second for 6-field ones.
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

/** First firing strictly after `afterMs`, or null if none within 8 days (or 1 day for 6-field expressions). */
export function nextFiring(expr: string, afterMs: number, timezone: string): number | null {
  const seconds = expr.trim().split(/\s+/).length === 6;
  const step = seconds ? 1000 : 60_000;
  const limit = seconds ? 86_400 : 11_520;
  let t = Math.floor(afterMs / step) * step + step;
  const m = matcher(expr, timezone);
  for (let i = 0; i < limit; i++, t += step) if (m.match(new Date(t))) return t;
  return null;
}
