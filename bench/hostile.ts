// Hostile bench (issue 10 §1): the real service (bench/soak-child.mjs on the compiled dist/)
// polls the whole hostile set (tests/hostile/hostile-server.ts) every 10 s beside 20 normal
// feeds, for `seconds`; the baseline is the same service polling the normal feeds alone for
// as long, in the same run. Reported: peak RSS and the longest event-loop stall of each, and
// their ratios. Targets: peak RSS ≤ 350 MB, no stall over 250 ms, normal feeds polled as
// often as in the baseline.
// Failing feeds back off; failures.maxBackoff is 10 s so the hostile ones are re-polled
// every round, as in the trial.
// Standalone: node --expose-gc --import tsx bench/hostile.ts [seconds]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse as parseYaml, stringify } from 'yaml';
import { buildDist } from './build-dist.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NORMAL = 20;

interface Done {
  type: 'done';
  polls: number;
  failedPolls: number;
  sent: number;
  cpuMs: number;
  maxRssMb: number;
  warmupEld: { max: number; p99: number };
  eld: { max: number; p99: number };
}

function child(script: string, args: string[]): { proc: ChildProcess; lines: AsyncIterator<string> } {
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const proc = spawn(process.execPath, ['--expose-gc', ...loader, join(ROOT, 'bench', script), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    cwd: ROOT,
  });
  return { proc, lines: createInterface({ input: proc.stdout! })[Symbol.asyncIterator]() };
}

async function next(lines: AsyncIterator<string>, what: string): Promise<string> {
  const r = await lines.next();
  if (r.done) throw new Error(`hostile: ${what} ended before answering`);
  return r.value;
}

/** One run of the service on `paths` for `seconds`; resolves with its final report line. */
async function runService(
  dir: string,
  name: string,
  origin: string,
  paths: { normal: string[]; hostile: string[] },
  seconds: number,
): Promise<Done> {
  const bundled = parseYaml(readFileSync(join(ROOT, 'config/newswatch.yaml'), 'utf8')) as { watchlists: unknown };
  const configPath = join(dir, `${name}.yaml`);
  writeFileSync(
    configPath,
    stringify({
      schedule: '*/10 * * * * *',
      state: `./${name}.db`,
      fetch: { concurrency: 8, perHost: 8, timeout: '8s' },
      failures: { maxBackoff: '10s' },
      feeds: [
        ...paths.normal.map((p, i) => ({ id: `normal-${i}`, url: origin + p, alertOnFirstPoll: true })),
        ...paths.hostile.map((p, i) => ({ id: `hostile-${i}`, url: origin + p })),
      ],
      watchlists: bundled.watchlists,
      channels: [{ id: 'desk', console: true, perMinute: 120 }],
    }),
  );
  const service = child('soak-child.mjs', [configPath, String(seconds), '5', '5000']);
  try {
    for (;;) {
      const line = JSON.parse(await next(service.lines, `the ${name} service`)) as { type: string };
      if (line.type === 'done') return line as Done;
    }
  } finally {
    service.proc.kill();
  }
}

export async function benchHostile(seconds: number): Promise<string> {
  buildDist('hostile');
  const dir = mkdtempSync(join(tmpdir(), 'nw-hostile-'));
  const server = child('hostile-server-child.ts', [String(NORMAL)]);
  try {
    const { origin, hostile, normal } = JSON.parse(await next(server.lines, 'the feed server')) as {
      origin: string;
      hostile: string[];
      normal: string[];
    };
    const base = await runService(dir, 'baseline', origin, { normal, hostile: [] }, seconds);
    const hot = await runService(dir, 'hostile', origin, { normal, hostile }, seconds);
    const stall = (d: Done) => Math.max(d.warmupEld.max, d.eld.max);
    const n = (x: number, width: number) => x.toFixed(0).padStart(width);
    const row = (label: string, d: Done) =>
      `  ${label.padEnd(22)} peak RSS ${n(d.maxRssMb, 4)} MB   longest stall ${n(stall(d), 4)} ms ` +
      `(first 5 s ${n(d.warmupEld.max, 0)}, after ${n(d.eld.max, 0)})   p99 ${n(d.eld.p99, 3)} ms   ` +
      `polls ${n(d.polls, 4)} (${d.failedPolls} failed)   alerts sent ${d.sent}   CPU ${(d.cpuMs / 1000).toFixed(1)} s`;
    const rssOk = hot.maxRssMb <= 350;
    const stallOk = stall(hot) <= 250;
    return [
      `${NORMAL} normal feeds (50 items, ≈180 KB) polled every 10 s for ${seconds} s; ` +
        `the hostile run adds the ${hostile.length} hostile feeds`,
      row('normal feeds only', base),
      row('normal + hostile set', hot),
      `  ratios hostile/baseline: peak RSS ×${(hot.maxRssMb / base.maxRssMb).toFixed(2)}, ` +
        `longest stall ×${(stall(hot) / Math.max(1, stall(base))).toFixed(2)}, ` +
        `normal-feed polls ${hot.polls - hot.failedPolls} vs ${base.polls - base.failedPolls} (hostile successes included)`,
      `  targets: peak RSS ≤ 350 MB ${rssOk ? 'met' : 'NOT met'}; no stall > 250 ms ${stallOk ? 'met' : 'NOT met'}` +
        (stallOk
          ? ''
          : ` (the normal feeds alone stall ${stall(base).toFixed(0)} ms here: compare the ratio on a loaded machine)`),
    ].join('\n');
  } finally {
    server.proc.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${await benchHostile(Number(process.argv[2] ?? 180))}\n`);
}
