// `npm run fuzz -- --minutes N`: the fuzz campaign. Loads every target of
// tests/fuzz/targets/*.ts and runs them round-robin for N minutes, in batches, in a
// worker thread under a watchdog: an input that runs longer than --timeout-ms is a hang
// (the worker is replaced, the input reported), one that kills the worker (heap limit,
// crash) is a crash. A failing oracle is shrunk by fast-check to a minimal input.
// Reports inputs tried per target, failures, hangs and the slowest inputs by time per KB.
// Exits 1 when anything failed.
//   npm run fuzz -- [--minutes 5] [--only parse/,text/] [--timeout-ms 10000] [--heap-mb 1024]
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './worker.js';

const { values: opt } = parseArgs({
  options: {
    minutes: { type: 'string', default: '1' },
    only: { type: 'string' },
    'timeout-ms': { type: 'string', default: '10000' },
    'heap-mb': { type: 'string', default: '1024' },
  },
});
const minutes = Number(opt.minutes);
const timeoutMs = Number(opt['timeout-ms']);
const heapMb = Number(opt['heap-mb']);
if (!(minutes > 0) || !(timeoutMs > 0) || !(heapMb > 0))
  throw new Error('--minutes, --timeout-ms and --heap-mb take positive numbers');

interface Slow {
  target: string;
  ms: number;
  size: number;
  preview: string;
}
interface Stats {
  inputs: number;
  ms: number;
  maxMs: number;
  batch: number;
  problems: string[];
}

const SLOWEST = 12;
const slowest: Slow[] = [];
const perKb = (s: Slow) => s.ms / Math.max(1, s.size / 1024);

function noteSlow(s: Slow): void {
  if (slowest.length === SLOWEST && perKb(s) <= perKb(slowest[SLOWEST - 1] as Slow)) return;
  slowest.push(s);
  slowest.sort((a, b) => perKb(b) - perKb(a));
  slowest.length = Math.min(slowest.length, SLOWEST);
}

/** The worker, with its message queue: one batch at a time. */
class FuzzWorker {
  private worker!: Worker;
  private onMessage: (m: FromWorker) => void = () => {};
  private onExit: (why: string) => void = () => {};
  targets: Promise<string[]>;

  constructor() {
    this.targets = this.spawn();
  }

  private spawn(): Promise<string[]> {
    const w = new Worker(new URL('./worker.mjs', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
    this.worker = w;
    // Events of a worker already replaced (a terminated one still emits 'exit') are not this one's.
    w.on('message', (m: FromWorker) => w === this.worker && this.onMessage(m));
    w.on('error', (err) => w === this.worker && this.onExit(`crashed: ${err.message}`));
    w.on('exit', (code) => w === this.worker && this.onExit(`exited with code ${code}`));
    return new Promise((resolve, reject) => {
      this.onMessage = (m) => (m.kind === 'ready' ? resolve(m.targets) : undefined);
      this.onExit = (why) => reject(new Error(`the fuzz worker ${why} while loading the targets`));
    });
  }

  /** Runs one batch; resolves with the worker's end-of-batch message, or a hang/crash with the input it was on. */
  batch(job: ToWorker, stats: Stats): Promise<string | null> {
    return new Promise((resolve) => {
      let current: { size: number; preview: string; shrinking: boolean } | null = null;
      let timer: NodeJS.Timeout | undefined;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => finish(`hang: an input ran over ${timeoutMs} ms`, true), timeoutMs);
      };
      const finish = (problem: string | null, restart: boolean) => {
        clearTimeout(timer);
        this.onMessage = () => {};
        this.onExit = () => {};
        if (restart) {
          const what = current
            ? `${current.shrinking ? 'while shrinking, ' : ''}input of ${kb(current.size)}: ${current.preview}`
            : '';
          void this.worker.terminate();
          this.targets = this.spawn();
          resolve(`${problem} — ${what}`);
        } else resolve(problem);
      };
      this.onMessage = (m) => {
        arm();
        if (m.kind === 'start') current = m;
        else if (m.kind === 'done') {
          stats.inputs++;
          stats.ms += m.ms;
          stats.maxMs = Math.max(stats.maxMs, m.ms);
          noteSlow({ target: job.target, ms: m.ms, size: m.size, preview: m.preview });
        } else if (m.kind === 'batch-end') {
          const f = m.failure;
          finish(
            f
              ? `oracle failed (seed ${job.seed}, run ${f.runs}): ${f.error}\n    minimised input (${kb(f.size)}): ${f.counterexample}`
              : null,
            false,
          );
        }
      };
      this.onExit = (why) => finish(`worker ${why}`, true);
      arm();
      this.worker.postMessage(job);
    });
  }

  stop(): Promise<number> {
    this.onExit = () => {};
    return this.worker.terminate();
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const worker = new FuzzWorker();
const names = (await worker.targets).filter(
  (n) => !opt.only || opt.only.split(',').some((p) => n.startsWith(p.trim())),
);
if (names.length === 0) throw new Error(`no fuzz target matches --only ${opt.only}`);
const stats = new Map<string, Stats>(names.map((n) => [n, { inputs: 0, ms: 0, maxMs: 0, batch: 10, problems: [] }]));
const started = Date.now();
const deadline = started + minutes * 60_000;
console.log(
  `fuzz: ${names.length} targets for ${minutes} min (watchdog ${timeoutMs} ms per input, worker heap ${heapMb} MB)`,
);

while (Date.now() < deadline) {
  for (const name of names) {
    if (Date.now() >= deadline) break;
    const s = stats.get(name) as Stats;
    const t0 = Date.now();
    await worker.targets;
    const problem = await worker.batch({ kind: 'batch', target: name, seed: randomInt(2 ** 31), runs: s.batch }, s);
    if (problem) {
      s.problems.push(problem);
      console.log(`${name}: ${problem}`);
    }
    // Batches of about a second: round-robin stays fair whatever one input costs.
    const took = Date.now() - t0;
    s.batch = took < 500 ? Math.min(s.batch * 2, 5_000) : took > 2_000 ? Math.max(1, Math.floor(s.batch / 2)) : s.batch;
  }
}
await worker.stop();

const rows = names.map((n) => {
  const s = stats.get(n) as Stats;
  return [
    n,
    String(s.inputs),
    String(s.problems.length),
    s.inputs ? (s.ms / s.inputs).toFixed(2) : '-',
    s.maxMs.toFixed(1),
  ];
});
const table = [['target', 'inputs', 'problems', 'mean ms', 'max ms'], ...rows];
const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
console.log(`\nfuzz: ${((Date.now() - started) / 60_000).toFixed(1)} min`);
for (const r of table)
  console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
console.log(`\nslowest inputs by time per KB (inputs under 1 KB count as 1 KB):`);
for (const s of slowest)
  console.log(
    `  ${perKb(s).toFixed(2).padStart(8)} ms/KB  ${s.ms.toFixed(1).padStart(7)} ms  ${kb(s.size).padStart(9)}  ${s.target}  ${s.preview}`,
  );
const problems = [...stats.entries()].flatMap(([n, s]) => s.problems.map((p) => `  ${n}: ${p}`));
console.log(
  problems.length ? `\n${problems.length} problem(s):\n${problems.join('\n')}` : '\nno failures, hangs or crashes',
);
process.exitCode = problems.length ? 1 : 0;
