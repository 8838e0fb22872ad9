// PostgreSQL side of the history (see ../history-store.ts for SQLite): every seen item,
// written by PgPollStore inside the poll's savepoint (one INSERT … unnest per poll),
// searched with PostgreSQL's full-text search (the `search` tsvector of migration 2: title
// weight A, text weight B, 'simple' configuration, accents folded on the way in: ./fold.ts),
// pruned with retention.
//
// Same answers as SQLite: the query is cut into the same phrases (../history-store.ts
// queryPhrases), ANDed; the newest RANKED candidates are ranked (looked for among the
// newest items first: see WINDOWS), the title ten times the text; the snippet is the best-matching field's ts_headline window of 20 words with the
// same markers (HIT_START/HIT_END) and "…" where the field goes on.
import type pg from 'pg';
import { entityFilterToken, entityTokens, queryPhrases, RANKED } from '../history-store.js';
import {
  HISTORY_TEXT_CHARS,
  HIT_END,
  HIT_START,
  HistoryQueryError,
  type HistoryHit,
  type HistoryItem,
  type HistoryReader,
  type HistorySearchOptions,
  type NewItemRecord,
  type PollCommit,
} from '../interfaces.js';
import { fold, foldedOrNull, SEARCH_VECTOR, unfoldHeadline } from './fold.js';
import { asList, historyHitFromRow, historyItemFromRow, type HistoryRow, type HitRow } from '../history-rows.js';

/** ts_headline: one window of 20 words around the best match (FTS5's snippet of 20 tokens), short words kept. */
const HEADLINE = `StartSel=${HIT_START}, StopSel=${HIT_END}, MaxWords=20, MinWords=5, ShortWord=0, MaxFragments=1`;
/** ts_rank weights {D, C, B, A}: a word in the title (A) counts as much as ten in the text (B), as bm25(10, 1) in SQLite. */
const WEIGHTS = '{0.1, 0.1, 0.1, 1.0}';
/**
 * A GIN index returns its matches unordered: finding the newest RANKED of them would visit
 * every item holding the words (183 ms for a common word in 200,000 items). They are looked
 * for among the newest ids first: the newest 4 × RANKED items, then down to the newest 16 ×
 * RANKED, and so on, the last window unbounded.
 */
const WINDOWS = [4 * RANKED, 16 * RANKED, 64 * RANKED, Number.MAX_SAFE_INTEGER];
/** The columns of a history row (not the tsvector, which only the index needs). */
const COLUMNS =
  'id, feed_id, item_id, title, link, source, published_at, seen_at, body, silent, matched, alerted, entity_tokens';

type HitRowPg = HitRow<string[]> & { body: string; title_hl: string; body_hl: string };

/** PostgreSQL text cannot hold NUL: a feed's stray one must not fail the poll (or a copy). */
export const text = (s: string) => (s.includes('\u0000') ? s.replaceAll('\u0000', '') : s);

/** Write the history rows of a poll's new items, in the poll's savepoint: one statement, whatever their number. */
export async function writeHistory(client: pg.ClientBase, c: PollCommit, items: NewItemRecord[]): Promise<void> {
  if (items.length === 0) return;
  const matched = items.map((i) => i.history?.matched ?? []);
  const titles = items.map((i) => text(i.title));
  const bodies = items.map((i) => text((i.history?.text ?? '').slice(0, HISTORY_TEXT_CHARS)));
  await client.query(
    `INSERT INTO history (feed_id, item_id, title, link, source, published_at, seen_at, body, silent, matched, alerted,
      entity_tokens, search)
      SELECT $1, item, title, link, source, published, $2, body, $3, matched, alerted, tokens,
        ${SEARCH_VECTOR('COALESCE(ftitle, title)', 'COALESCE(fbody, body)')}
      FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::text[], $10::jsonb[], $11::jsonb[],
        $12::text[], $13::text[], $14::text[])
        WITH ORDINALITY AS t(item, title, link, source, published, body, matched, alerted, tokens, ftitle, fbody, n)
      ORDER BY n`,
    [
      c.feedId,
      c.at,
      c.silent ? 1 : 0,
      items.map((i) => i.id),
      titles,
      items.map((i) => (i.link === null ? null : text(i.link))),
      items.map((i) => text(i.source)),
      items.map((i) => i.history?.published ?? null),
      bodies,
      matched.map((m) => JSON.stringify(m)),
      items.map((i) => JSON.stringify(c.silent ? [] : (i.history?.alerted ?? []))),
      matched.map((m) => [...new Set(m.flatMap(entityTokens))].join(' ')),
      titles.map(foldedOrNull),
      bodies.map(foldedOrNull),
    ],
  );
}

/** Retention of the history and of the briefings' keys, in the prune's transaction. */
export async function pruneHistory(
  client: pg.ClientBase,
  before: number,
): Promise<{ history: number; briefings: number }> {
  const history = await client.query('DELETE FROM history WHERE seen_at < $1', [before]);
  const briefings = await client.query('DELETE FROM briefings WHERE fired_at < $1', [before]);
  return { history: history.rowCount ?? 0, briefings: briefings.rowCount ?? 0 };
}

/**
 * The snippet of a field: its ts_headline, with "…" where the field goes on before or
 * after it (as FTS5's snippet), and the field's last punctuation when the window reaches it.
 */
export function snippetOf(field: string, headline: string): string {
  const plain = headline.replaceAll(HIT_START, '').replaceAll(HIT_END, '');
  const at = plain === '' ? -1 : field.indexOf(plain);
  if (at < 0) return headline;
  const before = field.slice(0, at);
  const after = field.slice(at + plain.length);
  const word = /[\p{L}\p{N}]/u;
  return (word.test(before) ? '…' : before.trimStart()) + headline + (word.test(after) ? '…' : after.trimEnd());
}

const marks = (s: string) => s.split(HIT_START).length - 1;

export class PgHistoryStore implements HistoryReader {
  constructor(private readonly pool: pg.Pool) {}

  async search(query: string, opts: HistorySearchOptions): Promise<HistoryHit[]> {
    const phrases = queryPhrases(query);
    if (phrases.length === 0) throw new HistoryQueryError(`search: ${JSON.stringify(query)} has no word to search for`);
    // Quoted, each phrase is searched as a phrase and nothing in it is an operator ("or", "-").
    // Folded as the rows' tsvectors were (./fold.ts).
    const words = fold(phrases.map((p) => `"${p}"`).join(' '));
    const { rows: bounds } = await this.pool.query<{ top: number; first: number | null }>(
      `SELECT COALESCE((SELECT MAX(id) FROM history), 0) AS top,
        (SELECT id FROM history WHERE seen_at >= $1 ORDER BY seen_at, id LIMIT 1) AS first`,
      [opts.since],
    );
    const { top, first } = bounds[0] ?? { top: 0, first: null };
    if (first === null) return [];
    // The newest RANKED candidates, window after window of older ids, each id looked at once.
    const candidates: number[] = [];
    let below = Number.MAX_SAFE_INTEGER;
    for (const span of WINDOWS) {
      const floor = Math.max(top - span, 0);
      candidates.push(...(await this.candidates(words, opts, floor, below, RANKED - candidates.length)));
      below = floor + 1;
      if (candidates.length >= RANKED || floor < first) break;
    }
    if (candidates.length === 0) return [];
    const { rows } = await this.pool.query<HitRowPg>(
      `WITH q AS MATERIALIZED (SELECT websearch_to_tsquery('simple', $1) AS q),
        best AS (SELECT h.id, ts_rank($3::float4[], h.search, q.q, 1) AS score FROM history h, q
          WHERE h.id = ANY($2::bigint[]) ORDER BY score DESC, h.id DESC LIMIT $4)
      SELECT h.id, h.feed_id, h.title, h.link, h.source, h.published_at, h.seen_at, h.matched, h.body,
        ts_headline('simple', newswatch_fold(h.title), q.q, $5) AS title_hl,
        ts_headline('simple', newswatch_fold(h.body), q.q, $5) AS body_hl
      FROM best b JOIN history h ON h.id = b.id, q ORDER BY b.score DESC, b.id DESC`,
      [words, candidates, WEIGHTS, opts.limit, HEADLINE],
    );
    // The field with more matched words (the title on a tie), as FTS5 picks its snippet's column.
    // The headlines are of the folded fields: the original letters are put back.
    const snippet = (field: string, hl: string) => snippetOf(field, unfoldHeadline(field, hl, [HIT_START, HIT_END]));
    return rows.map((r) =>
      historyHitFromRow(
        r,
        marks(r.body_hl) > marks(r.title_hl) ? snippet(r.body, r.body_hl) : snippet(r.title, r.title_hl),
        asList,
      ),
    );
  }

  /**
   * The newest `limit` items matching in (floor, below), newest first. The query is
   * MATERIALIZED on purpose: the planner then takes the GIN index and ANDs it with the id
   * range (a bitmap of the window), where an estimate from the words could pick a backward
   * scan of every row, costly for a rare word.
   */
  private async candidates(
    words: string,
    opts: HistorySearchOptions,
    floor: number,
    below: number,
    limit: number,
  ): Promise<number[]> {
    const params: unknown[] = [words, opts.since, floor, below, limit];
    const entity = opts.entity === undefined ? '' : `AND string_to_array(h.entity_tokens, ' ') @> ARRAY[$6::text]`;
    if (opts.entity !== undefined) params.push(entityFilterToken(opts.entity));
    const { rows } = await this.pool.query<{ id: number }>(
      `WITH q AS MATERIALIZED (SELECT websearch_to_tsquery('simple', $1) AS q)
      SELECT h.id FROM history h, q WHERE h.search @@ q.q AND h.seen_at >= $2 AND h.id > $3 AND h.id < $4 ${entity}
        ORDER BY h.id DESC LIMIT $5`,
      params,
    );
    return rows.map((r) => r.id);
  }

  /** Pages in id order (oldest first), each read in one statement. */
  async *items(since: number, pageSize = 2_000): AsyncIterable<HistoryItem[]> {
    let after = 0;
    for (;;) {
      const { rows } = await this.pool.query<HistoryRow<string[]>>(
        `SELECT ${COLUMNS} FROM history WHERE seen_at >= $1 AND id > $2 ORDER BY id LIMIT $3`,
        [since, after, pageSize],
      );
      if (rows.length === 0) return;
      after = (rows[rows.length - 1] as HistoryRow<string[]>).id;
      yield rows.map((r) => historyItemFromRow(r, asList));
      if (rows.length < pageSize) return;
    }
  }
}
