// SQLite side of a poll: feed state, seen items, stories and the outbox rows a poll creates.
// Which items are the same story is decided by src/stories/ (this store answers its lookups).
//
// Invariant (the delivery guarantee starts here): a new item is marked seen, its story
// recorded and its outbox rows created atomically (one savepoint of a group commit),
// together with the feed's new validators (ETag/Last-Modified). A crash before the commit
// leaves nothing: the next poll fetches the same body and finds the same items new. A
// crash after it leaves pending rows that the sender delivers. No path marks an item seen
// without its alerts.
import { entityKey, type EntityRef } from '../core/entity-key.js';
import type { AlertPayload, NoticePayload } from '../core/types.js';
import { decideStory, withSources } from '../stories/index.js';
import type { Db } from './db.js';
import { HistoryWriter } from './history-store.js';
import { StoryIndex } from './story-index.js';
import type {
  CommitResult,
  FeedFailure,
  FeedState,
  KnownStory,
  NewItemRecord,
  PollCommit,
  PollStore,
  StoryLookup,
} from './interfaces.js';

export interface FeedRow {
  id: string;
  url: string;
  fetch_url: string | null;
  title: string | null;
  etag: string | null;
  last_modified: string | null;
  initialized: number;
  last_poll_at: number | null;
  last_success_at: number | null;
  last_error: string | null;
  last_error_kind: string | null;
  last_error_at: number | null;
  consecutive_failures: number;
  failing_since: number | null;
  failing_notified: number;
  next_poll_at: number | null;
  items_seen: number;
}

interface StoryRow {
  id: number;
  feed_id: string;
  sources: string;
}

function known(r: StoryRow | undefined): KnownStory | undefined {
  return r && { id: r.id, feedId: r.feed_id, sources: JSON.parse(r.sources) as string[] };
}

export function toFeedState(r: FeedRow): FeedState {
  return {
    feedId: r.id,
    url: r.url,
    fetchUrl: r.fetch_url,
    title: r.title,
    etag: r.etag,
    lastModified: r.last_modified,
    initialized: r.initialized === 1,
    lastPollAt: r.last_poll_at,
    lastSuccessAt: r.last_success_at,
    lastError: r.last_error,
    lastErrorKind: r.last_error_kind,
    lastErrorAt: r.last_error_at,
    consecutiveFailures: r.consecutive_failures,
    failingSince: r.failing_since,
    failingNotified: r.failing_notified === 1,
    nextPollAt: r.next_poll_at,
    itemsSeen: r.items_seen,
  };
}

export class SqlitePollStore implements PollStore {
  private readonly q;
  /** Every new item goes to the history too, in the same savepoint. */
  private readonly history: HistoryWriter;
  private stories: StoryIndex | null = null;
  private prunedAt = 0;
  /**
   * Feed states as last written. This store is the only writer of the feeds table, and
   * every write returns the row it wrote (RETURNING), so the cache is never stale and a
   * poll does not need a SELECT to learn its feed's validators.
   */
  private readonly feeds = new Map<string, FeedState>();
  /** Stories indexed by the savepoint in progress: taken out again if it rolls back. */
  private added: number[] = [];
  /** Polls waiting for the next group commit (see flush). */
  private queued: { commit: PollCommit; resolve: (r: CommitResult) => void; reject: (err: unknown) => void }[] = [];

  constructor(private readonly db: Db) {
    this.history = new HistoryWriter(db);
    this.q = {
      feed: db.prepare<[string], FeedRow>('SELECT * FROM feeds WHERE id = ?'),
      insertFeed: db.prepare('INSERT INTO feeds (id, url) VALUES (?, ?)'),
      // A changed URL may be a different feed: forget its validators and record its
      // first poll silently again, so switching a URL never floods a channel.
      resetFeed: db.prepare(
        'UPDATE feeds SET url = ?, fetch_url = NULL, etag = NULL, last_modified = NULL, initialized = 0 WHERE id = ?',
      ),
      seen: db.prepare<[string, string], { item_id: string }>(
        'SELECT item_id FROM seen_items WHERE feed_id = ? AND item_id IN (SELECT value FROM json_each(?))',
      ),
      markSeen: db.prepare('INSERT OR IGNORE INTO seen_items (feed_id, item_id, first_seen_at) VALUES (?, ?, ?)'),
      success:
        db.prepare(`UPDATE feeds SET etag = @etag, last_modified = @lastModified, title = COALESCE(@title, title),
        fetch_url = COALESCE(@fetchUrl, fetch_url), initialized = 1, last_poll_at = @at, last_success_at = @at,
        consecutive_failures = 0, failing_since = NULL, next_poll_at = @nextPollAt,
        items_seen = items_seen + @added, present_ids = @presentIds WHERE id = @feedId RETURNING *`),
      notModified: db.prepare(`UPDATE feeds SET last_poll_at = @at, last_success_at = @at, consecutive_failures = 0,
        failing_since = NULL, next_poll_at = @nextPollAt, fetch_url = COALESCE(@fetchUrl, fetch_url) WHERE id = @feedId RETURNING *`),
      failure:
        db.prepare(`UPDATE feeds SET last_poll_at = @at, last_error = @message, last_error_kind = @kind, last_error_at = @at,
        consecutive_failures = consecutive_failures + 1, failing_since = COALESCE(failing_since, @at), next_poll_at = @nextPollAt,
        fetch_url = COALESCE(@fetchUrl, fetch_url) WHERE id = @feedId RETURNING *`),
      setNotified: db.prepare('UPDATE feeds SET failing_notified = ? WHERE id = ? RETURNING *'),
      storyByLink: db.prepare<[string], StoryRow>(
        'SELECT id, feed_id, sources FROM stories WHERE canonical_link = ? ORDER BY id LIMIT 1',
      ),
      storyById: db.prepare<[number], StoryRow>('SELECT id, feed_id, sources FROM stories WHERE id = ?'),
      recentKeys: db.prepare<[number], { id: number; title_key: string; created_at: number }>(
        'SELECT id, title_key, created_at FROM stories WHERE created_at >= ? ORDER BY id',
      ),
      insertStory:
        db.prepare(`INSERT INTO stories (feed_id, item_id, canonical_link, title, title_key, link, sources, entities, created_at)
        VALUES (@feedId, @itemId, @canonicalLink, @title, @titleKey, @link, @sources, @entities, @at)`),
      setSources: db.prepare('UPDATE stories SET sources = ? WHERE id = ?'),
      storyRows: db.prepare<[number], { id: number; payload: string; status: string }>(
        'SELECT id, payload, status FROM outbox WHERE story_id = ?',
      ),
      // A message sent without an id (a Slack incoming webhook) cannot be edited: never flagged.
      updateRow: db.prepare(
        'UPDATE outbox SET payload = ?, edit_pending = edit_pending OR (? AND message_id IS NOT NULL) WHERE id = ?',
      ),
      enqueue: db.prepare('INSERT INTO outbox (channel_id, story_id, payload, created_at) VALUES (?, ?, ?, ?)'),
      mention: db.prepare(`INSERT INTO mentions (day, watchlist, entity, count) VALUES (?, ?, ?, ?)
        ON CONFLICT (day, watchlist, entity) DO UPDATE SET count = count + excluded.count`),
    };
  }

  ensureFeed(feedId: string, url: string): FeedState {
    const cached = this.feeds.get(feedId);
    if (cached && cached.url === url) return cached;
    let row = this.q.feed.get(feedId);
    if (!row) {
      this.q.insertFeed.run(feedId, url);
      row = this.q.feed.get(feedId) as FeedRow;
    } else if (row.url !== url) {
      this.q.resetFeed.run(url, feedId);
      row = this.q.feed.get(feedId) as FeedRow;
    }
    return this.remember(row);
  }

  /** The feed's state, or undefined before its first poll. Never creates a row. */
  feedState(feedId: string): FeedState | undefined {
    const cached = this.feeds.get(feedId);
    if (cached) return cached;
    const row = this.q.feed.get(feedId);
    return row ? this.remember(row) : undefined;
  }

  private remember(row: FeedRow | undefined): FeedState {
    if (!row) throw new Error('feed row vanished from the state database');
    const state = toFeedState(row);
    this.feeds.set(state.feedId, state);
    return state;
  }

  unseen(feedId: string, ids: string[]): Set<string> {
    const out = new Set(ids);
    for (const r of this.q.seen.all(feedId, JSON.stringify(ids))) out.delete(r.item_id);
    return out;
  }

  commitPoll(c: PollCommit): Promise<CommitResult> {
    return new Promise((resolve, reject) => {
      if (this.queued.push({ commit: c, resolve, reject }) === 1) setImmediate(() => this.flush());
    });
  }

  /**
   * Commit every queued poll in one transaction, each in a savepoint of its own. Polls
   * that finish together then cost one WAL write and one COMMIT, not one each: the same
   * tail pages of the stories and outbox tables are written once for all of them.
   */
  private flush(): void {
    const batch = this.queued;
    this.queued = [];
    const done: { commit: PollCommit; settle: () => void; row?: FeedRow }[] = [];
    const indexed: number[] = [];
    try {
      this.db.transaction(() => {
        for (const { commit, resolve, reject } of batch) {
          this.added = [];
          try {
            const { result, row } = this.commitOne(commit);
            indexed.push(...this.added);
            done.push({ commit, row, settle: () => resolve(result) });
          } catch (err) {
            // Its savepoint is rolled back: so are its stories in the title index.
            for (const id of this.added) this.stories?.remove(id);
            this.feeds.delete(commit.feedId);
            done.push({ commit, settle: () => reject(err) });
            // SQLite rolled the whole transaction back (SQLITE_FULL, an I/O error): the batch is
            // over, and the next poll's writes must not go on outside it. Every poll gets `err`.
            if (!this.db.inTransaction) throw err;
          }
        }
      })();
    } catch (err) {
      // The COMMIT itself failed: nothing of the batch is stored.
      for (const id of indexed) this.stories?.remove(id);
      for (const { commit, reject } of batch) {
        this.feeds.delete(commit.feedId);
        reject(err);
      }
      return;
    }
    for (const d of done) {
      if (d.row) this.remember(d.row);
      d.settle();
    }
  }

  /** One poll's writes, in a savepoint of the batch's transaction. */
  private commitOne(c: PollCommit): { result: CommitResult; row: FeedRow } {
    let updated: FeedRow | undefined;
    const result = this.db.transaction((): CommitResult => {
      const result: CommitResult = { queued: 0, duplicates: 0 };
      const mentions = new Map<string, EntityRef & { count: number }>(); // items naming each entity
      let added = 0;
      const recorded: NewItemRecord[] = [];
      for (const item of c.newItems) {
        // Re-checked inside the transaction: the item may have been recorded since `unseen`.
        if (this.q.markSeen.run(c.feedId, item.id, c.at).changes === 0) continue;
        added++;
        recorded.push(item);
        if (c.silent) continue;
        for (const m of item.mentions) {
          const seen = mentions.get(entityKey(m));
          if (seen) seen.count++;
          else mentions.set(entityKey(m), { watchlist: m.watchlist, entity: m.entity, count: 1 });
        }
        if (item.alerts.length === 0) continue;
        const r = this.recordStory(c, item);
        result.queued += r.queued;
        result.duplicates += r.duplicate ? 1 : 0;
      }
      for (const item of recorded) this.history.record(c.feedId, item, c.at, c.silent);
      const day = new Date(c.at).toISOString().slice(0, 10);
      for (const m of mentions.values()) this.q.mention.run(day, m.watchlist, m.entity, m.count);
      updated = this.q.success.get({
        feedId: c.feedId,
        at: c.at,
        etag: c.etag,
        lastModified: c.lastModified,
        title: c.title,
        fetchUrl: c.fetchUrl ?? null,
        nextPollAt: c.nextPollAt,
        added,
        presentIds: JSON.stringify(c.presentIds),
      }) as FeedRow | undefined;
      if (!updated) throw new Error(`feed ${c.feedId} has no row in the state database`);
      return result;
    })();
    return { result, row: updated as FeedRow };
  }

  /** A new matched item: a new story (outbox rows per channel) or another source of a known one (see src/stories/). */
  private recordStory(c: PollCommit, item: NewItemRecord): { queued: number; duplicate: boolean } {
    const decision = decideStory(this.lookup, c, item);
    if (decision.kind === 'same') {
      if (decision.sources) this.setSources(decision.story.id, decision.sources);
      return { queued: 0, duplicate: true };
    }
    const storyId = Number(
      this.q.insertStory.run({
        feedId: c.feedId,
        itemId: item.id,
        canonicalLink: item.canonicalLink,
        title: item.title,
        titleKey: decision.titleKey,
        link: item.link,
        sources: JSON.stringify(decision.sources),
        entities: JSON.stringify(decision.entities),
        at: c.at,
      }).lastInsertRowid,
    );
    this.stories?.add(storyId, decision.titleKey, c.at);
    this.added.push(storyId);
    for (const a of item.alerts) this.q.enqueue.run(a.channelId, storyId, JSON.stringify(a.payload), c.at);
    return { queued: item.alerts.length, duplicate: false };
  }

  /** The lookups of the same-story rule, inside the poll's savepoint. */
  private readonly lookup: StoryLookup = {
    byLink: (link) => known(this.q.storyByLink.get(link)),
    byTitle: (key, since, similarity) => {
      const id = this.index(since).find(key, since, similarity);
      return id === undefined ? undefined : known(this.q.storyById.get(id));
    },
  };

  /** The title index, built from the database on first use and pruned to the window as it goes. */
  private index(since: number): StoryIndex {
    if (!this.stories) {
      this.stories = new StoryIndex();
      for (const r of this.q.recentKeys.all(since)) this.stories.add(r.id, r.title_key, r.created_at);
    } else if (since - this.prunedAt > 3_600_000) {
      this.stories.prune(since);
      this.prunedAt = since;
    }
    return this.stories;
  }

  /** A story's new sources: its alerts not sent yet go out with them, the sent ones get an edit. */
  private setSources(storyId: number, sources: string[]): void {
    this.q.setSources.run(JSON.stringify(sources), storyId);
    for (const row of this.q.storyRows.all(storyId)) {
      const payload = withSources(JSON.parse(row.payload) as AlertPayload, sources);
      this.q.updateRow.run(JSON.stringify(payload), row.status === 'sent' ? 1 : 0, row.id);
    }
  }

  recordNotModified(feedId: string, at: number, nextPollAt: number | null, fetchUrl?: string): void {
    this.remember(
      this.q.notModified.get({ feedId, at, nextPollAt, fetchUrl: fetchUrl ?? null }) as FeedRow | undefined,
    );
  }

  recordFailure(feedId: string, f: FeedFailure): FeedState {
    return this.remember(
      this.q.failure.get({
        feedId,
        at: f.at,
        kind: f.kind,
        message: f.message,
        nextPollAt: f.nextPollAt,
        fetchUrl: f.fetchUrl ?? null,
      }) as FeedRow | undefined,
    );
  }

  queueNotice(feedId: string, channelIds: string[], payload: NoticePayload, notified: boolean, at: number): void {
    const row = this.db.transaction(() => {
      for (const ch of channelIds) this.q.enqueue.run(ch, null, JSON.stringify(payload), at);
      return this.q.setNotified.get(notified ? 1 : 0, feedId) as FeedRow | undefined;
    })();
    if (row) this.remember(row);
  }
}
