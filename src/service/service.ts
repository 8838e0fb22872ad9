// The long-lived service: owns the state file, the scheduler, the pool, the sender and
// the HTTP endpoints, and wires the pipeline stages together for each poll.
import type { Logger } from 'pino';
import type { ConfigError } from '../config/errors.js';
import { loadConfig } from '../config/load.js';
import type { FeedConfig } from '../config/schema.js';
import { systemClock, type Clock } from '../core/types.js';
import { Sender } from '../deliver/index.js';
import type { Bot } from '../interact/index.js';
import { feedHealthList, type FeedHealth } from '../observe/health.js';
import type { HttpServer } from '../observe/http.js';
import { Metrics } from '../observe/metrics.js';
import type { ChannelStatus, HealthReport, StatusSource } from '../observe/status-source.js';
import { pipelineDeps } from '../pipeline/deps.js';
import { ParsePool } from '../parse/worker-pool.js';
import { pollFeed, type PipelineDeps } from '../pipeline/poll-feed.js';
import { Scheduler } from '../scheduler/index.js';
import { Pool } from '../scheduler/pool.js';
import { classifyStateError, type StateError } from '../state/errors.js';
import type { HistoryHit, HistorySearchOptions } from '../state/interfaces.js';
import type { MentionCount, RecentAlert } from '../state/status-store.js';
import type { StateBackend } from '../state/backend.js';
import { Store } from '../state/store.js';
import { channelStatuses } from './channel-status.js';
import { buildRuntime, configSummary, releaseRuntime, type Runtime } from './runtime.js';
import { OnceSummary } from './once-summary.js';
import { RetentionJob } from './retention.js';
import { BriefingJob } from './briefing-job.js';
import { createBot, reloadBot, type BotContext } from './bot.js';
import { ClusterMember } from './cluster.js';
import type { ClusterStatus } from '../observe/cluster.js';

export interface ServiceOptions {
  log: Logger;
  /** Where console channels print. */
  out: NodeJS.WritableStream;
  clock?: Clock;
  /** The command, as the state file's lock shows it to a refused second instance. */
  command?: string;
  /** How often the state file is looked at (deleted, replaced, damaged, disk full). */
  stateCheckMs?: number;
  /**
   * The state, opened beforehand (openState: a PostgreSQL database opens asynchronously).
   * Without it the config's `state` is opened as a SQLite file.
   */
  state?: StateBackend;
}

export class Service implements StatusSource {
  readonly store: StateBackend;
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
  /** Daily briefings of the channels that have one. */
  private readonly briefings: BriefingJob;
  /** This instance among others on a shared database (PostgreSQL), or null when it is alone. */
  readonly member: ClusterMember | null;
  private readonly clock: Clock;
  private http: HttpServer | null = null;
  private deps: PipelineDeps;
  private stopping: Promise<void> | null = null;
  /** The bot's gateway session and slash commands (null for configs without a bot channel). */
  bot: Bot | null = null;
  /** What the `once` run in progress did (null otherwise). */
  private onceSummary: OnceSummary | null = null;
  /** What is wrong with the state file now (null: nothing), as last checked or reported. */
  private stateFault: StateError | null = null;
  private stateTimer: NodeJS.Timeout | null = null;

  constructor(
    private runtime: Runtime,
    private readonly opts: ServiceOptions,
  ) {
    const { config } = runtime;
    this.clock = opts.clock ?? systemClock;
    this.store = opts.state ?? Store.open(config.state, { command: opts.command ?? 'start' });
    this.pool = new Pool(config.fetch.concurrency, config.fetch.perHost);
    const cluster = (this.member = this.store.cluster
      ? new ClusterMember({
          store: this.store.cluster,
          config: () => this.runtime.config,
          log: opts.log,
          metrics: this.metricsRegistry,
          command: opts.command ?? 'start',
          onChannels: (held) => this.sender.leasesChanged(held),
          busy: (id) => this.sender.busy(id),
          onError: (err, context) => this.backgroundError(err, context),
          onOutbox: () => this.sender.kick(),
          onHealthy: () => {
            if (this.stateFault?.kind !== 'io') return;
            this.store.monitor.succeeded();
            this.refreshState();
          },
        })
      : null);
    this.sender = new Sender({
      store: this.store.outbox,
      sinks: runtime.sinks,
      channels: config.channels,
      clock: this.clock,
      log: opts.log,
      backoff: { baseMs: config.delivery.retryBase, capMs: config.delivery.retryMax },
      onError: (err, context) => this.backgroundError(err, context),
      held: () => this.held(),
      // Another instance's polls queue alerts for the channels this one holds and kick only
      // their own sender: look at the outbox on every heartbeat, not every 30 s.
      ...(cluster && { holds: (id: string) => cluster.holds(id), pollMs: config.cluster.heartbeat }),
      onEvent: (e) => {
        this.metricsRegistry.senderEvent(e);
        this.onceSummary?.event(e);
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
      notBefore: (id) =>
        this.guard(() => this.store.poll.feedState(id)?.nextPollAt ?? null, null, `feed ${id}: reading its state`),
      urlOf: (feed) =>
        this.guard(
          () => this.store.poll.feedState(feed.id)?.fetchUrl ?? feed.url,
          feed.url,
          `feed ${feed.id}: reading its state`,
        ),
      ...cluster?.schedulerHooks(() => this.held() !== null, this.clock),
    });
    this.deps = this.pipelineDeps(runtime);
    this.retention = new RetentionJob(
      this.store,
      () => this.runtime.config,
      opts.log,
      (err, context) => this.backgroundError(err, context),
    );
    this.briefings = new BriefingJob({
      store: this.store.briefing,
      config: () => this.runtime.config,
      clock: this.clock,
      log: opts.log,
      held: () => this.held() !== null,
      queued: () => this.sender.kick(),
      onError: (err, context) => this.backgroundError(err, context),
    });
    this.metricsRegistry.observeOutbox(
      () => this.guardAsync(() => this.store.outbox.counts(), [], 'metrics: reading the outbox'),
      this.clock,
    );
  }

  get config() {
    return this.runtime.config;
  }

  /** What every poll needs from the current runtime; rebuilt when the config is reloaded. */
  private pipelineDeps(runtime: Runtime): PipelineDeps {
    return pipelineDeps({
      store: this.store.poll,
      runtime,
      parse: this.parsePool.parse,
      clock: this.clock,
      log: this.opts.log,
      metrics: this.metricsRegistry,
      mutes: this.store.interact,
    });
  }

  /** What the bot reads: always the runtime in force. */
  private botContext(): BotContext {
    return {
      config: () => this.runtime.config,
      matcher: () => this.runtime.matcher,
      store: this.store,
      status: this,
      clock: this.clock,
      log: this.opts.log,
    };
  }

  /**
   * Poll one feed through the whole pipeline, then wake the sender. Skipped while the
   * state file is unusable (what it wrote would be lost). A failure of the state file is
   * recorded here; the poll left nothing half-done (its commit is one transaction), so
   * its new items are found new again by the next poll.
   */
  private async pollOne(feed: FeedConfig): Promise<void> {
    if (this.held()) return;
    let outcome: Awaited<ReturnType<typeof pollFeed>>;
    try {
      outcome = await pollFeed(feed, this.deps);
    } catch (err) {
      // The state database failed: a failed poll in `once`'s count too.
      this.onceSummary?.poll({ kind: 'failed', errorKind: 'state', message: String(err) });
      // Anything else is a bug: the scheduler logs it as a crashed poll.
      if (classifyStateError(err) === null) throw err;
      this.backgroundError(err, `poll of feed ${feed.id}`);
      return;
    }
    this.onceSummary?.poll(outcome);
    this.store.monitor.succeeded();
    this.refreshState();
    // Alerts or a notice (failing, recovered) may have been queued; asking is cheap.
    this.sender.kick();
  }

  // ---- The state file's health: checked on a timer, reported by every background path ----

  /** Why polling and delivery are paused (the state file is lost or damaged), or null. */
  private held(): string | null {
    return this.stateFault?.blocking ? this.stateFault.message : null;
  }

  /** The state file's problem now, if any (for `once` and tests). */
  get stateProblem(): StateError | null {
    return this.stateFault;
  }

  /** Look at the state file again and act on a change: log it, pause, or resume. Never throws. */
  checkState(): StateError | null {
    this.store.check();
    this.refreshState();
    return this.stateFault;
  }

  /** Take the monitor's verdict; log a change (unless `logged` is the new fault, already logged by its reporter). */
  private refreshState(logged: StateError | null = null): void {
    const before = this.stateFault;
    const now = this.store.monitor.fault();
    this.stateFault = now;
    if (now && now.kind !== before?.kind) {
      if (now === logged) return;
      this.opts.log.error({ state: this.store.file, kind: now.kind, paused: now.blocking }, now.message);
    } else if (!now && before) {
      const msg = `state file ${this.store.file} is usable again (${before.kind} is over): polling and delivery go on`;
      this.opts.log.warn({ state: this.store.file, kind: before.kind }, msg);
      this.sender.kick();
    }
  }

  /**
   * Every background path ends here with what it could not do. A state-file error is
   * classified and logged with the file (in full the first time, briefly while it lasts);
   * anything else is logged as it is. Returns the state error, or null when it was not one.
   */
  private backgroundError(err: unknown, context: string): StateError | null {
    const e = this.store.monitor.report(err);
    if (!e) {
      this.opts.log.error({ err }, `${context} failed: ${(err as Error)?.message ?? String(err)}`);
      return null;
    }
    const known = this.stateFault?.kind === e.kind;
    const fields = { state: this.store.file, kind: e.kind };
    if (known) this.opts.log.warn(fields, `${context} failed: ${e.message}`);
    else this.opts.log.error(fields, `${context} failed: ${e.message}`);
    this.refreshState(e);
    return e;
  }

  /**
   * `fn` for a reader called from a timer, the scheduler or the status page: on a failure,
   * `fallback` (a state error shows in the health; anything else is logged). Never throws.
   */
  private guard<T>(fn: () => T, fallback: T, context: string): T {
    try {
      return fn();
    } catch (err) {
      this.backgroundError(err, context);
      return fallback;
    }
  }

  /** The status page's search of the stored history. */
  search(query: string, opts: HistorySearchOptions): Promise<HistoryHit[]> {
    return this.store.history.search(query, opts);
  }

  /** guard() for a read whose store may answer later (PostgreSQL). Never rejects. */
  private async guardAsync<T>(fn: () => T | Promise<T>, fallback: T, context: string): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      this.backgroundError(err, context);
      return fallback;
    }
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
      {
        config: config.source,
        state: this.store.file,
        feeds: config.feeds.length,
        watchlists: config.watchlists.length,
        channels: config.channels.length,
        http: this.http?.url,
      },
      `newswatch started: ${configSummary(config)}; config ${config.source}; state ${this.store.file}${this.http ? `; status page ${this.http.url}` : ''}`,
    );
    await this.joinCluster(true);
    this.sender.start();
    this.bot = createBot(this.botContext());
    this.bot?.start();
    this.scheduler.start(config.feeds);
    this.retention.start(config.retention.schedule, config.timezone);
    this.briefings.start();
    this.stateTimer = setInterval(() => this.checkState(), this.opts.stateCheckMs ?? 5_000);
    this.stateTimer.unref();
  }

  /**
   * Several instances: say who this one is and take its share of the channels before
   * anything is sent. A database that cannot be reached now is reported like any state
   * fault (health 503); the heartbeat keeps trying.
   */
  private async joinCluster(timer: boolean): Promise<void> {
    if (!this.member) return;
    try {
      await this.member.join({ timer });
    } catch (err) {
      this.backgroundError(err, 'cluster: announcing this instance');
    }
  }

  /** The instances on this database, their channels and lease takeovers (null when alone). */
  async cluster(): Promise<ClusterStatus | null> {
    if (!this.member) return null;
    return this.guardAsync(() => this.member!.status(), null, 'status: reading the instances');
  }

  /** One poll of every feed, then deliver everything due; for `newswatch once`. Returns what it did, in a line. */
  async runOnce(): Promise<string> {
    for (const w of this.runtime.warnings) this.opts.log.warn(w);
    const summary = (this.onceSummary = new OnceSummary());
    try {
      if (this.checkState()?.blocking) return summary.line();
      await this.joinCluster(false);
      await this.scheduler.offer(this.runtime.config.feeds, true);
      await this.briefings.run();
      await this.sender.drainOnce();
      this.checkState();
    } finally {
      this.onceSummary = null;
    }
    return summary.line();
  }

  /** Re-read the config; apply it only if it is entirely valid. Returns the error otherwise. */
  reload(): ConfigError | Error | null {
    let next: Runtime;
    try {
      next = buildRuntime(loadConfig(this.runtime.config.source), this.opts.out);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      this.opts.log.error(
        { config: this.runtime.config.source },
        `config reload rejected, the running config stays in force: ${msg}`,
      );
      return err instanceof Error ? err : new Error(msg);
    }
    if (next.config.state !== this.runtime.config.state) {
      this.opts.log.warn('the state file setting changed: it takes effect at the next restart');
      next.config.state = this.runtime.config.state;
    }
    if (next.config.timezone !== this.runtime.config.timezone) {
      const change = `${this.runtime.config.timezone} → ${next.config.timezone}`;
      this.opts.log.warn(`the timezone setting changed (${change}): it takes effect at the next restart`);
    }
    const previous = this.runtime;
    this.runtime = next;
    this.deps = this.pipelineDeps(next);
    try {
      this.sender.update(next.config.channels, next.sinks);
      releaseRuntime(previous);
      this.scheduler.update(next.config.feeds);
      this.member?.reconfigured();
    } catch (err) {
      // Reached from a signal or a file watch: never thrown past them.
      this.opts.log.error({ err }, `config reload failed while being applied: ${(err as Error).message}`);
      return err instanceof Error ? err : new Error(String(err));
    }
    void reloadBot(this.bot, previous.config, this.botContext(), () => this.scheduler.running && !this.stopping).then(
      (bot) => (this.bot = bot),
    );
    for (const w of next.warnings) this.opts.log.warn(w);
    this.opts.log.info({ config: next.config.source }, `config reloaded: ${configSummary(next.config)}`);
    return null;
  }

  // ---- StatusSource: what /healthz, /metrics and the status page read ----

  now(): number {
    return this.clock.now();
  }

  async health(): Promise<HealthReport> {
    const schedulerRunning = this.scheduler.running;
    // Reading the last poll time reads the database: an unreadable one is reported here too.
    const lastPollAt = await this.guardAsync(() => this.store.status.lastPollAt(), null, 'health check');
    const fault = this.checkState();
    return {
      ok: schedulerRunning && !fault,
      schedulerRunning,
      databaseOk: !fault,
      stateProblem: fault?.message ?? null,
      lastPollAt,
      startedAt: this.startedAt,
    };
  }

  async feeds(): Promise<FeedHealth[]> {
    const states = await this.guardAsync(() => this.store.status.feeds(), [], 'status: reading feeds');
    return feedHealthList(this.runtime.config, states, this.clock.now());
  }

  async channels(): Promise<ChannelStatus[]> {
    const counts = await this.guardAsync(() => this.store.outbox.counts(), [], 'status: reading the outbox');
    const mutes = await this.guardAsync(
      () => this.store.interact.active(this.clock.now()),
      [],
      'status: reading the mutes',
    );
    return channelStatuses(this.runtime.config, counts, mutes, this.stoppedChannels, this.entities());
  }

  recentAlerts(limit: number): Promise<RecentAlert[]> {
    return this.guardAsync(() => this.store.status.recentAlerts(limit), [], 'status: reading recent alerts');
  }

  mentions(sinceDay: string): Promise<MentionCount[]> {
    return this.guardAsync(() => this.store.status.mentions(sinceDay), [], 'status: reading mentions');
  }

  entities(): { watchlist: string; entity: string; name: string }[] {
    return this.runtime.config.watchlists.flatMap((w) =>
      w.entities.map((e) => ({ watchlist: w.id, entity: e.id, name: e.name })),
    );
  }

  async metrics(): Promise<{ contentType: string; body: string }> {
    return {
      contentType: this.metricsRegistry.registry.contentType,
      body: await this.metricsRegistry.registry.metrics(),
    };
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
      this.briefings.stop();
      if (this.stateTimer) clearInterval(this.stateTimer);
      await Promise.race([this.pool.idle(), sleep(graceMs)]);
      await this.sender.stop(Math.max(0, deadline - Date.now()));
      await this.member?.leave();
      await this.parsePool.close();
      await this.bot?.close();
      releaseRuntime(this.runtime);
      await this.http?.close();
      await this.store.close();
    })();
    return this.stopping;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
