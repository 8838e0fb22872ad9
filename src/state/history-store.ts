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

interface HistoryRow {
  id: number;
  feed_id: string;
  item_id: string;
  title: string;
  link: string | null;
  source: string;
  published_at: number | null;
  seen_at: number;
  body: string;
  silent: number;
  matched: string;
  alerted: string;
}

interface HitRow {
  id: number;
  feed_id: string;
  title: string;
  link: string | null;
  source: string;
  published_at: number | null;
  seen_at: number;
  matched: string;
  snippet: string;
}

/** Words of a query as FTS5 phrases, ANDed; null when there is no word to search for. */
export function ftsQuery(query: string): string | null {
  const phrases: string[] = [];
  // A "quoted phrase" stays one phrase; anything else is split on spaces.
  for (const m of query.matchAll(/"([^"]*)"|(\S+)/gu)) {
    const tokens = (m[1] ?? m[2] ?? '').match(/[\p{L}\p{N}_]+/gu);
    if (tokens) phrases.push(`"${tokens.join(' ')}"`);
  }
  return phrases.length > 0 ? phrases.join(' ') : null;
}

/** How many snippet tokens are shown around the best match. */
const SNIPPET_TOKENS = 20;

/** The history insert, for the poll store's savepoint. */
export class HistoryWriter {
  private readonly insert;

  constructor(db: Db) {
    this.insert = db.prepare(`INSERT INTO history (feed_id, item_id, title, link, source, published_at, seen_at, body, silent, matched, alerted)
      VALUES (@feedId, @itemId, @title, @link, @source, @published, @at, @body, @silent, @matched, @alerted)`);
  }

  /** Record one new item (called once per item newly marked seen, silent or not). */
  record(feedId: string, item: NewItemRecord, at: number, silent: boolean): void {
    const h = item.history;
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
      matched: JSON.stringify(h?.matched ?? []),
      alerted: JSON.stringify(silent ? [] : (h?.alerted ?? [])),
    });
  }
}

export class SqliteHistoryStore implements HistoryReader {
  private readonly q;

  constructor(private readonly db: Db) {
    // bm25 weights: a word in the title counts as much as ten in the body.
    // An entity filter is "watchlist/entity" or an entity id in any watchlist.
    this.q = {
      search: db.prepare<{ match: string; since: number; entity: string | null; limit: number }, HitRow>(`
        SELECT h.id, h.feed_id, h.title, h.link, h.source, h.published_at, h.seen_at, h.matched,
          snippet(history_fts, -1, '${HIT_START}', '${HIT_END}', '…', ${SNIPPET_TOKENS}) AS snippet
        FROM history_fts JOIN history h ON h.id = history_fts.rowid
        WHERE history_fts MATCH @match AND h.seen_at >= @since
          AND (@entity IS NULL OR EXISTS (SELECT 1 FROM json_each(h.matched) j
            WHERE j.value = @entity OR substr(j.value, instr(j.value, '/') + 1) = @entity))
        ORDER BY bm25(history_fts, 10.0, 1.0), h.id DESC
        LIMIT @limit`),
      page: db.prepare<[number, number, number], HistoryRow>(
        'SELECT * FROM history WHERE seen_at >= ? AND id > ? ORDER BY id LIMIT ?',
      ),
      prune: db.prepare('DELETE FROM history WHERE seen_at < ?'),
    };
  }

  async search(query: string, opts: HistorySearchOptions): Promise<HistoryHit[]> {
    const match = ftsQuery(query);
    if (match === null) throw new HistoryQueryError(`search: ${JSON.stringify(query)} has no word to search for`);
    const rows = this.q.search.all({ match, since: opts.since, entity: opts.entity ?? null, limit: opts.limit });
    return rows.map((r) => ({
      id: r.id,
      feedId: r.feed_id,
      title: r.title,
      link: r.link,
      source: r.source,
      published: r.published_at,
      seenAt: r.seen_at,
      snippet: r.snippet,
      matched: JSON.parse(r.matched) as string[],
    }));
  }

  /** Pages in id order (ids grow with time, so oldest first); each page is read in one statement. */
  async *items(since: number, pageSize = 2_000): AsyncIterable<HistoryItem[]> {
    let after = 0;
    for (;;) {
      const rows = this.q.page.all(since, after, pageSize);
      if (rows.length === 0) return;
      after = (rows[rows.length - 1] as HistoryRow).id;
      yield rows.map(toItem);
      if (rows.length < pageSize) return;
    }
  }

  /** Forget items seen before `before` (their index entries go with them). */
  prune(before: number): number {
    return this.q.prune.run(before).changes;
  }
}

function toItem(r: HistoryRow): HistoryItem {
  return {
    id: r.id,
    feedId: r.feed_id,
    itemId: r.item_id,
    title: r.title,
    link: r.link,
    source: r.source,
    published: r.published_at,
    seenAt: r.seen_at,
    text: r.body,
    silent: r.silent === 1,
    matched: JSON.parse(r.matched) as string[],
    alerted: JSON.parse(r.alerted) as string[],
  };
}
