// History benchmark (issue 12 §3): fill a state file with ≈300,000 seen items (30 days of
// 1,000 feeds, 10 items per feed and day) through the real poll commit, then time
// `backtest` (the bundled watchlists, and a changed copy of them) and `search` (FTS5) on it,
// and measure the storage the history costs per 10,000 items.
// Baselines measured in the same run: backtest against matching the same items already in
// memory (the floor: the matcher alone), search against a LIKE scan of the same table.
// Standalone: node --expose-gc --import tsx bench/history.ts [--feeds 1000] [--days 30] [--per-day 10]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { ChannelConfig, WatchlistConfig } from '../src/config/schema.js';
import { entityPath } from '../src/core/entity-key.js';
import { backtest } from '../src/history/backtest.js';
import { compileWatchlists, type MatchInput } from '../src/match/index.js';
import type { NewItemRecord, PollCommit } from '../src/state/interfaces.js';
import type { Db } from '../src/state/db.js';
import { Store } from '../src/state/store.js';
import { bundledWatchlists, makeArticles, rng } from './articles.js';

const { values } = parseArgs({
  options: {
    feeds: { type: 'string', default: '1000' },
    days: { type: 'string', default: '30' },
    'per-day': { type: 'string', default: '10' },
    keep: { type: 'boolean' },
  },
});
const FEEDS = Number(values.feeds);
const DAYS = Number(values.days);
const PER_DAY = Number(values['per-day']);
const DAY = 86_400_000;

const { watchlists: bundled, names } = bundledWatchlists();
const matcher = compileWatchlists(bundled);
const channels = [{ id: 'desk', enabled: true, console: true }] as unknown as ChannelConfig[];

// ---- Fill: one group commit per "poll cycle" of every feed, as the service does ----
const dir = mkdtempSync(join(tmpdir(), 'nw-bench-history-'));
const file = join(dir, 'state.db');
const store = Store.open(file);
const now = Date.now();
const start = now - DAYS * DAY;
const r = rng(5);
// A pool of articles (about 3 KB each; names of the bundled watchlists in about 1 word in 80),
// each item a different slice of one, cut to 300–3,000 characters as feed texts are.
const POOL = 4_000;
const pool: MatchInput[] = makeArticles(POOL, names, 13);
let textBytes = 0;
let items = 0;
const fillStart = performance.now();
for (let d = 0; d < DAYS; d++) {
  for (let k = 0; k < PER_DAY; k++) {
    const at = start + d * DAY + Math.floor((k * DAY) / PER_DAY);
    const commits: Promise<unknown>[] = [];
    for (let f = 0; f < FEEDS; f++) {
      const feedId = `feed-${f}`;
      if (d === 0 && k === 0) store.poll.ensureFeed(feedId, `https://feeds.example.org/${f}`);
      const a = pool[Math.floor(r() * POOL)] as MatchInput;
      const from = Math.floor(r() * 200);
      const text = a.text.slice(from, from + 300 + Math.floor(r() * 2_700));
      const title = `${a.title.slice(0, 60)} ${f}-${d}-${k}`;
      const matched = [...new Set(matcher.match({ title, text }).map(entityPath))];
      textBytes += Buffer.byteLength(text) + Buffer.byteLength(title);
      items++;
      const item: NewItemRecord = {
        id: `${d}-${k}`,
        canonicalLink: null,
        title,
        link: `https://news.example.org/${f}/${d}/${k}`,
        source: `Feed ${f}`,
        alerts: [],
        mentions: [],
        history: { published: at, text, matched, alerted: matched },
      };
      const c: PollCommit = {
        feedId,
        at,
        etag: null,
        lastModified: null,
        title: null,
        nextPollAt: null,
        presentIds: [item.id],
        newItems: [item],
        silent: false,
        dedup: { windowMs: 2 * DAY, titleSimilarity: 0.8 },
      };
      commits.push(store.poll.commitPoll(c));
    }
    await Promise.all(commits);
  }
}
const fillMs = performance.now() - fillStart;
store.close(); // checkpoints the WAL into the file

// ---- Storage: the history table, its index and its FTS5 tables, per 10,000 items ----
const ro = Store.openReadonly(file);
const db = (ro as unknown as { db: Db }).db;
const bytesOf = (like: string) =>
  (db.prepare('SELECT COALESCE(SUM(pgsize), 0) AS b FROM dbstat WHERE name LIKE ?').get(like) as { b: number }).b;
const historyBytes = bytesOf('history') + bytesOf('history_seen');
const ftsBytes = bytesOf('history_fts%');
const per10k = (b: number) => `${(((b / items) * 10_000) / 1e6).toFixed(1)} MB`;

// ---- Backtest: the bundled watchlists, then a changed copy (an exclude, a context, a new entity) ----
const changed: WatchlistConfig[] = bundled.map((w, i) =>
  i === 0
    ? {
        ...w,
        entities: [
          ...w.entities.slice(1),
          { ...(w.entities[0] as WatchlistConfig['entities'][number]), context: ['attack'] },
          { id: 'extra', name: 'Waziristan', aliases: [], caseSensitive: [], exclude: [], context: [] },
        ],
      }
    : w,
);
const since = now - (DAYS + 1) * DAY;
const timeBacktest = async (watchlists: WatchlistConfig[]) => {
  const t0 = performance.now();
  const report = await backtest({
    history: ro.history,
    matcher: compileWatchlists(watchlists),
    watchlists,
    channels,
    since,
  });
  return { ms: performance.now() - t0, report };
};
const same = await timeBacktest(bundled);
const diff = await timeBacktest(changed);
// Baseline: the matcher alone over the same items, already in memory (read once, not timed).
const inMemory: MatchInput[] = [];
for await (const page of ro.history.items(since))
  for (const it of page) inMemory.push({ title: it.title, text: it.text });
const t0 = performance.now();
for (const it of inMemory) matcher.match(it);
const matchOnlyMs = performance.now() - t0;
inMemory.length = 0;

// ---- Search: median of 15 runs per query ----
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const timeIt = async (fn: () => Promise<unknown> | unknown, runs = 15) => {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    ms.push(performance.now() - s);
  }
  return median(ms);
};
const firstEntity = bundled[0]?.entities[0]?.id ?? '';
const lastEntity = bundled.at(-1)?.entities.at(-1)?.id ?? '';
const queries: { label: string; q: string; opts?: { since?: number; entity?: string } }[] = [
  { label: 'common word ("attack")', q: 'attack' },
  { label: 'two words ("security checkpoint")', q: 'security checkpoint' },
  { label: 'a watched name ("Haqqani Network")', q: '"Haqqani Network"' },
  { label: 'rare word ("earthquake relief"), last 7 days', q: 'earthquake relief', opts: { since: now - 7 * DAY } },
  { label: `common word, --entity ${firstEntity}`, q: 'attack', opts: { entity: firstEntity } },
  {
    label: `common word, --entity ${lastEntity}, last 1 day`,
    q: 'attack',
    opts: { entity: lastEntity, since: now - DAY },
  },
];
const searchRows: string[] = [];
let worst = 0;
for (const { label, q, opts } of queries) {
  let n = 0;
  const ms = await timeIt(
    async () =>
      (n = (await ro.history.search(q, { since: opts?.since ?? since, entity: opts?.entity, limit: 20 })).length),
  );
  worst = Math.max(worst, ms);
  searchRows.push(`  ${label.padEnd(48)} ${ms.toFixed(1).padStart(7)} ms  (${n} results)`);
}
// Baseline: what search would cost without the index, a scan of every stored text for the words.
const like = db.prepare(
  "SELECT COUNT(*) AS n FROM history WHERE seen_at >= ? AND (title LIKE '%Haqqani Network%' OR body LIKE '%Haqqani Network%')",
);
const likeMs = await timeIt(() => like.get(since), 3);
ro.close();
if (values.keep) process.stderr.write(`state file kept: ${file}\n`);
else rmSync(dir, { recursive: true, force: true });

const changes = diff.report.entities.filter((e) => e.newly.count || e.stopped.count);
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
process.stdout.write(
  [
    `history: ${items.toLocaleString('en-US')} items (${FEEDS} feeds × ${DAYS} days × ${PER_DAY}), ` +
      `visible text ${(textBytes / items / 1000).toFixed(1)} KB per item on average; filled through commitPoll in ${s(fillMs)}`,
    `storage per 10,000 items: ${per10k(historyBytes + ftsBytes)} (rows ${per10k(historyBytes)}, full-text index ${per10k(ftsBytes)}); text itself ${per10k(textBytes)}`,
    `backtest, bundled watchlists (no change expected): ${s(same.ms)} — ${same.report.entities.filter((e) => e.newly.count || e.stopped.count).length} entities changed  [target < 60 s]`,
    `backtest, changed watchlists: ${s(diff.ms)} — ${changes.map((e) => `${e.entity} +${e.newly.count}/-${e.stopped.count}`).join(', ')}`,
    `  baseline, the matcher alone on the same items in memory: ${s(matchOnlyMs)} (backtest = ${(diff.ms / matchOnlyMs).toFixed(2)}× the matching floor)`,
    `search (median of 15, 20 results), worst ${worst.toFixed(1)} ms  [target < 100 ms]:`,
    ...searchRows,
    `  baseline, a LIKE scan of every text for "Haqqani Network": ${likeMs.toFixed(0)} ms (${(likeMs / worst).toFixed(0)}× the worst search above)`,
  ].join('\n') + '\n',
);
