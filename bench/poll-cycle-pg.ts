// The poll cycle of bench/poll-cycle.ts with the state on PostgreSQL, beside the same cycle
// on SQLite in the same run: 1,000 local feeds, newswatch from the compiled dist/ in two
// plain node children (one per backend) and the feed server in a third; rounds alternate
// between the two. Reports per kind of cycle (full: new items in every feed; 304) the
// client's CPU per feed on each backend and their ratio, the wall-time ratio, the
// PostgreSQL server's CPU for its connections (read from /proc: another process, not in
// the client's figure), and the round trips per poll the pg client made (counted in the
// child, see bench/poll-cycle-child.mjs), with the statements that make them up.
// A fresh database per run (bench/pg-database.ts), dropped at the end.
// Standalone: node --import tsx bench/poll-cycle-pg.ts [feeds]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildDist } from './build-dist.js';
import { createBenchDatabase, serverCpuBetween, type BenchDatabase } from './pg-database.js';
import { middle, startChild, startServer, type Cycle } from './poll-cycle.js';

/** Rounds of each kind; the first is left out and the median of the others reported (see bench/poll-cycle.ts). */
const ROUNDS = 5;

type Child = Awaited<ReturnType<typeof startChild>>;

const median = (xs: number[]): number => {
  const [a, b] = middle([...xs].sort((p, q) => p - q));
  return (a + b) / 2;
};

export async function benchPollCyclePg(feeds = 1000): Promise<string> {
  let db: BenchDatabase;
  try {
    db = await createBenchDatabase('poll');
  } catch (err) {
    return `skipped: no PostgreSQL server to create a database on (${(err as Error).message}); start one, or set NEWSWATCH_TEST_PG`;
  }
  buildDist('poll-pg');
  const dir = mkdtempSync(join(tmpdir(), 'nw-bench-pg-'));
  const server = await startServer(feeds);
  const children: Child[] = [];
  /** Server CPU (ms) of each PostgreSQL cycle, in the order run. */
  const serverMs: (number | null)[] = [];
  try {
    const lite = await startChild('newswatch', server.origin, feeds, dir);
    children.push(lite);
    // NEWSWATCH_BENCH_PG_OPTIONS (e.g. "-c synchronous_commit=off") sets server options for
    // newswatch's connections: to tell how much of the wall time is waiting for WAL flushes.
    const url = new URL(db.url);
    if (process.env.NEWSWATCH_BENCH_PG_OPTIONS) url.searchParams.set('options', process.env.NEWSWATCH_BENCH_PG_OPTIONS);
    const pgc = await startChild('newswatch', server.origin, feeds, dir, {
      stateUrl: url.toString(),
      env: {
        NEWSWATCH_BENCH_COUNT_QUERIES: '1',
        NEWSWATCH_BENCH_PG_PREPARE: process.env.NEWSWATCH_BENCH_PG_PREPARE ?? '',
      },
    });
    children.push(pgc);
    const onPg = async (name: string) => {
      const before = await db.serverCpu();
      await pgc.run(name);
      serverMs.push(serverCpuBetween(before, await db.serverCpu()));
    };
    await lite.run('first');
    await onPg('first');
    for (let r = 0; r < ROUNDS; r++) {
      await server.bump();
      await lite.run('full');
      await onPg('full');
    }
    for (let r = 0; r < ROUNDS; r++) {
      await lite.run('304');
      await onPg('304');
    }
    const liteDone = await lite.end();
    const pgDone = await pgc.end();
    return report(feeds, lite.cycles, pgc.cycles, serverMs, [liteDone.peakRssMb, pgDone.peakRssMb]);
  } finally {
    for (const c of children) c.kill();
    server.stop();
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  }
}

function report(
  feeds: number,
  lite: Cycle[],
  pgc: Cycle[],
  serverMs: (number | null)[],
  [liteRss, pgRss]: [number, number],
): string {
  const indexed = (cs: Cycle[], name: string) => cs.map((c, i) => ({ c, i })).filter((x) => x.c.name === name);
  const row = (name: string, label: string) => {
    const l = indexed(lite, name);
    const p = indexed(pgc, name);
    // Warm rounds only, except for the single first poll.
    const warm = name === 'first' ? [0] : l.slice(1).map((_, k) => k + 1);
    const pick = <T>(xs: T[]) => warm.map((k) => xs[k] as T);
    const lc = pick(l).map((x) => x.c);
    const pc = pick(p).map((x) => x.c);
    const server = pick(p).map((x) => serverMs[x.i]);
    const known = server.every((s) => s !== null) ? (server as number[]) : null;
    const cpuL = median(lc.map((c) => c.cpuMsPerFeed));
    const cpuP = median(pc.map((c) => c.cpuMsPerFeed));
    const srv = known ? median(known) / feeds : null;
    const paired = (f: (c: Cycle) => number) => median(lc.map((c, k) => f(pc[k] as Cycle) / f(c)));
    const total = known
      ? median(lc.map((c, k) => ((pc[k] as Cycle).cpuMsPerFeed + (known[k] as number) / feeds) / c.cpuMsPerFeed))
      : null;
    return {
      line: [
        label.padEnd(28),
        cpuL.toFixed(3).padStart(9),
        cpuP.toFixed(3).padStart(9),
        `${paired((c) => c.cpuMsPerFeed).toFixed(2)}×`.padStart(7),
        (srv === null ? 'n/a' : srv.toFixed(3)).padStart(9),
        (total === null ? 'n/a' : `${total.toFixed(2)}×`).padStart(8),
        (median(lc.map((c) => c.wallMs)) / 1000).toFixed(2).padStart(7),
        (median(pc.map((c) => c.wallMs)) / 1000).toFixed(2).padStart(7),
        `${paired((c) => c.wallMs).toFixed(2)}×`.padStart(7),
        (median(pc.map((c) => c.queries ?? 0)) / feeds).toFixed(2).padStart(8),
        (median(pc.map((c) => c.transactions ?? 0)) / feeds).toFixed(2).padStart(8),
      ].join(' '),
      statements: pc[pc.length - 1]?.top ?? [],
      rounds: `${lc.map((c) => c.cpuMsPerFeed.toFixed(3)).join(' → ')} (SQLite); ${pc.map((c) => c.cpuMsPerFeed.toFixed(3)).join(' → ')} (PostgreSQL)`,
    };
  };
  const rows = [
    ['first', 'first poll (silent)'],
    ['full', 'full (10 new items/feed)'],
    ['304', '304 (not modified)'],
  ].map(([name, label]) => ({ name, ...row(name as string, label as string) }));
  const perPoll = (top: [string, number][]) =>
    top.map(([text, n]) => `      ${(n / feeds).toFixed(2).padStart(6)}  ${text}`);
  return [
    `poll cycle on PostgreSQL beside SQLite${process.env.NEWSWATCH_BENCH_PG_OPTIONS ? ` (PostgreSQL options ${process.env.NEWSWATCH_BENCH_PG_OPTIONS})` : ''}${process.env.NEWSWATCH_BENCH_PG_PREPARE === '1' ? ' (statements sent as named, prepared ones)' : ''}: ${feeds} feeds (≈30 KB, 10 items each), concurrency 8; newswatch (compiled dist/) in two plain node children, one per backend, rounds alternating; ${ROUNDS} rounds of each kind, the median of the warm ones (all but the first); ratios are PostgreSQL ÷ SQLite, per round then their median`,
    `  ${'cycle'.padEnd(28)} ${'SQLite'.padStart(9)} ${'PG'.padStart(9)} ${'ratio'.padStart(7)} ${'PG srv'.padStart(9)} ${'+srv'.padStart(8)} ${'wall SQ'.padStart(7)} ${'wall PG'.padStart(7)} ${'ratio'.padStart(7)} ${'RT/poll'.padStart(8)} ${'tx/poll'.padStart(8)}`,
    `  ${''.padEnd(28)} ${'CPU ms/feed (client)'.padStart(19)} ${''.padStart(7)} ${'ms/feed'.padStart(9)} ${''.padStart(8)} ${'s'.padStart(7)} ${'s'.padStart(7)}`,
    ...rows.map((r) => `  ${r.line}`),
    '  (PG srv: CPU of the server processes of the bench database, read from /proc, a lower bound; +srv: (client + server CPU on PG) ÷ SQLite; RT/poll: queries the pg client sent per feed polled; tx/poll: the writing transactions (commits, each a WAL flush) they made)',
    ...rows.filter((r) => r.name !== 'first').map((r) => `  rounds, ${r.name}: ${r.rounds}`),
    ...rows.flatMap((r) => [
      `  PostgreSQL statements per poll, ${r.name} (last round, most frequent first):`,
      ...perPoll(r.statements),
    ]),
    `  peak RSS: SQLite process ${liteRss.toFixed(0)} MB, PostgreSQL process ${pgRss.toFixed(0)} MB`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${await benchPollCyclePg(Number(process.argv[2] ?? 1000))}\n`);
}
