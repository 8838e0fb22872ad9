// The real service (`newswatch start`, a child process) polling the whole hostile set every
// 2 seconds beside normal feeds: it stays up, keeps polling, classifies every hostile feed's
// failure, and the normal feeds' alerts arrive — including one published mid-run, after the
// hostile feeds have been polled several times. Peak RSS and event-loop stalls are measured
// by bench/hostile.ts, not asserted here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli, waitFor } from '../helpers/cli.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { rss, type RssItem } from '../helpers/rss.js';
import { scratch, WATCHLISTS_YAML } from '../cli/support.js';
import { startHostileServer, type HostileServer } from './hostile-server.js';

const tmp = scratch('hostile-service');
let hostile: HostileServer;
let normal: FeedServer;
let config: string;

const first: RssItem[] = [
  {
    guid: 'n-1',
    title: 'ISKP claims attack on convoy near Jalalabad',
    html: '<p>Officials said ISKP fighters attacked.</p>',
  },
];
const second: RssItem[] = [
  { guid: 'n-2', title: 'Pakistani Taliban announce ceasefire talks', html: '<p>The TTP said talks would begin.</p>' },
  ...first,
];
const serveNormal = (items: RssItem[]) => {
  for (const id of ['wire-a', 'wire-b'])
    normal.route(`/${id}.xml`, {
      body: rss(
        `Normal ${id}`,
        items.map((i) => ({ ...i, guid: `${id}-${i.guid}` })),
      ),
      headers: { 'content-type': 'application/rss+xml' },
    });
};

beforeAll(async () => {
  hostile = await startHostileServer();
  normal = await startFeedServer();
  serveNormal(first);
  // The SSRF cases only make sense through a public name (tests/hostile/hostile-set.test.ts
  // and tests/fetch/ssrf.test.ts do that); configured at 127.0.0.1 they would be followed.
  const hostileFeeds = hostile.cases
    .filter((c) => !c.viaPublicName)
    .map((c, i) => `  - { id: hostile-${i}, name: "${c.name}", url: "${hostile.server.url(c.path)}" }`)
    .join('\n');
  config = tmp.write(
    'newswatch.yaml',
    `state: ./state.db
schedule: "*/2 * * * * *"
fetch: { timeout: 2s, concurrency: 8, perHost: 8 }
failures: { maxBackoff: 2s }
feeds:
  - { id: wire-a, url: "${normal.url('/wire-a.xml')}", alertOnFirstPoll: true }
  - { id: wire-b, url: "${normal.url('/wire-b.xml')}", alertOnFirstPoll: true }
${hostileFeeds}
${WATCHLISTS_YAML}channels:
  - { id: desk, console: true }
`,
  );
});
afterAll(async () => {
  await hostile?.close();
  await normal?.close();
  tmp.remove();
});

describe('the service under the hostile set', () => {
  it('stays up, classifies every hostile feed, and delivers the normal alerts', async () => {
    const svc = spawnCli(['start', '--config', config], { env: { NEWSWATCH_LOG_LEVEL: 'info' } });
    let exitedEarly = false;
    void svc.exited.then(() => (exitedEarly = true));
    try {
      const out = () => svc.output();
      await waitFor(() => /ISKP claims attack/.test(out().stdout), 'the first normal alert', 30_000);
      for (const kind of ['too-complex', 'too-large', 'timeout', 'too-many-redirects']) {
        await waitFor(
          () => new RegExp(`failed \\(${kind}\\)`).test(out().stderr),
          `a ${kind} failure in the log`,
          30_000,
        );
      }
      // Several more rounds of hostile polls, then a new item on the normal feeds.
      const polls = () => (out().stderr.match(/feed hostile-0 failed/g) ?? []).length;
      const before = polls();
      await waitFor(() => polls() >= before + 2, 'two more polls of the quadratic-entity feed', 30_000);
      serveNormal(second);
      await waitFor(
        () => (out().stdout.match(/Pakistani Taliban announce ceasefire talks/g) ?? []).length >= 1,
        'the mid-run alert (one story, two feeds: deduplicated)',
        30_000,
      );
      expect(exitedEarly).toBe(false);
      expect(out().stderr).not.toMatch(/heap out of memory|uncaught|unhandled/i);
    } finally {
      svc.child.kill('SIGTERM');
    }
    const result = await svc.exited;
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
  }, 120_000);
});
