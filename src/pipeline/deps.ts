// The pipeline's dependencies, built one way for the service and for the tests that run
// the pipeline in-process: the real fetch and parse stages, the config's matcher and channels.
import type { Config } from '../config/schema.js';
import type { Clock } from '../core/types.js';
import { fetchFeed, type FetchOptions } from '../fetch/index.js';
import type { Matcher } from '../match/index.js';
import { parseFeed } from '../parse/index.js';
import type { MuteCheck, PollStore } from '../state/interfaces.js';
import type { PipelineMetrics } from './metrics.js';
import type { PipelineDeps } from './poll-feed.js';

export interface PipelineParts {
  store: PollStore;
  /** The current config's parts (service/runtime.ts builds them; rebuilt on reload). */
  runtime: { config: Config; matcher: Matcher; fetchOptions: FetchOptions };
  clock: Clock;
  log: PipelineDeps['log'];
  metrics: PipelineMetrics;
  random?: () => number;
  /** The parse stage (default: in-process parseFeed; the service passes its worker pool). */
  parse?: PipelineDeps['parse'];
  /** Entities muted per channel from Discord (interact/); none when absent. */
  mutes?: MuteCheck;
}

export function pipelineDeps({
  store,
  runtime,
  clock,
  log,
  metrics,
  random,
  mutes,
  parse,
}: PipelineParts): PipelineDeps {
  return {
    store,
    fetch: fetchFeed,
    parse: parse ?? parseFeed,
    matcher: runtime.matcher,
    channels: runtime.config.channels,
    config: runtime.config,
    fetchOptions: runtime.fetchOptions,
    clock,
    log,
    metrics,
    ...(random && { random }),
    ...(mutes && { mutes }),
  };
}
