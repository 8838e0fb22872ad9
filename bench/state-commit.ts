// Poll commits on SQLite and on PostgreSQL in the same run (issue 11): 1,000 feeds, each
// poll committing 5 new items of which one alerts to two channels, 50 polls finishing
// together (one group commit each) as in a poll cycle. Reports this process's CPU per poll
// commit, wall time, and for PostgreSQL the statements sent per poll; ratios against SQLite.
// The PostgreSQL server's own CPU is another process and is not counted here.
// Needs a PostgreSQL server on 127.0.0.1:5432 (user postgres), else reports a skip.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { AlertPayload } from '../src/core/types.js';
import type { NewItemRecord, PollCommit, PollStore } from '../src/state/interfaces.js';
import { PgStore } from '../src/state/postgres/store.js';
import { Store } from '../src/state/store.js';

const FEEDS = 1000;
const TOGETHER = 50;
const ADMIN = process.env.NEWSWATCH_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const T0 = Date.parse('2026-03-02T10:00:00Z');

function payload(title: string): AlertPayload {
  return {
    kind: 'alert',
    feedId: 'f',
    source: 'Wire',
    title,
    link: null,
    published: null,
    summary: [],
    matches: [],
    alsoReportedBy: [],
  };
}

function commit(feed: number, round: number): PollCommit {
  const items: NewItemRecord[] = Array.from({ length: 5 }, (_, i) => {
    const title = `Feed ${feed} round ${round} item ${i} ${randomBytes(4).toString('hex')} district officials said`;
    return {
      id: `${feed}-${round}-${i}`,
      canonicalLink: `https://news.example.org/${feed}/${round}/${i}`,
      title,
      link: null,
      source: `Wire ${feed}`,
      alerts:
        i === 0
          ? [
              { channelId: 'desk', payload: payload(title) },
              { channelId: 'ops', payload: payload(title) },
            ]
          : [],
      mentions: i === 0 ? [{ watchlist: 'groups', entity: 'ttp' }] : [],
    };
  });
  const at = T0 + round * 60_000;
  return {
    feedId: `feed-${feed}`,
    at,
    etag: `"${at}"`,
    lastModified: null,
    title: `Feed ${feed}`,
    nextPollAt: at + 300_000,
    presentIds: items.map((i) => i.id),
    newItems: items,
    silent: false,
    dedup: { windowMs: 2 * 86_400_000, titleSimilarity: 0.8 },
  };
}

async function run(poll: PollStore): Promise<{ cpuMs: number; wallMs: number }> {
  for (let f = 0; f < FEEDS; f++) await poll.ensureFeed(`feed-${f}`, `https://f${f}.example.org/feed`);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let round = 1; round <= 2; round++) {
    for (let f = 0; f < FEEDS; f += TOGETHER) {
      await Promise.all(Array.from({ length: TOGETHER }, (_, i) => poll.commitPoll(commit(f + i, round))));
    }
  }
  const cpu = process.cpuUsage(cpu0);
  return { cpuMs: (cpu.user + cpu.system) / 1000, wallMs: performance.now() - t0 };
}

const polls = FEEDS * 2;
const dir = mkdtempSync(join(tmpdir(), 'nw-bench-state-'));
const sqlite = Store.open(join(dir, 'state.db'));
const s = await run(sqlite.poll);
sqlite.close();
rmSync(dir, { recursive: true, force: true });
const lines = [
  `poll commits: ${FEEDS} feeds × 2 rounds, 5 new items each (1 alerting to 2 channels), ${TOGETHER} polls per group commit`,
  `SQLite      CPU ${(s.cpuMs / polls).toFixed(3)} ms/poll, wall ${(s.wallMs / polls).toFixed(3)} ms/poll (baseline)`,
];

const name = `newswatch_bench_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: ADMIN, connectionTimeoutMillis: 3000 });
try {
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(ADMIN);
  u.pathname = `/${name}`;
  let statements = 0;
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    statements++;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  const store = await PgStore.open(u.toString());
  const before = statements;
  const p = await run(store.poll);
  const perPoll = (statements - before - FEEDS * 3) / polls; // less the ensureFeed statements
  await store.close();
  lines.push(
    `PostgreSQL  CPU ${(p.cpuMs / polls).toFixed(3)} ms/poll (${(p.cpuMs / s.cpuMs).toFixed(2)}× SQLite), ` +
      `wall ${(p.wallMs / polls).toFixed(3)} ms/poll (${(p.wallMs / s.wallMs).toFixed(2)}×), ${perPoll.toFixed(1)} statements/poll ` +
      `(BEGIN/COMMIT shared by ${TOGETHER})`,
  );
  await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
} catch (err) {
  lines.push(`PostgreSQL  skipped: ${(err as Error).message}`);
} finally {
  await admin.end().catch(() => {});
}
process.stdout.write(`${lines.join('\n')}\n`);
