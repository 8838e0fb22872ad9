// A sender wired to the chat sinks (Slack, Telegram, Matrix) built by createSinks from
// channel configs, with an in-memory outbox and a clock the test moves. The fake API
// servers are the test's own (tests/helpers/fake-*.ts).
import type { ChannelConfig } from '../../src/config/schema.js';
import { createSinks, Sender, type SenderEvent, type Sink } from '../../src/deliver/index.js';
import { MemoryOutbox } from '../helpers/memory-outbox.js';
import { captureLog, type ManualClock } from './fixtures.js';
import { out } from './harness.js';

export interface ChatHarness {
  store: MemoryOutbox;
  sender: Sender;
  sinks: Map<string, Sink>;
  events: SenderEvent[];
  logLines: string[];
  /** drainOnce, then move the clock to the earliest due row (what the background timers do). */
  cycle(): Promise<void>;
  untilDelivered(maxCycles?: number): Promise<number>;
  close(): Promise<void>;
}

export function chatHarness(channels: ChannelConfig[], clock: ManualClock): ChatHarness {
  const store = new MemoryOutbox();
  const { log, lines } = captureLog();
  const events: SenderEvent[] = [];
  const sinks = createSinks(channels, {
    discord: { timeoutMs: 1000, lookupLimit: 50 },
    out,
    http: { userAgent: 'newswatch-test', timeoutMs: 1000 },
  });
  const sender = new Sender({ store, sinks, channels, clock, log, random: () => 0.5, onEvent: (e) => events.push(e) });
  const cycle = async () => {
    await sender.drainOnce();
    const heads = store
      .channelsWithWork()
      .map((ch) => store.pending(ch, 1)[0]?.nextAttemptAt ?? Number.POSITIVE_INFINITY);
    const next = Math.min(...heads);
    if (Number.isFinite(next) && next > clock.t) clock.t = next;
  };
  return {
    store,
    sender,
    sinks,
    events,
    logLines: lines,
    cycle,
    async untilDelivered(maxCycles = 50) {
      for (let i = 1; i <= maxCycles; i++) {
        await cycle();
        if (store.rows().every((r) => r.status === 'sent')) return i;
      }
      throw new Error(`not delivered after ${maxCycles} cycles: ${JSON.stringify(store.counts())}`);
    },
    async close() {
      await sender.stop(1000);
      for (const s of sinks.values()) s.close?.();
    },
  };
}
