// A sender wired to the fake Discord API with the real discord.js client, an in-memory
// outbox and a clock the test moves.
import { Writable } from 'node:stream';
import type { ChannelConfig } from '../../src/config/schema.js';
import { createSinks, Sender, type SenderEvent } from '../../src/deliver/index.js';
import type { DiscordDeps } from '../../src/deliver/sinks/discord-rest.js';
import { startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';
import { MemoryOutbox } from '../helpers/memory-outbox.js';
import { captureLog, HTTP, ManualClock } from './fixtures.js';

export interface Harness {
  fake: FakeDiscord;
  store: MemoryOutbox;
  clock: ManualClock;
  sender: Sender;
  events: SenderEvent[];
  logLines: string[];
  sinksFor(channels: ChannelConfig[]): ReturnType<typeof createSinks>;
  /** drainOnce, then move the clock to the earliest due row (what the background timers do). */
  cycle(): Promise<void>;
  /** Cycles until every row is sent (or `maxCycles`); returns the number of cycles. */
  untilDelivered(maxCycles?: number): Promise<number>;
  close(): Promise<void>;
}

export const out = new Writable({ write: (_c, _e, cb) => cb() });

export async function harness(
  channels: ChannelConfig[],
  opts: { discord?: Partial<DiscordDeps>; withToken?: boolean } = {},
): Promise<Harness> {
  const clock = new ManualClock();
  const fake = await startFakeDiscord({ now: clock.now });
  const store = new MemoryOutbox();
  const { log, lines } = captureLog();
  const events: SenderEvent[] = [];
  const sinksFor = (chs: ChannelConfig[]) =>
    createSinks(chs, {
      discord: {
        ...(opts.withToken === false ? {} : { token: fake.token }),
        api: fake.api,
        timeoutMs: 1000,
        maxRateLimitWaitMs: 200,
        ...opts.discord,
      },
      http: HTTP,
      out,
    });
  const sender = new Sender({
    store,
    sinks: sinksFor(channels),
    channels,
    clock,
    log,
    random: () => 0.5,
    onEvent: (e) => events.push(e),
  });

  const cycle = async () => {
    await sender.drainOnce();
    const heads = store
      .channelsWithWork()
      .map((ch) => store.pending(ch, 1)[0]?.nextAttemptAt ?? Number.POSITIVE_INFINITY);
    const next = Math.min(...heads);
    if (Number.isFinite(next) && next > clock.t) clock.t = next;
  };

  return {
    fake,
    store,
    clock,
    sender,
    events,
    logLines: lines,
    sinksFor,
    cycle,
    async untilDelivered(maxCycles = 300) {
      for (let i = 1; i <= maxCycles; i++) {
        await cycle();
        if (store.rows().every((r) => r.status === 'sent')) return i;
        // discord.js keeps rate-limit buckets on the real clock: give a rejected bucket time to reset.
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`not delivered after ${maxCycles} cycles: ${JSON.stringify(store.counts())}`);
    },
    async close() {
      await sender.stop(1000);
      await fake.close();
    },
  };
}
