// `newswatch state copy --from A --to B`: the whole state from one database to another
// (a SQLite file or a PostgreSQL URL, either way), so that a deployment that outgrows
// SQLite switches without a flood of old items, a lost pending alert or a repeated one:
// feed states (validators, present ids), seen ids, stories, pending and sent outbox rows
// with their ids AND the database's nonce tag (an alert whose send was uncertain is
// reconciled with the same nonce after the move), mention counts, mutes, feedback,
// command registrations, the history of seen items and the keys of queued briefings. Both ends are locked as a running service would lock them; the
// target must be empty; it is written in one transaction, read and written page by page
// (COPY_PAGE_ROWS), so a history of millions of items moves in flat memory.
import { openState, type StateBackend } from './backend.js';

/** Each table, and its columns holding JSON (text in SQLite, jsonb in PostgreSQL). */
export const STATE_TABLES: { name: string; json: string[] }[] = [
  { name: 'feeds', json: ['present_ids'] },
  { name: 'seen_items', json: [] },
  { name: 'stories', json: ['sources', 'entities'] },
  { name: 'outbox', json: ['payload'] },
  { name: 'mentions', json: [] },
  { name: 'mutes', json: [] },
  { name: 'feedback', json: [] },
  { name: 'command_registrations', json: [] },
  // The history keeps its ids (backtest pages by them); each side builds its own search index as rows come in.
  { name: 'history', json: ['matched', 'alerted'] },
  { name: 'briefings', json: [] },
];

export type Row = Record<string, unknown>;

/** Rows per page read from the source and written to the target: memory stays flat whatever the history holds. */
export const COPY_PAGE_ROWS = 2_000;

/** What copying needs of a backend: its rows as plain values (JSON columns parsed), page by page, and a bulk load. */
export interface CopyEnd {
  /** The rows of `table` in primary-key order, at most `pageSize` at a time. */
  exportPages(table: string, json: readonly string[], pageSize: number): AsyncIterable<Row[]> | Iterable<Row[]>;
  nonceTag(): Promise<string> | string;
  /** Open the one transaction the whole import is written in. */
  beginImport(): Promise<StateImport> | StateImport;
  /** Rows in the tables that make a state (feeds, seen items, stories, outbox). */
  size(): Promise<number> | number;
}

/** An import in progress: nothing of it is visible until commit(). */
export interface StateImport {
  add(table: string, json: readonly string[], rows: Row[]): Promise<void> | void;
  /** New ids after the copied ones, the nonce tag, then COMMIT. */
  commit(nonceTag: string): Promise<void> | void;
  rollback(): Promise<void> | void;
}

export interface CopyResult {
  rows: Record<string, number>;
}

export async function copyState(from: string, to: string, opts: { pageSize?: number } = {}): Promise<CopyResult> {
  const pageSize = opts.pageSize ?? COPY_PAGE_ROWS;
  const source = await openState(from, { command: 'state copy' });
  let target: StateBackend | undefined;
  try {
    target = await openState(to, { command: 'state copy' });
    const src = source as unknown as StateBackend & CopyEnd;
    const dst = target as unknown as StateBackend & CopyEnd;
    const held = await dst.size();
    if (held > 0) {
      throw new Error(
        `state copy: ${target.file} already holds a state (${held} rows): copy only into a new, empty state`,
      );
    }
    const rows: Record<string, number> = {};
    const load = await dst.beginImport();
    try {
      for (const t of STATE_TABLES) {
        let n = 0;
        for await (const page of src.exportPages(t.name, t.json, pageSize)) {
          await load.add(t.name, t.json, page);
          n += page.length;
        }
        rows[t.name] = n;
      }
      await load.commit(await src.nonceTag());
    } catch (err) {
      await load.rollback();
      throw err;
    }
    return { rows };
  } finally {
    await target?.close();
    await source.close();
  }
}
