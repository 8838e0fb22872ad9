// `newswatch status`: every feed's state and every channel's outbox, from the state file.
import { existsSync } from 'node:fs';
import { ConfigError, formatIssue } from '../config/errors.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { feedHealthList } from '../observe/health.js';
import type { FeedState, Mute, OutboxCounts } from '../state/interfaces.js';
import { Store } from '../state/store.js';
import type { Io } from './main.js';
import { statusText } from './status-text.js';

/** The config for a command that reads the state file, or null after printing every error. */
export function configOrReport(path: string, io: Io): Config | null {
  try {
    return loadConfig(path, io.env).config;
  } catch (err) {
    io.stderr.write(err instanceof ConfigError ? `${err.issues.map(formatIssue).join('\n')}\n` : `${(err as Error).message}\n`);
    return null;
  }
}

export async function statusCommand(path: string, json: boolean, io: Io): Promise<number> {
  const config = configOrReport(path, io);
  if (!config) return 2;
  const now = Date.now();
  if (!existsSync(config.state)) {
    // Never create the state file from here: only the service does.
    if (json) io.stdout.write(`${JSON.stringify({ state: null, feeds: feedHealthList(config, [], now), channels: [] })}\n`);
    else io.stdout.write(`no state yet at ${config.state}: the service has not run with this config\n`);
    return 0;
  }
  const { states, channels, mutes } = readState(config.state, now);
  const feeds = feedHealthList(config, states, now);
  const channelOf = (m: Mute) => config.channels.filter((c) => c.discord?.channel === m.discordChannelId).map((c) => c.id).join(', ') || m.discordChannelId;
  if (json) io.stdout.write(`${JSON.stringify({ state: config.state, feeds, channels, mutes })}\n`);
  else io.stdout.write(statusText(feeds, channels) + mutesText(mutes, channelOf));
  return 0;
}

/** Mutes set from Discord (/newswatch mute), one line each. */
function mutesText(mutes: Mute[], channelOf: (m: Mute) => string): string {
  if (mutes.length === 0) return '';
  const at = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
  return `\n${mutes.map((m) => `muted: ${m.entity} in ${channelOf(m)} until ${at(m.until)} (set by ${m.setByName} at ${at(m.setAt)})`).join('\n')}\n`;
}

function readState(file: string, now: number): { states: FeedState[]; channels: OutboxCounts[]; mutes: Mute[] } {
  const store = Store.openReadonly(file);
  try {
    return { states: store.status.feeds(), channels: store.outbox.counts(), mutes: store.interact.active(now) };
  } finally {
    store.close();
  }
}
