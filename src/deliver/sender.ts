// Drains the outbox: one worker per channel (./channel-worker.ts), so channels flow
// independently. In the service, start() runs each channel on its own timer (woken by
// kick() after a commit, by its next due time, and by a slow safety poll); for
// `newswatch once` and tests, drainOnce() sends everything due now and returns.
import type { Logger } from 'pino';
import type { ChannelConfig } from '../config/schema.js';
import type { Clock } from '../core/types.js';
import type { OutboxStore } from '../state/interfaces.js';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import { ChannelWorker, type WorkerDeps } from './channel-worker.js';
import type { SenderEvent, Sink } from './types.js';

export interface SenderDeps {
  store: OutboxStore;
  sinks: Map<string, Sink>;
  channels: ChannelConfig[];
  clock: Clock;
  log: Logger;
  random?: () => number;
  onEvent?: (e: SenderEvent) => void;
  backoff?: BackoffPolicy;
  /** Safety poll of the outbox in the background loop (rows written by another process, a missed kick). */
  pollMs?: number;
  /**
   * A background failure (the outbox could not be read or written): the owner classifies
   * and logs it. Nothing the sender does on a timer or after a promise throws past it.
   */
  onError?: (err: unknown, context: string) => void;
  /** While this says why, no delivery starts (the state file is unusable); kick() again when it clears. */
  held?: () => string | null;
  /**
   * Several instances on one database: may this process drain the channel now (it holds
   * its lease)? Checked before every send. Absent: this process drains every channel.
   */
  holds?: (channelId: string) => boolean;
}

/** setTimeout's ceiling; a longer wait is cut short and re-planned. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class Sender {
  private readonly workers = new Map<string, ChannelWorker>();
  /** The config and sink of each channel with a worker (to start a fresh worker when a lease is taken). */
  private readonly setups = new Map<string, { config: ChannelConfig; sink: Sink }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly unconfigured = new Set<string>();
  private readonly workerDeps: WorkerDeps;
  private readonly log: Logger;
  private poller: NodeJS.Timeout | null = null;
  private started = false;
  private stopping = false;

  constructor(private readonly deps: SenderDeps) {
    this.log = deps.log.child({ component: 'deliver' });
    this.workerDeps = {
      store: deps.store,
      clock: deps.clock,
      log: this.log,
      random: deps.random ?? Math.random,
      backoff: deps.backoff ?? DEFAULT_BACKOFF,
      emit: (e) => deps.onEvent?.(e),
      stopping: () => this.stopping,
      holds: (id) => this.holds(id),
    };
    this.apply(deps.channels, deps.sinks);
  }

  /** Work may be available now (the pipeline committed rows). No-op unless started. */
  kick(): void {
    if (!this.started || this.stopping) return;
    void this.runnable().then((ids) => {
      if (!this.stopping) for (const id of ids) this.runInBackground(id);
    });
  }

  start(): void {
    if (this.started || this.stopping) return;
    this.started = true;
    this.poller = setInterval(() => this.kick(), this.deps.pollMs ?? 30_000);
    this.poller.unref();
    this.kick();
  }

  /** Stop taking new work; wait (at most `timeoutMs`) for requests in flight. Unsent rows stay pending. */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopping = true;
    if (this.poller) clearInterval(this.poller);
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    const inFlight = [...this.workers.values()].map((w) => w.inFlight).filter((p) => p !== null);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.allSettled(inFlight), timeout]);
    clearTimeout(timer);
  }

  /**
   * Live config reload. New channels get a worker, removed ones finish their request in
   * flight and stop. A stopped channel is resumed: the fix may be in its config, in the
   * token, or in Discord (a permission granted), none of which the channel config shows.
   */
  update(channels: ChannelConfig[], sinks: Map<string, Sink>): void {
    this.apply(channels, sinks);
    this.unconfigured.clear();
    this.kick();
  }

  /** Alone: every channel. Several instances: only a channel whose lease this process holds, with the worker started for that lease. */
  private holds(channelId: string): boolean {
    if (!this.deps.holds) return true;
    return this.deps.holds(channelId) && this.workers.get(channelId)?.leased === true;
  }

  /** Is a request of the channel in flight? */
  busy(channelId: string): boolean {
    return this.workers.get(channelId)?.inFlight != null;
  }

  /**
   * The channels whose lease this process holds changed. A channel taken gets a fresh
   * worker: its pace is read again from the outbox and an attempt another instance left
   * unconfirmed is sent as uncertain (its nonce reconciles it); a channel lost is left
   * after the request in flight.
   */
  leasesChanged(held: ReadonlySet<string>): void {
    for (const [id, setup] of this.setups) {
      if (!held.has(id)) continue;
      const old = this.workers.get(id);
      if (old && old.leased) continue;
      // Lost and taken again while a request was still in flight: the fresh worker starts
      // when it is answered, so that one channel never has two requests out.
      if (old?.inFlight) {
        void old.inFlight.finally(() => this.leasesChanged(held)).catch(() => {});
        continue;
      }
      old?.retire();
      const w = new ChannelWorker(setup.config, setup.sink, this.workerDeps);
      w.leased = true;
      this.workers.set(id, w);
    }
    for (const [id, w] of this.workers) if (!held.has(id)) w.leased = false;
    this.kick();
  }

  /** Sends everything due now on every channel; resolves when nothing more is due now. */
  async drainOnce(): Promise<void> {
    for (;;) {
      const ids = await this.runnable();
      if (ids.length === 0) return;
      const results = await Promise.allSettled(ids.map((id) => this.workers.get(id)!.run()));
      let progressed = false;
      results.forEach((r, i) => {
        if (r.status === 'fulfilled') progressed ||= r.value.progressed;
        else this.failed(r.reason, `channel ${ids[i]}: delivery`);
      });
      // A channel that failed is not retried here: `once` reports the failure and exits.
      if (!progressed || results.some((r) => r.status === 'rejected')) return;
    }
  }

  /** Channels to run now: none while held, or when the outbox cannot be read (handed to onError). */
  private async runnable(): Promise<string[]> {
    if (this.deps.held?.()) return [];
    try {
      return await this.channelsToRun();
    } catch (err) {
      this.failed(err, 'reading the outbox');
      return [];
    }
  }

  private failed(err: unknown, context: string): void {
    if (this.deps.onError) this.deps.onError(err, context);
    else this.log.error({ err }, `${context} failed: ${(err as Error)?.message ?? String(err)}`);
  }

  private apply(channels: ChannelConfig[], sinks: Map<string, Sink>): void {
    const keep = new Set<string>();
    for (const c of channels) {
      const sink = sinks.get(c.id);
      if (!c.enabled || !sink) continue;
      keep.add(c.id);
      this.setups.set(c.id, { config: c, sink });
      const w = this.workers.get(c.id);
      if (w) w.reconfigure(c, sink);
      else this.workers.set(c.id, new ChannelWorker(c, sink, this.workerDeps));
    }
    for (const [id, w] of this.workers) {
      if (keep.has(id)) continue;
      w.retire();
      this.workers.delete(id);
      this.setups.delete(id);
      clearTimeout(this.timers.get(id));
      this.timers.delete(id);
    }
  }

  /** Channels with work and a running worker; rows of unconfigured channels are kept (warned once). */
  private async channelsToRun(): Promise<string[]> {
    const ids: string[] = [];
    for (const id of await this.deps.store.channelsWithWork()) {
      const w = this.workers.get(id);
      if (w && !w.stopped) {
        if (this.holds(id)) ids.push(id);
      } else if (!w && !this.unconfigured.has(id)) {
        this.unconfigured.add(id);
        this.log.warn(
          { channel: id, pending: await this.deps.store.countPending(id) },
          `channel ${id} has undelivered alerts but is not configured (or disabled): they are kept`,
        );
      }
    }
    return ids;
  }

  private runInBackground(id: string): void {
    const worker = this.workers.get(id);
    if (!worker || this.deps.held?.() || !this.holds(id)) return;
    worker.run().then(
      (r) => this.schedule(id, r.wakeAt),
      (err: unknown) => {
        this.failed(err, `channel ${id}: delivery`);
        this.schedule(id, this.deps.clock.now() + 5_000);
      },
    );
  }

  /** One timer per channel, for its next due time (a backoff ends, the pace allows). */
  private schedule(id: string, wakeAt: number | null): void {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    if (wakeAt === null || !this.started || this.stopping || !this.workers.has(id)) return;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, wakeAt - this.deps.clock.now()));
    const t = setTimeout(() => {
      this.timers.delete(id);
      this.runInBackground(id);
    }, delay);
    t.unref();
    this.timers.set(id, t);
  }
}
