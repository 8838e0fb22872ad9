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
  if (typeof code !== 'string') return null;
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) return 'corrupt';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'full';
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') return 'unwritable';
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
  const detail = `${String(e.message ?? err)}${typeof e.code === 'string' && !String(e.message).includes(e.code) ? ` (${e.code})` : ''}`;
  return new StateError(kind, file, detail);
}

export function stateFaultMessage(kind: StateFaultKind, file: string, detail: string): string {
  switch (kind) {
    case 'corrupt':
      return `state file ${file} is not a SQLite database or is damaged (${detail}): restore it from a backup, or move it away to start fresh (the first poll of each feed is then recorded without alerts); a running service pauses polling and delivery until it is restarted`;
    case 'unwritable':
      return `state file ${file} cannot be written (${detail}): give the service user write access to the file and its folder (SQLite also writes ${file}-wal and ${file}-shm there)`;
    case 'full':
      return `no space left for state file ${file} (${detail}): free space on its disk; what was committed is kept, and polls and deliveries resume by themselves`;
    case 'deleted':
      return `state file ${file} was deleted while the service ran (${detail}): polling and delivery are paused, since what they wrote would be lost; restart the service to start from a new state file`;
    case 'replaced':
      return `state file ${file} was replaced by another file while the service ran (${detail}): polling and delivery are paused; restart the service to use the file now at that path`;
    case 'newer-schema':
      return `state file ${file} ${detail}: upgrade newswatch`;
    case 'busy':
      return `state file ${file} is busy (${detail}): another process holds a lock on it`;
    case 'io':
      return `I/O error on state file ${file} (${detail}): check the disk and the file system`;
  }
}
