// What the interaction handlers read and write, as narrow views: the service provides
// them (state store, status, current config and matcher); tests can too.
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { Match } from '../core/types.js';
import type { AlertLookup, Awaitable, FeedbackStore, HistoryReader, MuteStore } from '../state/interfaces.js';

/** The service's status, as `/newswatch status` shows it (the status page reads the same). */
export interface StatusView {
  feeds(): Awaitable<
    {
      id: string;
      name: string;
      state: string;
      lastError: string | null;
      lastErrorKind: string | null;
      failingSince: number | null;
    }[]
  >;
  channels(): Awaitable<
    {
      channelId: string;
      pending: number;
      failing: number;
      oldestPendingAt: number | null;
      stoppedReason: string | null;
    }[]
  >;
  recentAlerts(
    limit: number,
  ): Awaitable<{ title: string; link: string | null; createdAt: number; entities: string[] }[]>;
}

/** The current matcher's explanation of a text (src/match). */
export interface ExplainView {
  explain(input: { title: string; text: string }): { matches: Match[]; terms: { term: string; field: string }[] };
}

/** `/newswatch search query [since] [entity]`: full-text search over the stored history (the state store's). */
export type HistorySearch = Pick<HistoryReader, 'search'>;

export interface InteractDeps {
  config(): Pick<Config, 'channels' | 'watchlists' | 'discord'>;
  status: StatusView;
  alerts: AlertLookup;
  mutes: MuteStore;
  feedback: FeedbackStore;
  matcher(): ExplainView;
  /** Discord channel id → guild id (from the command registration's look-ups). */
  guildOf: ReadonlyMap<string, string>;
  now(): number;
  log: Logger;
  /** Absent: `/newswatch search` answers that search is not available. */
  search?: HistorySearch;
  /**
   * Several instances: each gateway session receives every interaction; answer it only
   * when this says this instance took it. Absent: this instance answers everything.
   */
  claim?(interactionId: string): Promise<boolean>;
}
