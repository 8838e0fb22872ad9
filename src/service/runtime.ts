// A validated config → the parts that depend on it (matcher, sinks, fetch options).
// Built whole before anything is swapped, so an invalid reload changes nothing.
import type { Config } from '../config/schema.js';
import type { LoadedConfig } from '../config/load.js';
import { createSinks, type Sink } from '../deliver/index.js';
import { userAgent, type FetchOptions } from '../fetch/index.js';
import type { Matcher } from '../match/index.js';
import { VERSION } from '../core/version.js';

export { VERSION };
export { configSummary } from './config-summary.js';

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
  const fetchOptions = fetchOptionsOf(config);
  // http channels are plain HTTP requests of ours, like feed fetches: same User-Agent, same timeout.
  const http = { userAgent: fetchOptions.userAgent, timeoutMs: fetchOptions.timeoutMs };
  return {
    config,
    warnings: loaded.warnings,
    secrets: loaded.secrets,
    matcher: loaded.matcher,
    sinks: createSinks(config.channels, { discord: config.discord, http, out }),
    fetchOptions,
  };
}

/** How feeds are fetched under `config` (its fetch settings, the User-Agent with its contact). */
export function fetchOptionsOf(config: Config): FetchOptions {
  return {
    timeoutMs: config.fetch.timeout,
    maxBytes: config.fetch.maxBytes,
    maxRedirects: config.fetch.maxRedirects,
    allowPrivateAddresses: config.fetch.allowPrivateAddresses,
    userAgent: userAgent(VERSION, config.contact),
  };
}

/** Release what a runtime's sinks hold (REST clients' timers) once it is replaced or the service stops. */
export function releaseRuntime(runtime: Runtime): void {
  for (const sink of runtime.sinks.values()) sink.close?.();
}
