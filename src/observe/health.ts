// A feed's health as users see it, derived from its stored state and the config.
// URLs and errors are shown with their credentials masked (core/redact.ts).
import type { Config, FeedConfig } from '../config/schema.js';
import { redactText, redactUrl } from '../core/redact.js';
import type { FeedState } from '../state/interfaces.js';
import { nextFiring } from './cron-next.js';

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

export function feedHealth(feed: FeedConfig, s: FeedState | undefined, config: Pick<Config, 'failures' | 'timezone'>, now: number): FeedHealth {
  const failures = s?.consecutiveFailures ?? 0;
  const state: FeedHealthState = !s?.lastPollAt ? 'new' : failures === 0 ? 'ok' : failures >= config.failures.notifyAfter || s.failingNotified ? 'failing' : 'retrying';
  // The next tick of the feed's schedule, or the first tick after a backoff or server hint.
  const scheduled = nextFiring(feed.schedule, now, config.timezone);
  const nextPollAt = s?.nextPollAt && s.nextPollAt > (scheduled ?? 0) ? nextFiring(feed.schedule, s.nextPollAt - 1, config.timezone) : scheduled;
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
export function feedHealthList(config: Pick<Config, 'feeds' | 'failures' | 'timezone'>, states: readonly FeedState[], now: number): FeedHealth[] {
  const byId = new Map(states.map((f) => [f.feedId, f]));
  return config.feeds.map((f) => feedHealth(f, byId.get(f.id), config, now));
}
