// The /healthz answer: ok when the scheduler runs and the database answers. A health
// source that throws counts as unhealthy (the reason is its message).
import type { StatusSource } from './status-source.js';

export interface HealthzBody {
  status: 'ok' | 'unavailable';
  reason?: string;
  schedulerRunning: boolean;
  databaseOk: boolean;
  /** ISO times (UTC), null when no poll has finished yet. */
  lastPollAt: string | null;
  startedAt: string | null;
  uptimeSeconds: number | null;
}

export function healthBody(source: StatusSource): { ok: boolean; body: HealthzBody } {
  try {
    const h = source.health();
    const now = source.now();
    const reasons = [!h.schedulerRunning && 'scheduler not running', !h.databaseOk && 'database not answering'].filter((r): r is string => typeof r === 'string');
    const ok = h.ok && reasons.length === 0;
    return {
      ok,
      body: {
        status: ok ? 'ok' : 'unavailable',
        ...(ok ? {} : { reason: reasons.join('; ') || 'unhealthy' }),
        schedulerRunning: h.schedulerRunning,
        databaseOk: h.databaseOk,
        lastPollAt: h.lastPollAt == null ? null : new Date(h.lastPollAt).toISOString(),
        startedAt: new Date(h.startedAt).toISOString(),
        uptimeSeconds: Math.max(0, Math.round((now - h.startedAt) / 1000)),
      },
    };
  } catch (err) {
    const reason = `health check failed: ${(err as Error).message}`;
    return { ok: false, body: { status: 'unavailable', reason, schedulerRunning: false, databaseOk: false, lastPollAt: null, startedAt: null, uptimeSeconds: null } };
  }
}
