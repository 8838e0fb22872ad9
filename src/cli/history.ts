// What `search` and `backtest` share: the --since option and opening the state file
// read-only (they work while the service runs, and never create or migrate the file).
import { existsSync } from 'node:fs';
import { parseDuration } from '../config/schema.js';
import { isPostgresUrl } from '../core/state-url.js';
import { toStateError } from '../state/errors.js';
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

/**
 * Run `fn` on the state file opened read-only; an exit code. A missing file is "no history
 * yet" (`empty` prints it); an unusable one is named with what to do (exit 3).
 */
export async function withHistory(
  file: string,
  io: Io,
  empty: () => void,
  fn: (store: Store) => Promise<number>,
): Promise<number> {
  if (isPostgresUrl(file)) {
    io.stderr.write(
      'newswatch: the history of seen items is kept only in a SQLite state for now (not yet on PostgreSQL)\n',
    );
    return EXIT.state;
  }
  if (!existsSync(file)) {
    empty();
    return EXIT.ok;
  }
  let store: Store;
  try {
    store = Store.openReadonly(file);
  } catch (err) {
    const e = toStateError(err, file);
    if (!e) throw err;
    io.stderr.write(`newswatch: ${e.message}\n`);
    return EXIT.state;
  }
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}
