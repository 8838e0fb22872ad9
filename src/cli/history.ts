// What `search` and `backtest` share: the --since option and opening the state read-only
// (they work while the service runs, and never create or migrate the file or database).
import { existsSync } from 'node:fs';
import { parseDuration } from '../config/schema.js';
import { isPostgresUrl } from '../core/state-url.js';
import { toStateError } from '../state/errors.js';
import type { HistoryReader } from '../state/interfaces.js';
import { Store } from '../state/store.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './main.js';

/** `--since 7d` → the time (ms) it names, or null after printing what is wrong. */
export function sinceOption(value: string, io: Io, now = Date.now()): number | null {
  const ms = parseDuration(value);
  if (ms === null || ms <= 0) {
    io.stderr.write(`--since: not a duration: ${JSON.stringify(value)} (use e.g. 7d, 30d, 12h)\n`);
    return null;
  }
  return now - ms;
}

/** What search and backtest read: the history, and closing it after. */
export interface HistoryState {
  readonly history: HistoryReader;
  close(): Promise<void> | void;
}

/**
 * Run `fn` on the state opened read-only (a SQLite file, or a PostgreSQL database with no
 * lock and no migration: both work beside a running service); an exit code. A missing file
 * or a database newswatch never ran on is "no history yet" (`empty` prints it); an unusable
 * one is named with what to do (exit 3).
 */
export async function withHistory(
  file: string,
  io: Io,
  empty: () => void,
  fn: (store: HistoryState) => Promise<number>,
): Promise<number> {
  if (!isPostgresUrl(file) && !existsSync(file)) {
    empty();
    return EXIT.ok;
  }
  let store: HistoryState | null;
  if (isPostgresUrl(file)) {
    // Loaded only here: the pg driver costs start-up time to the commands that never use it.
    const { PgStore } = await import('../state/postgres/store.js');
    try {
      store = await PgStore.openReader(file);
    } catch (err) {
      // Its message names the database, its password hidden.
      io.stderr.write(`newswatch: ${(err as Error).message}\n`);
      return EXIT.state;
    }
  } else {
    try {
      store = Store.openReadonly(file);
    } catch (err) {
      const e = toStateError(err, file);
      if (!e) throw err;
      io.stderr.write(`newswatch: ${e.message}\n`);
      return EXIT.state;
    }
  }
  if (!store) {
    empty();
    return EXIT.ok;
  }
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
