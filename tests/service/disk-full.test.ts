// Issue 10 §2, disk full (and a state file that cannot be written): an alert that was in
// the feed when the disk filled is not lost, what was committed before stays, the fault
// is a health fact naming the file, and delivery resumes by itself when space returns.
//
// A full disk is simulated without root: SQLite's `PRAGMA max_page_count` on the
// service's own connection makes every write that needs a new page fail with
// SQLITE_FULL, the very error a full disk gives (a small tmpfs needs a mount; filling
// /dev/shm takes gigabytes).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type Database from 'better-sqlite3';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { healthBody } from '../../src/observe/healthz.js';
import { buildRuntime } from '../../src/service/runtime.js';
import { Service } from '../../src/service/service.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { rss, type RssItem } from '../helpers/rss.js';

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'nw-full-'));
  const feeds: FeedServer = await startFeedServer();
  let items: RssItem[] = [{ guid: 'seed', title: 'ISKP seed item', pubDate: 'Mon, 02 Mar 2026 08:00:00 GMT' }];
  feeds.route(
    '/feed.xml',
    (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('Full Wire', items)),
  );
  const file = join(dir, 'newswatch.yaml');
  writeFileSync(
    file,
    `state: ./state.db
feeds: [{ id: wire, url: "${feeds.url('/feed.xml')}" }]
watchlists: [{ id: groups, entities: [{ id: iskp, name: Islamic State Khorasan Province, caseSensitive: [ISKP] }] }]
channels: [{ id: log, console: true }]
`,
  );
  let printed = '';
  const out = new PassThrough();
  out.on('data', (d: Buffer) => (printed += d.toString()));
  const logs: { level: number; msg: string }[] = [];
  const log = pino(
    { level: 'info' },
    { write: (s: string) => void logs.push(JSON.parse(s) as { level: number; msg: string }) },
  );
  const service = new Service(buildRuntime(loadConfig(file, {}), out), { log, out, command: 'once' });
  cleanup = async () => {
    await service.stop();
    await feeds.close();
    rmSync(dir, { recursive: true, force: true });
  };
  // The service's own connection (private): the only way to set a per-connection limit on it.
  const db = (service.store as unknown as { db: Database.Database }).db;
  return {
    service,
    db,
    logs,
    printed: () => printed,
    stateFile: join(dir, 'state.db'),
    add: (more: RssItem[]) => (items = [...more, ...items]),
  };
}

const item = (n: number): RssItem => ({
  guid: `b${n}`,
  title: `ISKP statement number ${n} on the border crossing`,
  pubDate: `Mon, 02 Mar 2026 1${n}:00:00 GMT`,
  // Long enough that recording the alert needs new pages of the database.
  html: `<p>${`ISKP fighters were reported near the crossing, item ${n}. `.repeat(150)}</p>`,
});

describe('disk full', () => {
  it('keeps what was committed, loses no alert in the feed, reports it, and delivers when space returns', async () => {
    const t = await setup();
    await t.service.runOnce(); // the first poll records the seed silently
    t.add([{ guid: 'a', title: 'ISKP claims the first attack', pubDate: 'Mon, 02 Mar 2026 09:00:00 GMT' }]);
    await t.service.runOnce();
    expect(t.printed()).toContain('ISKP claims the first attack');

    // The disk fills: no write may take a new page from here on.
    const pages = t.db.pragma('page_count', { simple: true }) as number;
    t.db.pragma(`max_page_count = ${pages}`);
    t.add([item(3), item(2), item(1)]);
    await t.service.runOnce();
    await t.service.runOnce(); // a second poll while full: still nothing half-recorded
    expect(t.printed()).not.toContain('statement number');
    expect(t.service.stateProblem?.kind).toBe('full');
    const { ok, body } = await healthBody(t.service);
    expect(ok).toBe(false);
    expect(body.reason).toContain(`no space left for state file ${t.stateFile}`);
    expect(
      t.logs.some((l) => l.level >= 40 && l.msg.includes(t.stateFile) && /SQLITE_FULL|disk is full/.test(l.msg)),
    ).toBe(true);
    // What was committed before stays; the new items are not marked seen (so not lost).
    expect([...(await t.service.store.poll.unseen('wire', ['seed', 'a', 'b1', 'b2', 'b3']))]).toEqual([
      'b1',
      'b2',
      'b3',
    ]);

    // Space returns: the next poll records them and they are delivered, oldest first, once.
    t.db.pragma('max_page_count = 1073741823');
    await t.service.runOnce();
    const printed = t.printed();
    const at = (n: number) => printed.indexOf(`ISKP statement number ${n}`);
    expect([at(1), at(2), at(3)].every((i) => i >= 0)).toBe(true);
    expect(at(1) < at(2) && at(2) < at(3)).toBe(true);
    expect(printed.split('ISKP statement number 1 ').length - 1).toBe(1);
    expect(printed.split('ISKP claims the first attack').length - 1).toBe(1);
    expect(t.service.stateProblem).toBeNull();
    expect((await healthBody(t.service)).body.databaseOk).toBe(true);
  });

  it('reports a state file that cannot be written (simulated: PRAGMA query_only), and resumes when it can', async () => {
    // As root, file modes do not stop writes; query_only gives the same SQLITE_READONLY a read-only folder gives.
    const t = await setup();
    await t.service.runOnce();
    t.db.pragma('query_only = 1');
    t.add([item(1)]);
    await t.service.runOnce();
    expect(t.service.stateProblem).toMatchObject({ kind: 'unwritable' });
    expect((await healthBody(t.service)).body.reason).toContain(
      `state file ${t.stateFile} cannot be written (attempt to write a readonly database`,
    );
    expect(t.printed()).not.toContain('statement number 1');
    t.db.pragma('query_only = 0');
    await t.service.runOnce();
    expect(t.printed()).toContain('ISKP statement number 1');
    expect(t.service.stateProblem).toBeNull();
  });
});
