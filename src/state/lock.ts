// One writer per state file. The writer (`start`, `once`) holds an OS lock beside the
// state file for its whole life: `<state>.lock`, a tiny SQLite database in WAL mode
// on which it keeps a write transaction open. SQLite takes that write lock with fcntl,
// so the kernel drops it when the process ends in any way (kill -9 included): unlike a
// PID file, a lock can never outlive its holder. The holder's PID, host and start time
// are committed in the same file before the lock is taken for good; WAL lets any
// process read them while the write lock is held, so a refused second instance (and
// `status`) can name the holder.
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StateError, toStateError } from './errors.js';
import { identify, type FileIdentity } from './monitor.js';

export interface LockHolder {
  pid: number;
  host: string;
  /** When the holder took the lock (ms). */
  since: number;
  /** The command holding it (`start`, `once`). */
  command: string;
}

/** Another process holds the state file. */
export class StateLockedError extends Error {
  constructor(
    readonly file: string,
    readonly holder: LockHolder | null,
  ) {
    super(
      `state file ${file} is in use by another newswatch (${describeHolder(holder)}): ` +
        'two instances on one state file would post every alert twice. ' +
        'Stop the other one first, or give this one its own state file',
    );
    this.name = 'StateLockedError';
  }
}

export function describeHolder(h: LockHolder | null): string {
  if (!h) return 'holder unknown';
  return `newswatch ${h.command}, PID ${h.pid} on ${h.host}, since ${new Date(h.since).toISOString().slice(0, 19)}Z`;
}

export function lockFileOf(stateFile: string): string {
  return `${stateFile}.lock`;
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS holder (
  id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER, host TEXT, since INTEGER, command TEXT)`;
const WRITE_HOLDER =
  'INSERT OR REPLACE INTO holder (id, pid, host, since, command) VALUES (1, @pid, @host, @since, @command)';

export class StateLock {
  /** The lock file as it was when taken: a lock on a deleted file protects nothing. */
  private readonly identity: FileIdentity | null;

  private constructor(
    private readonly db: Database.Database,
    readonly file: string,
    readonly holder: LockHolder,
  ) {
    this.identity = identify(file);
  }

  /** True while the path still leads to the file this lock is held on. */
  intact(): boolean {
    const now = identify(this.file);
    return now !== null && this.identity !== null && now.dev === this.identity.dev && now.ino === this.identity.ino;
  }

  /**
   * Take the lock of `stateFile` or throw StateLockedError naming the holder. A process
   * that only looks (`status`, see readHolder) holds it for microseconds: the short busy
   * wait keeps such a look from making a starting service fail.
   */
  static acquire(stateFile: string, command: string): StateLock {
    const file = lockFileOf(stateFile);
    let db: Database.Database | undefined;
    try {
      mkdirSync(dirname(file), { recursive: true });
      db = new Database(file);
      db.pragma('busy_timeout = 300');
      db.pragma('journal_mode = WAL');
      db.exec(SCHEMA);
    } catch (err) {
      db?.close();
      if (isBusy(err)) throw new StateLockedError(stateFile, readHolder(stateFile));
      throw lockError(err, stateFile, file);
    }
    const holder: LockHolder = { pid: process.pid, host: hostname(), since: Date.now(), command };
    try {
      // Commit who holds it (readable by others while the lock is held), then hold the write lock.
      db.exec('BEGIN IMMEDIATE');
      db.prepare(WRITE_HOLDER).run(holder);
      db.exec('COMMIT');
      // Another process that got in between these two statements holds it now and has
      // written itself as the holder: then this one is refused, and both agree on who runs.
      db.exec('BEGIN IMMEDIATE');
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      db.close();
      if (isBusy(err)) throw new StateLockedError(stateFile, readHolder(stateFile));
      throw lockError(err, stateFile, file);
    }
    return new StateLock(db, file, holder);
  }

  release(): void {
    if (!this.db.open) return;
    try {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
    } finally {
      this.db.close();
    }
  }
}

/** Who holds the lock of `stateFile`, or null when nobody does (the file is never created here). */
export function readHolder(stateFile: string): LockHolder | null {
  return withLockFile(stateFile, (db) => {
    db.pragma('busy_timeout = 100');
    const row = db.prepare('SELECT pid, host, since, command FROM holder WHERE id = 1').get();
    return (row as LockHolder | undefined) ?? null;
  });
}

/**
 * Who holds the lock now, or null when it is free (the recorded holder then is a
 * process that ended). Takes the lock for an instant to find out; never blocks a holder.
 */
export function currentHolder(stateFile: string): LockHolder | null {
  return withLockFile(stateFile, (db) => {
    db.pragma('busy_timeout = 0');
    try {
      db.exec('BEGIN IMMEDIATE');
      db.exec('ROLLBACK');
      return null;
    } catch (err) {
      if (!isBusy(err)) throw err;
      return readHolder(stateFile) ?? { pid: 0, host: 'unknown', since: 0, command: 'unknown' };
    }
  });
}

/** `fn` on the existing lock file; null when there is none or it cannot be read. */
function withLockFile(stateFile: string, fn: (db: Database.Database) => LockHolder | null): LockHolder | null {
  let db: Database.Database;
  try {
    db = new Database(lockFileOf(stateFile), { fileMustExist: true });
  } catch {
    return null;
  }
  try {
    return fn(db);
  } catch {
    return null;
  } finally {
    db.close();
  }
}

/** A failure to create or open the lock is a problem of the state file's folder: name both. */
function lockError(err: unknown, stateFile: string, lockFile: string): unknown {
  const e = toStateError(err, stateFile);
  return e ? new StateError(e.kind, stateFile, `its lock ${lockFile}: ${e.detail}`) : err;
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}
