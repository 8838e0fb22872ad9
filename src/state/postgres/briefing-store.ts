// PostgreSQL side of the daily briefing (see ../briefing-store.ts for SQLite): what it reads
// from the history, stories and mentions, and its queuing in the outbox once per channel
// and firing (the briefings table's primary key).
import type pg from 'pg';
import type { BriefingPayload } from '../../core/types.js';
import type { BriefingStore, BriefingStory } from '../interfaces.js';

export class PgBriefingStore implements BriefingStore {
  constructor(private readonly pool: pg.Pool) {}

  async entityCounts(since: number, until: number): Promise<Map<string, number>> {
    const { rows } = await this.pool.query<{ key: string; n: number }>(
      `SELECT j.key, COUNT(*) AS n FROM history h, jsonb_array_elements_text(h.matched) AS j(key)
        WHERE h.seen_at >= $1 AND h.seen_at < $2 AND h.silent = 0 GROUP BY j.key`,
      [since, until],
    );
    return new Map(rows.map((r) => [r.key, r.n]));
  }

  async channelStories(channelId: string, since: number, until: number): Promise<BriefingStory[]> {
    // A story is the channel's when one of its outbox rows went to it.
    const { rows } = await this.pool.query<{
      title: string;
      link: string | null;
      sources: string[];
      created_at: number;
    }>(
      `SELECT s.title, s.link, s.sources, s.created_at FROM stories s
        WHERE s.created_at >= $1 AND s.created_at < $2
          AND EXISTS (SELECT 1 FROM outbox o WHERE o.story_id = s.id AND o.channel_id = $3)
        ORDER BY s.created_at, s.id`,
      [since, until, channelId],
    );
    return rows.map((r) => ({ title: r.title, link: r.link, sources: r.sources, createdAt: r.created_at }));
  }

  async mentionTotals(fromDay: string, toDay: string): Promise<Map<string, number>> {
    const { rows } = await this.pool.query<{ watchlist: string; entity: string; n: number }>(
      `SELECT watchlist, entity, SUM(count)::bigint AS n FROM mentions WHERE day >= $1 AND day <= $2
        GROUP BY watchlist, entity`,
      [fromDay, toDay],
    );
    return new Map(rows.map((r) => [`${r.watchlist}/${r.entity}`, r.n]));
  }

  async briefingQueued(channelId: string, firedAt: number): Promise<boolean> {
    const { rows } = await this.pool.query('SELECT 1 FROM briefings WHERE channel_id = $1 AND fired_at = $2', [
      channelId,
      firedAt,
    ]);
    return rows.length > 0;
  }

  /**
   * One statement, so one transaction: the firing's key takes an outbox id first, and the
   * outbox row is written only when the key was new. A second writer of the same key (an
   * evaluation racing this one) waits for this one's commit, then writes nothing.
   */
  async queueBriefing(channelId: string, firedAt: number, payload: BriefingPayload, at: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `WITH k AS (
        INSERT INTO briefings (channel_id, fired_at, outbox_id, queued_at)
          VALUES ($1, $2, nextval(pg_get_serial_sequence('outbox', 'id')), $4)
          ON CONFLICT (channel_id, fired_at) DO NOTHING RETURNING outbox_id)
      INSERT INTO outbox (id, channel_id, story_id, payload, created_at) SELECT outbox_id, $1, NULL, $3, $4 FROM k`,
      [channelId, firedAt, JSON.stringify(payload), at],
    );
    return rowCount === 1;
  }
}
