// The state as the service sees it, whichever database holds it: a SQLite file (./store.ts)
// or a PostgreSQL database (./postgres/store.ts), chosen by the config's `state`.
import { isPostgresUrl } from '../core/state-url.js';
import type { StateError } from './errors.js';
import type {
  AlertLookup,
  Awaitable,
  BriefingStore,
  CommandRegistry,
  FeedbackStore,
  FeedState,
  HistoryReader,
  MuteStore,
  OutboxStore,
  PollStore,
} from './interfaces.js';
import type { StatusStore } from './status-store.js';
import type { PruneResult } from './store.js';

export interface StateBackend {
  /** The file, or the URL with its password hidden: what logs and messages name. */
  readonly file: string;
  readonly poll: PollStore & {
    /** The feed's state as last written, or undefined before its first poll (asked synchronously by the scheduler). */
    feedState(feedId: string): FeedState | undefined;
  };
  readonly outbox: OutboxStore;
  readonly status: StatusStore;
  readonly interact: MuteStore & FeedbackStore & AlertLookup & CommandRegistry;
  /** The stored history of seen items (search, backtest). */
  readonly history: HistoryReader;
  /** Daily briefings keyed per firing (built from the history). */
  readonly briefing: BriefingStore;
  /** What is wrong with the state now, as reported by the paths that use it. */
  readonly monitor: {
    report(err: unknown): StateError | null;
    succeeded(): void;
    fault(): StateError | null;
  };
  /** Look at the state again (file moved, lock lost…); returns the current fault. Never throws. */
  check(): StateError | null;
  prune(before: number): Awaitable<PruneResult>;
  close(): Awaitable<void>;
}

/** Open the state named by the config's `state`: a postgres:// URL, or else a SQLite file. */
export async function openState(state: string, opts: { command?: string } = {}): Promise<StateBackend> {
  if (isPostgresUrl(state)) {
    const { PgStore } = await import('./postgres/store.js');
    return PgStore.open(state, opts);
  }
  const { Store } = await import('./store.js');
  return Store.open(state, opts);
}
