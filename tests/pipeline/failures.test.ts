// Failed polls through the real pipeline: backoff, Retry-After, and the failing /
// recovered notices queued for the channels that follow the feed.
import { afterEach, describe, expect, it } from 'vitest';
import type { NoticePayload } from '../../src/core/types.js';
import { Scheduler } from '../../src/scheduler/index.js';
import { Pool } from '../../src/scheduler/pool.js';
import { rss } from '../helpers/rss.js';
import { startHarness, WATCHLISTS, type Harness } from './harness.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const feedXml = rss('Recovered Wire', [{ guid: 'r-1', title: 'Power restored in Kandahar city' }]);
const okRoute = { body: feedXml, headers: { 'content-type': 'application/rss+xml' } };

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function config(failures: string, extraChannels = '') {
  return (origin: string) => `failures: ${failures}
feeds:
  - { id: down, name: Down Wire, url: "${origin}/down.xml" }
  - { id: other, url: "${origin}/other.xml" }
${WATCHLISTS}channels:
  - { id: desk, console: true }
  - { id: down-only, console: true, feeds: [down] }
  - { id: other-only, console: true, feeds: [other] }
${extraChannels}`;
}

const notices = (harness: Harness, channelId: string) =>
  harness.pending(channelId).filter((p): p is NoticePayload => p.kind === 'notice');

describe('backoff after failures', () => {
  it('doubles the pause after each failure, capped by failures.maxBackoff, and resets on success', async () => {
    h = await startHarness({ yaml: config('{ notifyAfter: 100, maxBackoff: 10m }') });
    h.server.route('/down.xml', { status: 500, body: 'down' });
    const pauses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const out = await h.poll('down');
      expect(out).toMatchObject({ kind: 'failed', errorKind: 'http-5xx' });
      const s = h.state('down');
      expect(s.consecutiveFailures).toBe(i + 1);
      pauses.push((s.nextPollAt ?? 0) - h.clock.now());
      h.clock.to(s.nextPollAt);
    }
    expect(pauses).toEqual([1, 2, 4, 8, 10, 10].map((m) => m * MIN));

    h.server.route('/down.xml', okRoute);
    expect(await h.poll('down')).toMatchObject({ kind: 'updated' });
    const ok = h.state('down');
    expect(ok).toMatchObject({
      consecutiveFailures: 0,
      failingSince: null,
      nextPollAt: null,
      lastSuccessAt: h.clock.now(),
    });

    // A new run of failures starts again from the first step.
    h.server.route('/down.xml', { status: 502, body: 'bad gateway' });
    h.clock.advance(5 * MIN);
    await h.poll('down');
    expect((h.state('down').nextPollAt ?? 0) - h.clock.now()).toBe(MIN);
  });

  it('honours Retry-After (seconds or an HTTP date) on 429 and 503 when it is longer than the backoff', async () => {
    h = await startHarness({ yaml: config('{ notifyAfter: 100, maxBackoff: 30m }') });
    h.server.route('/down.xml', { status: 429, headers: { 'retry-after': '7200' }, body: 'slow down' });
    expect(await h.poll('down')).toMatchObject({ kind: 'failed', errorKind: 'rate-limited' });
    // Two hours: longer than both the first backoff step and maxBackoff.
    expect((h.state('down').nextPollAt ?? 0) - h.clock.now()).toBe(2 * HOUR);
    expect(h.state('down').lastError).toMatch(/HTTP 429.*retry after 7200 s/);

    const date = new Date(Date.now() + 3 * HOUR).toUTCString();
    h.server.route('/down.xml', { status: 503, headers: { 'retry-after': date }, body: 'maintenance' });
    h.clock.advance(2 * HOUR);
    await h.poll('down');
    const pause = (h.state('down').nextPollAt ?? 0) - h.clock.now();
    // The date is measured against the server's clock: about three hours, whatever the test's clock says.
    expect(pause).toBeGreaterThan(2.9 * HOUR);
    expect(pause).toBeLessThanOrEqual(3 * HOUR);
  });

  it('the scheduler skips a feed in backoff until its next poll time, and polls the others', async () => {
    h = await startHarness({ yaml: config('{ notifyAfter: 100 }') });
    const harness = h;
    h.server.route('/down.xml', { status: 500, body: 'down' });
    h.server.route('/other.xml', okRoute);
    const polled: string[] = [];
    const scheduler = new Scheduler({
      pool: new Pool(4, 2),
      timezone: 'UTC',
      clock: h.clock,
      log: h.deps.log,
      poll: async (feed) => {
        polled.push(feed.id);
        await harness.poll(feed.id);
      },
      notBefore: (id) => harness.store.poll.feedState(id)?.nextPollAt ?? null,
      urlOf: (feed) => harness.store.poll.feedState(feed.id)?.fetchUrl ?? feed.url,
    });
    const feeds = h.loaded.config.feeds;
    await scheduler.offer(feeds);
    expect(polled.sort()).toEqual(['down', 'other']);
    polled.length = 0;
    h.clock.advance(30_000); // within the first backoff step (1 min)
    await scheduler.offer(feeds);
    expect(polled).toEqual(['other']);
    polled.length = 0;
    h.clock.to(h.state('down').nextPollAt);
    await scheduler.offer(feeds);
    expect(polled.sort()).toEqual(['down', 'other']);
    scheduler.stop();
  });
});

describe('failing and recovered notices', () => {
  it('queues exactly one "failing" notice per following channel after notifyAfter failures, and one "recovered"', async () => {
    h = await startHarness({ yaml: config('{ notifyAfter: 3 }') });
    h.server.route('/down.xml', { status: 403, body: 'forbidden' });
    const firstFailureAt = h.clock.now();
    for (let i = 1; i <= 2; i++) {
      await h.poll('down');
      h.clock.to(h.state('down').nextPollAt);
    }
    expect(h.outbox()).toEqual([]);

    await h.poll('down');
    for (const channel of ['desk', 'down-only']) {
      const [notice, ...more] = notices(h, channel);
      expect(more).toEqual([]);
      expect(notice).toMatchObject({
        kind: 'notice',
        level: 'warning',
        feedId: 'down',
        title: 'Feed failing: Down Wire (down)',
      });
      expect(notice?.text).toContain(`failing since ${new Date(firstFailureAt).toISOString()}`);
      expect(notice?.text).toMatch(/HTTP 403/);
      // The feed is named once, in the title.
      expect(notice?.text).not.toMatch(/Down Wire|Feed down/);
    }
    expect(h.pending('other-only')).toEqual([]);
    expect(h.state('down').failingNotified).toBe(true);
    expect(h.logs.some((l) => l.level >= 50 && /feed down is failing since/.test(l.msg))).toBe(true);

    // Further failures say nothing more.
    for (let i = 0; i < 4; i++) {
      h.clock.to(h.state('down').nextPollAt);
      await h.poll('down');
    }
    expect(h.outbox().filter((r) => r.kind === 'notice')).toHaveLength(2);

    h.server.route('/down.xml', okRoute);
    h.clock.to(h.state('down').nextPollAt);
    await h.poll('down');
    for (const channel of ['desk', 'down-only']) {
      const [, recovered, ...more] = notices(h, channel);
      expect(more).toEqual([]);
      expect(recovered).toMatchObject({
        kind: 'notice',
        level: 'info',
        feedId: 'down',
        title: 'Feed recovered: Down Wire (down)',
      });
      expect(recovered?.text).toContain(new Date(firstFailureAt).toISOString());
    }
    expect(h.state('down').failingNotified).toBe(false);

    // A later success says nothing; a new run of failures counts from zero.
    h.clock.advance(HOUR);
    await h.poll('down');
    h.server.route('/down.xml', { status: 500, body: 'down' });
    await h.poll('down');
    expect(h.outbox().filter((r) => r.kind === 'notice')).toHaveLength(4);
  });

  it('notifies after failures.notifyAfterTime of failing, even below notifyAfter', async () => {
    h = await startHarness({ yaml: config('{ notifyAfter: 100, notifyAfterTime: 2h }') });
    h.server.route('/down.xml', { status: 500, body: 'down' });
    await h.poll('down');
    h.clock.advance(HOUR);
    await h.poll('down');
    expect(notices(h, 'desk')).toEqual([]);
    h.clock.advance(HOUR);
    await h.poll('down');
    expect(notices(h, 'desk')).toHaveLength(1);
    expect(notices(h, 'desk')[0]?.text).toMatch(/\(3 attempts\)/);
  });

  it('a feed that fails from its very first poll is still reported, then recovers silently into its first items', async () => {
    h = await startHarness({ yaml: config('{ notifyAfter: 1 }') });
    h.server.route('/down.xml', { status: 404, body: 'gone' });
    await h.poll('down');
    expect(notices(h, 'desk').map((n) => n.text)).toEqual([
      expect.stringMatching(/\(1 attempt\): .*HTTP 404 Not Found/),
    ]);
    await h.poll('down');
    expect(notices(h, 'desk')).toHaveLength(1);
    h.server.route('/down.xml', okRoute);
    expect(await h.poll('down')).toMatchObject({ kind: 'updated', silent: true });
    expect(notices(h, 'desk').map((n) => n.level)).toEqual(['warning', 'info']);
  });
});
