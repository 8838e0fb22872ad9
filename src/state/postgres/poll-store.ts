// PostgreSQL side of a poll: feed state, seen items, stories and the outbox rows a poll
// creates, with the guarantees of the SQLite store (../poll-store.ts): a poll's new items
// are marked seen, their stories recorded and their outbox rows created in one savepoint
// of a group commit, together with the feed's validators. No path marks an item seen
// without its alerts. Which items are the same story is decided by src/stories/.
//
// Round trips: a poll costs a fixed handful (seen ids, links, feed update) plus one per
// new story, whatever its number of items; polls finishing together share BEGIN/COMMIT.
//
// Titles: like the SQLite store, an in-process index (../story-index.ts) of the window's
// stories answers "a near-alike title?" without a scan. It is loaded at the first commit
// and caught up inside every group commit with the stories written since (by id), so it
// also sees what another writer committed. A SQL similarity query would need pg_trgm and
// a scan of the window per item; the index costs one small SELECT per batch.
import type pg from 'pg';
import { entityKey, type EntityRef } from '../../core/entity-key.js';
import type { NoticePayload } from '../../core/types.js';
import { decideStory } from '../../stories/index.js';
import type {
  CommitResult,
  FeedFailure,
  FeedState,
  KnownStory,
  NewItemRecord,
  PollCommit,
  PollStore,
  StoryLookup,
} from '../interfaces.js';
import { toFeedState, type FeedRow } from '../poll-store.js';
import { StoryIndex } from '../story-index.js';
import { inTransaction, markStateError, OUTBOX_CHANNEL } from './db.js';
import { insertStories, rewriteSources } from './story-rows.js';
import { writeHistory } from './history-store.js';

/** SET clause ending the poll lease of the feed if the given instance holds it (./cluster-store.ts). */
const END_LEASE = (p: string) => `lease_until = CASE WHEN lease_holder = ${p}::text THEN NULL ELSE lease_until END`;

/** First provisional story id (see recordStories): above any id a database will hand out. */
const PROVISIONAL = 2 ** 52;

/** Advisory lock key serializing poll commits across instances ("nwpoll" in ASCII). */
const COMMIT_LOCK = 0x6e77706f6c6c;

interface Queued {
  commit: PollCommit;
  resolve: (r: CommitResult) => void;
  reject: (err: unknown) => void;
}

interface Known extends KnownStory {
  at: number;
}

export class PgPollStore implements PollStore {
  /** Feed states as last read or written (a claim reads the row again: another instance may have polled it). */
  private readonly feeds = new Map<string, FeedState>();
  private queued: Queued[] = [];
  private flushing = false;
  /** Title index of the stories since `windowStart`, and what the rule needs of each. */
  private index: StoryIndex | null = null;
  private readonly recent = new Map<number, Known>();
  private lastStoryId = 0;
  private windowStart = 0;
  private prunedAt = 0;
  /** True once the batch in progress read the stories written since the index was last caught up. */
  private caughtUp = false;
  /** Stories added by the savepoint in progress (taken out again if it rolls back). */
  private added: number[] = [];
  /** Stories whose sources the savepoint in progress changed: their previous sources. */
  private changed = new Map<number, string[]>();
  /** Outbox rows queued by the savepoints of the batch in progress that were kept. */
  private queuedInBatch = 0;
  /** Feeds whose poll lease the last write of their row gave back (see takeReleased). */
  private readonly released = new Set<string>();

  constructor(
    private readonly pool: pg.Pool,
    /** This instance's id: a poll's final write of its feed row also ends its lease (one round trip less). */
    private readonly holder: string | null = null,
  ) {}

  /** Whether the feed's lease was already given back by the write that ended its poll (then forgotten). */
  takeReleased(feedId: string): boolean {
    return this.released.delete(feedId);
  }

  /** Remember a feed row written at the end of a poll (its lease, if this instance's, was ended with it). */
  private wrote(row: FeedRow | undefined): FeedState {
    const state = this.remember(row);
    if (this.holder) this.released.add(state.feedId);
    return state;
  }

  /** Load every feed's state (the scheduler asks feedState synchronously). */
  async load(): Promise<void> {
    const { rows } = await this.pool.query<FeedRow>('SELECT * FROM feeds');
    for (const r of rows) this.remember(r);
  }

  /** A feed's row as read by a claim (./cluster-store.ts). */
  refresh = (row: FeedRow): void => void this.remember(row);

  private remember(row: FeedRow | undefined): FeedState {
    if (!row) throw new Error('feed row vanished from the state database');
    const state = toFeedState(row);
    this.feeds.set(state.feedId, state);
    return state;
  }

  /** The feed's state as last read or written, or undefined before its first poll. */
  feedState(feedId: string): FeedState | undefined {
    return this.feeds.get(feedId);
  }

  async ensureFeed(feedId: string, url: string): Promise<FeedState> {
    const cached = this.feeds.get(feedId);
    if (cached && cached.url === url) return cached;
    await this.pool.query('INSERT INTO feeds (id, url) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [feedId, url]);
    // A changed URL may be a different feed: forget its validators, and poll it silently first.
    await this.pool.query(
      'UPDATE feeds SET url = $1, fetch_url = NULL, etag = NULL, last_modified = NULL, initialized = 0 WHERE id = $2 AND url <> $1',
      [url, feedId],
    );
    const { rows } = await this.pool.query<FeedRow>('SELECT * FROM feeds WHERE id = $1', [feedId]);
    return this.remember(rows[0]);
  }

  async unseen(feedId: string, ids: string[]): Promise<Set<string>> {
    const out = new Set(ids);
    const { rows } = await this.pool.query<{ item_id: string }>(
      'SELECT item_id FROM seen_items WHERE feed_id = $1 AND item_id = ANY($2::text[])',
      [feedId, ids],
    );
    for (const r of rows) out.delete(r.item_id);
    return out;
  }

  commitPoll(c: PollCommit): Promise<CommitResult> {
    return new Promise((resolve, reject) => {
      if (this.queued.push({ commit: c, resolve, reject }) === 1 && !this.flushing)
        setImmediate(() => void this.flush());
    });
  }

  /**
   * Commit every queued poll in one transaction, each in a savepoint of its own: one that
   * fails is rolled back alone and rejects alone. Polls queued while a batch is being
   * written form the next batch. Never rejects.
   */
  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.queued.length > 0) {
        const batch = this.queued;
        this.queued = [];
        await this.flushBatch(batch);
      }
    } finally {
      this.flushing = false;
    }
  }

  private async flushBatch(batch: Queued[]): Promise<void> {
    const done: { settle: () => void; row?: FeedRow }[] = [];
    const indexed: number[] = [];
    const sourcesBefore = new Map<number, string[]>();
    let client: pg.PoolClient | undefined;
    this.caughtUp = false;
    this.queuedInBatch = 0;
    try {
      client = await this.pool.connect();
      // One poll commit at a time on the database, whichever instance makes it: story ids
      // are then committed in id order (the index's catch-up by id misses none), and two
      // instances never both create a story for one news item. Held until COMMIT.
      await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${COMMIT_LOCK})`);
      for (const { commit, resolve, reject } of batch) {
        this.added = [];
        this.changed = new Map();
        await client.query('SAVEPOINT poll');
        try {
          const { result, row } = await this.commitOne(client, commit);
          await client.query('RELEASE SAVEPOINT poll');
          this.queuedInBatch += result.queued;
          indexed.push(...this.added);
          for (const [id, s] of this.changed) if (!sourcesBefore.has(id)) sourcesBefore.set(id, s);
          done.push({ row, settle: () => resolve(result) });
        } catch (err) {
          this.undo(this.added, this.changed);
          await client.query('ROLLBACK TO SAVEPOINT poll');
          this.feeds.delete(commit.feedId);
          done.push({ settle: () => reject(err) });
        }
      }
      // New alerts: wake the instances holding their channels (delivered at commit, if it commits).
      const queued = done.length > 0 && this.queuedInBatch > 0;
      await client.query(queued ? `SELECT pg_notify('${OUTBOX_CHANNEL}', current_schema()); COMMIT` : 'COMMIT');
    } catch (err) {
      // The connection or the COMMIT failed: nothing of the batch is stored.
      await client?.query('ROLLBACK').catch(() => {});
      this.undo(indexed, sourcesBefore);
      for (const { commit, reject } of batch) {
        this.feeds.delete(commit.feedId);
        reject(markStateError(err));
      }
      return;
    } finally {
      client?.release();
    }
    for (const d of done) {
      if (d.row) this.wrote(d.row);
      d.settle();
    }
  }

  /** Take rolled-back stories out of the index, and put rolled-back sources back. */
  private undo(ids: number[], sources: Map<number, string[]>): void {
    for (const id of ids) {
      this.index?.remove(id);
      this.recent.delete(id);
    }
    for (const [id, s] of sources) {
      const k = this.recent.get(id);
      if (k) k.sources = s;
    }
  }

  /** One poll's writes, in a savepoint of the batch's transaction. */
  private async commitOne(client: pg.PoolClient, c: PollCommit): Promise<{ result: CommitResult; row: FeedRow }> {
    const result: CommitResult = { queued: 0, duplicates: 0 };
    // Re-checked inside the transaction: an item may have been recorded since `unseen`.
    const ids = c.newItems.map((i) => i.id);
    const fresh = new Set(
      ids.length === 0
        ? []
        : (
            await client.query<{ item_id: string }>(
              `INSERT INTO seen_items (feed_id, item_id, first_seen_at) SELECT $1, unnest($2::text[]), $3
                ON CONFLICT DO NOTHING RETURNING item_id`,
              [c.feedId, ids, c.at],
            )
          ).rows.map((r) => r.item_id),
    );
    const items = c.newItems.filter((i) => fresh.delete(i.id)); // an id twice in one poll counts once
    await writeHistory(client, c, items);
    if (!c.silent) {
      const mentions = new Map<string, EntityRef & { count: number }>();
      for (const item of items) {
        for (const m of item.mentions) {
          const seen = mentions.get(entityKey(m));
          if (seen) seen.count++;
          else mentions.set(entityKey(m), { watchlist: m.watchlist, entity: m.entity, count: 1 });
        }
      }
      const alerting = items.filter((i) => i.alerts.length > 0);
      if (alerting.length > 0) {
        await this.catchUp(client, c.at - c.dedup.windowMs);
        const byLink = await this.linksOf(client, alerting);
        const r = await this.recordStories(client, c, alerting, byLink);
        result.queued += r.queued;
        result.duplicates += r.duplicates;
      }
      if (mentions.size > 0) {
        const ms = [...mentions.values()];
        await client.query(
          `INSERT INTO mentions (day, watchlist, entity, count)
            SELECT $1, * FROM unnest($2::text[], $3::text[], $4::int[])
            ON CONFLICT (day, watchlist, entity) DO UPDATE SET count = mentions.count + excluded.count`,
          [
            new Date(c.at).toISOString().slice(0, 10),
            ms.map((m) => m.watchlist),
            ms.map((m) => m.entity),
            ms.map((m) => m.count),
          ],
        );
      }
    }
    const { rows } = await client.query<FeedRow>(
      `UPDATE feeds SET etag = $2, last_modified = $3, title = COALESCE($4, title), fetch_url = COALESCE($5, fetch_url),
        initialized = 1, last_poll_at = $6, last_success_at = $6, consecutive_failures = 0, failing_since = NULL,
        next_poll_at = $7, items_seen = items_seen + $8, present_ids = $9, ${END_LEASE('$10')} WHERE id = $1 RETURNING *`,
      [
        c.feedId,
        c.etag,
        c.lastModified,
        c.title,
        c.fetchUrl ?? null,
        c.at,
        c.nextPollAt,
        items.length,
        JSON.stringify(c.presentIds),
        this.holder,
      ],
    );
    if (!rows[0]) throw new Error(`feed ${c.feedId} has no row in the state database`);
    return { result, row: rows[0] };
  }

  /** The first story of each canonical link among `items`, as the database has them now. */
  private async linksOf(client: pg.PoolClient, items: NewItemRecord[]): Promise<Map<string, Known>> {
    const links = [...new Set(items.map((i) => i.canonicalLink).filter((l): l is string => l !== null))];
    const out = new Map<string, Known>();
    if (links.length === 0) return out;
    const { rows } = await client.query<{
      canonical_link: string;
      id: number;
      feed_id: string;
      sources: string[];
      created_at: number;
    }>(
      `SELECT DISTINCT ON (canonical_link) canonical_link, id, feed_id, sources, created_at FROM stories
        WHERE canonical_link = ANY($1::text[]) ORDER BY canonical_link, id`,
      [links],
    );
    for (const r of rows)
      out.set(
        r.canonical_link,
        this.recent.get(r.id) ?? { id: r.id, feedId: r.feed_id, sources: r.sources, at: r.created_at },
      );
    return out;
  }

  /** Bring the title index up to the stories committed since it was last read (the whole window the first time). */
  private async catchUp(client: pg.PoolClient, since: number): Promise<void> {
    if (this.caughtUp && this.index) return; // once per batch: what this batch writes is indexed as it goes
    this.caughtUp = true;
    if (!this.index) {
      this.index = new StoryIndex();
      this.windowStart = since;
      this.prunedAt = since;
    } else if (since - this.prunedAt > 3_600_000) {
      this.index.prune(since);
      for (const [id, k] of this.recent) if (k.at < since) this.recent.delete(id);
      this.prunedAt = since;
    }
    const { rows } = await client.query<{
      id: number;
      feed_id: string;
      title_key: string;
      sources: string[];
      created_at: number;
    }>(
      'SELECT id, feed_id, title_key, sources, created_at FROM stories WHERE id > $1 AND created_at >= $2 ORDER BY id',
      [this.lastStoryId, this.windowStart],
    );
    for (const r of rows)
      this.indexStory({ id: r.id, feedId: r.feed_id, sources: r.sources, at: r.created_at }, r.title_key);
  }

  private indexStory(k: Known, titleKey: string): void {
    this.index?.add(k.id, titleKey, k.at);
    this.recent.set(k.id, k);
    if (k.id > this.lastStoryId) this.lastStoryId = k.id;
  }

  /**
   * A poll's matched items, in order: each is a new story or another source of a known one.
   * The new stories and their outbox rows are written together in one statement (ids in
   * item order, rows in item then channel order); until then they are in the title index
   * under provisional ids above every real one (the newest), so a later item of the same
   * poll finds them as it would find them written.
   */
  private async recordStories(
    client: pg.PoolClient,
    c: PollCommit,
    items: NewItemRecord[],
    byLink: Map<string, Known>,
  ): Promise<{ queued: number; duplicates: number }> {
    const lookup: StoryLookup = {
      byLink: (link) => byLink.get(link),
      byTitle: (key, since, similarity) => {
        const id = this.index?.find(key, since, similarity);
        return id === undefined ? undefined : this.recent.get(id);
      },
    };
    const created: { item: NewItemRecord; known: Known; titleKey: string; entities: string[] }[] = [];
    let duplicates = 0;
    try {
      for (const item of items) {
        const decision = await this.decide(client, lookup, c, item);
        if (decision.kind === 'same') {
          if (decision.sources) await this.setSources(client, decision.story.id, decision.sources);
          duplicates++;
          continue;
        }
        const known: Known = {
          id: PROVISIONAL + created.length,
          feedId: c.feedId,
          sources: decision.sources,
          at: c.at,
        };
        this.index?.add(known.id, decision.titleKey, c.at);
        this.recent.set(known.id, known);
        if (item.canonicalLink && !byLink.has(item.canonicalLink)) byLink.set(item.canonicalLink, known);
        created.push({ item, known, titleKey: decision.titleKey, entities: decision.entities });
      }
    } finally {
      for (const { known } of created) {
        this.index?.remove(known.id);
        this.recent.delete(known.id);
      }
    }
    if (created.length === 0) return { queued: 0, duplicates };
    const { rows, queued } = await insertStories(client, c, created);
    const idOf = new Map(rows.map((r) => [r.item_id, r.id]));
    for (const { item, known, titleKey } of created) {
      known.id = idOf.get(item.id) as number;
      this.indexStory(known, titleKey);
      this.added.push(known.id);
    }
    return { queued, duplicates };
  }

  /** The same-story decision, on the stored sources when another instance may have added one since. */
  private async decide(
    client: pg.PoolClient,
    lookup: StoryLookup,
    c: PollCommit,
    item: NewItemRecord,
  ): Promise<ReturnType<typeof decideStory>> {
    const decision = decideStory(lookup, c, item);
    if (decision.kind !== 'same' || !decision.sources) return decision;
    const { rows } = await client.query<{ sources: string[] }>('SELECT sources FROM stories WHERE id = $1', [
      decision.story.id,
    ]);
    const stored = rows[0]?.sources;
    if (!stored || JSON.stringify(stored) === JSON.stringify(decision.story.sources)) return decision;
    decision.story.sources = stored;
    return decideStory(lookup, c, item);
  }

  /** A story's new sources: its alerts not sent yet go out with them, the sent ones get an edit. */
  private async setSources(client: pg.PoolClient, storyId: number, sources: string[]): Promise<void> {
    const k = this.recent.get(storyId);
    if (k) {
      if (!this.changed.has(storyId)) this.changed.set(storyId, k.sources);
      k.sources = sources;
    }
    await rewriteSources(client, storyId, sources);
  }

  async recordNotModified(feedId: string, at: number, nextPollAt: number | null, fetchUrl?: string): Promise<void> {
    const { rows } = await this.pool.query<FeedRow>(
      `UPDATE feeds SET last_poll_at = $2, last_success_at = $2, consecutive_failures = 0, failing_since = NULL,
        next_poll_at = $3, fetch_url = COALESCE($4, fetch_url), ${END_LEASE('$5')} WHERE id = $1 RETURNING *`,
      [feedId, at, nextPollAt, fetchUrl ?? null, this.holder],
    );
    this.wrote(rows[0]);
  }

  async recordFailure(feedId: string, f: FeedFailure): Promise<FeedState> {
    const { rows } = await this.pool.query<FeedRow>(
      `UPDATE feeds SET last_poll_at = $2, last_error = $3, last_error_kind = $4, last_error_at = $2,
        consecutive_failures = consecutive_failures + 1, failing_since = COALESCE(failing_since, $2), next_poll_at = $5,
        fetch_url = COALESCE($6, fetch_url), ${END_LEASE('$7')} WHERE id = $1 RETURNING *`,
      [feedId, f.at, f.message, f.kind, f.nextPollAt, f.fetchUrl ?? null, this.holder],
    );
    return this.wrote(rows[0]);
  }

  async queueNotice(
    feedId: string,
    channelIds: string[],
    payload: NoticePayload,
    notified: boolean,
    at: number,
  ): Promise<void> {
    const row = await inTransaction(this.pool, async (client) => {
      for (const ch of channelIds) {
        await client.query('INSERT INTO outbox (channel_id, story_id, payload, created_at) VALUES ($1, NULL, $2, $3)', [
          ch,
          JSON.stringify(payload),
          at,
        ]);
      }
      const { rows } = await client.query<FeedRow>('UPDATE feeds SET failing_notified = $1 WHERE id = $2 RETURNING *', [
        notified ? 1 : 0,
        feedId,
      ]);
      return rows[0];
    });
    if (row) this.remember(row);
  }
}
