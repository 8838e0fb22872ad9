// What the cluster benches (bench/failover.ts, bench/cluster-scale.ts) share: a real
// `newswatch start` process from the compiled dist/ (bin/newswatch.js, as users run it),
// its CPU time read from /proc, and waiting for a condition.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Instance {
  child: ChildProcess;
  pid: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last few KB of its standard error (warnings and errors: the log level is warn). */
  stderr: () => string;
}

/** Starts `newswatch start --config <file>`; its log at level warn, kept for a failure report. */
export function startInstance(configFile: string, env: Record<string, string> = {}): Instance {
  const child = spawn(process.execPath, [join(ROOT, 'bin/newswatch.js'), 'start', '--config', configFile], {
    cwd: ROOT,
    env: { ...process.env, NEWSWATCH_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-8_000)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  if (child.pid === undefined) throw new Error(`could not start newswatch (${configFile})`);
  return { child, pid: child.pid, exited, stderr: () => stderr };
}

/** Stops an instance with SIGTERM (a clean leave), SIGKILL after `graceMs`. */
export async function stopInstance(inst: Instance, graceMs = 15_000): Promise<void> {
  if (inst.child.exitCode !== null || inst.child.signalCode !== null) return;
  inst.child.kill('SIGTERM');
  const timer = setTimeout(() => inst.child.kill('SIGKILL'), graceMs);
  await inst.exited;
  clearTimeout(timer);
}

/** user + system CPU (ms) of a process of this machine, its threads included (/proc/<pid>/stat, 10 ms ticks), or null. */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** A TCP port free on 127.0.0.1 now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

/** Waits until `check()` is true, every `everyMs`; throws naming `what` after `timeoutMs`. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs: number,
  everyMs = 20,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(everyMs);
  }
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const h = Math.floor(s.length / 2);
  return s.length % 2 ? (s[h] as number) : ((s[h - 1] as number) + (s[h] as number)) / 2;
};
