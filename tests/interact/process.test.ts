// `newswatch start` as a child process with the bot on: it goes online through the fake
// gateway, answers a slash command, keeps the token out of every log line, and exits 0 on
// SIGTERM with its gateway session open (no discord.js timer keeps it alive).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli, waitFor } from '../helpers/cli.js';
import { contentOf, startHarness, type Harness } from './harness.js';

describe('newswatch start with the bot', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  it('connects, answers /newswatch status, and stops cleanly on SIGTERM', async () => {
    const svc = spawnCli(['start', '--config', h.configFile]);
    try {
      await waitFor(
        () => svc.output().stderr.includes('Discord gateway connected as newswatch-fake') && h.gateway.live(),
        'the gateway session',
        30_000,
      );
      await waitFor(() => h.discord.app.commands.has('310000000000000001'), 'the commands');
      const a = await h.command('status');
      expect(contentOf(a)).toContain('Feeds: 1 watched');
      svc.child.kill('SIGTERM');
      const r = await svc.exited;
      expect(r.code).toBe(0);
      expect(r.stderr).not.toContain(h.discord.token);
      expect(r.stdout).not.toContain(h.discord.token);
    } finally {
      svc.child.kill('SIGKILL');
    }
  }, 60_000);
});
