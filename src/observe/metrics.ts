// Prometheus metrics (prom-client), on a registry of our own (not the global one),
// so several services in one process (tests) never collide.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Clock } from '../core/types.js';
import type { SenderEvent } from '../deliver/index.js';
import type { PipelineMetrics } from '../pipeline/metrics.js';
import type { OutboxCounts } from '../state/interfaces.js';

export class Metrics implements PipelineMetrics {
  readonly registry = new Registry();
  private readonly polls = new Counter({
    name: 'newswatch_polls_total',
    help: 'Feed polls by feed and result (updated, not-modified, or a failure kind)',
    labelNames: ['feed', 'result'],
    registers: [this.registry],
  });
  private readonly fetchResults = new Counter({
    name: 'newswatch_fetch_results_total',
    help: 'Poll results by kind, all feeds together',
    labelNames: ['kind'],
    registers: [this.registry],
  });
  private readonly pollDuration = new Histogram({
    name: 'newswatch_poll_duration_seconds',
    help: 'Time to poll one feed (fetch, parse, match, commit)',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly items = new Counter({
    name: 'newswatch_items_seen_total',
    help: 'New items seen, by feed',
    labelNames: ['feed'],
    registers: [this.registry],
  });
  private readonly matches = new Counter({
    name: 'newswatch_matches_total',
    help: 'Items matching a watched entity, by watchlist and entity',
    labelNames: ['watchlist', 'entity'],
    registers: [this.registry],
  });
  private readonly sent = new Counter({
    name: 'newswatch_alerts_sent_total',
    help: 'Messages confirmed by the sink, by channel',
    labelNames: ['channel'],
    registers: [this.registry],
  });
  private readonly failed = new Counter({
    name: 'newswatch_alerts_failed_total',
    help: 'Failed delivery attempts, by channel and whether they will be retried',
    labelNames: ['channel', 'retry'],
    registers: [this.registry],
  });

  private readonly takeovers = new Counter({
    name: 'newswatch_lease_takeovers_total',
    help: 'Leases this instance took from an instance that stopped answering, by kind (feed, channel)',
    labelNames: ['kind'],
    registers: [this.registry],
  });
  private readonly losses = new Counter({
    name: 'newswatch_lease_losses_total',
    help: 'Channel leases this instance lost (not renewed in time: another instance may hold them now)',
    labelNames: ['kind'],
    registers: [this.registry],
  });
  private readonly channelsHeld = new Gauge({
    name: 'newswatch_channels_held',
    help: 'Channels this instance drains now (PostgreSQL state: the others are drained by other instances)',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'newswatch_' });
  }

  poll(feedId: string, result: string, durationMs: number): void {
    this.polls.inc({ feed: feedId, result });
    this.fetchResults.inc({ kind: result });
    this.pollDuration.observe(durationMs / 1000);
  }

  itemsSeen(feedId: string, count: number): void {
    if (count > 0) this.items.inc({ feed: feedId }, count);
  }

  match(watchlist: string, entity: string): void {
    this.matches.inc({ watchlist, entity });
  }

  leaseTakeover(kind: 'feed' | 'channel'): void {
    this.takeovers.inc({ kind });
  }

  leaseLost(kind: 'feed' | 'channel', count = 1): void {
    this.losses.inc({ kind }, count);
  }

  heldChannels(count: number): void {
    this.channelsHeld.set(count);
  }

  senderEvent(e: SenderEvent): void {
    if (e.type === 'sent') this.sent.inc({ channel: e.channelId }, e.count ?? 1);
    else if (e.type === 'failed') this.failed.inc({ channel: e.channelId, retry: String(e.retry) });
  }

  /** Pending counts and outbox age are read from the store when /metrics is scraped. */
  observeOutbox(counts: () => OutboxCounts[] | Promise<OutboxCounts[]>, clock: Clock): void {
    const read = () => counts();
    new Gauge({
      name: 'newswatch_alerts_pending',
      help: 'Messages waiting in the outbox, by channel',
      labelNames: ['channel'],
      registers: [this.registry],
      async collect() {
        const counts = await read();
        this.reset();
        for (const c of counts) this.set({ channel: c.channelId }, c.pending);
      },
    });
    new Gauge({
      name: 'newswatch_outbox_oldest_age_seconds',
      help: 'Age of the oldest pending message, by channel (0 when none)',
      labelNames: ['channel'],
      registers: [this.registry],
      async collect() {
        const counts = await read();
        this.reset();
        const now = clock.now();
        for (const c of counts)
          this.set({ channel: c.channelId }, c.oldestPendingAt ? (now - c.oldestPendingAt) / 1000 : 0);
      },
    });
  }
}
