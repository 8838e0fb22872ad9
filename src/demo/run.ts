// `newswatch demo`: the real service, end to end, against local sample feeds. It polls
// every 5 seconds, prints alerts on the console, and stops after `seconds`. With `speed`
// the demo's time runs that many times faster (polls every 5/speed s, at least 1 s).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../config/load.js';
import { createLogger } from '../observe/log.js';
import { buildRuntime } from '../service/runtime.js';
import { Service } from '../service/service.js';
import { DemoClock } from './clock.js';
import { SAMPLE_FEEDS } from './samples.js';
import { startDemoServer } from './server.js';

const BUNDLED = fileURLToPath(new URL('../../config/newswatch.yaml', import.meta.url));

export interface DemoOptions {
  /** Length of the demo, in demo seconds (the samples' timeline runs to 55 s). */
  seconds: number;
  /** Time compression: 1 is real time (default). */
  speed?: number;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function runDemo(opts: DemoOptions): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'newswatch-demo-'));
  const clock = new DemoClock(opts.speed ?? 1);
  const pollEvery = Math.max(1, Math.round(clock.real(5)));
  const server = await startDemoServer(SAMPLE_FEEDS, clock);
  const say = (s: string) => opts.out.write(`\n[demo] ${s}\n`);
  const arrivals = [...new Set(SAMPLE_FEEDS.flatMap((f) => f.items.map((i) => i.at)).filter((at) => at > 0))]
    .sort((a, b) => a - b)
    .map((at) => `${Math.round(clock.real(at))} s`);
  try {
    // The bundled watchlists, unchanged: the demo shows what the real config catches.
    const watchlists = (parse(readFileSync(BUNDLED, 'utf8')) as { watchlists: unknown }).watchlists;
    const configFile = join(dir, 'demo.yaml');
    writeFileSync(
      configFile,
      stringify({
        schedule: pollEvery === 1 ? '* * * * * *' : `*/${pollEvery} * * * * *`,
        state: './demo.db',
        feeds: SAMPLE_FEEDS.map((f) => ({ id: f.id, name: f.title, url: server.feedUrl(f.id) })),
        watchlists,
        channels: [{ id: 'console', console: true }],
      }),
    );
    const loaded = loadConfig(configFile, {});
    const log = createLogger({ level: 'warn', destination: opts.err });
    const service = new Service(buildRuntime(loaded, opts.out), { log, out: opts.out });
    const realSeconds = Math.round(clock.real(opts.seconds));
    say(
      `serving ${SAMPLE_FEEDS.length} sample feeds at ${server.origin}; polling every ${pollEvery} s for ${realSeconds} s${clock.speed !== 1 ? ` (time runs ${clock.speed}× faster)` : ''}.`,
    );
    say('first poll: the items already in each feed are recorded silently (no flood of old news).');
    // Ctrl-C (or SIGTERM) ends the demo early, cleanly.
    let stopped = false;
    let wake: () => void = () => undefined;
    const stop = () => {
      stopped = true;
      wake();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      await service.start();
      // New items may appear only once every feed has had its first poll.
      for (
        const until = Date.now() + 15_000;
        !stopped && Date.now() < until && !(await service.feeds()).every((f) => f.lastSuccessAt !== null);
      )
        await sleep(50);
      clock.start();
      say(
        `new items arrive at about ${arrivals.join(', ')} from now; those naming watched groups or officials alert below.`,
      );
      if (!stopped) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, clock.real(opts.seconds) * 1000);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    await service.stop(5_000);
    say('done. `npx newswatch start` runs the same pipeline against the real feeds in config/newswatch.yaml.');
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
