// Start-up time of the CLI as users run it (node bin/newswatch.js → dist/), against a bare
// `node -e 0` measured in the same run: each round runs every command once, in turn, so
// the machine's load falls on all of them alike; the median wall time of the rounds is
// reported, and its ratio to the bare node's.
//   --help          commander and the version only
//   match (empty)   the config loaded and the watchlists compiled, up to reading stdin
//   check           the bundled config validated, every channel's sink checked
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDist } from './build-dist.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/newswatch.js');
const ROUNDS = Number(process.env['STARTUP_ROUNDS'] ?? 15);

const COMMANDS: { name: string; args: string[]; target: string }[] = [
  { name: 'node -e 0 (baseline)', args: ['-e', '0'], target: '' },
  { name: 'newswatch --help', args: [BIN, '--help'], target: '≤ 150 ms' },
  { name: 'newswatch match (empty stdin)', args: [BIN, 'match'], target: '≤ 300 ms' },
  { name: 'newswatch check', args: [BIN, 'check'], target: '≤ 300 ms' },
];

/** Wall time of one run, ms; rejects if it fails. */
function timeOne(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const env = { ...process.env };
    for (const k of ['DISCORD_TOKEN', 'DISCORD_WEBHOOK_URL', 'DISCORD_CHANNEL_ID', 'NEWSWATCH_CONFIG']) delete env[k];
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(performance.now() - t0) : reject(new Error(`${args.join(' ')} exited ${code}: ${err}`)),
    );
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

async function main(): Promise<void> {
  buildDist('startup');
  const times = COMMANDS.map(() => [] as number[]);
  // One warm-up run each (and a clear error if a command fails).
  for (const c of COMMANDS)
    await timeOne(c.args).catch((e: Error) => Promise.reject(new Error(`${c.name}: ${e.message}`)));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, c] of COMMANDS.entries()) times[i]?.push(await timeOne(c.args));
  }
  const base = median(times[0] as number[]);
  const lines = [
    `startup: median wall time of ${ROUNDS} interleaved rounds, and its ratio to a bare node in the same run`,
  ];
  for (const [i, c] of COMMANDS.entries()) {
    const m = median(times[i] as number[]);
    const extra =
      i === 0
        ? ''
        : `  ${(m / base).toFixed(2)}× node, +${Math.round(m - base)} ms${c.target ? `  (target ${c.target})` : ''}`;
    lines.push(`  ${c.name.padEnd(32)} ${m.toFixed(0).padStart(5)} ms${extra}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
