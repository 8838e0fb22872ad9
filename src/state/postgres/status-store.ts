// Read-only queries for `newswatch status`, /healthz and the status page (PostgreSQL).
import type pg from 'pg';
import type { FeedState } from '../interfaces.js';
import { toFeedState, type FeedRow } from '../poll-store.js';
import type { MentionCount, RecentAlert, StatusStore } from '../status-store.js';

export class PgStatusStore implements StatusStore {
  constructor(private readonly pool: pg.Pool) {}

  async feeds(): Promise<FeedState[]> {
    const { rows } = await this.pool.query<FeedRow>('SELECT * FROM feeds ORDER BY id COLLATE "C"');
    return rows.map(toFeedState);
  }

  async recentAlerts(limit = 50): Promise<RecentAlert[]> {
    const { rows } = await this.pool.query<{
      id: number;
      feed_id: string;
      title: string;
      link: string | null;
      sources: string[];
      entities: string[];
      created_at: number;
      channels: { channelId: string; sent: boolean }[] | null;
    }>(
      `SELECT s.id, s.feed_id, s.title, s.link, s.sources, s.entities, s.created_at,
          (SELECT json_agg(json_build_object('channelId', o.channel_id, 'sent', o.status = 'sent') ORDER BY o.id)
            FROM outbox o WHERE o.story_id = s.id) AS channels
        FROM stories s ORDER BY s.id DESC LIMIT $1`,
      [limit],
    );
    return rows.map((s) => ({
      storyId: s.id,
      feedId: s.feed_id,
      title: s.title,
      link: s.link,
      sources: s.sources,
      entities: s.entities,
      createdAt: s.created_at,
      channels: s.channels ?? [],
    }));
  }

  async mentions(sinceDay: string): Promise<MentionCount[]> {
    const { rows } = await this.pool.query<MentionCount>(
      'SELECT day, watchlist, entity, count FROM mentions WHERE day >= $1 ORDER BY day, watchlist COLLATE "C", entity COLLATE "C"',
      [sinceDay],
    );
    return rows;
  }

  async lastPollAt(): Promise<number | null> {
    const { rows } = await this.pool.query<{ at: number | null }>('SELECT MAX(last_poll_at) AS at FROM feeds');
    return rows[0]?.at ?? null;
  }
}
