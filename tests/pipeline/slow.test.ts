// A server that hangs: its feed times out (a recorded failure) and the other feeds of
// the same poll finish without waiting for it. Real Scheduler and Pool, real fetches.
// The order of events is asserted, not durations: the timeout (3 s) only has to be far
// longer than a local fetch.
import { afterEach, describe, expect, it } from 'vitest';
import type { FeedConfig } from '../../src/config/schema.js';
import type { PollOutcome } from '../../src/pipeline/poll-feed.js';
import { Scheduler } from '../../src/scheduler/index.js';
import { Pool } from '../../src/scheduler/pool.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { rss } from '../helpers/rss.js';
import { startHarness, WATCHLISTS, type Harness } from './harness.js';

const feedBody = {
  body: rss('Quick Wire', [{ guid: 'q-1', title: 'Bus service resumes between Kabul and Mazar' }]),
  headers: { 'content-type': 'application/rss+xml' },
};

let h: Harness | undefined;
let other: FeedServer | undefined;
afterEach(async () => {
  await h?.close();
  await other?.close();
  h = undefined;
  other = undefined;
});

/** A scheduler over the harness's pipeline that records the order polls finish in. */
function scheduler(
  harness: Harness,
  events: string[],
  outcomes: Map<string, PollOutcome>,
  onDone?: (id: string) => void,
): Scheduler {
  const { config } = harness.loaded;
  return new Scheduler({
    pool: new Pool(config.fetch.concurrency, config.fetch.perHost),
    timezone: config.timezone,
    clock: harness.clock,
    log: harness.deps.log,
    poll: async (feed: FeedConfig) => {
      events.push(`start ${feed.id}`);
      outcomes.set(feed.id, await harness.poll(feed.id));
      events.push(`done ${feed.id}`);
      onDone?.(feed.id);
    },
    notBefore: (id) => harness.store.poll.feedState(id)?.nextPollAt ?? null,
    urlOf: (feed) => harness.store.poll.feedState(feed.id)?.fetchUrl ?? feed.url,
  });
}

describe('a hanging server', () => {
  it('times out its feed without delaying the other feeds of the same poll', async () => {
    h = await startHarness({
      yaml: (origin) => `fetch: { timeout: 3s }
feeds:
  - { id: stuck, url: "${origin}/stuck.xml" }
  - { id: quick, url: "${origin}/quick.xml" }
${WATCHLISTS}`,
    });
    const harness = h;
    h.server.route('/stuck.xml', { hang: true });
    h.server.route('/quick.xml', feedBody);
    const events: string[] = [];
    const outcomes = new Map<string, PollOutcome>();
    let stuckWhenQuickDone: unknown = 'not recorded';
    const s = scheduler(h, events, outcomes, (id) => {
      if (id === 'quick') stuckWhenQuickDone = harness.store.poll.feedState('stuck')?.lastPollAt;
    });

    await s.offer(h.loaded.config.feeds, true);
    s.stop();

    // Both started together; the quick one finished while the stuck one was still waiting.
    expect(events).toEqual(['start stuck', 'start quick', 'done quick', 'done stuck']);
    expect(stuckWhenQuickDone).toBeNull();
    expect(outcomes.get('quick')).toMatchObject({ kind: 'updated', items: 1 });
    expect(outcomes.get('stuck')).toMatchObject({ kind: 'failed', errorKind: 'timeout' });
    expect(h.state('stuck').lastError).toMatch(/timed out after 3000 ms/);
    expect(h.server.requests.find((r) => r.path === '/stuck.xml')?.completed).toBe(false);
  });

  it("two hanging feeds on one host fill only that host's slots: a feed on another host is not held up", async () => {
    other = await startFeedServer();
    other.route('/quick.xml', feedBody);
    const otherOrigin = other.origin;
    h = await startHarness({
      yaml: (origin) => `fetch: { timeout: 3s, perHost: 2, concurrency: 4 }
feeds:
  - { id: stuck-1, url: "${origin}/stuck-1.xml" }
  - { id: stuck-2, url: "${origin}/stuck-2.xml" }
  - { id: stuck-3, url: "${origin}/stuck-3.xml" }
  - { id: elsewhere, url: "${otherOrigin}/quick.xml" }
${WATCHLISTS}`,
    });
    for (const n of [1, 2, 3]) h.server.route(`/stuck-${n}.xml`, { hang: true });
    const events: string[] = [];
    const outcomes = new Map<string, PollOutcome>();
    const s = scheduler(h, events, outcomes);
    await s.offer(h.loaded.config.feeds, true);
    s.stop();

    // The third feed of the hanging host waits for a slot of its host; the other host's feed does not.
    expect(events.slice(0, 4)).toEqual(['start stuck-1', 'start stuck-2', 'start elsewhere', 'done elsewhere']);
    expect(events.indexOf('start stuck-3')).toBeGreaterThan(events.indexOf('done stuck-1'));
    for (const id of ['stuck-1', 'stuck-2', 'stuck-3'])
      expect(outcomes.get(id)).toMatchObject({ kind: 'failed', errorKind: 'timeout' });
    expect(outcomes.get('elsewhere')).toMatchObject({ kind: 'updated' });
  });
});
