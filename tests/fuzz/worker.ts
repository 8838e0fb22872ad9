// The fuzz worker (see run.ts): runs batches of one target's inputs as a fast-check run
// (seeded, so that a failure is shrunk to a minimal input), timing each input and telling
// the main thread before each one starts, so that a hang or a crash is reported with the
// input that caused it.
import fc from 'fast-check';
import { parentPort } from 'node:worker_threads';
import { loadTargets, preview } from './targets.js';
import type { FuzzTarget } from './target.js';

export type ToWorker = { kind: 'batch'; target: string; seed: number; runs: number };
export type FromWorker =
  | { kind: 'ready'; targets: string[] }
  | { kind: 'start'; size: number; preview: string; shrinking: boolean }
  | { kind: 'done'; ms: number; size: number; preview: string }
  | { kind: 'batch-end'; failure: { error: string; counterexample: string; size: number; runs: number } | null };

const port = parentPort;
if (!port) throw new Error('tests/fuzz/worker.ts runs in a worker thread');
const targets = new Map((await loadTargets()).map((t) => [t.name, t] as const));
port.postMessage({ kind: 'ready', targets: [...targets.keys()] } satisfies FromWorker);

port.on('message', (msg: ToWorker) => {
  void runBatch(targets.get(msg.target) as FuzzTarget<unknown>, msg.seed, msg.runs).then((m) => port.postMessage(m));
});

async function runBatch(t: FuzzTarget<unknown>, seed: number, runs: number): Promise<FromWorker> {
  let failed = false;
  const send = (m: FromWorker) => port?.postMessage(m);
  const result = await fc.check(
    fc.asyncProperty(t.arbitrary, async (input) => {
      const size = t.size(input);
      const shown = preview(input);
      send({ kind: 'start', size, preview: shown, shrinking: failed });
      const started = performance.now();
      try {
        await t.check(input);
      } catch (err) {
        failed = true;
        throw err;
      }
      if (failed) return;
      let ms = performance.now() - started;
      // A slow input is timed twice more (the least counts), so that a GC pause or a JIT warm-up is not reported as one.
      for (let again = 0; again < 2 && ms > 5; again++) {
        const t0 = performance.now();
        await t.check(input);
        ms = Math.min(ms, performance.now() - t0);
      }
      send({ kind: 'done', ms, size, preview: shown });
    }),
    { seed, numRuns: runs },
  );
  if (!result.failed) return { kind: 'batch-end', failure: null };
  const input = result.counterexample?.[0];
  const error = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
  return {
    kind: 'batch-end',
    failure: {
      error,
      counterexample: preview(input, 2000),
      size: input === undefined ? 0 : t.size(input),
      runs: result.numRuns,
    },
  };
}
