// This instance among the others on a PostgreSQL database (src/state/postgres/cluster-store.ts):
// announces itself, renews its leases on a heartbeat, takes its share of the channels
// (and a dead instance's channels within a lease time), tells the sender which channels
// it may drain, and warns loudly when the live instances run different configs.
//
// Safety: a channel counts as held only until `leaseTime × 0.8` after the last renewal
// was *sent*, while the database lets another instance take it only after a full lease
// time without renewal; so two instances never believe they hold one channel at once,
// and a send that was cut off is reconciled by its nonce by the next holder.
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { Config, FeedConfig } from '../config/schema.js';
import type { Clock } from '../core/types.js';
import { VERSION } from '../core/version.js';
import type { SchedulerDeps } from '../scheduler/index.js';
import type { Metrics } from '../observe/metrics.js';
import { configMismatch, readClusterStatus, type ClusterStatus } from '../observe/cluster.js';
import type { ClusterStore, FeedState, LeaseTakeover } from '../state/interfaces.js';

export interface ClusterDeps {
  store: ClusterStore;
  config: () => Config;
  log: Logger;
  metrics: Metrics;
  command: string;
  /** The channels this instance may drain changed. */
  onChannels: (held: ReadonlySet<string>) => void;
  /** Whether the sender is sending on the channel now (a busy channel is not given away). */
  busy: (channelId: string) => boolean;
  onError: (err: unknown, context: string) => void;
  /** A heartbeat went through: the database answers (clears an outage reported earlier). */
  onHealthy?: () => void;
  /** Another instance (or this one) committed new outbox rows. */
  onOutbox?: () => void;
}

/** What instances compare: everything that decides what is polled, matched, routed and sent. */
export function configHash(config: Config): string {
  const { source: _s, state: _st, http: _h, cluster: _c, ...rest } = config;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex').slice(0, 12);
}

export class ClusterMember {
  private held = new Set<string>();
  /** performance.now() when the renewal that backs `held` was sent. */
  private renewedAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private beating: Promise<void> | null = null;
  private mismatch: string | null = null;
  /** The heartbeat's current failure, and when it was last reported. */
  private failing: { msg: string; at: number } | null = null;
  private left = false;
  /** When a slow heartbeat was last reported (performance.now()). */
  private slowSaidAt = -Infinity;

  constructor(private readonly deps: ClusterDeps) {}

  get id(): string {
    return this.deps.store.instanceId;
  }

  private get leaseMs(): number {
    return this.deps.config().cluster.leaseTime;
  }

  /** Announce this instance and take its first channels; then renew on a timer (unless `once`). */
  async join(opts: { timer: boolean }): Promise<void> {
    const config = this.deps.config();
    // First the timer: if the database cannot be reached now, the heartbeat announces this
    // instance as soon as it can (its renewal finds no row of it and says who it is).
    if (opts.timer) this.schedule();
    const self = this.self();
    await this.deps.store.announce(self);
    this.deps.log.info(
      { instance: this.id, configHash: self.configHash },
      `instance ${this.id} joined (config ${self.configHash}); leases last ${config.cluster.leaseTime / 1000} s`,
    );
    if (opts.timer && this.deps.store.watchOutbox) {
      await this.deps.store
        .watchOutbox(() => this.deps.onOutbox?.())
        .catch((err: unknown) =>
          this.deps.log.warn(
            { err },
            `cannot listen for new alerts of other instances (${(err as Error).message}): the outbox is looked at every heartbeat instead`,
          ),
        );
    }
    await this.beat();
  }

  /** What this instance says of itself (the config in force now). */
  private self(): Parameters<ClusterStore['announce']>[0] {
    const configHashNow = configHash(this.deps.config());
    return {
      host: hostname(),
      pid: process.pid,
      version: VERSION,
      configHash: configHashNow,
      command: this.deps.command,
    };
  }

  /** The config changed (a reload): say so to the others, take new channels. */
  reconfigured(): void {
    if (this.left) return;
    void this.deps.store
      .announce(this.self())
      .then(() => this.beat())
      .catch((err: unknown) => this.deps.onError(err, 'cluster: announcing the new config'));
    if (this.timer) this.schedule();
  }

  private schedule(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(() => void this.beat(), this.deps.config().cluster.heartbeat);
    this.timer.unref();
  }

  /** May this instance send on the channel now? */
  holds(channelId: string): boolean {
    return this.held.has(channelId) && performance.now() < this.renewedAt + this.leaseMs * 0.8;
  }

  /** One heartbeat: renew, notice lost channels, take this instance's share. Never rejects. */
  beat(): Promise<void> {
    this.beating ??= this.heartbeat()
      .then(() => {
        this.failing = null;
      })
      .catch((err: unknown) => {
        // Reported when it starts or changes, and once a minute while it lasts: not every heartbeat.
        const msg = (err as Error)?.message ?? String(err);
        const now = performance.now();
        if (this.failing?.msg === msg && now - this.failing.at < 60_000) return;
        this.failing = { msg, at: now };
        this.deps.onError(err, 'cluster heartbeat');
      })
      .finally(() => {
        this.beating = null;
      });
    return this.beating;
  }

  private async heartbeat(): Promise<void> {
    if (this.left) return;
    const { store, log, metrics } = this.deps;
    const sentAt = performance.now();
    const renewed = new Set(await store.heartbeat());
    this.deps.onHealthy?.();
    const before = this.held;
    const lost = [...before].filter((c) => !renewed.has(c));
    if (lost.length) {
      metrics.leaseLost('channel', lost.length);
      log.warn({ channels: lost }, `lost the lease of channel(s) ${lost.join(', ')}: another instance drains them now`);
    }
    // In force at once: a lost channel must not count as held during the awaits below.
    const held = new Set([...renewed]);
    this.held = held;
    this.renewedAt = sentAt;
    const wanted = this.deps
      .config()
      .channels.filter((c) => c.enabled)
      .map((c) => c.id);
    const instances = await store.instances();
    const live = Math.max(1, instances.filter((i) => i.alive).length);
    const share = this.deps.command === 'once' ? wanted.length : Math.ceil(wanted.length / live);
    if (held.size < share) {
      const free = wanted.filter((c) => !held.has(c));
      const { acquired, takeovers } = await store.acquireChannels(free, share - held.size);
      for (const c of acquired) held.add(c);
      for (const t of takeovers) this.tookOver(t);
    } else if (held.size > share) {
      // Another instance joined: give one idle channel back per heartbeat, it takes it at its next one.
      const spare = [...held].find((c) => !this.deps.busy(c));
      if (spare) {
        held.delete(spare); // not ours from now on, before the database says so to the others
        await store.releaseChannel(spare);
        log.info({ channel: spare }, `channel ${spare} handed over: ${live} instances share the channels`);
      }
    }
    // A channel that left the config is given back.
    for (const c of [...held].filter((c) => !wanted.includes(c))) {
      held.delete(c);
      await store.releaseChannel(c);
    }
    this.checkPace(performance.now() - sentAt);
    metrics.heldChannels(held.size);
    if ([...held].some((c) => !before.has(c)) || lost.length || held.size !== before.size) this.deps.onChannels(held);
    this.checkConfigs(instances);
  }

  /**
   * A heartbeat slower than half the lease time puts the leases at risk (another instance
   * may take them over, this one stops sending after 0.8 of it): said at most every minute.
   */
  private checkPace(ms: number): void {
    const now = performance.now();
    if (ms <= this.leaseMs / 2 || now - this.slowSaidAt < 60_000) return;
    this.slowSaidAt = now;
    this.deps.log.warn(
      { instance: this.id, heartbeatMs: Math.round(ms), leaseMs: this.leaseMs },
      `cluster heartbeat took ${Math.round(ms)} ms, more than half the lease time (${this.leaseMs} ms): ` +
        'the database or this host is overloaded; channels may move between instances',
    );
  }

  private checkConfigs(instances: Parameters<typeof configMismatch>[0]): void {
    const now = configMismatch(instances);
    if (now && now !== this.mismatch) this.deps.log.error({ instance: this.id }, now);
    else if (!now && this.mismatch) this.deps.log.info('every instance on this database runs the same config again');
    this.mismatch = now;
  }

  private tookOver(t: LeaseTakeover): void {
    this.deps.metrics.leaseTakeover(t.kind);
    this.deps.log.warn(
      { kind: t.kind, key: t.key, from: t.from },
      `took over ${t.kind} ${t.key} from instance ${t.from}, which stopped renewing its lease`,
    );
  }

  /** Take the poll of `feed` in its schedule window; false when another instance has or had it. */
  async claimFeed(feed: FeedConfig, window: number, now: number, force: boolean): Promise<FeedState | null> {
    const claim = await this.deps.store.claimFeed(feed.id, feed.url, window, now, force);
    if (!claim.claimed) return null;
    if (claim.takeover) this.tookOver(claim.takeover);
    return claim.state;
  }

  releaseFeed(feedId: string): Promise<void> {
    return this.deps.store.releaseFeed(feedId);
  }

  /** The scheduler's claim and release (see SchedulerDeps): a failed claim is reported and skips the poll. */
  schedulerHooks(paused: () => boolean, clock: Clock): Pick<SchedulerDeps, 'claim' | 'release'> {
    return {
      claim: async (feed, window, force) => {
        if (paused()) return false;
        try {
          return (await this.claimFeed(feed, window, clock.now(), force)) !== null;
        } catch (err) {
          this.deps.onError(err, `feed ${feed.id}: taking its poll`);
          return false;
        }
      },
      release: (feed) => this.releaseFeed(feed.id),
    };
  }

  /** The warning about different configs, if any (status page, health). */
  get configWarning(): string | null {
    return this.mismatch;
  }

  status(): Promise<ClusterStatus> {
    return readClusterStatus(this.deps.store, this.id);
  }

  /** Give everything back (a graceful stop): the others take over at once, not after a lease time. */
  async leave(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.beating;
    this.left = true;
    this.held = new Set();
    try {
      await this.deps.store.leave();
    } catch (err) {
      this.deps.onError(err, 'cluster: giving back the leases');
    }
  }
}
