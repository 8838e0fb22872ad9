// What can go wrong with the state file, in words an operator can act on. Every
// database error that reaches a background path or start-up is classified here, and
// every message names the file and says what to do.

export type StateFaultKind =
  /** Not a SQLite database, or damaged (SQLITE_NOTADB, SQLITE_CORRUPT). */
  | 'corrupt'
  /** The file or its folder cannot be written (permissions, read-only mount). */
  | 'unwritable'
  /** No space left for the database or its WAL. */
  | 'full'
  /** Deleted while the service ran (the open file is no longer reachable by its path). */
  | 'deleted'
  /** Another file was put at the path while the service ran (a restore, a move). */
  | 'replaced'
  /** Written by a newer newswatch. */
  | 'newer-schema'
  /** Another process holds the database busy. */
  | 'busy'
  /** Any other I/O error reported by SQLite or the OS. */
  | 'io';

/** Faults that do not go away by themselves: the service stops polling and delivering until it is fixed. */
const BLOCKING: ReadonlySet<StateFaultKind> = new Set(['corrupt', 'deleted', 'replaced', 'newer-schema']);

export class StateError extends Error {
  constructor(
    readonly kind: StateFaultKind,
    readonly file: string,
    readonly detail: string,
  ) {
    super(stateFaultMessage(kind, file, detail));
    this.name = 'StateError';
  }

  /** True when polling and delivery cannot go on until a person acts (see BLOCKING). */
  get blocking(): boolean {
    return BLOCKING.has(this.kind);
  }
}

/** The kind of a database or file-system error, or null when it is not one (a bug, a network error). */
export function classifyStateError(err: unknown): StateFaultKind | null {
  if (err instanceof StateError) return err.kind;
  const code = (err as { code?: unknown } | null)?.code;
  // An error of the PostgreSQL state (marked by src/state/postgres/db.ts): the server cannot
  // be reached or went away (connection exception 08…, shutdown 57P…, out of resources 53…,
  // a refused or dropped socket, which node-postgres may report without a code).
  if ((err as { stateDatabase?: unknown } | null)?.stateDatabase === true) {
    if (typeof code !== 'string' || /^(?:08|57P|53)/.test(code) || /^E[A-Z]+$/.test(code)) return 'io';
  }
  if (typeof code !== 'string') return null;
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) return 'corrupt';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'full';
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN')) return 'unwritable';
  if (code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') return 'unwritable';
  // EEXIST, ENOTDIR: a file stands where the state's folder should be.
  if (['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR', 'EEXIST'].includes(code)) return 'unwritable';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') return 'io';
  if (code.startsWith('SQLITE_')) return 'io';
  return null;
}

/** A StateError for `err` when it is a database or file-system error, else null. */
export function toStateError(err: unknown, file: string): StateError | null {
  if (err instanceof StateError) return err;
  const kind = classifyStateError(err);
  if (!kind) return null;
  const e = err as { message?: unknown; code?: unknown };
  const message = String(e.message ?? err);
  const code = typeof e.code === 'string' && !message.includes(e.code) ? ` (${e.code})` : '';
  return new StateError(kind, file, `${message}${code}`);
}

/** A PostgreSQL URL (shown without its password) rather than a file. */
function isDatabase(label: string): boolean {
  return /^postgres(?:ql)?:/i.test(label);
}

export function stateFaultMessage(kind: StateFaultKind, file: string, detail: string): string {
  const what = WHAT[kind];
  return `${what.head(file)} (${detail})${what.todo(file)}`;
}

const WHAT: Record<StateFaultKind, { head: (file: string) => string; todo: (file: string) => string }> = {
  corrupt: {
    head: (f) => `state file ${f} is not a SQLite database or is damaged`,
    todo: () =>
      ': restore it from a backup, or move it away to start fresh (the first poll of each feed is then recorded ' +
      'without alerts); a running service pauses polling and delivery until it is restarted',
  },
  unwritable: {
    head: (f) => `state file ${f} cannot be written`,
    todo: (f) =>
      `: give the service user write access to the file and its folder (SQLite also writes ${f}-wal and ${f}-shm there)`,
  },
  full: {
    head: (f) => `no space left for state file ${f}`,
    todo: () => ': free space on its disk; what was committed is kept, and polls and deliveries resume by themselves',
  },
  deleted: {
    head: (f) => `state file ${f} was deleted while the service ran`,
    todo: () =>
      ': polling and delivery are paused, since what they wrote would be lost; ' +
      'restart the service to start from a new state file',
  },
  replaced: {
    head: (f) => `state file ${f} was replaced by another file while the service ran`,
    todo: () => ': polling and delivery are paused; restart the service to use the file now at that path',
  },
  'newer-schema': {
    head: (f) => `state ${isDatabase(f) ? 'database' : 'file'} ${f} is too new`,
    todo: () => ': upgrade newswatch',
  },
  busy: { head: (f) => `state file ${f} is busy`, todo: () => ': another process holds a lock on it' },
  io: {
    head: (f) => (isDatabase(f) ? `cannot reach state database ${f}` : `I/O error on state file ${f}`),
    todo: (f) =>
      isDatabase(f)
        ? ': check that the PostgreSQL server runs and that the URL, user and password are right; polls and deliveries resume by themselves'
        : ': check the disk and the file system',
  },
};
