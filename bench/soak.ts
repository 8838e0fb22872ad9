// Soak benchmark (issue 6): newswatch's real Service polls N local feeds every second
// (6-field cron "* * * * * *") for `seconds`, while new items keep arriving (every 2 s,
// two feeds publish one new item; about two thirds name a watched entity, so alerts
// flow to a console channel writing to a null stream). Three processes, so only
// newswatch is measured: this one (orchestrates, formats the report), the feed server
// (bench/soak-feed-server-child.ts), and the service (bench/soak-child.mjs, on the
// compiled dist/ built first, which samples its own RSS, heap and event-loop delay). The baseline is the same process's RSS at
// the end of the warm-up; the target is no more than 20% growth after it.
// Standalone: node --expose-gc --import tsx bench/soak.ts [seconds] [feeds]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse as parseYaml, stringify } from 'yaml';
import { formatSoak, type SoakLine } from './soak-report.js';
import { buildDist } from './build-dist.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TICK_MS = 2000;
const PER_TICK = 2;
const SAMPLE_MS = 5000;

export interface SoakOptions {
  seconds: number;
  feeds?: number;
}

function child(
  script: string,
  args: string[],
  stdin: 'pipe' | 'ignore',
): { proc: ChildProcess; lines: AsyncIterator<string> } {
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const proc = spawn(process.execPath, ['--expose-gc', ...loader, join(ROOT, 'bench', script), ...args], {
    stdio: [stdin, 'pipe', 'inherit'],
    cwd: ROOT,
  });
  return { proc, lines: createInterface({ input: proc.stdout! })[Symbol.asyncIterator]() };
}

async function nextLine(lines: AsyncIterator<string>, what: string): Promise<string> {
  const r = await lines.next();
  if (r.done) throw new Error(`soak: ${what} ended before answering`);
  return r.value;
}

export async function benchSoak(opts: SoakOptions): Promise<string> {
  const feeds = opts.feeds ?? 200;
  const seconds = Math.max(20, Math.round(opts.seconds));
  // V8 sizes its heap during the first minute or two at this poll rate (measured here: RSS
  // peaks near 240 MB at ~90 s, then settles near 150 MB), so the warm-up is a fifth of the run.
  const warmup = Math.round(Math.min(120, Math.max(10, seconds * 0.2)));
  // The service child runs the compiled code, as `newswatch start` does.
  buildDist('soak');
  const dir = mkdtempSync(join(tmpdir(), 'nw-soak-'));
  const server = child('soak-feed-server-child.ts', [String(feeds), String(TICK_MS), String(PER_TICK)], 'pipe');
  let service: ReturnType<typeof child> | null = null;
  try {
    const origin = await nextLine(server.lines, 'the feed server');
    const bundled = parseYaml(readFileSync(join(ROOT, 'config/newswatch.yaml'), 'utf8')) as { watchlists: unknown };
    const configPath = join(dir, 'soak.yaml');
    writeFileSync(
      configPath,
      stringify({
        schedule: '* * * * * *',
        state: './soak.db',
        http: { host: '127.0.0.1', port: 0 },
        fetch: { concurrency: 16, perHost: 16, timeout: '10s' },
        feeds: Array.from({ length: feeds }, (_, i) => ({ id: `f${i}`, url: `${origin}/feed-${i}.xml` })),
        watchlists: bundled.watchlists,
        channels: [{ id: 'desk', console: true, perMinute: 120 }],
      }),
    );
    service = child('soak-child.mjs', [configPath, String(seconds), String(warmup), String(SAMPLE_MS)], 'ignore');
    const lines: SoakLine[] = [];
    for (;;) {
      const line = JSON.parse(await nextLine(service.lines, 'the service process')) as SoakLine;
      lines.push(line);
      if (line.type === 'done') break;
    }
    // The raw samples, for a closer look (git-ignored).
    mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
    writeFileSync(
      join(ROOT, 'bench/results/soak-samples.jsonl'),
      lines.map((l) => JSON.stringify(l)).join('\n') + '\n',
    );
    server.proc.stdin?.write('stats\n');
    const stats = JSON.parse(await nextLine(server.lines, 'the feed server')) as { published: number };
    return formatSoak({
      feeds,
      seconds,
      warmup,
      tickMs: TICK_MS,
      perTick: PER_TICK,
      sampleMs: SAMPLE_MS,
      published: stats.published,
      lines,
    });
  } finally {
    service?.proc.kill();
    server.proc.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(
    `${await benchSoak({ seconds: Number(process.argv[2] ?? 600), feeds: Number(process.argv[3] ?? 200) })}\n`,
  );
}
