// Poll-cycle benchmark: 1,000 feeds (≈30 KB, 10 items each) served by a child process,
// polled through newswatch's real pipeline (fetch → parse → select → match → summarize →
// route → SQLite commit), then the conditional-GET (304) cycle; and, in the same run, the
// peer baseline: a bare fetch + rss-parser loop. Each side runs in a plain-JavaScript
// child of its own (bench/poll-cycle-child.mjs, newswatch from the compiled dist/ as
// `newswatch start` runs it), so CPU and peak RSS are that process's only: not the feed
// server's, not this runner's, not a TypeScript loader's.
// Standalone: node --import tsx bench/poll-cycle.ts [feeds]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildDist } from './build-dist.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// Each kind of cycle runs ROUNDS times; the first round of each (JIT still compiling, heap
// still sizing) is shown but left out, and the median of the others is reported: a shared
// machine's noise only ever adds CPU, and a median of warm rounds is steadier than any one.
const ROUNDS = 5;

export interface Cycle {
  name: string;
  wallMs: number;
  cpuMsPerFeed: number;
  /** Queries the pg client sent in the cycle (NEWSWATCH_BENCH_COUNT_QUERIES=1), and the most frequent ones. */
  queries?: number;
  /** Transactions those queries made (BEGIN…COMMIT, or one query outside a transaction). */
  transactions?: number;
  top?: [string, number][];
}

export interface Done {
  peakRssMb: number;
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  queued?: number;
}

type Line = { type: 'ready' } | ({ type: 'cycle' } & Cycle) | ({ type: 'done' } & Done);

export async function startServer(feeds: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/feed-server-child.ts'), String(feeds)], {
    stdio: ['pipe', 'pipe', 'inherit'],
    cwd: ROOT,
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const origin = (await lines.next()).value as string;
  return {
    origin,
    bump: async () => {
      child.stdin.write('bump\n');
      await lines.next();
    },
    stop: () => child.kill(),
  };
}

/** A measured child (bench/poll-cycle-child.mjs): one cycle per request; `stateUrl` keeps newswatch's state on PostgreSQL. */
export async function startChild(
  mode: 'newswatch' | 'baseline',
  origin: string,
  feeds: number,
  dir: string,
  opts: { stateUrl?: string; env?: Record<string, string> } = {},
) {
  const args = [join(ROOT, 'bench/poll-cycle-child.mjs'), mode, origin, String(feeds), dir];
  if (opts.stateUrl) args.push(opts.stateUrl);
  const child = spawn(process.execPath, args, {
    stdio: ['pipe', 'pipe', 'inherit'],
    cwd: ROOT,
    env: { ...process.env, ...opts.env },
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Line> => {
    const r = await lines.next();
    if (r.done) throw new Error(`poll-cycle: the ${mode} child ended without answering`);
    return JSON.parse(r.value as string) as Line;
  };
  if ((await next()).type !== 'ready') throw new Error(`poll-cycle: the ${mode} child did not start`);
  const cycles: Cycle[] = [];
  return {
    cycles,
    run: async (name: string) => {
      child.stdin.write(`${name}\n`);
      const line = await next();
      if (line.type !== 'cycle') throw new Error(`poll-cycle: the ${mode} child answered ${line.type} to ${name}`);
      cycles.push(line);
      return line;
    },
    end: async (): Promise<Done> => {
      child.stdin.write('end\n');
      const line = await next();
      if (line.type !== 'done') throw new Error(`poll-cycle: the ${mode} child answered ${line.type} to end`);
      return line;
    },
    kill: () => child.kill(),
  };
}

/** The middle of a sorted list: its two middle elements (the same one twice when the length is odd); the median is their mean. */
export function middle<T>(sorted: T[]): [T, T] {
  const hi = Math.floor(sorted.length / 2);
  const lo = sorted.length % 2 === 1 ? hi : hi - 1;
  return [sorted[lo] as T, sorted[hi] as T];
}

export async function benchPollCycle(feeds = 1000): Promise<string> {
  buildDist('poll-cycle');
  const dir = mkdtempSync(join(tmpdir(), 'nw-bench-'));
  const server = await startServer(feeds);
  const children: { kill: () => void }[] = [];
  try {
    const nwChild = await startChild('newswatch', server.origin, feeds, dir);
    children.push(nwChild);
    const baseChild = await startChild('baseline', server.origin, feeds, dir);
    children.push(baseChild);
    await nwChild.run('first');
    // Rounds alternate between the two sides, each full round on newly published items.
    for (let r = 0; r < ROUNDS; r++) {
      await server.bump();
      await nwChild.run('full');
      await baseChild.run('full');
    }
    for (let r = 0; r < ROUNDS; r++) {
      await nwChild.run('304');
      await baseChild.run('304');
    }
    const nw = { cycles: nwChild.cycles, done: await nwChild.end() };
    const base = { cycles: baseChild.cycles, done: await baseChild.end() };
    const pick = (cs: Cycle[], name: string) => cs.filter((c) => c.name === name);
    const last = (xs: Cycle[]) => xs[xs.length - 1] as Cycle;
    const warm = (xs: Cycle[]): Cycle => {
      const [a, b] = middle(xs.slice(1).sort((x, y) => x.cpuMsPerFeed - y.cpuMsPerFeed));
      return { name: a.name, wallMs: (a.wallMs + b.wallMs) / 2, cpuMsPerFeed: (a.cpuMsPerFeed + b.cpuMsPerFeed) / 2 };
    };
    // Each warm round's ratio to the baseline round run right after it, then their median.
    const paired = (a: Cycle[], b: Cycle[]) => {
      const [x, y] = middle(
        a
          .slice(1)
          .map((c, i) => c.cpuMsPerFeed / (b[i + 1] as Cycle).cpuMsPerFeed)
          .sort((p, q) => p - q),
      );
      return (x + y) / 2;
    };
    const rounds = (xs: Cycle[]) => xs.map((c) => c.cpuMsPerFeed.toFixed(3)).join(' → ');
    const [first, full, c304, bFull, b304] = [
      pick(nw.cycles, 'first'),
      pick(nw.cycles, 'full'),
      pick(nw.cycles, '304'),
      pick(base.cycles, 'full'),
      pick(base.cycles, '304'),
    ];
    const rows: [string, Cycle][] = [
      ['newswatch: first poll (fetch+parse+store, silent)', last(first)],
      ['newswatch: full cycle (10 new items/feed: +match, summarize, outbox)', warm(full)],
      ['newswatch: 304 cycle', warm(c304)],
      ['baseline: bare fetch + rss-parser', warm(bFull)],
      ['baseline: bare fetch, 304', warm(b304)],
    ];
    const m = nw.done;
    return [
      `poll cycle: ${feeds} feeds (≈30 KB, 10 items each), concurrency 8; newswatch (compiled dist/) and the baseline each in a plain node child, the feed server in a third; rounds alternate between the two sides, ${ROUNDS} of each kind: the median of the warm rounds (all but the first) reported`,
      `  ${'cycle'.padEnd(70)} ${'wall s'.padStart(7)}  CPU ms/feed`,
      ...rows.map(
        ([name, c]) => `  ${name.padEnd(70)} ${(c.wallMs / 1000).toFixed(2).padStart(7)}  ${c.cpuMsPerFeed.toFixed(3)}`,
      ),
      `  rounds: full ${rounds(full)}; 304 ${rounds(c304)}; baseline full ${rounds(bFull)}; baseline 304 ${rounds(b304)}`,
      `  ratios vs baseline (CPU per feed, median of the warm rounds' paired ratios): full cycle ${paired(full, bFull).toFixed(2)}×, 304 cycle ${paired(c304, b304).toFixed(2)}×`,
      `  peak RSS of the newswatch process: ${m.peakRssMb.toFixed(0)} MB (baseline process: ${base.done.peakRssMb.toFixed(0)} MB); at its end rss ${m.rssMb.toFixed(0)} MB, heap used ${m.heapUsedMb.toFixed(0)} of ${m.heapTotalMb.toFixed(0)} MB, external ${m.externalMb.toFixed(0)} MB; alerts queued by the full cycles: ${m.queued ?? 0}`,
      `  targets: full ≤ 2 ms CPU/feed, 304 ≤ 0.3 ms CPU/feed, peak RSS ≤ 200 MB`,
    ].join('\n');
  } finally {
    for (const c of children) c.kill();
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${await benchPollCycle(Number(process.argv[2] ?? 1000))}\n`);
}
