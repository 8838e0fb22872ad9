// In-process pipeline harness: the real config loader, SQLite store, fetchFeed,
// parseFeed and matcher against a local feed server, with a clock the test moves.
// Its deps are built by the service's own pipelineDeps (src/pipeline/deps.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { parseConfig, type LoadedConfig } from '../../src/config/load.js';
import type { FeedConfig } from '../../src/config/schema.js';
import type { Clock, DeliveryPayload } from '../../src/core/types.js';
import { noMetrics } from '../../src/pipeline/metrics.js';
import { pipelineDeps } from '../../src/pipeline/deps.js';
import { pollFeed, type PipelineDeps, type PollOutcome } from '../../src/pipeline/poll-feed.js';
import { fetchOptionsOf } from '../../src/service/runtime.js';
import type { FeedState } from '../../src/state/interfaces.js';
import { Store } from '../../src/state/store.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';

/** A clock that moves only when told to. Starts at a fixed, realistic time. */
export class TestClock implements Clock {
  constructor(public t = Date.parse('2026-03-02T10:00:00Z')) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
  /** Move to `at` (e.g. a feed's nextPollAt), never backwards. */
  to(at: number | null): void {
    if (at !== null && at > this.t) this.t = at;
  }
}

export interface LogLine {
  level: number;
  msg: string;
  feed?: string;
  [key: string]: unknown;
}

export const WARN = 40;

/** The watchlists every pipeline test uses (YAML). */
export const WATCHLISTS = `watchlists:
  - id: groups
    entities:
      - id: iskp
        name: Islamic State Khorasan Province
        aliases: [Islamic State Khorasan, ISIS-K]
        caseSensitive: [ISKP]
      - id: ttp
        name: Tehrik-i-Taliban Pakistan
        caseSensitive: [TTP]
  - id: officials
    entities:
      - id: envoy
        name: Thomas West
`;

export interface Harness {
  server: FeedServer;
  store: Store;
  clock: TestClock;
  logs: LogLine[];
  loaded: LoadedConfig;
  dir: string;
  deps: PipelineDeps;
  feed(id: string): FeedConfig;
  /** One poll of one feed, at the clock's time. */
  poll(id: string): Promise<PollOutcome>;
  state(id: string): FeedState;
  /** Pending outbox payloads of a channel, oldest first. */
  pending(channelId: string): DeliveryPayload[];
  /** Outbox rows of every channel: [channelId, payload kind]. */
  outbox(): { channelId: string; kind: string }[];
  /** Logged lines at warn level or above, for a feed. */
  warnings(feedId: string): string[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** The config's YAML, given the server's origin (write feeds with `${origin}/path`). */
  yaml: (origin: string) => string;
  /** Extra files in the config's folder (e.g. an OPML export). */
  files?: (origin: string) => Record<string, string>;
  env?: Record<string, string>;
}

export async function startHarness(opts: HarnessOptions): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'nw-pipeline-'));
  const server = await startFeedServer();
  for (const [name, text] of Object.entries(opts.files?.(server.origin) ?? {})) writeFileSync(join(dir, name), text);
  const file = join(dir, 'newswatch.yaml');
  const yaml = `state: ./state.db\n${opts.yaml(server.origin)}`;
  writeFileSync(file, yaml);
  const loaded = parseConfig(yaml, file, opts.env ?? {});
  const { config } = loaded;
  const store = Store.open(config.state);
  const clock = new TestClock();
  const logs: LogLine[] = [];
  const log = pino({ level: 'debug' }, { write: (s: string) => void logs.push(JSON.parse(s) as LogLine) });
  const deps = pipelineDeps({
    store: store.poll,
    runtime: { config, matcher: loaded.matcher, fetchOptions: fetchOptionsOf(config) },
    clock,
    log,
    metrics: noMetrics,
    // No jitter: the backoff is exactly the documented base.
    random: () => 0.5,
  });
  const feed = (id: string) => {
    const f = config.feeds.find((x) => x.id === id);
    if (!f) throw new Error(`no feed ${id} in the test config`);
    return f;
  };
  return {
    server,
    store,
    clock,
    logs,
    loaded,
    dir,
    deps,
    feed,
    poll: (id) => pollFeed(feed(id), deps),
    state: (id) => store.poll.ensureFeed(id, feed(id).url),
    pending: (channelId) => store.outbox.pending(channelId, 1000).map((r) => r.payload),
    outbox: () =>
      store.outbox
        .channelsWithWork()
        .flatMap((c) => store.outbox.pending(c, 1000).map((r) => ({ channelId: c, kind: r.payload.kind }))),
    warnings: (feedId) => logs.filter((l) => l.level >= WARN && l.feed === feedId).map((l) => l.msg),
    async close() {
      store.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
