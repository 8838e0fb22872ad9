// Two `newswatch start` processes on one PostgreSQL database with the bot on: both keep a
// gateway session and both receive every interaction (the fake gateway sends it to every
// session, as Discord does for one bot token); exactly one answers each, and neither logs
// a refused second answer. Skipped with a printed reason when no PostgreSQL server answers.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli, waitFor } from '../helpers/cli.js';
import { dropTestDatabase, freshSchemaUrl, postgresUnavailable } from '../helpers/postgres.js';
import { CHANNEL, contentOf, GUILD, READER, startHarness, type Harness } from './harness.js';

const noPostgres = await postgresUnavailable();

// skipped without a PostgreSQL server: postgresUnavailable() prints why
describe.skipIf(noPostgres !== null)('the bot with two instances on one PostgreSQL database', () => {
  let h: Harness;
  let url: string;
  beforeAll(async () => {
    h = await startHarness();
    url = await freshSchemaUrl();
    h.writeConfig({ state: '${DATABASE_URL}' });
  });
  afterAll(async () => {
    await h?.close();
    await dropTestDatabase();
  });

  it('answers each interaction once, from one instance', async () => {
    const start = () => spawnCli(['start', '--config', h.configFile], { env: { DATABASE_URL: url } });
    const procs = [start(), start()];
    const db = new pg.Client({ connectionString: url });
    try {
      for (const p of procs)
        await waitFor(
          () => p.output().stderr.includes('Discord gateway connected as newswatch-fake'),
          'both gateway sessions',
          30_000,
        );
      await db.connect();
      const sent: string[] = [];
      for (const sub of ['status', 'status', 'status']) {
        const { id, sessions } = h.gateway.interaction({
          guildId: GUILD,
          channelId: CHANNEL,
          type: 2,
          user: READER,
          data: { id: '1', name: 'newswatch', type: 1, options: [{ type: 1, name: sub, options: [] }] },
        });
        expect(sessions).toBe(2);
        sent.push(id);
        await waitFor(() => h.discord.app.answers.some((a) => a.interactionId === id), `an answer to ${id}`, 10_000);
      }
      // Room for a second answer to arrive and be refused, if one instance answered too.
      await new Promise((r) => setTimeout(r, 1_000));
      for (const id of sent) {
        const answers = h.discord.app.answers.filter((a) => a.interactionId === id && a.kind === 'callback');
        expect(answers).toHaveLength(1);
        expect(contentOf(answers[0]!)).toContain('Feeds: 1 watched');
      }
      for (const p of procs) expect(p.output().stderr).not.toContain('answering an interaction failed');
      const claims = await db.query<{ id: string; holder: string }>('SELECT id, holder FROM interaction_claims');
      expect(claims.rows.map((r) => r.id).sort()).toEqual([...sent].sort());
      for (const p of procs) p.child.kill('SIGTERM');
      for (const p of procs) expect((await p.exited).code).toBe(0);
    } finally {
      await db.end().catch(() => {});
      for (const p of procs) p.child.kill('SIGKILL');
    }
  }, 90_000);
});
