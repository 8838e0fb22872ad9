// Issue 10 §2: a state file that is damaged or deleted under a running service is a
// health fact, not a crash: the service stays up, /healthz answers 503 with a reason
// that names the file, polling and delivery pause, and the log names the file. At start,
// a damaged file is refused with what to do and an exit code systemd does not loop on.
import { existsSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync, closeSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { runCli, spawnCli, waitFor } from '../helpers/cli.js';
import { rss, type RssItem } from '../helpers/rss.js';

describe('state file faults', () => {
  let dir: string;
  let feeds: FeedServer;
  const items: RssItem[] = [{ guid: 'seed', title: 'ISKP seed item' }];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nw-statefault-'));
    feeds = await startFeedServer();
    feeds.route(
      '/feed.xml',
      (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('Fault Wire', items)),
    );
  });
  afterAll(async () => {
    await feeds?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A config in its own folder; the state file is `state.db` beside it. */
  function setup(name: string): { config: string; state: string } {
    const config = join(dir, `${name}.yaml`);
    writeFileSync(
      config,
      stringify({
        schedule: '* * * * * *',
        state: `./${name}/state.db`,
        http: { host: '127.0.0.1', port: 0 },
        feeds: [{ id: 'wire', url: feeds.url('/feed.xml') }],
        watchlists: [
          {
            id: 'groups',
            entities: [{ id: 'iskp', name: 'Islamic State Khorasan Province', caseSensitive: ['ISKP'] }],
          },
        ],
        channels: [{ id: 'log', console: true }],
      }),
    );
    return { config, state: join(dir, name, 'state.db') };
  }

  /** Overwrite the first pages, as a bad restore or a disk fault would. */
  const clobber = (file: string) => {
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(8192, 'garbage!'), 0, 8192, 0);
    closeSync(fd);
  };

  const startService = async (config: string) => {
    const svc = spawnCli(['start', '--config', config], { env: { NEWSWATCH_LOG_LEVEL: 'info' } });
    await waitFor(() => svc.output().stderr.includes('newswatch started'), 'the start-up line');
    const line = svc
      .output()
      .stderr.split('\n')
      .find((l) => l.includes('newswatch started'))!;
    const base = String((JSON.parse(line) as { http: string }).http);
    return {
      svc,
      healthz: async () =>
        fetch(new URL('/healthz', base)).then(async (r) => ({
          status: r.status,
          body: (await r.json()) as Record<string, unknown>,
        })),
    };
  };

  it('stays up and answers 503 naming the file when the state file is overwritten with garbage', async () => {
    const { config, state } = setup('corrupt');
    const { svc, healthz } = await startService(config);
    try {
      await waitFor(() => feeds.requests.length >= 2, 'two polls');
      expect((await healthz()).status).toBe(200);
      clobber(state);
      await waitFor(async () => (await healthz()).status === 503, '/healthz to answer 503');
      const h = await healthz();
      expect(h.body).toMatchObject({ status: 'unavailable', databaseOk: false });
      expect(String(h.body['reason'])).toContain(`state file ${state} is not a SQLite database or is damaged`);
      expect(String(h.body['reason'])).toContain('restore it from a backup, or move it away to start fresh');
      // Let the sender's safety poll and the scheduler run against the damaged file for a while.
      await new Promise((r) => setTimeout(r, 2_500));
      expect(svc.child.exitCode).toBeNull();
      expect(svc.output().stderr).not.toMatch(/uncaught|SqliteError: file is not a database\n\s+at/i);
      const logged = svc
        .output()
        .stderr.split('\n')
        .filter((l) => l.includes('"level":50'));
      expect(logged.some((l) => l.includes(state))).toBe(true);
      const page = await fetch(
        new URL(
          '/',
          String(
            JSON.parse(
              svc
                .output()
                .stderr.split('\n')
                .find((l) => l.includes('newswatch started'))!,
            ).http,
          ),
        ),
      );
      expect(await page.text()).toContain(`Unhealthy: state file ${state} is not a SQLite database`);
    } finally {
      svc.child.kill('SIGTERM');
      await svc.exited;
    }

    // At start: refused with the file, what to do, and exit code 3 (systemd does not restart on it).
    // (Clobbered again: closing the database may have written its pages back from the WAL.)
    clobber(state);
    const again = await runCli(['start', '--config', config]);
    expect(again.code).toBe(3);
    expect(again.stderr).toContain(`newswatch: state file ${state} is not a SQLite database or is damaged`);
    expect(again.stderr).toContain('move it away to start fresh');
    const status = await runCli(['status', '--config', config]);
    expect(status.code).toBe(3);
    expect(status.stderr).toContain(`state file ${state} is not a SQLite database`);
  }, 90_000);

  it('notices rm state.db* under a running service: 503, polling paused, not carried on on the unlinked file', async () => {
    const { config, state } = setup('deleted');
    const { svc, healthz } = await startService(config);
    try {
      await waitFor(() => feeds.requests.length >= 2, 'polls');
      expect((await healthz()).status).toBe(200);
      for (const f of readdirSync(join(dir, 'deleted'))) if (f.startsWith('state.db')) rmSync(join(dir, 'deleted', f));
      expect(existsSync(state)).toBe(false);
      await waitFor(async () => (await healthz()).status === 503, '/healthz to answer 503', 20_000);
      const reason = String((await healthz()).body['reason']);
      expect(reason).toContain(`state file ${state} was deleted while the service ran`);
      expect(reason).toContain('polling and delivery are paused');
      // Paused: a new matching item is not alerted from a state that will vanish.
      items.unshift({ guid: 'after-rm', title: 'ISKP item after the state file was deleted' });
      await new Promise((r) => setTimeout(r, 2_500));
      expect(svc.output().stdout).not.toContain('ISKP item after the state file was deleted');
      expect(svc.child.exitCode).toBeNull();
      expect(svc.output().stderr).toContain(state);
    } finally {
      svc.child.kill('SIGTERM');
      await svc.exited;
      items.shift();
    }
  }, 90_000);
});
