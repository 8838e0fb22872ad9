// `newswatch status`: every feed's state and every channel's outbox, from the state file.
import { existsSync } from 'node:fs';
import { ConfigError, formatIssue } from '../config/errors.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { feedHealthList } from '../observe/health.js';
import type { FeedState, OutboxCounts } from '../state/interfaces.js';
import { Store } from '../state/store.js';
import type { Io } from './main.js';
import { statusText } from './status-text.js';

export async function statusCommand(path: string, json: boolean, io: Io): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(path, io.env).config;
  } catch (err) {
    io.stderr.write(err instanceof ConfigError ? `${err.issues.map(formatIssue).join('\n')}\n` : `${(err as Error).message}\n`);
    return 2;
  }
  const now = Date.now();
  if (!existsSync(config.state)) {
    // Never create the state file from here: only the service does.
    if (json) io.stdout.write(`${JSON.stringify({ state: null, feeds: feedHealthList(config, [], now), channels: [] })}\n`);
    else io.stdout.write(`no state yet at ${config.state}: the service has not run with this config\n`);
    return 0;
  }
  const { states, channels } = readState(config.state);
  const feeds = feedHealthList(config, states, now);
  io.stdout.write(json ? `${JSON.stringify({ state: config.state, feeds, channels })}\n` : statusText(feeds, channels));
  return 0;
}

function readState(file: string): { states: FeedState[]; channels: OutboxCounts[] } {
  const store = Store.openReadonly(file);
  try {
    return { states: store.status.feeds(), channels: store.outbox.counts() };
  } finally {
    store.close();
  }
}
