// The soak's measured process: newswatch's real Service, built as src/cli/boot.ts builds
// it, and nothing else but this sampler (the feed server and the bench runner live in
// other processes). Plain JavaScript importing the compiled dist/ (what `newswatch start`
// runs), so no TypeScript loader weighs on the process being measured.
// Console alerts go to a null stream; warnings go to stderr as JSON.
// Writes JSON lines on stdout: {"type":"ready"}, {"type":"sample"} every `sampleMs`,
// {"type":"mark"} at the end of the warm-up, the middle and the end, then {"type":"done"}.
// Usage: node --expose-gc bench/soak-child.mjs <config> <seconds> <warmupSeconds> <sampleMs>
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Writable } from 'node:stream';

/** The event-loop monitor's timer period: its histogram records the whole period, so the delay is value − this. */
const RESOLUTION_MS = 10;
const [configPath = '', secondsArg = '60', warmupArg = '10', sampleArg = '5000'] = process.argv.slice(2);
const seconds = Number(secondsArg);
const warmupMs = Number(warmupArg) * 1000;
const sampleMs = Number(sampleArg);
const emit = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
const mb = (bytes) => Math.round((bytes / 2 ** 20) * 10) / 10;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// What the process weighs before newswatch is loaded (Node itself and this file).
const bareRssMb = mb(process.memoryUsage().rss);

const { loadConfig } = await import('../dist/config/load.js');
const { createLogger } = await import('../dist/observe/log.js');
const { buildRuntime } = await import('../dist/service/runtime.js');
const { Service } = await import('../dist/service/service.js');

const nullStream = new Writable({ write: (_chunk, _enc, done) => done() });
const loaded = loadConfig(configPath, {});
const log = createLogger({ secrets: loaded.secrets, level: 'warn', pretty: false });
const service = new Service(buildRuntime(loaded, nullStream), { configPath, log, out: nullStream });

/** Sum of a prom-client counter's values (optionally only some labels). */
async function counter(name, where) {
  const metric = service.metricsRegistry.registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values.filter((v) => !where || where(v.labels)).reduce((n, v) => n + v.value, 0);
}

async function counts() {
  return {
    polls: await counter('newswatch_polls_total'),
    failedPolls: await counter('newswatch_polls_total', (l) => l.result !== 'updated' && l.result !== 'not-modified'),
    items: await counter('newswatch_items_seen_total'),
    sent: await counter('newswatch_alerts_sent_total'),
    pending: service.store.outbox.counts().reduce((n, c) => n + c.pending, 0),
  };
}

const delay = (h) => {
  const at = (ns) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  return { p50: at(h.percentile(50)), p99: at(h.percentile(99)), max: at(h.max), mean: at(h.mean) };
};

const eld = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
eld.enable();
const t0 = Date.now();
const cpu0 = process.cpuUsage();
const elapsed = () => (Date.now() - t0) / 1000;

async function sample(type, name) {
  const m = process.memoryUsage();
  const base = {
    type,
    name,
    t: elapsed(),
    rssMb: mb(m.rss),
    heapUsedMb: mb(m.heapUsed),
    heapTotalMb: mb(m.heapTotal),
    externalMb: mb(m.external),
    ...(await counts()),
  };
  if (type === 'sample' || typeof globalThis.gc !== 'function') return emit(base);
  // At a mark, also the live heap after a full GC (the leak indicator); the event-loop
  // monitor is paused so the forced collection does not count as service delay.
  eld.disable();
  globalThis.gc();
  const heapAfterGcMb = mb(process.memoryUsage().heapUsed);
  eld.enable();
  emit({ ...base, heapAfterGcMb });
}

await service.start();
emit({ type: 'ready', bareRssMb, pid: process.pid });
const sampler = setInterval(() => void sample('sample'), sampleMs);

await sleep(warmupMs);
const warmupEld = delay(eld);
eld.reset();
await sample('mark', 'warm-up');
const middleAt = (seconds * 1000 + warmupMs) / 2;
await sleep(middleAt - warmupMs);
await sample('mark', 'middle');
await sleep(seconds * 1000 - middleAt);
clearInterval(sampler);
const steadyEld = delay(eld);
await sample('mark', 'end');
const cpu = process.cpuUsage(cpu0);
const final = await counts();
await service.stop(10_000);
emit({
  type: 'done',
  seconds: elapsed(),
  warmupEld,
  eld: steadyEld,
  cpuMs: (cpu.user + cpu.system) / 1000,
  ...final,
  maxRssMb: mb(process.resourceUsage().maxRSS * 1024),
});
