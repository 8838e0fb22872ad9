// History search on PostgreSQL against SQLite, in the same run: the same items (default
// 50,000: 500 feeds × 10 polls of 10 new items, texts as in bench/history.ts) written
// through each store's real poll commit, then the same queries timed on both (median of 15
// runs, 20 results), with how many of the 20 hits the two agree on.
// Needs a PostgreSQL server on 127.0.0.1:5432 (user postgres, or NEWSWATCH_TEST_PG), else reports a skip.
// Standalone: node --import tsx bench/history-pg.ts [--feeds 500] [--polls 10] [--per-poll 10] [--keep]
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { entityPath } from '../src/core/entity-key.js';
import { compileWatchlists, type MatchInput } from '../src/match/index.js';
import type { HistoryReader, NewItemRecord, PollCommit, PollStore } from '../src/state/interfaces.js';
import { PgStore } from '../src/state/postgres/store.js';
import { Store } from '../src/state/store.js';
import { bundledWatchlists, makeArticles, rng } from './articles.js';

const ADMIN = process.env.NEWSWATCH_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const { values } = parseArgs({
  options: {
    feeds: { type: 'string', default: '500' },
    polls: { type: 'string', default: '10' },
    'per-poll': { type: 'string', default: '10' },
    keep: { type: 'boolean' },
  },
});
const FEEDS = Number(values.feeds);
const POLLS = Number(values.polls);
const PER_POLL = Number(values['per-poll']);
const DAY = 86_400_000;

const { watchlists: bundled, names } = bundledWatchlists();
const matcher = compileWatchlists(bundled);
const articles: MatchInput[] = makeArticles(4_000, names, 13);
const now = Date.now();
const start = now - POLLS * DAY;

/** Every poll of one round, the same on both stores (the generator is re-seeded per store). */
function round(k: number, r: () => number): PollCommit[] {
  const at = start + k * DAY;
  return Array.from({ length: FEEDS }, (_, f) => {
    const items: NewItemRecord[] = Array.from({ length: PER_POLL }, (_, i) => {
      const a = articles[Math.floor(r() * articles.length)] as MatchInput;
      const from = Math.floor(r() * 200);
      const text = a.text.slice(from, from + 300 + Math.floor(r() * 2_700));
      const title = `${a.title.slice(0, 60)} ${f}-${k}-${i}`;
      const matched = [...new Set(matcher.match({ title, text }).map(entityPath))];
      return {
        id: `${k}-${i}`,
        canonicalLink: null,
        title,
        link: `https://news.example.org/${f}/${k}/${i}`,
        source: `Feed ${f}`,
        alerts: [],
        mentions: [],
        history: { published: at, text, matched, alerted: matched },
      };
    });
    return {
      feedId: `feed-${f}`,
      at,
      etag: null,
      lastModified: null,
      title: null,
      nextPollAt: null,
      presentIds: items.map((i) => i.id),
      newItems: items,
      silent: false,
      dedup: { windowMs: 2 * DAY, titleSimilarity: 0.8 },
    };
  });
}

async function fill(poll: PollStore): Promise<number> {
  const r = rng(5);
  const t0 = performance.now();
  for (let f = 0; f < FEEDS; f++) await poll.ensureFeed(`feed-${f}`, `https://feeds.example.org/${f}`);
  for (let k = 0; k < POLLS; k++) await Promise.all(round(k, r).map((c) => poll.commitPoll(c)));
  return performance.now() - t0;
}

const firstEntity = bundled[0]?.entities[0]?.id ?? '';
const queries: { label: string; q: string; since?: number; entity?: string }[] = [
  { label: 'common word ("attack")', q: 'attack' },
  { label: 'two words ("security checkpoint")', q: 'security checkpoint' },
  { label: 'a watched name ("Haqqani Network")', q: '"Haqqani Network"' },
  { label: 'rare words, last 3 days', q: 'earthquake relief', since: now - 3 * DAY },
  { label: `common word, --entity ${firstEntity}`, q: 'attack', entity: firstEntity },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
async function timeQueries(h: HistoryReader): Promise<{ ms: number; ids: number[] }[]> {
  const out = [];
  for (const q of queries) {
    const opts = { since: q.since ?? 0, entity: q.entity, limit: 20 };
    const ids = (await h.search(q.q, opts)).map((x) => x.id); // warm-up, and the answer compared
    const ms: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t = performance.now();
      await h.search(q.q, opts);
      ms.push(performance.now() - t);
    }
    out.push({ ms: median(ms), ids });
  }
  return out;
}

const items = FEEDS * POLLS * PER_POLL;
const dir = mkdtempSync(join(tmpdir(), 'nw-bench-history-pg-'));
const file = join(dir, 'state.db');
const sqlite = Store.open(file);
const sqliteFill = await fill(sqlite.poll);
const sqliteTimes = await timeQueries(sqlite.history);
sqlite.close();
const sqliteBytes = statSync(file).size;
rmSync(dir, { recursive: true, force: true });
const per10k = (b: number) => `${(((b / items) * 10_000) / 1e6).toFixed(1)} MB`;

const lines = [
  `history search, PostgreSQL against SQLite: ${items.toLocaleString('en-US')} items (${FEEDS} feeds × ${POLLS} polls × ${PER_POLL} new items) through commitPoll`,
];
const name = `newswatch_bench_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: ADMIN, connectionTimeoutMillis: 3000 });
try {
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(ADMIN);
  u.pathname = `/${name}`;
  const store = await PgStore.open(u.toString());
  let pgFill: number;
  let pgTimes: { ms: number; ids: number[] }[];
  let pgBytes: number;
  try {
    pgFill = await fill(store.poll);
    // Statistics as autovacuum would leave them after a while: the plans do not depend on when it ran.
    const c = new pg.Client({ connectionString: u.toString() });
    await c.connect();
    await c.query('VACUUM ANALYZE history');
    pgBytes = Number((await c.query<{ b: string }>("SELECT pg_total_relation_size('history') AS b")).rows[0]?.b);
    await c.end();
    pgTimes = await timeQueries(store.history);
  } finally {
    await store.close();
  }
  lines.push(
    `fill: SQLite ${(sqliteFill / 1000).toFixed(1)} s, PostgreSQL ${(pgFill / 1000).toFixed(1)} s; ` +
      `storage per 10,000 items: SQLite ${per10k(sqliteBytes)} (whole file), PostgreSQL ${per10k(pgBytes)} (history with its indexes)`,
    `search, median of 15 runs, 20 results:  SQLite   PostgreSQL   ratio   same hits`,
  );
  queries.forEach((q, i) => {
    const s = sqliteTimes[i] as { ms: number; ids: number[] };
    const p = pgTimes[i] as { ms: number; ids: number[] };
    const same = p.ids.filter((id) => s.ids.includes(id)).length;
    lines.push(
      `  ${q.label.padEnd(38)} ${s.ms.toFixed(1).padStart(6)} ms ${p.ms.toFixed(1).padStart(8)} ms ` +
        `${(p.ms / s.ms).toFixed(1).padStart(6)}×   ${same}/${Math.max(s.ids.length, p.ids.length)}`,
    );
  });
  if (values.keep) lines.push(`database kept: ${u.toString()}`);
  else await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
} catch (err) {
  lines.push(`PostgreSQL  skipped: ${(err as Error).message}`);
} finally {
  await admin.end().catch(() => {});
}
process.stdout.write(`${lines.join('\n')}\n`);
