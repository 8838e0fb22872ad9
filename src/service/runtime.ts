// A validated config → the parts that depend on it (matcher, sinks, fetch options).
// Built whole before anything is swapped, so an invalid reload changes nothing.
import { createRequire } from 'node:module';
import type { ChannelConfig, Config } from '../config/schema.js';
import type { LoadedConfig } from '../config/load.js';
import { createSinks, type Sink } from '../deliver/index.js';
import { userAgent, type FetchOptions } from '../fetch/index.js';
import type { Matcher } from '../match/index.js';

export const VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

export interface Runtime {
  config: Config;
  warnings: string[];
  secrets: string[];
  matcher: Matcher;
  sinks: Map<string, Sink>;
  fetchOptions: FetchOptions;
}

export function buildRuntime(loaded: LoadedConfig, out: NodeJS.WritableStream): Runtime {
  const { config } = loaded;
  return {
    config,
    warnings: loaded.warnings,
    secrets: loaded.secrets,
    matcher: loaded.matcher,
    sinks: createSinks(config.channels, { discord: config.discord, out }),
    fetchOptions: {
      timeoutMs: config.fetch.timeout,
      maxBytes: config.fetch.maxBytes,
      maxRedirects: config.fetch.maxRedirects,
      allowPrivateAddresses: config.fetch.allowPrivateAddresses,
      userAgent: userAgent(VERSION, config.contact),
    },
  };
}

/** Release what a runtime's sinks hold (REST clients' timers) once it is replaced or the service stops. */
export function releaseRuntime(runtime: Runtime): void {
  for (const sink of runtime.sinks.values()) sink.close?.();
}

/** A one-line description for the start-up log and `check`. */
export function describe(config: Config): string {
  const entities = config.watchlists.reduce((n, w) => n + w.entities.length, 0);
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  return `${n(config.feeds.length, 'feed', 'feeds')}, ${n(config.watchlists.length, 'watchlist', 'watchlists')} (${n(entities, 'entity', 'entities')}), ${n(config.channels.length, 'channel', 'channels')}`;
}

/** Where a channel's alerts go, in words (for `check` and the status page). */
export function channelTarget(c: ChannelConfig): string {
  if (c.discord) return `Discord channel ${c.discord.channel}`;
  if (c.webhook) return 'Discord webhook';
  if (c.http) return 'HTTP webhook';
  return 'console';
}
