// The poll-cycle benchmark's measured process (see bench/poll-cycle.ts): plain JavaScript
// importing the compiled dist/, as `newswatch start` runs, so no TypeScript loader weighs
// on the CPU or the RSS being measured. The baseline (a bare fetch + rss-parser loop) runs
// in a process of its own built the same way, from this file.
// Protocol: after setting up it prints {"type":"ready"}, then runs one cycle per line read
// on stdin ("first", "full" or "304"; the parent publishes new items before each "full")
// and answers each with {"type":"cycle",…}; "end" makes it print {"type":"done",…} with
// the process's memory figures and exit. The parent alternates the two children round by
// round, so a noisy spell on a shared machine weighs on both sides alike.
// Usage: node bench/poll-cycle-child.mjs newswatch|baseline <origin> <feeds> <stateDir>
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// The service default (config `fetch.concurrency`); the per-host cap is lifted since every feed is on 127.0.0.1.
const CONCURRENCY = 8;
const [mode = 'newswatch', origin = '', feedsArg = '1000', dir = '.'] = process.argv.slice(2);
const feeds = Number(feedsArg);
const emit = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);

async function measure(name, run) {
  if (!run) throw new Error(`poll-cycle child (${mode}): no "${name}" cycle`);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await run();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  emit({ type: 'cycle', name, wallMs, cpuMsPerFeed: (cpu.user + cpu.system) / 1000 / feeds });
}

/** `fn(i)` for every feed, at most CONCURRENCY at a time. */
async function overFeeds(fn) {
  let next = 0;
  const worker = async () => {
    while (next < feeds) await fn(next++);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

const url = (i) => `${origin}/feed-${i}.xml`;

async function newswatch() {
  const { parse: parseYaml, stringify } = await import('yaml');
  const { parseConfig } = await import('../dist/config/load.js');
  const { systemClock } = await import('../dist/core/types.js');
  const { fetchFeed } = await import('../dist/fetch/index.js');
  const { compileWatchlists } = await import('../dist/match/index.js');
  const { silentLogger } = await import('../dist/observe/log.js');
  const { parseFeed } = await import('../dist/parse/index.js');
  const { noMetrics } = await import('../dist/pipeline/metrics.js');
  const { pollFeed } = await import('../dist/pipeline/poll-feed.js');
  const { Store } = await import('../dist/state/store.js');

  const bundled = parseYaml(readFileSync(join(ROOT, 'config/newswatch.yaml'), 'utf8'));
  const yaml = stringify({
    state: join(dir, 'state.db'),
    feeds: Array.from({ length: feeds }, (_, i) => ({ id: `f${i}`, url: url(i) })),
    watchlists: bundled.watchlists,
    channels: [{ id: 'desk', console: true }],
  });
  const { config } = parseConfig(yaml, join(dir, 'bench.yaml'), {});
  const store = Store.open(config.state);
  const deps = {
    store: store.poll,
    fetch: fetchFeed,
    parse: parseFeed,
    matcher: compileWatchlists(config.watchlists),
    channels: config.channels,
    config,
    fetchOptions: { timeoutMs: 20_000, maxBytes: 10 << 20, maxRedirects: 5, userAgent: 'newswatch-bench' },
    clock: systemClock,
    log: silentLogger,
    metrics: noMetrics,
  };
  const poll = () =>
    overFeeds(async (i) => {
      const outcome = await pollFeed(config.feeds[i], deps);
      if (outcome.kind === 'failed') throw new Error(`feed ${i}: ${outcome.errorKind}: ${outcome.message}`);
    });
  const end = () => {
    const queued = store.outbox.counts().reduce((n, c) => n + c.pending, 0);
    store.close();
    return { queued };
  };
  return { cycles: { first: poll, full: poll, 304: poll }, end };
}

async function baseline() {
  const { default: Parser } = await import('rss-parser');
  const etags = [];
  const full = () =>
    overFeeds(async (i) => {
      const res = await fetch(url(i));
      etags[i] = res.headers.get('etag');
      await new Parser({ defaultRSS: 2 }).parseString(await res.text());
    });
  const notModified = () =>
    overFeeds(async (i) => {
      const res = await fetch(url(i), { headers: { 'if-none-match': etags[i] ?? '' } });
      await res.arrayBuffer();
    });
  return { cycles: { full, 304: notModified }, end: () => ({}) };
}

const { cycles, end } = mode === 'baseline' ? await baseline() : await newswatch();
emit({ type: 'ready' });
for await (const line of createInterface({ input: process.stdin })) {
  const name = line.trim();
  if (name !== 'end') {
    await measure(name, cycles[name]);
    continue;
  }
  const extra = end();
  const mem = process.memoryUsage();
  emit({
    type: 'done',
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    rssMb: mem.rss / 1e6,
    heapUsedMb: mem.heapUsed / 1e6,
    heapTotalMb: mem.heapTotal / 1e6,
    externalMb: mem.external / 1e6,
    ...extra,
  });
  process.exit(0);
}
