// A feed's health as users see it, derived from its stored state and the config.
// URLs and errors are shown with their credentials masked (core/redact.ts).
import type { Config, FeedConfig } from '../config/schema.js';
import { redactText, redactUrl } from '../core/redact.js';
import type { FeedState } from '../state/interfaces.js';
import { nextFiring } from '../core/cron.js';

export type FeedHealthState = 'new' | 'ok' | 'failing' | 'retrying';

export interface FeedHealth {
  id: string;
  name: string;
  url: string;
  /** Where it is fetched from when that differs from the config (moved, discovered). */
  fetchUrl: string | null;
  state: FeedHealthState;
  lastSuccessAt: number | null;
  lastPollAt: number | null;
  lastError: string | null;
  lastErrorKind: string | null;
  failingSince: number | null;
  consecutiveFailures: number;
  nextPollAt: number | null;
  itemsSeen: number;
}

export function feedHealth(
  feed: FeedConfig,
  s: FeedState | undefined,
  config: Pick<Config, 'failures' | 'timezone'>,
  now: number,
): FeedHealth {
  const failures = s?.consecutiveFailures ?? 0;
  const state: FeedHealthState = !s?.lastPollAt
    ? 'new'
    : failures === 0
      ? 'ok'
      : failures >= config.failures.notifyAfter || s.failingNotified
        ? 'failing'
        : 'retrying';
  // The next tick of the feed's schedule, or the first tick after a backoff or server hint.
  const scheduled = nextFiring(feed.schedule, now, config.timezone);
  const nextPollAt =
    s?.nextPollAt && s.nextPollAt > (scheduled ?? 0)
      ? nextFiring(feed.schedule, s.nextPollAt - 1, config.timezone)
      : scheduled;
  return {
    id: feed.id,
    name: feed.name ?? s?.title ?? feed.id,
    url: redactUrl(feed.url),
    fetchUrl: s?.fetchUrl ? redactUrl(s.fetchUrl) : null,
    state,
    lastSuccessAt: s?.lastSuccessAt ?? null,
    lastPollAt: s?.lastPollAt ?? null,
    lastError: s?.lastError ? redactText(s.lastError) : null,
    lastErrorKind: s?.lastErrorKind ?? null,
    failingSince: s?.failingSince ?? null,
    consecutiveFailures: failures,
    nextPollAt,
    itemsSeen: s?.itemsSeen ?? 0,
  };
}

/** The health of every configured feed, from the stored states (the status command and page). */
export function feedHealthList(
  config: Pick<Config, 'feeds' | 'failures' | 'timezone'>,
  states: readonly FeedState[],
  now: number,
): FeedHealth[] {
  const byId = new Map(states.map((f) => [f.feedId, f]));
  return config.feeds.map((f) => feedHealth(f, byId.get(f.id), config, now));
}

export type HealthLevel = 'ok' | 'degraded' | 'unavailable';

/**
 * The service's health in one word and its reasons: unavailable when it cannot do its
 * work (the scheduler is stopped, the state file is unusable); degraded when it runs
 * but most feeds fail (a network or DNS outage looks like this), since "healthy" would
 * hide that no news is coming in.
 */
export function overallHealth(
  h: { ok: boolean; schedulerRunning: boolean; databaseOk: boolean; stateProblem?: string | null | undefined },
  feeds: readonly FeedHealth[],
): { level: HealthLevel; reasons: string[] } {
  const down = [
    !h.schedulerRunning && 'scheduler not running',
    !h.databaseOk && (h.stateProblem || 'database not answering'),
  ].filter((r): r is string => typeof r === 'string');
  if (down.length > 0 || !h.ok) return { level: 'unavailable', reasons: down.length > 0 ? down : ['unhealthy'] };
  const failing = mostFeedsFailing(feeds);
  return failing ? { level: 'degraded', reasons: [failing] } : { level: 'ok', reasons: [] };
}

/** "17 of 18 feeds failing (dns ×17, timeout ×1)" when more than half of the feeds polled so far fail, else null. */
export function mostFeedsFailing(feeds: readonly FeedHealth[]): string | null {
  const polled = feeds.filter((f) => f.state !== 'new');
  const failing = polled.filter((f) => f.consecutiveFailures > 0);
  if (polled.length === 0 || failing.length * 2 <= polled.length) return null;
  const kinds = new Map<string, number>();
  for (const f of failing) kinds.set(f.lastErrorKind ?? 'error', (kinds.get(f.lastErrorKind ?? 'error') ?? 0) + 1);
  const byCount = [...kinds].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const hint = byCount.length === 1 && byCount[0]?.[0] === 'dns' ? ': check the network and DNS of this host' : '';
  return `${failing.length} of ${polled.length} feeds failing (${byCount.map(([k, n]) => `${k} ×${n}`).join(', ')})${hint}`;
}
