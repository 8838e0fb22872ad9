// Read-only queries for `newswatch status`, /healthz and the status page.
import type { Db } from './db.js';
import type { Awaitable, FeedState } from './interfaces.js';
import { toFeedState, type FeedRow } from './poll-store.js';

export interface RecentAlert {
  storyId: number;
  feedId: string;
  title: string;
  link: string | null;
  sources: string[];
  entities: string[];
  createdAt: number;
  /** Channels it went to, with whether each was delivered. */
  channels: { channelId: string; sent: boolean }[];
}

export interface MentionCount {
  day: string;
  watchlist: string;
  entity: string;
  count: number;
}

/** What the status readers ask a store (SQLite answers at once, PostgreSQL later). */
export interface StatusStore {
  feeds(): Awaitable<FeedState[]>;
  recentAlerts(limit?: number): Awaitable<RecentAlert[]>;
  /** Mentions per watched entity per day, from `sinceDay` (YYYY-MM-DD) on. */
  mentions(sinceDay: string): Awaitable<MentionCount[]>;
  lastPollAt(): Awaitable<number | null>;
}

export class SqliteStatusStore implements StatusStore {
  private readonly q;

  constructor(db: Db) {
    this.q = {
      feeds: db.prepare<[], FeedRow>('SELECT * FROM feeds ORDER BY id'),
      stories: db.prepare<
        [number],
        {
          id: number;
          feed_id: string;
          title: string;
          link: string | null;
          sources: string;
          entities: string;
          created_at: number;
        }
      >('SELECT id, feed_id, title, link, sources, entities, created_at FROM stories ORDER BY id DESC LIMIT ?'),
      storyChannels: db.prepare<[number], { channel_id: string; status: string }>(
        'SELECT channel_id, status FROM outbox WHERE story_id = ? ORDER BY id',
      ),
      mentions: db.prepare<[string], MentionCount>(
        'SELECT day, watchlist, entity, count FROM mentions WHERE day >= ? ORDER BY day, watchlist, entity',
      ),
      lastPoll: db.prepare<[], { at: number | null }>('SELECT MAX(last_poll_at) AS at FROM feeds'),
    };
  }

  feeds(): FeedState[] {
    return this.q.feeds.all().map(toFeedState);
  }

  recentAlerts(limit = 50): RecentAlert[] {
    return this.q.stories.all(limit).map((s) => ({
      storyId: s.id,
      feedId: s.feed_id,
      title: s.title,
      link: s.link,
      sources: JSON.parse(s.sources) as string[],
      entities: JSON.parse(s.entities) as string[],
      createdAt: s.created_at,
      channels: this.q.storyChannels.all(s.id).map((c) => ({ channelId: c.channel_id, sent: c.status === 'sent' })),
    }));
  }

  /** Mentions per watched entity per day, from `sinceDay` (YYYY-MM-DD) on. */
  mentions(sinceDay: string): MentionCount[] {
    return this.q.mentions.all(sinceDay);
  }

  lastPollAt(): number | null {
    return this.q.lastPoll.get()?.at ?? null;
  }
}
