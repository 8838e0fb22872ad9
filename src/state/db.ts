// Opens the SQLite state file and brings its schema up to date.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { StateError, toStateError } from './errors.js';

export type Db = Database.Database;

/**
 * Each entry moves the schema one version up; entries are never edited once released,
 * only appended. The schema_migrations table records each one applied (as on PostgreSQL);
 * PRAGMA user_version is kept equal to the highest, since releases before that table read
 * only user_version and must still refuse a file that is newer than they know.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE feeds (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    fetch_url TEXT,
    title TEXT,
    etag TEXT,
    last_modified TEXT,
    initialized INTEGER NOT NULL DEFAULT 0,
    last_poll_at INTEGER,
    last_success_at INTEGER,
    last_error TEXT,
    last_error_kind TEXT,
    last_error_at INTEGER,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    failing_since INTEGER,
    failing_notified INTEGER NOT NULL DEFAULT 0,
    next_poll_at INTEGER,
    items_seen INTEGER NOT NULL DEFAULT 0,
    present_ids TEXT NOT NULL DEFAULT '[]'
  );
  CREATE TABLE seen_items (
    feed_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    first_seen_at INTEGER NOT NULL,
    PRIMARY KEY (feed_id, item_id)
  ) WITHOUT ROWID;
  CREATE TABLE stories (
    id INTEGER PRIMARY KEY,
    feed_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    canonical_link TEXT,
    title TEXT NOT NULL,
    title_key TEXT NOT NULL,
    link TEXT,
    sources TEXT NOT NULL,
    entities TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX stories_link ON stories (canonical_link);
  CREATE INDEX stories_created ON stories (created_at);
  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    channel_id TEXT NOT NULL,
    story_id INTEGER,
    payload TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent')),
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    attempt_started_at INTEGER,
    last_error TEXT,
    message_id TEXT,
    sent_at INTEGER,
    edit_pending INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX outbox_channel ON outbox (channel_id, status, id);
  CREATE INDEX outbox_story ON outbox (story_id);
  -- Only rows with work to do: the sender asks "which channels have work?" after every poll.
  CREATE INDEX outbox_work ON outbox (channel_id) WHERE status = 'pending' OR edit_pending = 1;
  CREATE INDEX outbox_message ON outbox (message_id) WHERE message_id IS NOT NULL;
  CREATE TABLE mentions (
    day TEXT NOT NULL,
    watchlist TEXT NOT NULL,
    entity TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (day, watchlist, entity)
  ) WITHOUT ROWID;
  `,
  // Discord interactions (src/interact): mutes per channel, "Not relevant" flags, and the
  // hash of the slash commands registered per guild.
  `
  CREATE TABLE mutes (
    discord_channel_id TEXT NOT NULL,
    entity TEXT NOT NULL,
    until INTEGER NOT NULL,
    set_by TEXT NOT NULL,
    set_by_name TEXT NOT NULL,
    set_at INTEGER NOT NULL,
    PRIMARY KEY (discord_channel_id, entity)
  ) WITHOUT ROWID;
  CREATE TABLE feedback (
    id INTEGER PRIMARY KEY,
    outbox_id INTEGER NOT NULL,
    ref TEXT NOT NULL,
    discord_channel_id TEXT NOT NULL,
    watchlist TEXT NOT NULL,
    entity TEXT NOT NULL,
    alias TEXT NOT NULL,
    field TEXT NOT NULL,
    phrase TEXT NOT NULL,
    title TEXT NOT NULL,
    link TEXT,
    user_id TEXT NOT NULL,
    user_name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (outbox_id, entity, user_id)
  );
  CREATE INDEX feedback_created ON feedback (created_at);
  CREATE TABLE command_registrations (
    guild_id TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    registered_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  // History (src/state/history-store.ts): every seen item's title, link, source, publication
  // time and visible text (bounded), with the entities it matched and those it alerted for,
  // kept for retention.maxAge; full-text indexed (FTS5, external content kept in step by
  // triggers) for `newswatch search`, and read by `newswatch backtest`. `entity_tokens` puts
  // the matched entities in the index too (one opaque token each), so that search --entity
  // is an intersection of index lists rather than a lookup per candidate.
  `
  CREATE TABLE history (
    id INTEGER PRIMARY KEY,
    feed_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    title TEXT NOT NULL,
    link TEXT,
    source TEXT NOT NULL,
    published_at INTEGER,
    seen_at INTEGER NOT NULL,
    body TEXT NOT NULL,
    silent INTEGER NOT NULL DEFAULT 0,
    matched TEXT NOT NULL DEFAULT '[]',
    alerted TEXT NOT NULL DEFAULT '[]',
    entity_tokens TEXT NOT NULL DEFAULT ''
  );
  CREATE INDEX history_seen ON history (seen_at);
  CREATE VIRTUAL TABLE history_fts USING fts5(
    title, body, entity_tokens, content = 'history', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER history_ai AFTER INSERT ON history BEGIN
    INSERT INTO history_fts (rowid, title, body, entity_tokens) VALUES (new.id, new.title, new.body, new.entity_tokens);
  END;
  CREATE TRIGGER history_ad AFTER DELETE ON history BEGIN
    INSERT INTO history_fts (history_fts, rowid, title, body, entity_tokens)
      VALUES ('delete', old.id, old.title, old.body, old.entity_tokens);
  END;
  `,
  // Daily briefings (src/state/briefing-store.ts): one row per channel and firing (its
  // scheduled time), written in the transaction that queues the briefing's outbox row;
  // the primary key is what keeps a restart or a second evaluation from queuing it twice.
  `
  CREATE TABLE briefings (
    channel_id TEXT NOT NULL,
    fired_at INTEGER NOT NULL,
    outbox_id INTEGER NOT NULL,
    queued_at INTEGER NOT NULL,
    PRIMARY KEY (channel_id, fired_at)
  ) WITHOUT ROWID;
  `,
];

/**
 * Open (creating and migrating) the state file; `readonly` opens an existing one for
 * inspection only. Every failure is a StateError that names the file and says what to do.
 */
export function openDb(file: string, opts: { readonly?: boolean } = {}): Db {
  let db: Db | undefined;
  try {
    if (file !== ':memory:' && !opts.readonly) mkdirSync(dirname(file), { recursive: true });
    db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
    prepare(db, file, opts.readonly ?? false);
    return db;
  } catch (err) {
    db?.close();
    throw toStateError(err, file) ?? err;
  }
}

function prepare(db: Db, file: string, readonly: boolean): void {
  db.pragma('busy_timeout = 5000');
  if (readonly) {
    const version = schemaVersion(db);
    if (version > MIGRATIONS.length) throw newerSchema(file, version);
    if (version !== MIGRATIONS.length)
      throw new Error(
        `state database ${file} has schema version ${version}; this newswatch reads ${MIGRATIONS.length} (run the service once to migrate)`,
      );
    return;
  }
  // WAL: readers never block the writer; NORMAL sync is durable against a process crash
  // (kill -9), which is the failure this service must survive without loss.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // One IMMEDIATE transaction: the version is read under the write lock, so two processes
  // opening one file together cannot both apply a migration, and a failed migration
  // leaves the file at the version it had.
  db.transaction(() => {
    migrate(db, file);
    // A random tag per database, part of every Discord nonce: two databases (a recreated
    // file, a second instance) posting to one channel must never share a nonce.
    db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('nonce_tag', ?)").run(
      randomBytes(4).toString('hex').slice(0, 6),
    );
  }).immediate();
}

/** The latest schema version this newswatch knows (how many migrations it has). */
export const SCHEMA_VERSION = MIGRATIONS.length;

const SCHEMA_MIGRATIONS = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
)`;

/**
 * The schema version of an open database: the highest recorded migration, or user_version
 * for a file written before schema_migrations existed (the higher of the two, should they
 * ever disagree).
 */
function schemaVersion(db: Db): number {
  const pragma = db.pragma('user_version', { simple: true }) as number;
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!table) return pragma;
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  return Math.max(pragma, row.v ?? 0);
}

function newerSchema(file: string, version: number): StateError {
  return new StateError(
    'newer-schema',
    file,
    `schema version ${version}; this newswatch knows up to ${SCHEMA_VERSION}`,
  );
}

/** Apply the migrations the file lacks; runs inside the open's write transaction. */
function migrate(db: Db, file: string): void {
  const version = schemaVersion(db);
  if (version > MIGRATIONS.length) throw newerSchema(file, version);
  db.exec(SCHEMA_MIGRATIONS);
  // Back-fill: a file versioned by user_version only gets a row for each migration it
  // already has (applied_at is then the time of the back-fill: the real one was not kept).
  const record = db.prepare('INSERT OR IGNORE INTO schema_migrations (version) VALUES (?)');
  for (let v = 1; v <= version; v++) record.run(v);
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.exec(MIGRATIONS[v] as string);
    record.run(v + 1);
  }
  if (db.pragma('user_version', { simple: true }) !== MIGRATIONS.length)
    db.pragma(`user_version = ${MIGRATIONS.length}`);
}

/**
 * The schema version of the state file, read without writing it (for `newswatch check`):
 * null when the file does not exist yet. A StateError when it cannot be read.
 */
export function readSchemaVersion(file: string): number | null {
  if (file === ':memory:' || !existsSync(file)) return null;
  let db: Db | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    return schemaVersion(db);
  } catch (err) {
    throw toStateError(err, file) ?? err;
  } finally {
    db?.close();
  }
}
