// Cron expressions → due feeds → the pool. One node-cron task per distinct schedule
// (not one per feed), created with noOverlap. Invariant: a feed is never polled twice
// at once — a tick skips feeds still queued or in flight (`busy`).
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { FeedConfig } from '../config/schema.js';
import { nextFiring, previousFiring } from '../core/cron.js';
import type { Clock } from '../core/types.js';
import { hostOf } from '../core/url.js';
import type { Pool } from './pool.js';

export interface SchedulerDeps {
  pool: Pool;
  timezone: string;
  clock: Clock;
  log: Logger;
  /** Poll one feed; must not throw (errors are recorded by the pipeline). */
  poll: (feed: FeedConfig) => Promise<void>;
  /** The earliest time a feed may be polled again (backoff, server hints), or null. */
  notBefore: (feedId: string) => number | null;
  /** The URL the feed is fetched from now (for the per-host cap). */
  urlOf: (feed: FeedConfig) => string;
  /**
   * Several instances on one database: take the feed's poll for the schedule window that
   * began at `window` (its last firing); false when another instance polls it now or did
   * in this window. `release` is called when the poll ended. Absent: this process is alone.
   */
  claim?: (feed: FeedConfig, window: number, force: boolean) => Promise<boolean>;
  release?: (feed: FeedConfig) => Promise<void>;
}

export class Scheduler {
  private feeds: FeedConfig[] = [];
  private readonly tasks = new Map<string, ScheduledTask>();
  private readonly busy = new Set<string>();
  /** Each schedule's current window [start, end) (see windowOf). */
  private readonly windows = new Map<string, { start: number; end: number }>();
  private started = false;
  private stopped = false;

  constructor(private readonly deps: SchedulerDeps) {}

  /** Install the feeds and their schedules; the first poll of every feed starts at once. */
  start(feeds: FeedConfig[]): void {
    this.update(feeds);
    this.started = true;
    void this.offer(this.feeds);
  }

  /** Live reload: new schedules start, unused ones stop; feeds removed are no longer offered. */
  update(feeds: FeedConfig[]): void {
    const added = feeds.filter((f) => !this.feeds.some((o) => o.id === f.id));
    this.feeds = feeds;
    const wanted = new Set(feeds.map((f) => f.schedule));
    for (const [expr, task] of this.tasks) {
      if (!wanted.has(expr)) {
        void task.stop();
        this.tasks.delete(expr);
      }
    }
    for (const expr of wanted) {
      if (this.tasks.has(expr)) continue;
      // Not offer()'s promise: with noOverlap, node-cron would hold every feed of this
      // schedule back until the slowest poll ends; `busy` already keeps a feed from
      // overlapping itself, and noOverlap keeps two ticks' offers from interleaving.
      const task = cron.schedule(expr, () => void this.offer(this.feeds.filter((f) => f.schedule === expr)), {
        name: `poll ${expr}`,
        timezone: this.deps.timezone,
        noOverlap: true,
      });
      this.tasks.set(expr, task);
    }
    // Feeds added by a live reload get their first poll now, not at their next tick.
    if (this.started && added.length) void this.offer(added);
  }

  /** Offer feeds to the pool now; resolves when the offered polls finished. */
  async offer(feeds: FeedConfig[], force = false): Promise<void> {
    if (this.stopped) return;
    const now = this.deps.clock.now();
    const runs: Promise<void>[] = [];
    for (const feed of feeds) {
      if (this.busy.has(feed.id)) {
        this.deps.log.debug({ feed: feed.id }, 'poll skipped: previous poll still running');
        continue;
      }
      const notBefore = force ? null : this.deps.notBefore(feed.id);
      if (notBefore !== null && notBefore > now) continue;
      this.busy.add(feed.id);
      runs.push(
        this.deps.pool.run(hostOf(this.deps.urlOf(feed)), async () => {
          let claimed = false;
          try {
            if (this.stopped) return;
            if (this.deps.claim) {
              // The window the poll starts in (not the one it was offered in: a poll queued past
              // its window's end belongs to the next one, which then is not polled again).
              const w = this.windowOf(feed.schedule);
              // Too close to the window's end, its request could reach the site in the next
              // window, beside the poll another instance starts there: left to that one.
              if (!force && w.end - this.deps.clock.now() < Math.min(1_000, (w.end - w.start) / 3)) return;
              claimed = await this.deps.claim(feed, w.start, force);
              if (!claimed) return;
            }
            await this.deps.poll(feed);
          } catch (err) {
            this.deps.log.error({ feed: feed.id, err }, `poll of ${feed.id} crashed: ${(err as Error).message}`);
          } finally {
            if (claimed) await this.deps.release?.(feed).catch(() => {}); // the lease ends by itself
            this.busy.delete(feed.id);
          }
        }),
      );
    }
    await Promise.all(runs);
  }

  /**
   * The schedule window containing now: from its last firing to its next, as every
   * instance with the same schedule computes it. Cached until the next firing.
   */
  private windowOf(expr: string): { start: number; end: number } {
    const now = this.deps.clock.now();
    const cached = this.windows.get(expr);
    if (cached && now >= cached.start && now < cached.end) return cached;
    const w = {
      start: previousFiring(expr, now, this.deps.timezone) ?? now,
      end: nextFiring(expr, now, this.deps.timezone) ?? now + 86_400_000,
    };
    this.windows.set(expr, w);
    return w;
  }

  /** Stop offering polls; queued ones are dropped, running ones finish (await `pool.idle()`). */
  stop(): void {
    this.stopped = true;
    for (const task of this.tasks.values()) void task.stop();
    this.tasks.clear();
    this.deps.pool.clear();
  }

  get running(): boolean {
    return !this.stopped && this.tasks.size > 0;
  }
}
