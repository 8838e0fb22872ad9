// Schema versioning of the SQLite state: every applied migration is a row of
// schema_migrations (as on PostgreSQL), user_version is kept in step for older releases,
// a file written by a release that had only user_version is back-filled without losing
// data, and a newer schema is refused naming the file.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, readSchemaVersion, SCHEMA_VERSION } from '../../src/state/db.js';
import { StateError } from '../../src/state/errors.js';
import { Store } from '../../src/state/store.js';
import { ROOT } from '../helpers/cli.js';

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nw-schema-'));
  file = join(dir, 'state.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A state file as releases before schema_migrations left it: the first `version`
 * migrations applied one transaction each, counted by user_version only, in WAL mode,
 * with a feed, a seen item, a queued alert and the nonce tag in it.
 */
function buildOldFile(version: number): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  for (let v = 0; v < version; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v] as string);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  db.prepare("INSERT INTO meta (key, value) VALUES ('nonce_tag', 'a1b2c3')").run();
  db.prepare(
    "INSERT INTO feeds (id, url, etag, initialized, items_seen, present_ids) VALUES ('wire', 'https://news.example.org/rss', '\"e7\"', 1, 1, '[\"g1\"]')",
  ).run();
  db.prepare("INSERT INTO seen_items (feed_id, item_id, first_seen_at) VALUES ('wire', 'g1', 1000)").run();
  db.prepare(
    'INSERT INTO outbox (channel_id, payload, created_at) VALUES (\'desk\', \'{"kind":"alert","title":"kept"}\', 1000)',
  ).run();
  db.close();
}

/** What the file holds, read with a plain connection (not through newswatch). */
function inspect(): { rows: { version: number; applied_at: string }[]; userVersion: number; tables: string[] } {
  const db = new Database(file, { readonly: true });
  try {
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
      (t) => t.name,
    );
    const rows = tables.includes('schema_migrations')
      ? (db.prepare('SELECT version, applied_at FROM schema_migrations ORDER BY version').all() as {
          version: number;
          applied_at: string;
        }[])
      : [];
    return { rows, userVersion: db.pragma('user_version', { simple: true }) as number, tables };
  } finally {
    db.close();
  }
}

const versions = (n: number, from = 1) => Array.from({ length: n - from + 1 }, (_, i) => from + i);

describe('SQLite schema_migrations', () => {
  it('records every migration of a new file, with user_version in step', () => {
    Store.open(file).close();
    const { rows, userVersion } = inspect();
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
    expect(rows.map((r) => r.version)).toEqual(versions(SCHEMA_VERSION));
    for (const r of rows) expect(r.applied_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(userVersion).toBe(SCHEMA_VERSION);
    // Opening again applies nothing and records nothing twice.
    Store.open(file).close();
    expect(inspect().rows).toEqual(rows);
  });

  it.each(versions(SCHEMA_VERSION))(
    'back-fills a file versioned by user_version only at version %i, migrates it and keeps its data',
    (old) => {
      buildOldFile(old);
      expect(inspect().tables).not.toContain('schema_migrations');
      expect(readSchemaVersion(file)).toBe(old);

      const store = Store.open(file);
      try {
        expect(store.poll.feedState('wire')).toMatchObject({ initialized: true, etag: '"e7"', itemsSeen: 1 });
        expect([...store.poll.unseen('wire', ['g1', 'g2'])]).toEqual(['g2']);
        const pending = store.outbox.pending('desk', 10);
        expect(pending).toHaveLength(1);
        expect(pending[0]?.payload).toMatchObject({ title: 'kept' });
      } finally {
        store.close();
      }
      const { rows, userVersion, tables } = inspect();
      expect(rows.map((r) => r.version)).toEqual(versions(SCHEMA_VERSION));
      expect(userVersion).toBe(SCHEMA_VERSION);
      // The migrations it lacked ran (the last one's table is there); the nonce tag was kept.
      expect(tables).toContain('briefings');
      const db = new Database(file, { readonly: true });
      expect(db.prepare("SELECT value FROM meta WHERE key = 'nonce_tag'").get()).toEqual({ value: 'a1b2c3' });
      db.close();
      expect(readSchemaVersion(file)).toBe(SCHEMA_VERSION);
    },
  );

  it('reads a file back-filled to the current version without writing it (status)', () => {
    buildOldFile(SCHEMA_VERSION);
    const reader = Store.openReadonly(file);
    reader.close();
    expect(inspect().tables).not.toContain('schema_migrations');
  });

  it('reports no version for a file that does not exist yet, and creates nothing', () => {
    expect(readSchemaVersion(file)).toBeNull();
    expect(() => inspect()).toThrow();
  });
});

/** openDb(file) in a process of its own (the compiled dist/, built by the global setup); resolves with its exit code and stderr. */
function openInChild(path: string): Promise<{ code: number | null; stderr: string }> {
  const code = `const { openDb } = await import(${JSON.stringify(`${ROOT}dist/state/db.js`)}); openDb(${JSON.stringify(path)}).close();`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (c) => resolve({ code: c, stderr }));
  });
}

describe('SQLite migration at open, several processes at once', () => {
  it('migrates an old file once when four processes open it together; every one of them opens it', async () => {
    buildOldFile(1);
    const results = await Promise.all([1, 2, 3, 4].map(() => openInChild(file)));
    for (const r of results) expect(r, r.stderr).toEqual({ code: 0, stderr: '' });
    const { rows, userVersion } = inspect();
    expect(rows.map((r) => r.version)).toEqual(versions(SCHEMA_VERSION));
    expect(userVersion).toBe(SCHEMA_VERSION);
  });
});

describe('SQLite newer schema', () => {
  function expectNewer(fn: () => unknown, version: number): void {
    let caught: unknown;
    try {
      fn();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(StateError);
    const e = caught as StateError;
    expect(e.kind).toBe('newer-schema');
    expect(e.file).toBe(file);
    expect(e.message).toContain(`state file ${file} is too new`);
    expect(e.message).toContain(`schema version ${version}; this newswatch knows up to ${SCHEMA_VERSION}`);
    expect(e.message).toContain('upgrade newswatch');
  }

  it('refuses a file with a migration recorded beyond the ones it knows, and leaves it as it was', () => {
    Store.open(file).close();
    const db = new Database(file);
    db.prepare('INSERT INTO schema_migrations (version) VALUES (?)').run(SCHEMA_VERSION + 1);
    db.close();
    const before = inspect();
    expectNewer(() => Store.open(file), SCHEMA_VERSION + 1);
    expectNewer(() => Store.openReadonly(file), SCHEMA_VERSION + 1);
    expect(readSchemaVersion(file)).toBe(SCHEMA_VERSION + 1);
    expect(inspect()).toEqual(before);
  });

  it('refuses a file whose user_version alone is newer (written by a release that kept no table)', () => {
    buildOldFile(SCHEMA_VERSION);
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 2}`);
    db.close();
    expectNewer(() => Store.open(file), SCHEMA_VERSION + 2);
    expect(inspect().tables).not.toContain('schema_migrations');
  });
});
