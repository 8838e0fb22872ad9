// A PostgreSQL database of its own for one bench run, on the server of the tests
// (NEWSWATCH_TEST_PG, else postgres@127.0.0.1:5432): created empty, dropped at the end.
// Also reads the CPU time of the server processes serving it, when the server runs on
// this machine (/proc), since that CPU is not the measured client's.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';

const ADMIN = process.env.NEWSWATCH_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  name: string;
  url: string;
  /** CPU ms used so far by each server process connected to this database (by pid), or null when they cannot be read. */
  serverCpu(): Promise<Map<number, number> | null>;
  drop(): Promise<void>;
}

/** Creates the database; throws with the server's message when none answers. */
export async function createBenchDatabase(prefix: string): Promise<BenchDatabase> {
  const name = `newswatch_bench_${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN, connectionTimeoutMillis: 3000 });
  await admin.connect();
  admin.on('error', () => {});
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(ADMIN);
  u.pathname = `/${name}`;
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  return {
    name,
    url: u.toString(),
    async serverCpu() {
      if (!local) return null;
      const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [
        name,
      ]);
      const cpu = new Map<number, number>();
      for (const { pid } of rows) {
        const t = processCpuMs(pid);
        if (t === null) return null;
        cpu.set(pid, t);
      }
      return cpu;
    },
    async drop() {
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await admin.end().catch(() => {});
      }
    },
  };
}

/** user + system CPU of a local postgres process (ms, in clock ticks of 10 ms), or null. */
function processCpuMs(pid: number): number | null {
  try {
    if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') return null;
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/**
 * Server CPU (ms) between two readings of serverCpu(): what each process still connected at
 * the end used since the start (all of it when it connected meanwhile). A process that
 * ended in between is not counted, so this is a lower bound.
 */
export function serverCpuBetween(start: Map<number, number> | null, end: Map<number, number> | null): number | null {
  if (!start || !end) return null;
  let ms = 0;
  for (const [pid, t] of end) ms += t - (start.get(pid) ?? 0);
  return ms;
}
