// A PostgreSQL server for the tests: each test run (process) creates its own database
// newswatch_test_<random> on 127.0.0.1:5432 as user postgres (or NEWSWATCH_TEST_PG, an
// admin URL), gives every subject a schema of its own inside it, and drops it at the
// end. When no server answers, the PostgreSQL tests are skipped with a printed reason,
// unless NEWSWATCH_REQUIRE_PG=1 (set by .ci/run): then the missing server fails the run.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const ADMIN_URL = process.env.NEWSWATCH_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Why PostgreSQL tests cannot run here, or null when a server answers. Throws when NEWSWATCH_REQUIRE_PG=1 and none does. */
export async function postgresUnavailable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    const reason = `PostgreSQL tests skipped: no server at ${ADMIN_URL} (${(err as Error).message}); start one, or set NEWSWATCH_TEST_PG`;
    if (process.env.NEWSWATCH_REQUIRE_PG === '1') throw new Error(`NEWSWATCH_REQUIRE_PG=1 but ${reason}`);
    console.log(reason);
    return reason;
  } finally {
    await client.end().catch(() => {});
  }
}

let database: Promise<{ name: string; url: string }> | null = null;
let schemas = 0;

function withDatabase(name: string, extra?: Record<string, string>): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  for (const [k, v] of Object.entries(extra ?? {})) u.searchParams.set(k, v);
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** This run's database (created on first use). */
export function testDatabase(): Promise<{ name: string; url: string }> {
  database ??= (async () => {
    const name = `newswatch_test_${randomBytes(5).toString('hex')}`;
    await admin((c) => c.query(`CREATE DATABASE ${name}`));
    return { name, url: withDatabase(name) };
  })();
  return database;
}

/** A URL of this run's database whose connections see only a new, empty schema. */
export async function freshSchemaUrl(): Promise<string> {
  const { name, url } = await testDatabase();
  const schema = `s${++schemas}_${randomBytes(3).toString('hex')}`;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await c.end();
  }
  return withDatabase(name, { options: `-c search_path=${schema}` });
}

/** Drop this run's database (after the last test). */
export async function dropTestDatabase(): Promise<void> {
  if (!database) return;
  const { name } = await database;
  database = null;
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}
