// `npm run bench`: every benchmark in sequence, each report printed as it finishes and
// the whole written to bench/results/latest.txt. Every benchmark but the soak runs in a
// fresh child process, so one's heap, JIT state or peak RSS never leaks into another's
// figures; the soak starts its own processes (bench/soak.ts).
//   npm run bench -- [--only match,poll,poll-pg,failover,cluster-scale,deliver,parse,startup,soak,corpus] [--soak-seconds 600] [--soak-feeds 200]
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchHostile } from './hostile.js';
import { benchSoak } from './soak.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Bench {
  name: string;
  what: string;
  run: (o: { soakSeconds: number; soakFeeds: number }) => Promise<string>;
}

/** Runs a bench script in its own process; resolves with its standard output. */
function script(file: string, args: string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(ROOT, 'bench', file), ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out.trimEnd()) : reject(new Error(`bench/${file} exited with code ${code}\n${out}`)),
    );
  });
}

const BENCHES: Bench[] = [
  { name: 'match', what: 'watchlist matching, 10–10,000 names (issue 3)', run: () => script('match.ts') },
  {
    name: 'scaling-match',
    what: 'matcher steps at 1×–8× input, before and after (issue 16, findings 6–8)',
    run: () => script('scaling-match.ts'),
  },
  { name: 'poll', what: 'poll cycle, 1,000 local feeds (issue 5)', run: () => script('poll-cycle.ts') },
  {
    name: 'poll-pg',
    what: 'poll cycle, 1,000 local feeds, state on PostgreSQL beside SQLite: CPU, wall, round trips per poll',
    run: () => script('poll-cycle-pg.ts'),
  },
  {
    name: 'failover',
    what: 'two instances on PostgreSQL, default leases: SIGKILL of the channel holder → delivery by the other',
    run: () => script('failover.ts'),
  },
  {
    name: 'cluster-scale',
    what: '2,000 feeds on PostgreSQL polled by one, then two instances: throughput, double polls, CPU per poll',
    run: () => script('cluster-scale.ts'),
  },
  {
    name: 'state',
    what: 'poll commits on SQLite and PostgreSQL, CPU and statements per poll (issue 11)',
    run: () => script('state-commit.ts'),
  },
  { name: 'deliver', what: 'alert rendering and outbox drain', run: () => script('deliver.ts') },
  { name: 'parse', what: 'feed parsing speed', run: () => script('parse-speed.ts') },
  {
    name: 'scaling-config',
    what: 'config loader, hostile inputs 1×–8× (issue 16)',
    run: () => script('scaling-config.ts'),
  },
  {
    name: 'startup',
    what: 'CLI start-up (--help, match, check) against a bare node -e 0 (issue 14)',
    run: () => script('startup.ts'),
  },
  {
    name: 'hostile',
    what: 'the service polling the hostile set every 10 s beside normal feeds (issue 10)',
    run: (o) => benchHostile(Math.min(180, o.soakSeconds)),
  },
  {
    name: 'scaling-parse',
    what: 'parse and HTML-to-text on hostile inputs at 1×–8×, before/after (issue 16)',
    run: () => script('scaling-parse.ts'),
  },
  {
    name: 'soak',
    what: 'the service polling local feeds every second for minutes, new items arriving (issue 6)',
    run: (o) => benchSoak({ seconds: o.soakSeconds, feeds: o.soakFeeds }),
  },
  {
    name: 'history',
    what: 'history of 300,000 items: backtest and search (issue 12 §3; not default: a few minutes)',
    run: () => script('history.ts'),
  },
  {
    name: 'history-pg',
    what: 'history search on PostgreSQL against SQLite, 50,000 items (not default: needs a server, about a minute)',
    run: () => script('history-pg.ts'),
  },
  // Not run by default: a correctness score on ../shared's corpus, not a speed figure.
  { name: 'corpus', what: 'feedparser corpus score (needs ../shared)', run: () => script('feedparser-score.ts') },
];
const DEFAULT = ['match', 'poll', 'deliver', 'parse', 'scaling-parse', 'scaling-match', 'startup', 'soak'];

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    'soak-seconds': { type: 'string', default: '600' },
    'soak-feeds': { type: 'string', default: '200' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write(
    `usage: npm run bench -- [--only ${BENCHES.map((b) => b.name).join(',')}] [--soak-seconds 600] [--soak-feeds 200]\n`,
  );
  process.exit(0);
}
const wanted = values.only
  ? values.only
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
  : DEFAULT;
const unknown = wanted.filter((w) => !BENCHES.some((b) => b.name === w));
if (unknown.length) {
  process.stderr.write(
    `bench: unknown benchmark ${unknown.join(', ')} (known: ${BENCHES.map((b) => b.name).join(', ')})\n`,
  );
  process.exit(2);
}
const opts = { soakSeconds: Number(values['soak-seconds']), soakFeeds: Number(values['soak-feeds']) };
if (!(opts.soakSeconds >= 20) || !(opts.soakFeeds >= 1)) {
  process.stderr.write('bench: --soak-seconds must be at least 20 and --soak-feeds at least 1\n');
  process.exit(2);
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const cpu = cpus();
const header = [
  `newswatch benchmarks, ${new Date().toISOString()}`,
  `machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, load average at start ${load()} (1, 5, 15 min)`,
  'figures are compared with baselines measured in the same run on the same machine (ratios), since absolute speeds vary with the machine and its load',
].join('\n');

const sections: string[] = [header];
const outFile = join(ROOT, 'bench/results/latest.txt');
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
const save = () => writeFileSync(outFile, `${sections.join('\n\n')}\n`);
process.stdout.write(`${header}\n`);
let failed = 0;
for (const bench of BENCHES.filter((b) => wanted.includes(b.name))) {
  process.stdout.write(`\n== ${bench.name}: ${bench.what} ...\n`);
  const t0 = performance.now();
  let report: string;
  try {
    report = await bench.run(opts);
  } catch (err) {
    failed++;
    report = `FAILED: ${(err as Error).message}`;
  }
  const footer = `(${((performance.now() - t0) / 1000).toFixed(0)} s; load average after ${load()})`;
  const section = `== ${bench.name}: ${bench.what}\n${report}\n${footer}`;
  process.stdout.write(`${report}\n${footer}\n`);
  sections.push(section);
  save();
}
process.stdout.write(`\nreport written to ${outFile}\n`);
process.exitCode = failed ? 1 : 0;
