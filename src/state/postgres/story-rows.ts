// The statements that write stories and their outbox rows on PostgreSQL, for
// ./poll-store.ts (which decides what is a new story: src/stories/).
import type pg from 'pg';
import type { AlertPayload } from '../../core/types.js';
import { withSources } from '../../stories/index.js';
import type { NewItemRecord, PollCommit } from '../interfaces.js';

/** A poll's new story, as decided: its item, title key, sources and entities. */
export interface NewStory {
  item: NewItemRecord;
  titleKey: string;
  known: { sources: string[] };
  entities: string[];
}

/**
 * A poll's new stories and their outbox rows in one statement (one round trip, whatever
 * their number): story ids in item order, outbox rows in item then channel order.
 * Returns each story's id by item id, and the number of outbox rows.
 */
export async function insertStories(
  client: pg.PoolClient,
  c: PollCommit,
  created: readonly NewStory[],
): Promise<{ rows: { id: number; item_id: string }[]; queued: number }> {
  const alerts = created.flatMap(({ item }) => item.alerts.map((a) => ({ item: item.id, a })));
  const { rows } = await client.query<{ id: number; item_id: string }>(
    `WITH s AS (
      INSERT INTO stories (feed_id, item_id, canonical_link, title, title_key, link, sources, entities, created_at)
        SELECT $1, item, cl, title, tk, link, src, ent, $2
          FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[], $9::jsonb[])
            WITH ORDINALITY AS t(item, cl, title, tk, link, src, ent, n) ORDER BY n
        RETURNING id, item_id),
    o AS (
      INSERT INTO outbox (channel_id, story_id, payload, created_at)
        SELECT ch, s.id, p, $2 FROM unnest($10::text[], $11::text[], $12::jsonb[]) WITH ORDINALITY AS a(item, ch, p, n)
          JOIN s ON s.item_id = a.item ORDER BY a.n)
    SELECT id, item_id FROM s`,
    [
      c.feedId,
      c.at,
      created.map((x) => x.item.id),
      created.map((x) => x.item.canonicalLink),
      created.map((x) => x.item.title),
      created.map((x) => x.titleKey),
      created.map((x) => x.item.link),
      created.map((x) => JSON.stringify(x.known.sources)),
      created.map((x) => JSON.stringify(x.entities)),
      alerts.map((x) => x.item),
      alerts.map((x) => x.a.channelId),
      alerts.map((x) => JSON.stringify(x.a.payload)),
    ],
  );
  return { rows, queued: alerts.length };
}

/** A story's new sources, and its alerts rewritten with them (a sent one is flagged for an edit). */
export async function rewriteSources(client: pg.PoolClient, storyId: number, sources: string[]): Promise<void> {
  await client.query('UPDATE stories SET sources = $1 WHERE id = $2', [JSON.stringify(sources), storyId]);
  const { rows } = await client.query<{ id: number; payload: AlertPayload; status: string }>(
    'SELECT id, payload, status FROM outbox WHERE story_id = $1 ORDER BY id',
    [storyId],
  );
  for (const row of rows) {
    // A message sent without an id (a Slack incoming webhook) cannot be edited: never flagged.
    await client.query(
      `UPDATE outbox SET payload = $1,
        edit_pending = CASE WHEN $2 AND message_id IS NOT NULL THEN 1 ELSE edit_pending END WHERE id = $3`,
      [JSON.stringify(withSources(row.payload, sources)), row.status === 'sent', row.id],
    );
  }
}
