import { ConfigError, formatIssue } from '../config/errors.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { buildRuntime } from '../service/runtime.js';
import type { Io } from './main.js';

/** Validate the config (and build everything it implies) without touching the network or the state file. */
export async function checkCommand(path: string, io: Io): Promise<number> {
  try {
    const runtime = buildRuntime(loadConfig(path, io.env), io.stdout);
    const { config } = runtime;
    const lines = [
      `${config.source}: OK — ${summary(config)}`,
      `schedule ${config.schedule} (${config.timezone}); state ${config.state}`,
      'feeds:',
      ...config.feeds.map((f) => `  ${f.id}  ${f.url}${f.schedule !== config.schedule ? `  [${f.schedule}]` : ''}`),
      'watchlists:',
      ...config.watchlists.map((w) => `  ${w.id}${w.name ? ` (${w.name})` : ''}: ${w.entities.map((e) => e.name).join('; ')}`),
      `  ${runtime.matcher.names} names compiled`,
      'channels:',
      ...config.channels.map((c) => `  ${c.id}: ${target(c)} ← ${c.watchlists?.join(', ') ?? 'all watchlists'}${c.feeds ? ` from ${c.feeds.join(', ')}` : ''}`),
      ...runtime.warnings.map((w) => `warning: ${w}`),
    ];
    io.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr.write(`${err.issues.map(formatIssue).join('\n')}\n${err.issues.length} error${err.issues.length > 1 ? 's' : ''} in the config\n`);
      return 2;
    }
    io.stderr.write(`newswatch check: ${(err as Error).message}\n`);
    return 2;
  }
}

function target(c: { discord?: { channel: string } | undefined; webhook?: string | undefined; console?: boolean | undefined; http?: { url: string } | undefined }): string {
  if (c.discord) return `Discord channel ${c.discord.channel}`;
  if (c.webhook) return 'Discord webhook';
  if (c.http) return 'HTTP webhook';
  return 'console';
}

/** "18 feeds, 2 watchlists (15 entities), 1 channel" */
function summary(config: Config): string {
  const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
  const entities = config.watchlists.reduce((sum, w) => sum + w.entities.length, 0);
  return `${n(config.feeds.length, 'feed')}, ${n(config.watchlists.length, 'watchlist')} (${n(entities, 'entity', 'entities')}), ${n(config.channels.length, 'channel')}`;
}
