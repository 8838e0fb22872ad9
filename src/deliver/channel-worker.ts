// Drains one channel's outbox rows, strictly in outbox order. Invariants:
//  - at most one request of a channel is in flight (run() coalesces callers);
//  - the head blocks the channel: a failing head is retried (backoff) before anything
//    behind it, but never blocks another channel (each channel has its own worker);
//  - markAttempt is written before a request leaves and markSent only after the sink
//    confirmed it; a failed attempt leaves the rows pending (markRetry);
//  - a permanent error stops this channel only, keeping its rows, until update()/restart;
//  - edits of sent messages ("also reported by", ./edits.ts) share the channel's pace.
import type { Logger } from 'pino';
import type { ChannelConfig } from '../config/schema.js';
import { channelTarget } from '../core/channel-target.js';
import type { Clock } from '../core/types.js';
import type { OutboxRow, OutboxStore, PendingEdit } from '../state/interfaces.js';
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import { batchPayload, nextBatch } from './batch.js';
import { ChannelEdits } from './edits.js';
import { DIGEST_MAX_ALERTS } from './limits.js';
import { Pacer } from './pacer.js';
import type { SendOutcome, SenderEvent, Sink } from './types.js';

export interface WorkerDeps {
  store: OutboxStore;
  clock: Clock;
  log: Logger;
  random: () => number;
  backoff: BackoffPolicy;
  emit(e: SenderEvent): void;
  /** The sender is stopping: take no new work. */
  stopping(): boolean;
  /** May this process send on the channel now (several instances: it holds the channel's lease)? */
  holds(channelId: string): boolean;
}

export interface RunResult {
  /** When there may be work again (null: idle, or stopped). */
  wakeAt: number | null;
  progressed: boolean;
}

type Step = { progressed: true } | { progressed: false; wakeAt: number | null };
type Failure = Extract<SendOutcome, { ok: false }>;

export class ChannelWorker {
  /** Several instances: this worker was started for a lease this process holds (see Sender.leasesChanged). */
  leased = false;
  private stoppedBy: Failure | null = null;
  private retired = false;
  private readonly pacer: Pacer;
  private sentInBurst = 0;
  /** Rows of the last batch attempted (head first) that is not confirmed yet. */
  private lastAttempt: number[] | null = null;
  private readonly edits: ChannelEdits;
  private current: Promise<RunResult> | null = null;
  private again = false;
  /** Settles once the pace is seeded from the outbox. */
  private readonly seeded: Promise<void>;

  constructor(
    private config: ChannelConfig,
    private sink: Sink,
    private readonly deps: WorkerDeps,
  ) {
    this.pacer = new Pacer(config.perMinute);
    this.seeded = this.seedPace();
    this.edits = new ChannelEdits(config.id, deps);
  }

  /** Seed the pace from the outbox (a store may answer later: the first run waits for it). Never rejects. */
  private async seedPace(): Promise<void> {
    const { store, clock, log } = this.deps;
    try {
      this.pacer.seed(await store.recentSends(this.config.id, clock.now() - this.pacer.windowMs));
    } catch (err) {
      // An unreadable outbox fails the first send too, which is where it is reported;
      // a worker built during a config reload must not throw through the reload.
      const msg = `channel ${this.config.id}: cannot read its recent sends, pacing starts empty: ${(err as Error).message}`;
      log.warn({ channel: this.config.id, err }, msg);
    }
  }

  get id(): string {
    return this.config.id;
  }

  get stopped(): boolean {
    return this.stoppedBy !== null;
  }

  get inFlight(): Promise<RunResult> | null {
    return this.current;
  }

  /** New config and sink (a reload). A stopped channel is resumed: the user may have fixed it. */
  reconfigure(config: ChannelConfig, sink: Sink): void {
    this.config = config;
    this.sink = sink;
    this.pacer.setRate(config.perMinute);
    if (this.stoppedBy) {
      this.stoppedBy = null;
      this.deps.log.info({ channel: this.id }, `channel ${this.id}: resumed after a config reload`);
      this.deps.emit({ type: 'resumed', channelId: this.id });
    }
  }

  /** The channel left the config: finish the request in flight, take nothing new. */
  retire(): void {
    this.retired = true;
  }

  /** Sends whatever is due; concurrent callers share one drain (and one more pass if asked during it). */
  run(): Promise<RunResult> {
    if (this.current) {
      this.again = true;
      return this.current;
    }
    this.current = (async () => {
      await this.seeded;
      let progressed = false;
      let wakeAt: number | null = null;
      do {
        this.again = false;
        const r = await this.drain();
        progressed ||= r.progressed;
        wakeAt = r.wakeAt;
      } while (this.again && this.active());
      return { wakeAt, progressed };
    })().finally(() => {
      this.current = null;
    });
    return this.current;
  }

  private active(): boolean {
    return !this.stoppedBy && !this.retired && !this.deps.stopping() && this.deps.holds(this.id);
  }

  private async drain(): Promise<RunResult> {
    let progressed = false;
    while (this.active()) {
      const step = await this.step();
      if (!step.progressed) return { wakeAt: this.active() ? step.wakeAt : null, progressed };
      progressed = true;
    }
    return { wakeAt: null, progressed };
  }

  private async step(): Promise<Step> {
    const { store, clock } = this.deps;
    const now = clock.now();
    const paceAt = this.pacer.nextAt();
    const edits = await this.edits.list(now);
    const editAt = edits.map((e) => e.at);
    const dueEdit = edits.find((e) => e.at <= now);
    if (dueEdit && paceAt <= now) return this.applyEdit(dueEdit.edit);
    const rows = await store.pending(this.id, DIGEST_MAX_ALERTS + 1);
    const head = rows[0];
    if (head && head.nextAttemptAt <= now && paceAt <= now) return this.send(rows);
    const times = head ? [...editAt, head.nextAttemptAt] : editAt;
    return { progressed: false, wakeAt: times.length === 0 ? null : Math.max(Math.min(...times), paceAt) };
  }

  private async send(rows: OutboxRow[]): Promise<Step> {
    const { store, clock } = this.deps;
    const count = await store.countPending(this.id);
    const batch = nextBatch(rows, {
      count,
      digestAfter: this.config.digestAfter,
      sentInBurst: this.sentInBurst,
      lastAttempt: this.lastAttempt ?? undefined,
    });
    const head = batch[0] as OutboxRow;
    const ids = batch.map((r) => r.id);
    const uncertain = head.attemptStartedAt !== null || this.lastAttempt?.[0] === head.id;
    const payload = batchPayload(batch);
    const startedAt = clock.now();
    for (const id of ids) await store.markAttempt(id, startedAt);
    this.lastAttempt = ids;
    const outcome = await this.call(() => this.sink.post(payload, { nonce: head.nonce, uncertain }));
    const now = clock.now();
    this.pacer.record(now);
    if (outcome.ok) {
      await store.markSent(ids, outcome.messageId, now);
      this.lastAttempt = null;
      // A burst: the first `digestAfter` alerts go one by one, the rest in digests, until the backlog is small again.
      if (batch.length === 1)
        this.sentInBurst = this.config.digestAfter > 0 && count > this.config.digestAfter ? this.sentInBurst + 1 : 0;
      this.deps.emit({
        type: 'sent',
        channelId: this.id,
        kind: payload.kind,
        count: ids.length,
        messageId: outcome.messageId,
      });
      this.deps.log.debug(
        { channel: this.id, rows: ids, messageId: outcome.messageId },
        `channel ${this.id}: delivered ${payload.kind}`,
      );
      return { progressed: true };
    }
    if (outcome.retry) {
      const delay = backoffDelay(head.attempts + 1, this.deps.random, this.deps.backoff, outcome.retryAfterMs);
      for (const id of ids) await store.markRetry(id, outcome.error, now + delay);
      this.deps.emit({
        type: 'failed',
        channelId: this.id,
        retry: true,
        count: ids.length,
        error: outcome.error,
        delayMs: delay,
      });
      this.deps.log.warn(
        { channel: this.id, rows: ids, attempts: head.attempts + 1, retryInMs: delay, err: outcome.error },
        `channel ${this.id}: delivery failed, retrying in ${Math.round(delay / 1000)} s: ${outcome.error}`,
      );
      return { progressed: true };
    }
    for (const id of ids) await store.markRetry(id, outcome.error, now);
    this.stop(outcome, count);
    return { progressed: true };
  }

  private async applyEdit(edit: PendingEdit): Promise<Step> {
    const outcome = await this.call(() =>
      this.sink.edit(edit.messageId, edit.payload, { ref: ChannelEdits.ref(edit) }),
    );
    const now = this.deps.clock.now();
    this.pacer.record(now);
    const { stop } = await this.edits.record(edit, outcome, now);
    if (stop) this.stop(stop, await this.deps.store.countPending(this.id));
    return { progressed: true };
  }

  /** A sink never throws by contract; if one does anyway, the row is kept and retried. */
  private async call(fn: () => Promise<SendOutcome>): Promise<SendOutcome> {
    try {
      return await fn();
    } catch (err) {
      return {
        ok: false,
        retry: true,
        error: `sink ${this.sink.kind} threw: ${(err as Error)?.message ?? String(err)}`,
      };
    }
  }

  private stop(outcome: Failure, pending: number): void {
    this.stoppedBy = outcome;
    const { status, code } = outcome.retry ? { status: undefined, code: undefined } : outcome;
    this.deps.emit({ type: 'failed', channelId: this.id, retry: false, count: 1, error: outcome.error });
    this.deps.emit({ type: 'stopped', channelId: this.id, error: outcome.error, status, code });
    this.deps.log.error(
      { channel: this.id, target: channelTarget(this.config), status, code, err: outcome.error, pending },
      `channel ${this.id} STOPPED (${channelTarget(this.config)}): ${outcome.error}. ` +
        `Its ${pending} pending alert(s) are kept; fix the channel, its permissions or the token, then reload the config or restart.`,
    );
  }
}
