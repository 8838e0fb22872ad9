// Failover with the default cluster settings (no `cluster:` keys: leaseTime 10 s, heartbeat
// 2 s): two `newswatch start` processes (bin/newswatch.js on the compiled dist/) on one
// fresh PostgreSQL database, one feed on a local server, one `http` channel posting to a
// local receiver (its requests are the exact "delivered" signal). Each round: wait until
// one instance holds the channel, publish an item and wait for its delivery, then SIGKILL
// the holder, publish the next item at once and time SIGKILL → that item's delivery by the
// other instance; the killed one is started again before the next round.
// Standalone: node --import tsx bench/failover.ts [rounds]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { stringify } from 'yaml';
import { startFeedServer } from '../tests/helpers/feed-server.js';
import { buildDist } from './build-dist.js';
import { median, sleep, startInstance, stopInstance, waitUntil, type Instance } from './cluster-instance.js';
import { createBenchDatabase, type BenchDatabase } from './pg-database.js';
import { pseudoWord } from '../tests/helpers/words.js';

const SCHEDULE = '*/2 * * * * *';
/** The defaults of `cluster.leaseTime` and `cluster.heartbeat` (src/config/schema.ts), which this bench keeps. */
const LEASE_S = 10;
const HEARTBEAT_S = 2;
const WINDOW_S = 2;
const TARGET_S = 15;
const NOW_MS = '(extract(epoch from clock_timestamp()) * 1000)::bigint';

interface Item {
  guid: string;
  title: string;
  pubDate: string;
}

const rss = (items: Item[]) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><link>https://wire.example.org/</link>` +
  items
    .map(
      (i) =>
        `<item><guid isPermaLink="false">${i.guid}</guid><title>${i.title}</title><link>https://wire.example.org/${i.guid}</link>` +
        `<description>ISKP fighters were reported near ${i.title.split(' ').pop()}.</description><pubDate>${i.pubDate}</pubDate></item>`,
    )
    .join('') +
  '</channel></rss>';

interface Round {
  failoverS: number;
  /** SIGKILL → the survivor's takeover of the channel (lease_takeovers.at, the database's clock on this machine). */
  takeoverS: number | null;
  /** publish → delivery of the item sent before the kill, both instances up. */
  steadyS: number;
  /** Of which: publish → its outbox row committed (the poll), and that → sent (the channel holder noticing it). */
  steadyQueuedS: number | null;
  steadyWaitS: number | null;
  before: string;
  publishedAt: number;
}

export async function benchFailover(rounds = 6): Promise<string> {
  let db: BenchDatabase;
  try {
    db = await createBenchDatabase('failover');
  } catch (err) {
    return `skipped: no PostgreSQL server to create a database on (${(err as Error).message}); start one, or set NEWSWATCH_TEST_PG`;
  }
  buildDist('failover');
  const dir = mkdtempSync(join(tmpdir(), 'nw-bench-failover-'));
  const feeds = await startFeedServer({ logRequests: false });
  const items: Item[] = [{ guid: 'seed', title: 'Older ISKP news seed', pubDate: new Date(0).toUTCString() }];
  feeds.route('/wire.xml', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(items));
  });
  /** First delivery time of each item (by its guid in the posted body), and every delivery with its Idempotency-Key. */
  const delivered = new Map<string, number>();
  const posts: { guid: string; key: string }[] = [];
  const sink = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const guid = /item-\d+/.exec(body)?.[0] ?? '?';
      posts.push({ guid, key: String(req.headers['idempotency-key'] ?? '') });
      if (!delivered.has(guid)) delivered.set(guid, Date.now());
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/alerts`;
  const client = new pg.Client({ connectionString: db.url });
  const procs: Instance[] = [];
  try {
    const configFile = join(dir, 'newswatch.yaml');
    writeFileSync(
      configFile,
      stringify({
        schedule: SCHEDULE,
        state: db.url,
        feeds: [{ id: 'wire', url: feeds.url('/wire.xml') }],
        watchlists: [
          {
            id: 'groups',
            entities: [{ id: 'iskp', name: 'Islamic State Khorasan Province', caseSensitive: ['ISKP'] }],
          },
        ],
        channels: [{ id: 'desk', http: { url: sinkUrl } }],
      }),
    );
    procs.push(startInstance(configFile), startInstance(configFile));
    await client.connect();
    // The first poll records the seed silently.
    await waitUntil(
      async () =>
        Number((await client.query('SELECT COUNT(*) AS n FROM seen_items').catch(() => null))?.rows[0]?.n) >= 1,
      'the first poll',
      60_000,
      200,
    );
    const holderPid = async (): Promise<number | null> => {
      const { rows } = await client.query<{ pid: number }>(
        `SELECT i.pid FROM channel_leases l JOIN instances i ON i.id = l.holder
          WHERE l.channel_id = 'desk' AND l.expires_at > ${NOW_MS}`,
      );
      const pid = rows[0]?.pid ?? null;
      return procs.some((p) => p.pid === pid) ? pid : null;
    };
    let n = 0;
    const publish = (): string => {
      const guid = `item-${n}`;
      items.unshift({
        guid,
        title: `ISKP report ${pseudoWord(n)} ${pseudoWord(n + 300)} ${pseudoWord(n + 600)}`,
        pubDate: new Date().toUTCString(),
      });
      n++;
      return guid;
    };
    const deliveredAt = async (guid: string, what: string): Promise<number> => {
      await waitUntil(() => delivered.has(guid), what, 90_000);
      return delivered.get(guid) as number;
    };
    const results: Round[] = [];
    for (let r = 0; r < rounds; r++) {
      await waitUntil(async () => (await holderPid()) !== null, 'an instance holding the channel', 60_000, 100);
      const before = publish();
      const publishedAt = Date.now();
      const steadyS = ((await deliveredAt(before, `round ${r + 1}: delivery before the kill`)) - publishedAt) / 1000;
      const pid = await holderPid();
      const victim = procs.findIndex((p) => p.pid === pid);
      if (victim < 0) throw new Error(`round ${r + 1}: the channel's holder (pid ${pid}) is none of the instances`);
      const killedAt = Date.now();
      procs[victim]!.child.kill('SIGKILL');
      const after = publish();
      const failoverS = ((await deliveredAt(after, `round ${r + 1}: delivery after the SIGKILL`)) - killedAt) / 1000;
      const { rows } = await client.query<{ at: string }>(
        `SELECT at FROM lease_takeovers WHERE kind = 'channel' AND at >= $1 ORDER BY id LIMIT 1`,
        [killedAt],
      );
      results.push({
        failoverS,
        takeoverS: rows[0] ? (Number(rows[0].at) - killedAt) / 1000 : null,
        steadyS,
        steadyQueuedS: null,
        steadyWaitS: null,
        before,
        publishedAt,
      });
      await procs[victim]!.exited;
      procs[victim] = startInstance(configFile);
      // The new instance has announced itself before the next round starts.
      const newPid = procs[victim]!.pid;
      await waitUntil(
        async () => (await client.query('SELECT 1 FROM instances WHERE pid = $1', [newPid])).rowCount === 1,
        'the restarted instance joining',
        60_000,
        100,
      );
      await sleep(1_000);
    }
    await sleep(3_000); // room for a late duplicate to show up
    // When each item before a kill reached the outbox (the database's clock, this machine's).
    const queued = await client.query<{ guid: string; created_at: string }>(
      `SELECT substring(payload::text from 'item-[0-9]+') AS guid, created_at FROM outbox`,
    );
    for (const r of results) {
      const row = queued.rows.find((q) => q.guid === r.before);
      if (!row) continue;
      r.steadyQueuedS = (Number(row.created_at) - r.publishedAt) / 1000;
      r.steadyWaitS = r.steadyS - r.steadyQueuedS;
    }
    // The http sink sends the outbox nonce as Idempotency-Key: a repeat with the same key is a
    // resend after an uncertain attempt (killed before recording it sent), which a receiver
    // drops by that key; the same item under two keys would be a duplicate alert.
    const resent = posts.length - new Set(posts.map((p) => `${p.guid} ${p.key}`)).size;
    const duplicates = new Set(posts.map((p) => `${p.guid} ${p.key}`)).size - new Set(posts.map((p) => p.guid)).size;
    return report(results, duplicates, resent);
  } catch (err) {
    const logs = procs.map((p, i) => `instance ${i + 1} (pid ${p.pid}) stderr:\n${p.stderr().slice(-1500)}`);
    throw new Error(`${(err as Error).message}\n${logs.join('\n')}`);
  } finally {
    await Promise.all(procs.map((p) => stopInstance(p)));
    await client.end().catch(() => {});
    await feeds.close();
    await new Promise((r) => sink.close(r));
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  }
}

function report(rounds: Round[], duplicates: number, resent: number): string {
  const s = (x: number) => `${x.toFixed(1)} s`;
  const stats = (xs: number[]) =>
    `min ${s(Math.min(...xs))}, median ${s(median(xs))}, max ${s(Math.max(...xs))}`.padEnd(44);
  const failover = rounds.map((r) => r.failoverS);
  const takeover = rounds.flatMap((r) => (r.takeoverS === null ? [] : [r.takeoverS]));
  const afterTakeover = rounds.flatMap((r) => (r.takeoverS === null ? [] : [r.failoverS - r.takeoverS]));
  const steady = rounds.map((r) => r.steadyS);
  const queued = rounds.flatMap((r) => (r.steadyQueuedS === null ? [] : [r.steadyQueuedS]));
  const waited = rounds.flatMap((r) => (r.steadyWaitS === null ? [] : [r.steadyWaitS]));
  const worst = Math.max(...failover);
  return [
    `failover, default cluster settings (leaseTime ${LEASE_S} s, heartbeat ${HEARTBEAT_S} s): two \`newswatch start\` processes (dist/) on one fresh PostgreSQL database, one feed polled on '${SCHEDULE}' (every ${WINDOW_S} s), one http channel; ${rounds.length} rounds, each SIGKILLs the channel's holder and times SIGKILL → delivery of an item published right after it`,
    `  ${'SIGKILL → delivery by the other instance'.padEnd(44)} ${stats(failover)} target ≤ ${TARGET_S} s: ${worst <= TARGET_S ? 'met' : 'NOT met'}`,
    takeover.length
      ? `  ${'  of which SIGKILL → channel taken over'.padEnd(44)} ${stats(takeover)} (lease_takeovers.at)`
      : '    no channel takeover recorded',
    takeover.length ? `  ${'  of which takeover → delivery'.padEnd(44)} ${stats(afterTakeover)}` : '',
    `  ${'publish → delivery, both instances up'.padEnd(44)} ${stats(steady)} (before each kill)`,
    queued.length ? `  ${'  of which publish → outbox (the poll)'.padEnd(44)} ${stats(queued)}` : '',
    waited.length ? `  ${'  of which outbox → sent'.padEnd(44)} ${stats(waited)}` : '',
    `  rounds (SIGKILL → delivery): ${failover.map((x) => x.toFixed(1)).join(', ')} s; items delivered under two Idempotency-Keys (duplicate alerts): ${duplicates}; resent with the same key (the killed holder's send not yet recorded): ${resent}`,
    `  expected: the lease runs out ${LEASE_S - HEARTBEAT_S}–${LEASE_S} s after the kill (its last renewal was 0–${HEARTBEAT_S} s before), the survivor takes the channel at its next heartbeat (≤ ${HEARTBEAT_S} s), and the item is polled within a ${WINDOW_S} s window meanwhile: ≤ ${LEASE_S + HEARTBEAT_S + WINDOW_S} s`,
  ]
    .filter(Boolean)
    .join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${await benchFailover(Number(process.argv[2] ?? 6))}\n`);
}
