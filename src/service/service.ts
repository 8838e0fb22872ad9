// The long-lived service: owns the state file, the scheduler, the pool, the sender and
// the HTTP endpoints, and wires the pipeline stages together for each poll.
import type { Logger } from 'pino';
import type { ConfigError } from '../config/errors.js';
import { loadConfig } from '../config/load.js';
import type { FeedConfig } from '../config/schema.js';
import { systemClock, type Clock } from '../core/types.js';
import { Sender } from '../deliver/index.js';
import { fetchFeed } from '../fetch/index.js';
import { feedHealthList, type FeedHealth } from '../observe/health.js';
import type { HttpServer } from '../observe/http.js';
import { Metrics } from '../observe/metrics.js';
import type { ChannelStatus, HealthReport, StatusSource } from '../observe/status-source.js';
import { ParsePool } from '../parse/pool/index.js';
import { pollFeed, type PipelineDeps } from '../pipeline/poll-feed.js';
import { Scheduler } from '../scheduler/index.js';
import { Pool } from '../scheduler/pool.js';
import type { MentionCount, RecentAlert } from '../state/status-store.js';
import { Store } from '../state/store.js';
import { buildRuntime, channelTarget, describe, releaseRuntime, type Runtime } from './runtime.js';
import { RetentionJob } from './retention.js';

export interface ServiceOptions {
  log: Logger;
  /** Where console channels print. */
  out: NodeJS.WritableStream;
  clock?: Clock;
}

export class Service implements StatusSource {
  readonly store: Store;
  readonly startedAt = Date.now();
  /** Channels stopped by a permanent error, with the reason (from the sender's events). */
  private readonly stoppedChannels = new Map<string, string>();
  readonly metricsRegistry = new Metrics();
  readonly scheduler: Scheduler;
  readonly sender: Sender;
  private readonly pool: Pool;
  /** Parses in worker threads with heap and time limits: one feed cannot take the process down. */
  private readonly parsePool = new ParsePool();
  private readonly retention: RetentionJob;
  private readonly clock: Clock;
  private http: HttpServer | null = null;
  private deps: PipelineDeps;
  private stopping: Promise<void> | null = null;

  constructor(
    private runtime: Runtime,
    private readonly opts: ServiceOptions,
  ) {
    const { config } = runtime;
    this.clock = opts.clock ?? systemClock;
    this.store = Store.open(config.state);
    this.pool = new Pool(config.fetch.concurrency, config.fetch.perHost);
    this.sender = new Sender({
      store: this.store.outbox,
      sinks: runtime.sinks,
      channels: config.channels,
      clock: this.clock,
      log: opts.log,
      backoff: { baseMs: config.delivery.retryBase, capMs: config.delivery.retryMax },
      onEvent: (e) => {
        this.metricsRegistry.senderEvent(e);
        if (e.type === 'stopped') this.stoppedChannels.set(e.channelId, e.error);
        else if (e.type === 'resumed') this.stoppedChannels.delete(e.channelId);
      },
    });
    this.scheduler = new Scheduler({
      pool: this.pool,
      timezone: config.timezone,
      clock: this.clock,
      log: opts.log,
      poll: (feed) => this.pollOne(feed),
      notBefore: (id) => this.store.poll.feedState(id)?.nextPollAt ?? null,
      urlOf: (feed) => this.store.poll.feedState(feed.id)?.fetchUrl ?? feed.url,
    });
    this.deps = this.pipelineDeps(runtime);
    this.retention = new RetentionJob(this.store, () => this.runtime.config, opts.log);
    this.metricsRegistry.observeOutbox(() => this.store.outbox.counts(), this.clock);
  }

  get config() {
    return this.runtime.config;
  }

  /** What every poll needs from the current runtime; rebuilt when the config is reloaded. */
  private pipelineDeps(runtime: Runtime): PipelineDeps {
    return {
      store: this.store.poll,
      fetch: fetchFeed,
      parse: this.parsePool.parse,
      matcher: runtime.matcher,
      channels: runtime.config.channels,
      config: runtime.config,
      fetchOptions: runtime.fetchOptions,
      clock: this.clock,
      log: this.opts.log,
      metrics: this.metricsRegistry,
    };
  }

  /** Poll one feed through the whole pipeline, then wake the sender. */
  private async pollOne(feed: FeedConfig): Promise<void> {
    await pollFeed(feed, this.deps);
    // Alerts or a notice (failing, recovered) may have been queued; asking is cheap.
    this.sender.kick();
  }

  /** The long-lived mode: schedule polls, deliver continuously, serve /healthz etc. */
  async start(): Promise<void> {
    const { config, warnings } = this.runtime;
    for (const w of warnings) this.opts.log.warn(w);
    if (config.http) {
      const { startHttpServer } = await import('../observe/http.js');
      this.http = await startHttpServer(config.http, { status: this, log: this.opts.log });
    }
    this.opts.log.info(
      { config: config.source, state: config.state, feeds: config.feeds.length, watchlists: config.watchlists.length, channels: config.channels.length, http: this.http?.url },
      `newswatch started: ${describe(config)}; config ${config.source}; state ${config.state}${this.http ? `; status page ${this.http.url}` : ''}`,
    );
    this.sender.start();
    this.scheduler.start(config.feeds);
    this.retention.start(config.retention.schedule, config.timezone);
  }

  /** One poll of every feed, then deliver everything due; for `newswatch once`. */
  async runOnce(): Promise<void> {
    for (const w of this.runtime.warnings) this.opts.log.warn(w);
    await this.scheduler.offer(this.runtime.config.feeds, true);
    await this.sender.drainOnce();
  }

  /** Re-read the config; apply it only if it is entirely valid. Returns the error otherwise. */
  reload(): ConfigError | Error | null {
    let next: Runtime;
    try {
      next = buildRuntime(loadConfig(this.runtime.config.source), this.opts.out);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      this.opts.log.error({ config: this.runtime.config.source }, `config reload rejected, the running config stays in force: ${msg}`);
      return err instanceof Error ? err : new Error(msg);
    }
    if (next.config.state !== this.runtime.config.state) {
      this.opts.log.warn('the state file setting changed: it takes effect at the next restart');
      next.config.state = this.runtime.config.state;
    }
    const previous = this.runtime;
    this.runtime = next;
    this.deps = this.pipelineDeps(next);
    this.sender.update(next.config.channels, next.sinks);
    releaseRuntime(previous);
    this.scheduler.update(next.config.feeds);
    for (const w of next.warnings) this.opts.log.warn(w);
    this.opts.log.info({ config: next.config.source }, `config reloaded: ${describe(next.config)}`);
    return null;
  }

  // ---- StatusSource: what /healthz, /metrics and the status page read ----

  now(): number {
    return this.clock.now();
  }

  health(): HealthReport {
    const schedulerRunning = this.scheduler.running;
    const databaseOk = this.store.ping();
    return { ok: schedulerRunning && databaseOk, schedulerRunning, databaseOk, lastPollAt: this.store.status.lastPollAt(), startedAt: this.startedAt };
  }

  feeds(): FeedHealth[] {
    return feedHealthList(this.runtime.config, this.store.status.feeds(), this.clock.now());
  }

  channels(): ChannelStatus[] {
    const counts = new Map(this.store.outbox.counts().map((c) => [c.channelId, c]));
    return this.runtime.config.channels.map((c) => ({
      channelId: c.id,
      pending: 0,
      failing: 0,
      sent: 0,
      oldestPendingAt: null,
      ...counts.get(c.id),
      stoppedReason: this.stoppedChannels.get(c.id) ?? null,
      target: channelTarget(c),
    }));
  }

  recentAlerts(limit: number): RecentAlert[] {
    return this.store.status.recentAlerts(limit);
  }

  mentions(sinceDay: string): MentionCount[] {
    return this.store.status.mentions(sinceDay);
  }

  entities(): { watchlist: string; entity: string; name: string }[] {
    return this.runtime.config.watchlists.flatMap((w) => w.entities.map((e) => ({ watchlist: w.id, entity: e.id, name: e.name })));
  }

  async metrics(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.metricsRegistry.registry.contentType, body: await this.metricsRegistry.registry.metrics() };
  }

  /**
   * Graceful stop: no new polls, in-flight polls and sends finish (bounded by `graceMs`),
   * then the database is closed. Anything not delivered stays pending for the next start.
   */
  stop(graceMs = 10_000): Promise<void> {
    this.stopping ??= (async () => {
      const deadline = Date.now() + graceMs;
      this.scheduler.stop();
      this.retention.stop();
      await Promise.race([this.pool.idle(), sleep(graceMs)]);
      await this.sender.stop(Math.max(0, deadline - Date.now()));
      await this.parsePool.close();
      releaseRuntime(this.runtime);
      await this.http?.close();
      this.store.close();
    })();
    return this.stopping;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
