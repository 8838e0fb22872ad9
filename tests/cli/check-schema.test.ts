// `newswatch check` reads the state's schema version without migrating it: the real CLI in
// a child process, on SQLite files built at older, current and newer versions, and on
// PostgreSQL databases (tests/helpers/postgres.ts) left at an older schema or a newer one.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, readSchemaVersion, SCHEMA_VERSION } from '../../src/state/db.js';
import { migrate, PG_MIGRATIONS } from '../../src/state/postgres/db.js';
import { Store } from '../../src/state/store.js';
import { runCli } from '../helpers/cli.js';
import { dropTestDatabase, freshSchemaUrl, postgresUnavailable } from '../helpers/postgres.js';
import { scratch, WATCHLISTS_YAML } from './support.js';

const tmp = scratch('check-schema');
afterAll(() => tmp.remove());

/** A valid config whose state is `state` (a file relative to the config, or a URL read from DATABASE_URL). */
function config(name: string, state: string): string {
  return tmp.write(
    `${name}.yaml`,
    `state: "${state}"\nfeeds:\n  - id: wire\n    url: https://news.example.org/feed.xml\n${WATCHLISTS_YAML}channels:\n  - id: log\n    console: true\n`,
  );
}

const check = (file: string, env: Record<string, string> = {}) => runCli(['check', '--config', file], { env });

/** A state file as a release before schema_migrations left it at `version` (user_version only). */
function oldFile(path: string, version: number): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  for (let v = 0; v < version; v++) db.exec(MIGRATIONS[v] as string);
  db.pragma(`user_version = ${version}`);
  db.close();
}

describe('newswatch check: the SQLite state schema', () => {
  it('says a state file that does not exist yet is created at start, and creates nothing', async () => {
    const r = await check(config('absent', 'data/absent.db'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const file = join(tmp.dir, 'data/absent.db');
    expect(r.stdout).toContain(
      `state ${file}: not created yet; this newswatch creates it at start (schema version ${SCHEMA_VERSION})`,
    );
    expect(existsSync(join(tmp.dir, 'data'))).toBe(false);
  });

  it('reports the migrations pending on an older file without applying them', async () => {
    const file = join(tmp.dir, 'older.db');
    oldFile(file, 1);
    const r = await check(config('older', 'older.db'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const pending = SCHEMA_VERSION - 1;
    expect(r.stdout).toContain(
      `state ${file}: schema version 1, this newswatch applies ${pending} pending migration${pending === 1 ? '' : 's'} at start`,
    );
    // Still at version 1, with no schema_migrations table: check only read it.
    expect(readSchemaVersion(file)).toBe(1);
    const db = new Database(file, { readonly: true });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'schema_migrations'").get()).toBeUndefined();
    db.close();
  });

  it('says an up-to-date file is up to date', async () => {
    const file = join(tmp.dir, 'current.db');
    Store.open(file).close();
    const r = await check(config('current', 'current.db'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`state ${file}: schema version ${SCHEMA_VERSION}, up to date`);
  });

  it('refuses a file with a newer schema as start would, exit 2, after the summary', async () => {
    const file = join(tmp.dir, 'newer.db');
    Store.open(file).close();
    const db = new Database(file);
    db.prepare('INSERT INTO schema_migrations (version) VALUES (?)').run(SCHEMA_VERSION + 1);
    db.close();
    const r = await check(config('newer', 'newer.db'));
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^ {2}wire {2}https:\/\/news\.example\.org\/feed\.xml$/m);
    expect(r.stderr).toBe(
      `newswatch check: state file ${file} is too new (schema version ${SCHEMA_VERSION + 1}; ` +
        `this newswatch knows up to ${SCHEMA_VERSION}): upgrade newswatch\n`,
    );
  });

  it('names a state file that is not a database', async () => {
    const file = tmp.write('garbage.db', 'this is not a SQLite database, only text long enough to be read as one\n');
    const r = await check(config('garbage', 'garbage.db'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`newswatch check: state file ${file} is not a SQLite database or is damaged`);
  });
});

const PASSWORD = 'pg-check-password-5150';
const noPostgres = await postgresUnavailable();

describe('newswatch check: an unreachable PostgreSQL state', () => {
  it('says the database cannot be reached, without its password, exit 2', async () => {
    // Port 9 (discard) on the loopback: nothing listens there, the connection is refused at once.
    const url = `postgres://newswatch:${PASSWORD}@127.0.0.1:9/newswatch`;
    const r = await check(config('unreachable', '${DATABASE_URL}'), { DATABASE_URL: url });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('newswatch check: cannot reach state database postgres://***@127.0.0.1:9/newswatch');
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
  });
});

describe.skipIf(noPostgres !== null)('newswatch check: the PostgreSQL state schema', () => {
  afterAll(() => dropTestDatabase());

  /** A fresh schema's URL with a password (ignored by trust auth; there to check it never shows), and its redacted form. */
  async function database(): Promise<{ url: string; shown: string }> {
    const url = (await freshSchemaUrl()).replace('//postgres@', `//postgres:${PASSWORD}@`);
    return { url, shown: url.replace(`//postgres:${PASSWORD}@`, '//***@') };
  }

  async function withPool<T>(url: string, fn: (pool: pg.Pool) => Promise<T>): Promise<T> {
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      return await fn(pool);
    } finally {
      await pool.end();
    }
  }

  const recorded = (url: string) =>
    withPool(url, async (pool) => {
      const exists = await pool.query<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t");
      if (!exists.rows[0]?.t) return [];
      const { rows } = await pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      return rows.map((r) => r.version);
    });

  it('reports the migrations pending on an older schema without applying them', async () => {
    const { url, shown } = await database();
    // The first N migrations only (N = all but the last; an empty schema is version 0).
    const older = PG_MIGRATIONS.length - 1;
    if (older > 0) await withPool(url, (pool) => migrate(pool, 'test', PG_MIGRATIONS.slice(0, older)));
    const before = await recorded(url);
    const r = await check(config('pg-older', '${DATABASE_URL}'), { DATABASE_URL: url });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const pending = PG_MIGRATIONS.length - older;
    expect(r.stdout).toContain(
      `state ${shown}: schema version ${older}, this newswatch applies ${pending} pending migration${pending === 1 ? '' : 's'} at start`,
    );
    expect(r.stdout).not.toContain(PASSWORD);
    expect(await recorded(url)).toEqual(before);
  });

  it('names a database that does not exist on the server, without its password, exit 2', async () => {
    const { url, shown } = await database();
    const absent = (u: string) => u.replace(/\/newswatch_test_\w+/, '/newswatch_absent_check');
    const r = await check(config('pg-absent', '${DATABASE_URL}'), { DATABASE_URL: absent(url) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`newswatch check: state database ${absent(shown)}: `);
    expect(r.stderr).toContain('"newswatch_absent_check" does not exist');
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
  });

  it('says a migrated database is up to date', async () => {
    const { url, shown } = await database();
    await withPool(url, (pool) => migrate(pool, 'test'));
    const r = await check(config('pg-current', '${DATABASE_URL}'), { DATABASE_URL: url });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`state ${shown}: schema version ${PG_MIGRATIONS.length}, up to date`);
  });

  it('refuses a newer schema as start would, naming the database without its password, exit 2', async () => {
    const { url, shown } = await database();
    await withPool(url, async (pool) => {
      await migrate(pool, 'test');
      await pool.query('INSERT INTO schema_migrations (version) VALUES ($1)', [PG_MIGRATIONS.length + 1]);
    });
    const r = await check(config('pg-newer', '${DATABASE_URL}'), { DATABASE_URL: url });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `newswatch check: state database ${shown} is too new (schema version ${PG_MIGRATIONS.length + 1}; ` +
        `this newswatch knows up to ${PG_MIGRATIONS.length}): upgrade newswatch\n`,
    );
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
  });
});
