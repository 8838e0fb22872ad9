// The poll-cycle benchmark's measured process (see bench/poll-cycle.ts): plain JavaScript
// importing the compiled dist/, as `newswatch start` runs, so no TypeScript loader weighs
// on the CPU or the RSS being measured. The baseline (a bare fetch + rss-parser loop) runs
// in a process of its own built the same way, from this file.
// Protocol: after setting up it prints {"type":"ready"}, then runs one cycle per line read
// on stdin ("first", "full" or "304"; the parent publishes new items before each "full")
// and answers each with {"type":"cycle",…}; "end" makes it print {"type":"done",…} with
// the process's memory figures and exit. The parent alternates the two children round by
// round, so a noisy spell on a shared machine weighs on both sides alike.
// With a PostgreSQL URL as fifth argument newswatch keeps its state there instead of in
// <stateDir>/state.db (bench/poll-cycle-pg.ts); with NEWSWATCH_BENCH_COUNT_QUERIES=1 every
// query the pg client sends is counted (each is one round trip to the server), and each
// cycle's answer carries the count and the most frequent statements.
// Usage: node bench/poll-cycle-child.mjs newswatch|baseline <origin> <feeds> <stateDir> [postgres://…]
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// The service default (config `fetch.concurrency`); the per-host cap is lifted since every feed is on 127.0.0.1.
const CONCURRENCY = 8;
const [mode = 'newswatch', origin = '', feedsArg = '1000', dir = '.', stateUrl] = process.argv.slice(2);
const feeds = Number(feedsArg);
const emit = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);

/**
 * Queries sent by the pg client, in all and by statement (its first 70 characters, spaces
 * collapsed), and the writing transactions they made: BEGIN…COMMIT is one, and so is each
 * query but a SELECT sent outside one (autocommit); each waits for a WAL flush on the server.
 */
const queries = { total: 0, transactions: 0, byText: new Map() };
const inTransaction = new WeakSet();
const prepare = process.env.NEWSWATCH_BENCH_PG_PREPARE === '1';
if (process.env.NEWSWATCH_BENCH_COUNT_QUERIES === '1') {
  // At the client rather than the server: pg_stat_statements is not installed everywhere, and
  // the server's counters (pg_stat_database) count transactions and rows, not round trips.
  // Pool.query and PoolClient.query both end in Client.prototype.query, once per round trip.
  const { default: pg } = await import('pg');
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (config, ...rest) {
    queries.total++;
    const text = (typeof config === 'string' ? config : String(config?.text ?? '')).replace(/\s+/g, ' ').trim();
    const key = text.slice(0, 70);
    queries.byText.set(key, (queries.byText.get(key) ?? 0) + 1);
    const verb = text.split(' ', 1)[0]?.toUpperCase();
    if (verb === 'BEGIN') inTransaction.add(this);
    else if (verb === 'COMMIT' || verb === 'ROLLBACK') {
      inTransaction.delete(this);
      queries.transactions++;
    } else if (!inTransaction.has(this) && verb !== 'SELECT') queries.transactions++;
    // NEWSWATCH_BENCH_PG_PREPARE=1: send each parameterized statement as a named (prepared)
    // one, parsed and planned once per connection instead of at every execution, to measure
    // what that would save on the server (newswatch itself sends them unnamed).
    if (prepare && typeof config === 'string' && Array.isArray(rest[0])) {
      const name = `nw_${createHash('sha1').update(config).digest('hex').slice(0, 16)}`;
      return query.call(this, { name, text: config, values: rest[0] }, ...rest.slice(1));
    }
    return query.call(this, config, ...rest);
  };
}

async function measure(name, run) {
  if (!run) throw new Error(`poll-cycle child (${mode}): no "${name}" cycle`);
  const [q0, t0x] = [queries.total, queries.transactions];
  queries.byText.clear();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await run();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const top = [...queries.byText].sort((a, b) => b[1] - a[1]).slice(0, 10);
  emit({
    type: 'cycle',
    name,
    wallMs,
    cpuMsPerFeed: (cpu.user + cpu.system) / 1000 / feeds,
    queries: queries.total - q0,
    transactions: queries.transactions - t0x,
    top,
  });
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
  const { openState } = await import('../dist/state/backend.js');

  const bundled = parseYaml(readFileSync(join(ROOT, 'config/newswatch.yaml'), 'utf8'));
  const yaml = stringify({
    state: stateUrl ?? join(dir, 'state.db'),
    feeds: Array.from({ length: feeds }, (_, i) => ({ id: `f${i}`, url: url(i) })),
    watchlists: bundled.watchlists,
    channels: [{ id: 'desk', console: true }],
  });
  const { config } = parseConfig(yaml, join(dir, 'bench.yaml'), {});
  const store = await openState(config.state);
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
  const end = async () => {
    const queued = (await store.outbox.counts()).reduce((n, c) => n + c.pending, 0);
    await store.close();
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
  const extra = await end();
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
