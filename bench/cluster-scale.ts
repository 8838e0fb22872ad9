// Several instances on one PostgreSQL database, at scale: 2,000 small feeds served by a
// feed server in a process of its own (bench/cluster-feed-server-child.ts: a new item in
// every feed at every window, every request logged), polled on '*/10 * * * * *' by
// (a) one and (b) two `newswatch start` processes (bin/newswatch.js on the compiled dist/),
// each configuration on a fresh database, for a fixed number of schedule windows after two
// of warm-up. Reports polls per window (counted at the feed server), double polls (two
// requests for one feed within one window: must be 0), each instance's share of the polls
// (its /metrics), CPU seconds per 1,000 polls per instance (/proc) and of the PostgreSQL
// backends, and the ratios two ÷ one.
// Standalone: node --import tsx bench/cluster-scale.ts [feeds] [windows]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { stringify } from 'yaml';
import { buildDist } from './build-dist.js';
import {
  freePort,
  median,
  processCpuMs,
  sleep,
  startInstance,
  stopInstance,
  type Instance,
} from './cluster-instance.js';
import { createBenchDatabase, serverCpuBetween } from './pg-database.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WINDOW_MS = 10_000;
const SCHEDULE = '*/10 * * * * *';
/** Windows after the start before measuring: the first polls (rows created) and the JIT settle. */
const WARMUP = 2;
/** Every feed is on 127.0.0.1: the per-host cap (default 2) is raised to the concurrency (default 8), as for feeds on many hosts. */
const PER_HOST = 8;

interface FeedServer {
  origin: string;
  dump: () => Promise<[number, number][]>;
  stop: () => void;
}

async function startFeedServerChild(feeds: number): Promise<FeedServer> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'bench/cluster-feed-server-child.ts'), String(feeds), String(WINDOW_MS)],
    { stdio: ['pipe', 'pipe', 'inherit'], cwd: ROOT },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error('cluster-scale: the feed server ended before printing its origin');
  return {
    origin: first.value as string,
    dump: async () => {
      child.stdin.write('dump\n');
      const r = await lines.next();
      if (r.done) throw new Error('cluster-scale: the feed server ended');
      return (JSON.parse(r.value as string) as { requests: [number, number][] }).requests;
    },
    stop: () => child.kill(),
  };
}

/** Polls this instance made so far: the sum of newswatch_fetch_results_total (one per poll, by result). */
async function pollsOf(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  let n = 0;
  for (const m of text.matchAll(/^newswatch_fetch_results_total\{[^}]*\} (\d+)/gm)) n += Number(m[1]);
  return n;
}

interface Run {
  instances: number;
  /** Feed-server requests per measured window. */
  perWindow: number[];
  /** Per measured window: when its last request arrived (ms after the window began), how long the polls took. */
  busyMs: number[];
  /** (feed, window) pairs with more than one request, over the whole run, warm-up included. */
  doubles: { feed: number; window: number; offsetsMs: number[] }[];
  /** Each instance's polls and CPU ms over the measured windows. */
  own: { polls: number; cpuMs: number }[];
  serverCpuMs: number | null;
  leasesLeft: number;
  /** Transactions the database committed or rolled back over the whole run (pg_stat_database), per feed request. */
  txPerPoll: number;
  errors: string[];
}

async function runConfig(count: number, feeds: number, windows: number, server: FeedServer, dir: string): Promise<Run> {
  const db = await createBenchDatabase(`scale${count}`);
  const procs: Instance[] = [];
  try {
    const ports: number[] = [];
    for (let k = 0; k < count; k++) {
      const port = await freePort();
      ports.push(port);
      // One file per instance: only http.port differs, which the instances' config check leaves out.
      writeFileSync(
        join(dir, `scale-${count}-${k}.yaml`),
        stringify({
          schedule: SCHEDULE,
          state: db.url,
          http: { port },
          fetch: { perHost: PER_HOST },
          feeds: Array.from({ length: feeds }, (_, i) => ({ id: `f${i}`, url: `${server.origin}/feed-${i}.xml` })),
          watchlists: [{ id: 'none', entities: [{ id: 'nobody', name: 'Qzxv Wyrmtongue Brotherhood' }] }],
          channels: [{ id: 'desk', console: true }],
        }),
      );
    }
    await server.dump(); // forget the previous configuration's requests
    for (let k = 0; k < count; k++) procs.push(startInstance(join(dir, `scale-${count}-${k}.yaml`)));
    const startedAt = Date.now();
    const first = (Math.floor(startedAt / WINDOW_MS) + 1 + WARMUP) * WINDOW_MS;
    await sleep(first - Date.now());
    const read = async () => ({
      polls: await Promise.all(ports.map(pollsOf)),
      cpu: procs.map((p) => processCpuMs(p.pid) ?? NaN),
      server: await db.serverCpu(),
    });
    const start = await read();
    await sleep(first + windows * WINDOW_MS - Date.now());
    const end = await read();
    const client = new pg.Client({ connectionString: db.url });
    await Promise.all(procs.map((p) => stopInstance(p)));
    const exits = await Promise.all(procs.map((p) => p.exited));
    const requests = await server.dump();
    await client.connect();
    const left = await client.query('SELECT COUNT(*)::int AS n FROM feeds WHERE lease_until IS NOT NULL');
    // Every statement outside BEGIN…COMMIT (a claim, a release, a 304's update) is a transaction
    // of its own: a round-trip count that no noise changes. The backends flushed their counters when they exited.
    await sleep(1_500);
    const tx = await client.query<{ n: string }>(
      'SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()',
    );
    await client.end();
    const perWindow = Array.from({ length: windows }, () => 0);
    const busyMs = Array.from({ length: windows }, () => 0);
    const byKey = new Map<string, number[]>();
    for (const [feed, at] of requests) {
      const w = Math.floor(at / WINDOW_MS);
      const k = (at - first) / WINDOW_MS;
      if (k >= 0 && k < windows) {
        perWindow[Math.floor(k)]!++;
        busyMs[Math.floor(k)] = Math.max(busyMs[Math.floor(k)]!, at - w * WINDOW_MS);
      }
      const key = `${feed}@${w}`;
      byKey.set(key, [...(byKey.get(key) ?? []), at - w * WINDOW_MS]);
    }
    const doubles = [...byKey]
      .filter(([, ats]) => ats.length > 1)
      .map(([key, offsetsMs]) => {
        const [feed, window] = key.split('@').map(Number) as [number, number];
        return { feed, window, offsetsMs };
      });
    return {
      instances: count,
      perWindow,
      busyMs,
      doubles,
      own: procs.map((_, k) => ({
        polls: (end.polls[k] as number) - (start.polls[k] as number),
        cpuMs: (end.cpu[k] as number) - (start.cpu[k] as number),
      })),
      serverCpuMs: serverCpuBetween(start.server, end.server),
      leasesLeft: Number(left.rows[0]?.n),
      txPerPoll: Number(tx.rows[0]?.n) / requests.length,
      errors: exits.flatMap((e, k) =>
        e.code === 0 ? [] : [`instance ${k + 1} exited with ${e.code ?? e.signal}: ${procs[k]!.stderr().slice(-500)}`],
      ),
    };
  } finally {
    for (const p of procs) p.child.kill('SIGKILL');
    await db.drop();
  }
}

export async function benchClusterScale(feeds = 2000, windows = 5): Promise<string> {
  try {
    await (await createBenchDatabase('probe')).drop();
  } catch (err) {
    return `skipped: no PostgreSQL server to create a database on (${(err as Error).message}); start one, or set NEWSWATCH_TEST_PG`;
  }
  buildDist('cluster-scale');
  const dir = mkdtempSync(join(tmpdir(), 'nw-bench-scale-'));
  const server = await startFeedServerChild(feeds);
  try {
    const one = await runConfig(1, feeds, windows, server, dir);
    const two = await runConfig(2, feeds, windows, server, dir);
    return report(feeds, windows, one, two);
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(feeds: number, windows: number, one: Run, two: Run): string {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const polls = (r: Run) => sum(r.perWindow);
  const perS = (r: Run) => polls(r) / ((windows * WINDOW_MS) / 1000);
  /** Polls per second while polling: a window's polls over the time its last one took to start. */
  const capacity = (r: Run) => median(r.perWindow.map((n, k) => n / ((r.busyMs[k] as number) / 1000)));
  const cpuPer1k = (o: { polls: number; cpuMs: number }) => (o.polls ? o.cpuMs / o.polls : NaN);
  const clientPer1k = (r: Run) => sum(r.own.map((o) => o.cpuMs)) / sum(r.own.map((o) => o.polls));
  const srvPer1k = (r: Run) => (r.serverCpuMs === null ? null : r.serverCpuMs / polls(r));
  const line = (r: Run) => {
    const total = sum(r.own.map((o) => o.polls));
    const shares = r.own.map((o) => `${((100 * o.polls) / total).toFixed(0)}%`).join(' / ');
    const srv = srvPer1k(r);
    return [
      `${r.instances} instance${r.instances > 1 ? 's' : ' '}`.padEnd(12),
      `${median(r.perWindow).toFixed(0)}`.padStart(7),
      `${Math.min(...r.perWindow)}–${Math.max(...r.perWindow)}`.padStart(11),
      perS(r).toFixed(0).padStart(7),
      (median(r.busyMs) / 1000).toFixed(1).padStart(6),
      capacity(r).toFixed(0).padStart(8),
      String(r.doubles.length).padStart(7),
      shares.padStart(11),
      r.own
        .map((o) => cpuPer1k(o).toFixed(2))
        .join(' / ')
        .padStart(13),
      clientPer1k(r).toFixed(2).padStart(8),
      (srv === null ? 'n/a' : srv.toFixed(2)).padStart(8),
      String(r.leasesLeft).padStart(6),
      r.txPerPoll.toFixed(2).padStart(7),
    ].join(' ');
  };
  const doubles = [...one.doubles, ...two.doubles]
    .slice(0, 5)
    .map(
      (d) => `feed ${d.feed} at ${d.offsetsMs.map((o) => `${(o / 1000).toFixed(3)} s`).join(' and ')} into a window`,
    );
  const srv1 = srvPer1k(one);
  const srv2 = srvPer1k(two);
  return [
    `cluster scale: ${feeds} small feeds (2 items, a new one every window) on a feed server process, one fresh PostgreSQL database per configuration, schedule '${SCHEDULE}', fetch.concurrency 8 and perHost ${PER_HOST}; ${WARMUP} windows of warm-up, then ${windows} windows measured; newswatch from dist/ (\`newswatch start\`), CPU from /proc`,
    `  ${'config'.padEnd(12)} ${'polls/'.padStart(7)} ${'min–max'.padStart(11)} ${'polls/s'.padStart(7)} ${'busy'.padStart(6)} ${'polls/s'.padStart(8)} ${'double'.padStart(7)} ${'share'.padStart(11)} ${'CPU s/1k polls'.padStart(13)} ${'client'.padStart(8)} ${'PG srv'.padStart(8)} ${'leases'.padStart(6)} ${'tx/poll'.padStart(7)}`,
    `  ${''.padEnd(12)} ${'window'.padStart(7)} ${''.padStart(11)} ${''.padStart(7)} ${'s'.padStart(6)} ${'busy'.padStart(8)} ${'polls'.padStart(7)} ${''.padStart(11)} ${'per instance'.padStart(13)} ${'all'.padStart(8)} ${''.padStart(8)} ${'left'.padStart(6)} ${''.padStart(7)}`,
    `  ${line(one)}`,
    `  ${line(two)}`,
    `  two ÷ one: throughput ${(perS(two) / perS(one)).toFixed(2)}×, polls/s while busy ${(capacity(two) / capacity(one)).toFixed(2)}×, client CPU per poll ${(clientPer1k(two) / clientPer1k(one)).toFixed(2)}×${srv1 !== null && srv2 !== null ? `, PG server CPU per poll ${(srv2 / srv1).toFixed(2)}×` : ''}`,
    `  polls per window, (a): ${one.perWindow.join(', ')}; (b): ${two.perWindow.join(', ')} (of ${feeds})`,
    "  (polls and double polls counted at the feed server by arrival time, warm-up included for double polls; share from each instance's /metrics; CPU s per 1,000 polls = CPU ms per poll; PG srv: the database's backends, /proc, a lower bound; leases left: feed leases still set after the instances stopped with SIGTERM; tx/poll: transactions of the database (pg_stat_database, whole run) per feed request, each statement outside a BEGIN…COMMIT counting one)",
    ...(doubles.length ? [`  double polls: ${doubles.join('; ')}`] : []),
    ...[...one.errors, ...two.errors].map((e) => `  ERROR: ${e}`),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${await benchClusterScale(Number(process.argv[2] ?? 2000), Number(process.argv[3] ?? 5))}\n`);
}
