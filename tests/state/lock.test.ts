// The state file's lock (issue 10 §3) and the classification of state errors (§2), in
// process; tests/e2e/instance-lock.test.ts runs the same with real child processes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classifyStateError, StateError } from '../../src/state/errors.js';
import { currentHolder, lockFileOf, readHolder, StateLock, StateLockedError } from '../../src/state/lock.js';
import { inspectStateFile } from '../../src/state/monitor.js';
import { Store } from '../../src/state/store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nw-lock-unit-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('state lock', () => {
  it('lets one holder in, names it to the next, and is free again once released', () => {
    const state = join(dir, 'state.db');
    expect(currentHolder(state)).toBeNull();
    const store = Store.open(state, { command: 'start' });
    let refused: unknown;
    try {
      Store.open(state, { command: 'once' });
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(StateLockedError);
    expect((refused as StateLockedError).holder).toMatchObject({
      pid: process.pid,
      host: hostname(),
      command: 'start',
    });
    expect((refused as Error).message).toMatch(
      new RegExp(`^state file ${state} is in use by another newswatch \\(newswatch start, PID ${process.pid} on `),
    );
    expect(currentHolder(state)).toMatchObject({ pid: process.pid });
    // Looking did not take it away from the holder.
    expect(() => StateLock.acquire(state, 'once')).toThrow(StateLockedError);
    store.close();
    expect(currentHolder(state)).toBeNull();
    // The last holder is still on record, but nobody holds the lock.
    expect(readHolder(state)).toMatchObject({ pid: process.pid, command: 'start' });
    const again = Store.open(state, { command: 'once' });
    again.close();
  });

  it('takes its lock again when the lock file alone is deleted, and stops writing if another instance got it first', () => {
    const state = join(dir, 'state.db');
    const rmLock = () => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${lockFileOf(state)}${suffix}`, { force: true });
    };
    const store = Store.open(state, { command: 'start' });
    try {
      rmLock();
      expect(store.check()).toBeNull();
      expect(() => StateLock.acquire(state, 'once')).toThrow(StateLockedError);

      rmLock();
      const other = StateLock.acquire(state, 'once'); // another instance, quicker than the next check
      try {
        const fault = store.check();
        expect(fault).toMatchObject({ kind: 'replaced', blocking: true });
        expect(fault?.message).toContain(
          `its lock ${lockFileOf(state)} was deleted and is now held by another newswatch (newswatch once, PID ${process.pid}`,
        );
      } finally {
        other.release();
      }
    } finally {
      store.close();
    }
  });

  it('refuses a state path it cannot create, naming the file', () => {
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, 'a file where a folder should be');
    let err: unknown;
    try {
      Store.open(join(blocker, 'state.db'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StateError);
    expect(err).toMatchObject({ kind: 'unwritable' });
    expect((err as Error).message).toContain(`${join(blocker, 'state.db')}`);
    expect((err as Error).message).toContain('give the service user write access');
  });

  it('refuses a file that is not a SQLite database, saying what to do', () => {
    const state = join(dir, 'state.db');
    writeFileSync(state, 'this is not a database at all, '.repeat(200));
    expect(() => Store.open(state)).toThrow(
      /^state file .*state\.db is not a SQLite database or is damaged \(file is not a database.*restore it from a backup, or move it away to start fresh/,
    );
    expect(inspectStateFile(state)).toMatchObject({ kind: 'corrupt' });
    // The lock was given back: the next attempt meets the same file problem, not a lock.
    expect(currentHolder(state)).toBeNull();
  });
});

describe('classifyStateError', () => {
  it('sorts SQLite and file-system codes into what an operator can act on', () => {
    const kind = (code: string) => classifyStateError(Object.assign(new Error(code), { code }));
    expect(['SQLITE_NOTADB', 'SQLITE_CORRUPT', 'SQLITE_CORRUPT_INDEX'].map(kind)).toEqual([
      'corrupt',
      'corrupt',
      'corrupt',
    ]);
    expect(['SQLITE_FULL', 'ENOSPC'].map(kind)).toEqual(['full', 'full']);
    expect(['SQLITE_READONLY', 'SQLITE_READONLY_DIRECTORY', 'SQLITE_CANTOPEN', 'EACCES', 'EROFS'].map(kind)).toEqual(
      Array(5).fill('unwritable'),
    );
    expect(['SQLITE_IOERR_WRITE', 'EIO'].map(kind)).toEqual(['io', 'io']);
    expect(kind('SQLITE_BUSY')).toBe('busy');
    expect(kind('ECONNRESET')).toBeNull();
    expect(classifyStateError(new TypeError('a bug'))).toBeNull();
  });
});
