// `newswatch status`: every feed's state and every channel's outbox, from the state file.
import { existsSync } from 'node:fs';
import { ConfigError, formatIssue } from '../config/errors.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { feedHealth } from '../observe/health.js';
import { Store } from '../state/store.js';
import type { Io } from './main.js';

export async function statusCommand(path: string, json: boolean, io: Io): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(path, io.env).config;
  } catch (err) {
    io.stderr.write(err instanceof ConfigError ? `${err.issues.map(formatIssue).join('\n')}\n` : `${(err as Error).message}\n`);
    return 2;
  }
  if (!existsSync(config.state)) {
    io.stdout.write(`no state yet at ${config.state}: the service has not run with this config\n`);
    return 0;
  }
  const store = Store.open(config.state);
  try {
    const now = Date.now();
    const states = new Map(store.status.feeds().map((f) => [f.feedId, f]));
    const feeds = config.feeds.map((f) => feedHealth(f, states.get(f.id), config, now));
    const channels = store.outbox.counts();
    if (json) {
      io.stdout.write(`${JSON.stringify({ feeds, channels })}\n`);
      return 0;
    }
    const t = (ms: number | null) => (ms ? new Date(ms).toISOString().replace('.000Z', 'Z') : '—');
    const rows = feeds.map((f) => [f.id, f.state, t(f.lastSuccessAt), f.lastError ? `${f.lastErrorKind}: ${f.lastError}`.slice(0, 70) : '—', t(f.nextPollAt), String(f.itemsSeen)]);
    io.stdout.write(table(['feed', 'state', 'last success', 'last error', 'next poll', 'items'], rows));
    io.stdout.write('\n');
    io.stdout.write(table(['channel', 'pending', 'failing', 'sent', 'oldest pending'], channels.map((c) => [c.channelId, String(c.pending), String(c.failing), String(c.sent), t(c.oldestPendingAt)])));
    return 0;
  } finally {
    store.close();
  }
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return `${[line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`;
}
