// `newswatch state copy --from A --to B`: the whole state from one database to another
// (a SQLite file or a PostgreSQL URL, either way), so that a deployment that outgrows
// SQLite switches without a flood of old items, a lost pending alert or a repeated one:
// feed states (validators, present ids), seen ids, stories, pending and sent outbox rows
// with their ids AND the database's nonce tag (an alert whose send was uncertain is
// reconciled with the same nonce after the move), mention counts, mutes, feedback,
// command registrations, the history of seen items and the keys of queued briefings. Both ends are locked as a running service would lock them; the
// target must be empty; it is written in one transaction.
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

/** What copying needs of a backend: its rows as plain values (JSON columns parsed), and a bulk load. */
export interface CopyEnd {
  exportRows(table: string, json: readonly string[]): Promise<Row[]> | Row[];
  nonceTag(): Promise<string> | string;
  /** Write every table and the nonce tag in one transaction; refuse when the state is not empty. */
  importState(tables: { name: string; json: readonly string[]; rows: Row[] }[], nonceTag: string): Promise<void> | void;
  /** Rows in the tables that make a state (feeds, seen items, stories, outbox). */
  size(): Promise<number> | number;
}

export interface CopyResult {
  rows: Record<string, number>;
}

export async function copyState(from: string, to: string): Promise<CopyResult> {
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
    const tables = [];
    const rows: Record<string, number> = {};
    for (const t of STATE_TABLES) {
      const r = await src.exportRows(t.name, t.json);
      tables.push({ ...t, rows: r });
      rows[t.name] = r.length;
    }
    await dst.importState(tables, await src.nonceTag());
    return { rows };
  } finally {
    await target?.close();
    await source.close();
  }
}
