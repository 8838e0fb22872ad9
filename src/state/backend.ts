// The state as the service sees it, whichever database holds it: a SQLite file (./store.ts)
// or a PostgreSQL database (./postgres/store.ts), chosen by the config's `state`.
import { isPostgresUrl } from '../core/state-url.js';
import type { StateError } from './errors.js';
import type {
  AlertLookup,
  Awaitable,
  BriefingStore,
  ClusterStore,
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
  /** Coordination with other instances on the same database (PostgreSQL); absent: this process is alone (SQLite's lock). */
  readonly cluster?: ClusterStore;
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
export async function openState(
  state: string,
  opts: { command?: string; leaseTtlMs?: number } = {},
): Promise<StateBackend> {
  if (isPostgresUrl(state)) {
    const { PgStore } = await import('./postgres/store.js');
    return PgStore.open(state, opts);
  }
  const { Store } = await import('./store.js');
  return Store.open(state, opts);
}

/** The schema of a state as found, read without migrating or writing it (for `newswatch check`). */
export interface SchemaStatus {
  /** The file, or the URL with its password hidden. */
  label: string;
  /** Its schema version; null when the SQLite file does not exist yet (an empty database is version 0). */
  version: number | null;
  /** The version this newswatch migrates it to at start. */
  latest: number;
}

/**
 * Read the schema version of the state named by the config's `state`. Throws the
 * 'newer-schema' StateError that `start` would stop with, and a StateError when the
 * state cannot be read (an unreachable server, a damaged file).
 */
export async function schemaStatus(state: string): Promise<SchemaStatus> {
  const { StateError: Fault, toStateError } = await import('./errors.js');
  let status: SchemaStatus;
  if (isPostgresUrl(state)) {
    const { createPool, pendingMigrations, PG_MIGRATIONS, redactUrl } = await import('./postgres/db.js');
    const label = redactUrl(state);
    const pool = createPool(state, 1);
    pool.on('error', () => {});
    try {
      const pending = await pendingMigrations(pool);
      status = { label, version: PG_MIGRATIONS.length - pending, latest: PG_MIGRATIONS.length };
    } catch (err) {
      // Not a connection fault (an unknown database, a refused login): named all the same.
      throw toStateError(err, label) ?? new Error(`state database ${label}: ${(err as Error).message}`, { cause: err });
    } finally {
      await pool.end().catch(() => {});
    }
  } else {
    const { readSchemaVersion, SCHEMA_VERSION } = await import('./db.js');
    status = { label: state, version: readSchemaVersion(state), latest: SCHEMA_VERSION };
  }
  if (status.version !== null && status.version > status.latest) {
    const detail = `schema version ${status.version}; this newswatch knows up to ${status.latest}`;
    throw new Fault('newer-schema', status.label, detail);
  }
  return status;
}
