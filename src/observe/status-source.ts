// What the HTTP endpoints (/healthz, /metrics, the status page) read. The service
// implements it; tests can pass a small fake.
import type { Awaitable, HistoryHit, HistorySearchOptions, OutboxCounts } from '../state/interfaces.js';
import type { MentionCount, RecentAlert } from '../state/status-store.js';
import type { ClusterStatus } from './cluster.js';
import type { FeedHealth } from './health.js';

export interface HealthReport {
  ok: boolean;
  schedulerRunning: boolean;
  databaseOk: boolean;
  /** What is wrong with the state file (names it and says what to do), when databaseOk is false. */
  stateProblem?: string | null;
  /** Last time any feed poll finished (ms), or null. */
  lastPollAt: number | null;
  startedAt: number;
}

export interface ChannelStatus extends OutboxCounts {
  /** Set when the channel is stopped by a permanent error (403, 404…). */
  stoppedReason: string | null;
  target: string;
  /** Entities muted from Discord in this channel (/newswatch mute), soonest to end first. */
  mutes?: { entity: string; name: string; until: number; setByName: string }[];
}

export interface StatusSource {
  health(): Awaitable<HealthReport>;
  feeds(): Awaitable<FeedHealth[]>;
  channels(): Awaitable<ChannelStatus[]>;
  recentAlerts(limit: number): Awaitable<RecentAlert[]>;
  /** Mentions per entity per day from `sinceDay` (YYYY-MM-DD). */
  mentions(sinceDay: string): Awaitable<MentionCount[]>;
  /** Watched entities (to label the chart with display names). */
  entities(): { watchlist: string; entity: string; name: string }[];
  metrics(): Promise<{ contentType: string; body: string }>;
  now(): number;
  /** Several instances on one database: who runs, who holds which channel (absent or null: this process is alone). */
  cluster?(): Promise<ClusterStatus | null>;
  /** Full-text search of the stored history (the page's search box); absent: no search box. */
  search?(query: string, opts: HistorySearchOptions): Promise<HistoryHit[]>;
}
