// `newswatch demo`: the real service, end to end, against local sample feeds. It polls
// every 5 seconds, prints alerts on the console, and stops after `seconds`.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../config/load.js';
import { createLogger } from '../observe/log.js';
import { buildRuntime } from '../service/runtime.js';
import { Service } from '../service/service.js';
import { SAMPLE_FEEDS } from './samples.js';
import { startDemoServer } from './server.js';

const BUNDLED = fileURLToPath(new URL('../../config/newswatch.yaml', import.meta.url));

export interface DemoOptions {
  seconds: number;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

export async function runDemo(opts: DemoOptions): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'newswatch-demo-'));
  const startedAt = Date.now();
  const server = await startDemoServer(SAMPLE_FEEDS, startedAt);
  const say = (s: string) => opts.out.write(`\n[demo] ${s}\n`);
  try {
    // The bundled watchlists, unchanged: the demo shows what the real config catches.
    const watchlists = (parse(readFileSync(BUNDLED, 'utf8')) as { watchlists: unknown }).watchlists;
    const configFile = join(dir, 'demo.yaml');
    writeFileSync(
      configFile,
      stringify({
        schedule: '*/5 * * * * *',
        state: './demo.db',
        feeds: SAMPLE_FEEDS.map((f) => ({ id: f.id, name: f.title, url: server.feedUrl(f.id) })),
        watchlists,
        channels: [{ id: 'console', console: true }],
      }),
    );
    const loaded = loadConfig(configFile, {});
    const log = createLogger({ level: 'warn', destination: opts.err });
    const service = new Service(buildRuntime(loaded, opts.out), { configPath: configFile, log, out: opts.out });
    say(`serving ${SAMPLE_FEEDS.length} sample feeds at ${server.origin}; polling every 5 s for ${opts.seconds} s.`);
    say('first poll: the items already in each feed are recorded silently (no flood of old news).');
    say('new items arrive at about 12 s, 25 s, 40 s, 48 s and 55 s; those naming watched groups or officials alert below.');
    await service.start();
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      setTimeout(stop, opts.seconds * 1000);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await service.stop(5_000);
    say('done. `npx newswatch start` runs the same pipeline against the real feeds in config/newswatch.yaml.');
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
