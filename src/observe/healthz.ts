// The /healthz answer. 503 (`unavailable`) when the service cannot do its work: the
// scheduler is stopped, or the state file is unusable (damaged, deleted, replaced,
// unwritable, disk full; the reason names the file). 200 `degraded` when it runs but
// most feeds fail; 200 `ok` otherwise. A health source that throws counts as unavailable
// (the reason is its message).
import { overallHealth, type HealthLevel } from './health.js';
import type { StatusSource } from './status-source.js';

export interface HealthzBody {
  status: HealthLevel;
  reason?: string;
  schedulerRunning: boolean;
  databaseOk: boolean;
  /** ISO times (UTC), null when no poll has finished yet. */
  lastPollAt: string | null;
  startedAt: string | null;
  uptimeSeconds: number | null;
}

export async function healthBody(source: StatusSource): Promise<{ ok: boolean; body: HealthzBody }> {
  try {
    const h = await source.health();
    const now = source.now();
    const { level, reasons } = overallHealth(h, await source.feeds());
    return {
      ok: level !== 'unavailable',
      body: {
        status: level,
        ...(reasons.length > 0 && { reason: reasons.join('; ') }),
        schedulerRunning: h.schedulerRunning,
        databaseOk: h.databaseOk,
        lastPollAt: h.lastPollAt == null ? null : new Date(h.lastPollAt).toISOString(),
        startedAt: new Date(h.startedAt).toISOString(),
        uptimeSeconds: Math.max(0, Math.round((now - h.startedAt) / 1000)),
      },
    };
  } catch (err) {
    const reason = `health check failed: ${(err as Error).message}`;
    return {
      ok: false,
      body: {
        status: 'unavailable',
        reason,
        schedulerRunning: false,
        databaseOk: false,
        lastPollAt: null,
        startedAt: null,
        uptimeSeconds: null,
      },
    };
  }
}
