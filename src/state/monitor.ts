// Watches the open state file for what SQLite cannot tell by itself: that the path no
// longer leads to the file the service has open (deleted, replaced), that the file on
// disk stopped being a SQLite database, that its disk is full or its folder read-only;
// and remembers the last classified failure of real work (a commit, a send) until work
// succeeds again. The service reads fault() for its health and to pause or resume.
import { accessSync, constants, openSync, readSync, closeSync, statSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { StateError, toStateError } from './errors.js';

export interface FileIdentity {
  dev: number;
  ino: number;
}

/** Less room than this on the state file's disk counts as full (a commit of one poll may need more). */
const MIN_FREE_BYTES = 256 * 1024;
const MAGIC = 'SQLite format 3\u0000';

export function identify(file: string): FileIdentity | null {
  try {
    const s = statSync(file);
    return { dev: s.dev, ino: s.ino };
  } catch {
    return null;
  }
}

/** What is wrong with the state file at `file` as found on disk now (null: nothing seen). */
export function inspectStateFile(file: string, identity: FileIdentity | null = null): StateError | null {
  let st;
  try {
    st = statSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return identity ? new StateError('deleted', file, 'no file at that path any more') : null;
    return toStateError(err, file);
  }
  if (identity && (st.dev !== identity.dev || st.ino !== identity.ino)) {
    return new StateError('replaced', file, `inode ${identity.ino} was open, the path now leads to inode ${st.ino}`);
  }
  if (st.size > 0 && headerOf(file) !== MAGIC) {
    return new StateError('corrupt', file, 'the file does not start with the SQLite header');
  }
  try {
    accessSync(file, constants.W_OK);
    accessSync(dirname(file), constants.W_OK);
  } catch (err) {
    return toStateError(err, file);
  }
  try {
    const fs = statfsSync(dirname(file));
    const free = fs.bavail * fs.bsize;
    if (free < MIN_FREE_BYTES) return new StateError('full', file, `${free} bytes free on its disk`);
  } catch {
    // statfs is not available everywhere; SQLITE_FULL from a commit still tells.
  }
  return null;
}

function headerOf(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    return buf.subarray(0, n).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

export class StateMonitor {
  /**
   * Deleted, replaced or damaged: it stays so for the life of the process. The open
   * file is not the file any more, or cannot be trusted (a file restored in place under
   * an open connection is not safe to go on with either): a restart decides.
   */
  private lost: StateError | null = null;
  private seen: StateError | null = null;
  private failed: StateError | null = null;

  constructor(
    readonly file: string,
    private readonly identity: FileIdentity | null,
  ) {}

  /** Look at the file on disk again; returns the current fault. Never throws. */
  check(): StateError | null {
    if (this.lost) return this.lost;
    let found: StateError | null;
    try {
      found = this.identity ? inspectStateFile(this.file, this.identity) : null;
    } catch (err) {
      found = toStateError(err, this.file);
    }
    if (found?.blocking) this.lost = found;
    this.seen = found;
    return this.fault();
  }

  /** Record a failure of real work; returns it classified, or null when it is not a state error. */
  report(err: unknown): StateError | null {
    const e = toStateError(err, this.file);
    if (!e || e.kind === 'busy') return e;
    if (e.blocking) this.lost ??= e;
    else this.failed = e;
    return e;
  }

  /** Work that writes succeeded: a failure recorded before (disk full, not writable) is over. */
  succeeded(): void {
    this.failed = null;
  }

  /** The fault to report now, the most serious first; null when the state file is fine. */
  fault(): StateError | null {
    return this.lost ?? this.seen ?? this.failed;
  }
}
