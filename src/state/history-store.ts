// SQLite side of the history: every seen item (title, link, source, publication time, the
// first HISTORY_TEXT_CHARS of its visible text, the entities it matched and alerted for),
// written inside the poll's savepoint by SqlitePollStore, full-text indexed by FTS5 (the
// history_fts table, kept in step by triggers: see db.ts), pruned with retention.
//
// Search queries are never passed to FTS5 as written: each word becomes a quoted phrase of
// its tokens ("al-Qaeda" → "al qaeda"), so no input is an FTS5 syntax error or operator.
import type { Db } from './db.js';
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
} from './interfaces.js';
import { historyHitFromRow, historyItemFromRow, jsonList, type HistoryRow, type HitRow } from './history-rows.js';

type HitRowSqlite = HitRow<string> & { snippet: string };

/** The words of a query, each a phrase of its tokens ("al-Qaeda" → "al Qaeda"); a "quoted phrase" stays one. */
export function queryPhrases(query: string): string[] {
  const phrases: string[] = [];
  for (const m of query.matchAll(/"([^"]*)"|(\S+)/gu)) {
    const tokens = (m[1] ?? m[2] ?? '').match(/[\p{L}\p{M}\p{N}_]+/gu);
    if (tokens) phrases.push(tokens.join(' '));
  }
  return phrases;
}

/** Words of a query as FTS5 phrases, ANDed, searched in the title and text; null when there is no word to search for. */
export function ftsQuery(query: string): string | null {
  const phrases = queryPhrases(query).map((p) => `"${p}"`);
  return phrases.length > 0 ? `{title body} : (${phrases.join(' AND ')})` : null;
}

/** The index tokens of a matched entity: one for "watchlist/entity", one for the entity id alone (hex: no word can equal them). */
export function entityTokens(path: string): string[] {
  const id = path.slice(path.indexOf('/') + 1);
  return [`p${Buffer.from(path).toString('hex')}`, `i${Buffer.from(id).toString('hex')}`];
}

/** The token --entity looks for: "watchlist/entity", or an entity id in any watchlist. */
export function entityFilterToken(entity: string): string {
  return `${entity.includes('/') ? 'p' : 'i'}${Buffer.from(entity).toString('hex')}`;
}

/** The index filter for --entity. */
function entityMatch(entity: string): string {
  return `entity_tokens : ${entityFilterToken(entity)}`;
}

/** How many snippet tokens are shown around the best match. */
const SNIPPET_TOKENS = 20;
/**
 * Ranking every item that holds a common word would take too long (bm25 is computed per
 * candidate): a query ranks the newest RANKED candidates (all of them when there are fewer,
 * as for any specific query), so results are the best of the recent ones.
 */
export const RANKED = 5_000;

/** The history insert, for the poll store's savepoint. */
export class HistoryWriter {
  private readonly insert;

  constructor(db: Db) {
    this.insert =
      db.prepare(`INSERT INTO history (feed_id, item_id, title, link, source, published_at, seen_at, body, silent, matched, alerted,
      entity_tokens) VALUES (@feedId, @itemId, @title, @link, @source, @published, @at, @body, @silent, @matched, @alerted, @tokens)`);
  }

  /** Record one new item (called once per item newly marked seen, silent or not). */
  record(feedId: string, item: NewItemRecord, at: number, silent: boolean): void {
    const h = item.history;
    const matched = h?.matched ?? [];
    this.insert.run({
      feedId,
      itemId: item.id,
      title: item.title,
      link: item.link,
      source: item.source,
      published: h?.published ?? null,
      at,
      body: (h?.text ?? '').slice(0, HISTORY_TEXT_CHARS),
      silent: silent ? 1 : 0,
      matched: JSON.stringify(matched),
      alerted: JSON.stringify(silent ? [] : (h?.alerted ?? [])),
      tokens: [...new Set(matched.flatMap(entityTokens))].join(' '),
    });
  }
}

export class SqliteHistoryStore implements HistoryReader {
  private readonly q;

  constructor(private readonly db: Db) {
    // bm25 weights: a word in the title counts as much as ten in the body. Item ids grow
    // with the time they were seen, so "seen since" is a rowid bound FTS5 applies itself.
    this.q = {
      // The first item seen at or after the time: one seek in history_seen (MIN(id) would scan the range).
      from: db.prepare<[number], { id: number }>(
        'SELECT id FROM history WHERE seen_at >= ? ORDER BY seen_at, id LIMIT 1',
      ),
      // The newest RANKED candidates, then the best of them.
      ranked: db.prepare<{ match: string; from: number; ranked: number; limit: number }, { id: number }>(`
        SELECT id FROM (SELECT rowid AS id, bm25(history_fts, 10.0, 1.0, 0.0) AS score FROM history_fts
          WHERE history_fts MATCH @match AND rowid >= @from ORDER BY rowid DESC LIMIT @ranked)
        ORDER BY score, id DESC LIMIT @limit`),
      // The snippet in a subquery of its own: in a join with history, FTS5 gave every hit the
      // snippet of the first matching row (the join's rowid constraint never reached its cursor).
      hit: db.prepare<{ match: string; id: number }, HitRowSqlite>(`
        SELECT h.id, h.feed_id, h.title, h.link, h.source, h.published_at, h.seen_at, h.matched,
          (SELECT snippet(history_fts, -1, '${HIT_START}', '${HIT_END}', '…', ${SNIPPET_TOKENS}) FROM history_fts
            WHERE history_fts MATCH @match AND history_fts.rowid = h.id) AS snippet
        FROM history h WHERE h.id = @id`),
      page: db.prepare<[number, number, number], HistoryRow<string>>(
        'SELECT * FROM history WHERE seen_at >= ? AND id > ? ORDER BY id LIMIT ?',
      ),
      prune: db.prepare('DELETE FROM history WHERE seen_at < ?'),
    };
  }

  async search(query: string, opts: HistorySearchOptions): Promise<HistoryHit[]> {
    const words = ftsQuery(query);
    if (words === null) throw new HistoryQueryError(`search: ${JSON.stringify(query)} has no word to search for`);
    const from = this.q.from.get(opts.since)?.id;
    if (from === undefined) return [];
    const match = opts.entity ? `${words} AND ${entityMatch(opts.entity)}` : words;
    const ids = this.q.ranked.all({ match, from, ranked: RANKED, limit: opts.limit });
    // The snippet is taken from the words alone (never the entity tokens).
    return ids
      .map(({ id }) => this.q.hit.get({ match: words, id }))
      .filter((r): r is HitRowSqlite => r !== undefined)
      .map((r) => historyHitFromRow(r, r.snippet, jsonList));
  }

  /** Pages in id order (ids grow with time, so oldest first); each page is read in one statement. */
  async *items(since: number, pageSize = 2_000): AsyncIterable<HistoryItem[]> {
    let after = 0;
    for (;;) {
      const rows = this.q.page.all(since, after, pageSize);
      if (rows.length === 0) return;
      after = (rows[rows.length - 1] as HistoryRow<string>).id;
      yield rows.map((r) => historyItemFromRow(r, jsonList));
      if (rows.length < pageSize) return;
    }
  }

  /** Forget items seen before `before` (their index entries go with them). */
  prune(before: number): number {
    return this.q.prune.run(before).changes;
  }
}
