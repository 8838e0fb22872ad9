// The daily briefing of each channel that has one: when its schedule has fired (at most
// LATE_MS ago), build it from the stored history and queue it in the outbox, once per
// channel and firing. Evaluated on a timer by the service and at start, so a firing
// missed while the service was down is still posted if it is less than LATE_MS late.
import type { ChannelConfig, Config } from '../config/schema.js';
import type { BriefingStore } from '../state/interfaces.js';
import { nextFiring } from '../core/cron.js';
import { baselineDays, buildBriefing, DAY_MS, type WatchedEntity } from './build.js';

export { buildBriefing, moves, rankStories, baselineDays } from './build.js';

/** A firing more than this late (the service was down) is skipped, not posted. */
export const LATE_MS = 6 * 3_600_000;

/** The latest firing of `schedule` in (now - LATE_MS, now], or null. */
export function dueFiring(schedule: string, timezone: string, now: number): number | null {
  let due: number | null = null;
  for (
    let t = nextFiring(schedule, now - LATE_MS, timezone);
    t !== null && t <= now;
    t = nextFiring(schedule, t, timezone)
  )
    due = t;
  return due;
}

/** The entities a channel receives: those of its watchlists (all by default). */
export function watchedEntities(config: Pick<Config, 'watchlists'>, channel: ChannelConfig): WatchedEntity[] {
  const lists = config.watchlists.filter((w) => !channel.watchlists || channel.watchlists.includes(w.id));
  return lists.flatMap((w) => w.entities.map((e) => ({ key: `${w.id}/${e.id}`, name: e.name })));
}

export interface BriefingDeps {
  config: Pick<Config, 'watchlists' | 'channels' | 'timezone'>;
  store: BriefingStore;
  now: number;
}

/** Queue every due briefing not queued yet; returns the channels queued. A channel's failure is reported, not thrown. */
export async function queueDueBriefings(
  deps: BriefingDeps,
  onError: (err: unknown, channelId: string) => void,
): Promise<string[]> {
  const queued: string[] = [];
  for (const channel of deps.config.channels) {
    if (!channel.enabled || !channel.briefing) continue;
    try {
      const timezone = channel.briefing.timezone ?? deps.config.timezone;
      const firedAt = dueFiring(channel.briefing.schedule, timezone, deps.now);
      if (firedAt === null || (await deps.store.briefingQueued(channel.id, firedAt))) continue;
      const days = baselineDays(firedAt);
      const [counts, baselineTotals, stories] = await Promise.all([
        deps.store.entityCounts(firedAt - DAY_MS, firedAt),
        deps.store.mentionTotals(days.from, days.to),
        deps.store.channelStories(channel.id, firedAt - DAY_MS, firedAt),
      ]);
      const payload = buildBriefing({
        firedAt,
        timezone,
        entities: watchedEntities(deps.config, channel),
        counts,
        baselineTotals,
        stories,
      });
      if (await deps.store.queueBriefing(channel.id, firedAt, payload, deps.now)) queued.push(channel.id);
    } catch (err) {
      onError(err, channel.id);
    }
  }
  return queued;
}
