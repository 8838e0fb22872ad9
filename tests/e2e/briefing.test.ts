// The daily briefing over a state filled by real polls (feed server → the whole pipeline
// → SQLite, and again → PostgreSQL when a server answers) with a fixed clock, posted through the fake Discord: the right
// 24-hour window, stories ranked by sources, rises and falls against the 30-day average,
// posted once at its time, not again after a restart; a firing missed while the service
// was down is posted at start if less than 6 hours late, and skipped after that.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadConfig } from '../../src/config/load.js';
import { buildRuntime } from '../../src/service/runtime.js';
import { Service } from '../../src/service/service.js';
import { openState } from '../../src/state/backend.js';
import { startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { dropTestDatabase, freshSchemaUrl, postgresUnavailable } from '../helpers/postgres.js';
import { rss, type RssItem } from '../helpers/rss.js';

const noPostgres = await postgresUnavailable();

for (const backend of ['sqlite', 'postgres'] as const) {
  const skip = backend === 'postgres' && noPostgres !== null; // skipped: no PostgreSQL server (postgresUnavailable() printed why)
  describe.skipIf(skip)(`daily briefing on ${backend}`, () => {
    const CHANNEL = '343434343434343434';
    let dir: string;
    let feeds: FeedServer;
    let discord: FakeDiscord;
    let configFile: string;
    let stateUrl = '';
    let now = Date.parse('2026-12-01T10:00:00Z');
    const clock = { now: () => now };
    const content: Record<string, RssItem[]> = { a: [], b: [], c: [] };

    const serve = (id: string): void =>
      feeds.route(`/${id}.xml`, {
        body: rss(`Feed ${id}`, content[id] ?? []),
        headers: { 'content-type': 'application/rss+xml' },
      });

    /** Items published now, added to a feed. */
    function publish(id: string, ...items: Omit<RssItem, 'pubDate'>[]): void {
      content[id] = [...items.map((i) => ({ ...i, pubDate: new Date(now).toUTCString() })), ...(content[id] ?? [])];
      serve(id);
    }

    /** What the console channel printed. */
    let printed = '';
    const out = new Writable({
      write(chunk: Buffer, _enc, done) {
        printed += chunk.toString();
        done();
      },
    });

    async function open(command: 'once' | 'start' = 'once'): Promise<Service> {
      const env = { DISCORD_TOKEN: discord.token, DATABASE_URL: stateUrl };
      const state = backend === 'postgres' ? await openState(stateUrl, { command }) : undefined;
      return new Service(buildRuntime(loadConfig(configFile, env), out), {
        log: pino({ level: 'silent' }),
        out,
        clock,
        command,
        ...(state && { state }),
      });
    }

    /** One `once` run at the clock's time (a service started and stopped, as a restart does). */
    async function runAt(iso: string): Promise<void> {
      now = Date.parse(iso);
      const service = await open();
      try {
        await service.runOnce();
      } finally {
        await service.stop(1_000);
      }
    }

    const briefings = () => discord.messages(CHANNEL).filter((m) => m.embeds[0]?.title?.startsWith('Daily briefing'));

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'nw-briefing-'));
      if (backend === 'postgres') stateUrl = await freshSchemaUrl();
      feeds = await startFeedServer();
      discord = await startFakeDiscord();
      for (const id of ['a', 'b', 'c']) serve(id);
      configFile = join(dir, 'newswatch.yaml');
      writeFileSync(
        configFile,
        stringify({
          state: backend === 'postgres' ? '${DATABASE_URL}' : './state.db',
          discord: { token: '${DISCORD_TOKEN}', api: discord.api },
          feeds: ['a', 'b', 'c'].map((id) => ({
            id,
            name: `Outlet ${id.toUpperCase()}`,
            url: feeds.url(`/${id}.xml`),
          })),
          watchlists: [
            {
              id: 'groups',
              entities: [
                { id: 'ttp', name: 'Tehrik-i-Taliban Pakistan', caseSensitive: ['TTP'] },
                { id: 'isis', name: 'Islamic State' },
                { id: 'bla', name: 'Balochistan Liberation Army', caseSensitive: ['BLA'] },
              ],
            },
          ],
          // 07:00 in Kabul (UTC+4:30) is 02:30 UTC.
          channels: [
            { id: 'desk', discord: { channel: CHANNEL }, briefing: { schedule: '0 7 * * *', timezone: 'Asia/Kabul' } },
            // A text sink, through the notice path.
            { id: 'log', console: true, briefing: { schedule: '0 7 * * *', timezone: 'Asia/Kabul' } },
          ],
        }),
      );
    });
    afterAll(async () => {
      if (backend === 'postgres') await dropTestDatabase();
      await feeds?.close();
      await discord?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('posts the briefing of the 24 hours before its time, once, and not again after a restart', async () => {
      await runAt('2026-12-01T10:00:00Z'); // first polls: silent

      // Dec 1 (the baseline's last day): Islamic State three times, BLA once.
      now = Date.parse('2026-12-01T12:00:00Z');
      publish('a', {
        guid: 'is-1',
        title: 'Islamic State claims attack in Kabul',
        link: 'https://news.example.org/is-1',
      });
      publish('b', {
        guid: 'is-2',
        title: 'Islamic State cell dismantled in Herat',
        link: 'https://news.example.org/is-2',
      });
      publish('c', { guid: 'is-3', title: 'Islamic State recruiter arrested', link: 'https://news.example.org/is-3' });
      await runAt('2026-12-01T12:00:00Z');
      now = Date.parse('2026-12-01T13:00:00Z');
      publish('a', { guid: 'bla-0', title: 'BLA statement on Quetta', link: 'https://news.example.org/bla-0' });
      await runAt('2026-12-01T13:00:00Z');

      // Dec 2, 01:00 UTC: before the window (which starts at 02:30 UTC).
      now = Date.parse('2026-12-02T01:00:00Z');
      publish('a', { guid: 'early', title: 'TTP commander killed in Khyber', link: 'https://news.example.org/early' });
      await runAt('2026-12-02T01:00:00Z');

      // In the window: one story from one outlet, then one that three outlets carry, and BLA once.
      now = Date.parse('2026-12-02T09:00:00Z');
      publish('b', { guid: 'swat', title: 'TTP threatens traders in Swat', link: 'https://news.example.org/swat' });
      await runAt('2026-12-02T09:00:00Z');
      now = Date.parse('2026-12-02T10:00:00Z');
      const bannu = {
        title: 'TTP fighters attack police post in Bannu, four officers killed',
        link: 'https://news.example.org/bannu',
      };
      publish('c', { guid: 'c-bannu', ...bannu });
      publish('a', {
        guid: 'bla-1',
        title: 'BLA attack on a convoy near Turbat',
        link: 'https://news.example.org/bla-1',
      });
      await runAt('2026-12-02T10:00:00Z');
      // One outlet per run: feeds polled in one run commit in the order their fetches end.
      now = Date.parse('2026-12-02T11:00:00Z');
      publish('a', { guid: 'a-bannu', ...bannu });
      await runAt('2026-12-02T11:00:00Z');
      now = Date.parse('2026-12-02T11:30:00Z');
      publish('b', { guid: 'b-bannu', ...bannu });
      await runAt('2026-12-02T11:30:00Z');

      // Dec 3, 02:29 UTC: not yet. 02:31: posted.
      await runAt('2026-12-03T02:29:00Z');
      expect(briefings()).toHaveLength(0);
      await runAt('2026-12-03T02:31:00Z');
      const [briefing, ...more] = briefings();
      expect(more).toHaveLength(0);
      const embed = briefing!.embeds[0]!;
      expect(embed.title).toBe('Daily briefing 2026-12-03');
      const field = (name: string) => embed.fields?.find((f) => f.name === name)?.value ?? '';
      // TTP: Swat + Bannu from three outlets = 4 items in the window ("early" is before it); BLA 1; Islamic State none.
      expect(field('Last 24 hours').split('\n')).toEqual([
        'Tehrik-i-Taliban Pakistan: **4**',
        'Balochistan Liberation Army: **1**',
      ]);
      const lines = (embed.description ?? '').split('\n');
      // Most sources first; equal ones in the order they were first reported.
      expect(lines).toHaveLength(3);
      expect(lines[0]).toContain(
        '[TTP fighters attack police post in Bannu, four officers killed](https://news.example.org/bannu)',
      );
      expect(lines[0]).toContain('3 sources: Outlet C, Outlet A, Outlet B');
      expect(lines[1]).toContain('[TTP threatens traders in Swat](https://news.example.org/swat) · 1 source: Outlet B');
      expect(lines[2]).toContain(
        '[BLA attack on a convoy near Turbat](https://news.example.org/bla-1) · 1 source: Outlet A',
      );
      expect(embed.description).not.toContain('Khyber');
      // Baseline (Nov 2 – Dec 1): Islamic State 3 (0.1/day), BLA 1, TTP 0.
      expect(field('Rising').split('\n')).toEqual([
        'Tehrik-i-Taliban Pakistan: 4 in 24 h (30-day average 0.0/day)',
        'Balochistan Liberation Army: 1 in 24 h (30-day average 0.0/day)',
      ]);
      expect(field('Falling')).toBe('Islamic State: 0 in 24 h (30-day average 0.1/day)');
      expect(embed.footer?.text).toMatch(/^newswatch · ref nw-/);
      // The console channel's copy, as text.
      expect(printed.split('Daily briefing 2026-12-03')).toHaveLength(2);
      expect(printed).toContain(
        'Last 24 hours: Tehrik-i-Taliban Pakistan: 4 · Balochistan Liberation Army: 1. Rising: Tehrik-i-Taliban Pakistan 4 in 24 h',
      );
      expect(printed).toContain(
        'Top stories: 1. TTP fighters attack police post in Bannu, four officers killed (3 sources) https://news.example.org/bannu ' +
          '2. TTP threatens traders in Swat (1 source) https://news.example.org/swat 3. BLA attack',
      );

      // Restarts and later evaluations of the same firing post nothing more.
      await runAt('2026-12-03T02:32:00Z');
      await runAt('2026-12-03T08:00:00Z');
      expect(briefings()).toHaveLength(1);
      expect(printed.split('Daily briefing 2026-12-03')).toHaveLength(2);
    }, 120_000);

    it('posts a firing missed while down if less than 6 hours late, and skips it after', async () => {
      // Dec 4 02:30 UTC, the service back at 07:00 (4.5 h late): posted.
      await runAt('2026-12-04T07:00:00Z');
      expect(briefings().map((m) => m.embeds[0]?.title)).toEqual([
        'Daily briefing 2026-12-03',
        'Daily briefing 2026-12-04',
      ]);
      expect(briefings()[1]!.embeds[0]!.description).toBe(
        'Nothing was reported about the watched entities in the last 24 hours.',
      );
      // Dec 5 02:30 UTC, back at 09:00 (6.5 h late): skipped.
      await runAt('2026-12-05T09:00:00Z');
      expect(briefings()).toHaveLength(2);
    }, 60_000);

    it('the long-running service queues a due briefing at start and sends it', async () => {
      now = Date.parse('2026-12-06T02:35:00Z');
      const service = await open('start');
      try {
        await service.start();
        const deadline = Date.now() + 15_000;
        while (briefings().length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      } finally {
        await service.stop(1_000);
      }
      expect(briefings().map((m) => m.embeds[0]?.title)).toEqual([
        'Daily briefing 2026-12-03',
        'Daily briefing 2026-12-04',
        'Daily briefing 2026-12-06',
      ]);
    }, 60_000);
  });
}
