// SQLite side of the daily briefing: the history it is built from (entity counts of the
// history table, stories alerted per channel, mentions per day) and its queuing in the
// outbox, once per channel and firing (the briefings table's primary key).
import type { BriefingPayload } from '../core/types.js';
import type { Db } from './db.js';
import type { BriefingStore, BriefingStory } from './interfaces.js';

export class SqliteBriefingStore implements BriefingStore {
  private readonly q;

  constructor(private readonly db: Db) {
    this.q = {
      counts: db.prepare<[number, number], { key: string; n: number }>(
        `SELECT j.value AS key, COUNT(*) AS n FROM history h, json_each(h.matched) j
          WHERE h.seen_at >= ? AND h.seen_at < ? AND h.silent = 0 GROUP BY j.value`,
      ),
      // A story is the channel's when one of its outbox rows went to it.
      stories: db.prepare<
        [number, number, string],
        { title: string; link: string | null; sources: string; created_at: number }
      >(
        `SELECT s.title, s.link, s.sources, s.created_at FROM stories s
          WHERE s.created_at >= ? AND s.created_at < ? AND EXISTS (SELECT 1 FROM outbox o WHERE o.story_id = s.id AND o.channel_id = ?)
          ORDER BY s.created_at, s.id`,
      ),
      mentions: db.prepare<[string, string], { watchlist: string; entity: string; n: number }>(
        'SELECT watchlist, entity, SUM(count) AS n FROM mentions WHERE day >= ? AND day <= ? GROUP BY watchlist, entity',
      ),
      queued: db.prepare<[string, number], { outbox_id: number }>(
        'SELECT outbox_id FROM briefings WHERE channel_id = ? AND fired_at = ?',
      ),
      enqueue: db.prepare('INSERT INTO outbox (channel_id, story_id, payload, created_at) VALUES (?, NULL, ?, ?)'),
      prune: db.prepare('DELETE FROM briefings WHERE fired_at < ?'),
      key: db.prepare('INSERT INTO briefings (channel_id, fired_at, outbox_id, queued_at) VALUES (?, ?, ?, ?)'),
    };
  }

  async entityCounts(since: number, until: number): Promise<Map<string, number>> {
    return new Map(this.q.counts.all(since, until).map((r) => [r.key, r.n]));
  }

  async channelStories(channelId: string, since: number, until: number): Promise<BriefingStory[]> {
    return this.q.stories.all(since, until, channelId).map((r) => ({
      title: r.title,
      link: r.link,
      sources: JSON.parse(r.sources) as string[],
      createdAt: r.created_at,
    }));
  }

  async mentionTotals(fromDay: string, toDay: string): Promise<Map<string, number>> {
    return new Map(this.q.mentions.all(fromDay, toDay).map((r) => [`${r.watchlist}/${r.entity}`, r.n]));
  }

  /** Forget the keys of firings before `before` (retention; far longer ago than a firing may be late). */
  prune(before: number): number {
    return this.q.prune.run(before).changes;
  }

  async briefingQueued(channelId: string, firedAt: number): Promise<boolean> {
    return this.q.queued.get(channelId, firedAt) !== undefined;
  }

  async queueBriefing(channelId: string, firedAt: number, payload: BriefingPayload, at: number): Promise<boolean> {
    return this.db.transaction((): boolean => {
      if (this.q.queued.get(channelId, firedAt) !== undefined) return false;
      const id = Number(this.q.enqueue.run(channelId, JSON.stringify(payload), at).lastInsertRowid);
      this.q.key.run(channelId, firedAt, id, at);
      return true;
    })();
  }
}
