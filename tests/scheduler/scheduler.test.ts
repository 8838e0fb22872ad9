// The scheduler and its pool, without the network: a poll that throws is logged and the
// service goes on; a feed is never polled twice at once; per-host and overall caps hold.
import { describe, expect, it } from 'vitest';
import type { FeedConfig } from '../../src/config/schema.js';
import { silentLogger } from '../../src/observe/log.js';
import { Scheduler } from '../../src/scheduler/index.js';
import { Pool } from '../../src/scheduler/pool.js';

const feed = (id: string, host = 'a.example.org'): FeedConfig => ({
  id,
  url: `https://${host}/${id}.xml`,
  schedule: '0 0 1 1 *',
  alertOnFirstPoll: false,
});

function scheduler(poll: (f: FeedConfig) => Promise<void>, pool = new Pool(4, 2)) {
  const errors: string[] = [];
  const log = Object.assign(Object.create(silentLogger) as typeof silentLogger, {
    error: (_o: unknown, msg: string) => void errors.push(msg),
  });
  const s = new Scheduler({
    pool,
    timezone: 'UTC',
    clock: { now: () => 0 },
    log,
    poll,
    notBefore: () => null,
    urlOf: (f) => f.url,
  });
  return { s, errors };
}

describe('scheduler', () => {
  it('logs a poll that throws and still polls the other feeds', async () => {
    const polled: string[] = [];
    const { s, errors } = scheduler(async (f) => {
      if (f.id === 'bad') throw new Error('boom in a parser');
      polled.push(f.id);
    });
    await s.offer([feed('bad'), feed('good1'), feed('good2')]);
    expect(polled.sort()).toEqual(['good1', 'good2']);
    expect(errors).toEqual(['poll of bad crashed: boom in a parser']);
    // The failed feed is not stuck "busy": it is offered again next time.
    await s.offer([feed('bad')]);
    expect(errors).toHaveLength(2);
    s.stop();
  });

  it('never polls a feed twice at once', async () => {
    let running = 0;
    let most = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { s } = scheduler(async () => {
      running++;
      most = Math.max(most, running);
      await gate;
      running--;
    });
    const first = s.offer([feed('x')]);
    await s.offer([feed('x')]); // skipped: still running
    release();
    await first;
    expect(most).toBe(1);
    s.stop();
  });

  it('keeps to the per-host and overall caps', async () => {
    const active = new Map<string, number>();
    let total = 0;
    let mostTotal = 0;
    let mostPerHost = 0;
    const { s } = scheduler(
      async (f) => {
        const host = new URL(f.url).host;
        active.set(host, (active.get(host) ?? 0) + 1);
        total++;
        mostTotal = Math.max(mostTotal, total);
        mostPerHost = Math.max(mostPerHost, ...active.values());
        await new Promise((r) => setTimeout(r, 5));
        active.set(host, (active.get(host) ?? 1) - 1);
        total--;
      },
      new Pool(3, 2),
    );
    const feeds = Array.from({ length: 12 }, (_, i) => feed(`f${i}`, `h${i % 3}.example.org`));
    await s.offer(feeds);
    expect(mostPerHost).toBeLessThanOrEqual(2);
    expect(mostTotal).toBeLessThanOrEqual(3);
    expect(mostTotal).toBeGreaterThan(1);
    s.stop();
  });
});
