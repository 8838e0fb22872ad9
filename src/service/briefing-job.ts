// Evaluates the channels' daily briefings on a timer (every CHECK_MS) and once at start:
// a firing is queued when its time has come (or, after a restart, if it is less than
// LATE_MS late), never twice (the store keys it by channel and firing).
import type { Logger } from 'pino';
import { queueDueBriefings } from '../briefing/index.js';
import type { Config } from '../config/schema.js';
import type { Clock } from '../core/types.js';
import type { BriefingStore } from '../state/interfaces.js';

/** How often the schedules are looked at: a briefing leaves at most this long after its time. */
export const CHECK_MS = 20_000;

export class BriefingJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly deps: {
      /** Where firings are keyed and queued. */
      store: BriefingStore;
      config: () => Config;
      clock: Clock;
      log: Logger;
      /** True while the state file cannot be written: nothing is queued. */
      held: () => boolean;
      /** A briefing was queued: wake the sender. */
      queued: () => void;
      onError: (err: unknown, context: string) => void;
    },
  ) {}

  /** Runs even without a briefing in the config: a reload may add one. */
  start(): void {
    void this.run();
    this.timer = setInterval(() => void this.run(), CHECK_MS);
    this.timer.unref();
  }

  /** One evaluation (one at a time); never rejects. */
  run(): Promise<void> {
    this.running ??= this.evaluate().finally(() => (this.running = null));
    return this.running;
  }

  private async evaluate(): Promise<void> {
    if (this.deps.held()) return;
    const config = this.deps.config();
    if (!config.channels.some((c) => c.briefing)) return;
    const store = this.deps.store;
    try {
      const queued = await queueDueBriefings({ config, store, now: this.deps.clock.now() }, (err, channelId) =>
        this.deps.onError(err, `briefing of channel ${channelId}`),
      );
      for (const channelId of queued)
        this.deps.log.info({ channel: channelId }, `briefing queued for channel ${channelId}`);
      if (queued.length > 0) this.deps.queued();
    } catch (err) {
      this.deps.onError(err, 'briefings');
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
