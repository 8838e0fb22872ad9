// Issue 10 §3: one newswatch per state file. A second `start` or `once` on the same
// state is refused at once, naming the file and the holder; `status` and `check` still
// work beside the running service; the lock dies with its holder (kill -9 included).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { runCli, spawnCli, waitFor } from '../helpers/cli.js';
import { rss } from '../helpers/rss.js';

describe('one instance per state file', () => {
  let dir: string;
  let feeds: FeedServer;
  let configFile: string;
  let stateFile: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nw-lock-'));
    feeds = await startFeedServer();
    feeds.route('/feed.xml', {
      body: rss('Lock Wire', [{ guid: 'a', title: 'ISKP item' }]),
      headers: { 'content-type': 'application/rss+xml' },
    });
    configFile = join(dir, 'newswatch.yaml');
    stateFile = join(dir, 'state.db');
    writeFileSync(
      configFile,
      stringify({
        schedule: '* * * * * *',
        state: './state.db',
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
  });
  afterAll(async () => {
    await feeds?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second start and once while one runs, naming the holder; status and check still work; kill -9 frees it', async () => {
    const svc = spawnCli(['start', '--config', configFile]);
    try {
      await waitFor(() => svc.output().stderr.includes('newswatch started'), 'the start-up line');
      const pid = svc.child.pid!;

      // Refused at once: it exits by itself (code 4), long before the child's timeout.
      const second = await runCli(['start', '--config', configFile], { timeoutMs: 15_000 });
      expect(second.code).toBe(4);
      expect(second.stderr).toContain(`state file ${stateFile} is in use by another newswatch`);
      expect(second.stderr).toMatch(
        new RegExp(`newswatch start, PID ${pid} on ${hostname()}, since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ`),
      );
      expect(second.stderr).not.toContain('newswatch started');

      const once = await runCli(['once', '--config', configFile]);
      expect(once.code).toBe(4);
      expect(once.stderr).toContain(`PID ${pid}`);

      const status = await runCli(['status', '--config', configFile]);
      expect(status.code).toBe(0);
      expect(status.stdout).toMatch(new RegExp(`^service: running \\(newswatch start, PID ${pid} on `, 'm'));
      expect(status.stdout).toMatch(/^state file: .*state\.db, ok$/m);
      const check = await runCli(['check', '--config', configFile]);
      expect(check.code).toBe(0);
      // The service did not notice any of it.
      expect(svc.child.exitCode).toBeNull();
    } finally {
      svc.child.kill('SIGKILL');
      await svc.exited;
    }

    // The holder died without cleaning up: the lock went with it.
    const after = await runCli(['once', '--config', configFile]);
    expect(after.stderr).not.toContain('in use by another newswatch');
    expect(after.code).toBe(0);
    const status = await runCli(['status', '--config', configFile]);
    expect(status.stdout).toMatch(/^service: not running/m);
  }, 60_000);
});
