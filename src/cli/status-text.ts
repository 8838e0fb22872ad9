// The text form of `newswatch status`: a table of feeds, notes on moved and failing
// feeds, and a table of channels. Times are UTC, ISO 8601 to the second.
import type { FeedHealth } from '../observe/health.js';
import type { OutboxCounts } from '../state/interfaces.js';

const ERROR_WIDTH = 70;

export function statusText(feeds: FeedHealth[], channels: OutboxCounts[]): string {
  const rows = feeds.map((f) => [
    f.id,
    f.state,
    time(f.lastSuccessAt),
    lastError(f),
    time(f.nextPollAt),
    String(f.itemsSeen),
  ]);
  const out = [table(['feed', 'state', 'last success', 'last error', 'next poll', 'items'], rows)];
  const notes = feeds.flatMap(notesOf);
  if (notes.length) out.push(notes.join('\n'));
  out.push(
    channels.length === 0
      ? 'no alerts or notices queued yet'
      : table(
          ['channel', 'pending', 'failing', 'sent', 'oldest pending'],
          channels.map((c) => [
            c.channelId,
            String(c.pending),
            String(c.failing),
            String(c.sent),
            time(c.oldestPendingAt),
          ]),
        ),
  );
  return `${out.join('\n\n')}\n`;
}

function time(ms: number | null): string {
  return ms ? `${new Date(ms).toISOString().slice(0, 19)}Z` : '—';
}

/**
 * The last error for the table: kind and reason. The `[GET] "url": ` prefix of a fetch
 * error is dropped (the URL is the feed's, and it would push the reason out of the cell).
 */
function lastError(f: FeedHealth): string {
  if (!f.lastError) return '—';
  const text = `${f.lastErrorKind}: ${f.lastError.replace(/^\[GET\] "[^"]*": /, '')}`.replace(/\s+/g, ' ');
  return text.length > ERROR_WIDTH ? `${text.slice(0, ERROR_WIDTH - 1)}…` : text;
}

/** What the table cannot show: where a feed moved, and since when it fails. */
function notesOf(f: FeedHealth): string[] {
  const notes: string[] = [];
  if (f.fetchUrl && f.fetchUrl !== f.url)
    notes.push(`${f.id}: fetched from ${f.fetchUrl} (moved or discovered; put that URL in the config)`);
  if (f.failingSince !== null && f.consecutiveFailures > 0) {
    notes.push(
      `${f.id}: failing since ${time(f.failingSince)} (${f.consecutiveFailures} attempt${f.consecutiveFailures > 1 ? 's' : ''})`,
    );
  }
  return notes;
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
