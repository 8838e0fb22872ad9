// History, search and backtest end to end: a local feed server, real polls by `newswatch once`
// (child processes) filling a real state file, then `search` and `backtest` as child
// processes, and the status page's search box over HTTP from `newswatch start`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { runCli, spawnCli, waitFor } from '../helpers/cli.js';
import { rss, type RssItem } from '../helpers/rss.js';

const ENTITIES = [
  { id: 'iskp', name: 'Islamic State Khorasan Province', aliases: ['ISKP'] },
  { id: 'ttp', name: 'Tehrik-i-Taliban Pakistan', caseSensitive: ['TTP'] },
];

describe('history: search and backtest on a state file filled by real polls', () => {
  let dir: string;
  let feeds: FeedServer;
  let configFile: string;
  const items: RssItem[] = [
    // On the feed at its first poll: recorded silently, kept in the history.
    {
      guid: 'old-1',
      title: 'Snow closes the Salang pass',
      html: '<p>An old ISKP story about snow and roads in Parwan.</p>',
    },
  ];
  const config = (entities: unknown[], extra: Record<string, unknown> = {}) =>
    stringify({
      state: './state.db',
      feeds: [{ id: 'wire', name: 'Test Wire', url: feeds.url('/feed.xml') }],
      watchlists: [{ id: 'groups', entities }],
      channels: [{ id: 'log', console: true }],
      ...extra,
    });
  const serve = () =>
    feeds.route('/feed.xml', { body: rss('Test Wire', items), headers: { 'content-type': 'application/rss+xml' } });
  const cli = (...args: string[]) => runCli([...args, '--config', configFile], { cwd: dir });
  const json = async <T>(...args: string[]): Promise<T> => {
    const r = await cli(...args, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as T;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nw-history-'));
    feeds = await startFeedServer();
    configFile = join(dir, 'newswatch.yaml');
    writeFileSync(configFile, config(ENTITIES));
    serve();
    expect((await cli('once')).code).toBe(0); // first poll: silent
    items.unshift(
      {
        guid: 'ttp-1',
        title: 'TTP claims attack on a checkpoint in Bannu',
        html: '<p>The TTP spokesman said its fighters attacked the checkpoint at dawn. Police said two officers were hurt.</p>',
      },
      {
        guid: 'iskp-1',
        title: 'Kabul market blast',
        html: '<p>Islamic State Khorasan Province said it carried out the blast in Kabul. The checkpoint nearby was closed.</p>',
      },
      {
        guid: 'bla-1',
        title: 'Balochistan Liberation Army attacks train',
        html: '<p>The Balochistan Liberation Army said it held the train near Quetta.</p>',
      },
      {
        guid: 'esc-1',
        title: '<b>Checkpoint</b> & "quotes"',
        html: '<p>&lt;script&gt;alert(1)&lt;/script&gt; a checkpoint report with markup in its text.</p>',
      },
    );
    serve();
    const second = await cli('once');
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/4 new items; 2 alerts queued/);
  }, 60_000);
  afterAll(async () => {
    await feeds?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  type Hit = { title: string; link: string; source: string; snippet: string; matched: string[]; seenAt: string };

  it('finds items by their words, title hits first, with the matched words marked in a snippet', async () => {
    const hits = await json<Hit[]>('search', 'checkpoint');
    expect(hits.map((h) => h.title)).toEqual([
      // In the title (weighted above the body), then body-only hits.
      expect.stringMatching(/Checkpoint|checkpoint/),
      expect.stringMatching(/Checkpoint|checkpoint/),
      'Kabul market blast',
    ]);
    expect(hits).toHaveLength(3);
    const kabul = hits.find((h) => h.title === 'Kabul market blast')!;
    expect(kabul.snippet).toContain('**checkpoint**');
    expect(kabul.source).toBe('Test Wire');
    expect(kabul.link).toBe('https://news.example.org/iskp-1');
    expect(kabul.matched).toEqual(['groups/iskp']);
    // Words are ANDed, a hyphenated word is a phrase, punctuation is never FTS syntax.
    expect((await json<Hit[]>('search', 'checkpoint', 'Kabul')).map((h) => h.title)).toEqual(['Kabul market blast']);
    expect((await json<Hit[]>('search', 'Tehrik-i-Taliban OR "NEAR(')).length).toBe(0);
    const text = await cli('search', 'Bannu');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /^1 item since \d{4}-\d\d-\d\d matching "Bannu", best first:\n1\. TTP claims attack on a checkpoint in Bannu\n/,
    );
    expect(text.stdout).toContain('**Bannu**');
  });

  it('keeps the items of the first poll, and restricts to an entity with --entity', async () => {
    const old = await json<Hit[]>('search', 'Salang');
    expect(old.map((h) => h.title)).toEqual(['Snow closes the Salang pass']);
    // Silent items are matched too: the history knows they named ISKP.
    expect(old[0]!.matched).toEqual(['groups/iskp']);
    expect((await json<Hit[]>('search', 'checkpoint', '--entity', 'ttp')).map((h) => h.title)).toEqual([
      'TTP claims attack on a checkpoint in Bannu',
    ]);
    expect((await json<Hit[]>('search', 'checkpoint', '--entity', 'groups/iskp')).map((h) => h.title)).toEqual([
      'Kabul market blast',
    ]);
    const nobody = await cli('search', 'checkpoint', '--entity', 'nobody', '--json');
    expect(nobody.code).toBe(0);
    expect(nobody.stdout).toBe('[]\n');
    expect(nobody.stderr).toBe(`--entity: "nobody" is not an entity of ${configFile}\n`);
  });

  it('restricts to --since, and names a bad option or an empty query', async () => {
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await json<Hit[]>('search', 'checkpoint', '--since', '1s')).toEqual([]);
    expect((await json<Hit[]>('search', 'checkpoint', '--since', '1h')).length).toBe(3);
    const bad = await cli('search', 'checkpoint', '--since', 'soon');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--since: not a duration: "soon"');
    const empty = await runCli(['search', '--config', configFile, '--', '&&'], { cwd: dir });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('"&&" has no word to search for');
  });

  type Report = {
    items: number;
    silent: number;
    entities: {
      entity: string;
      wouldAlert: number;
      alerted: number;
      newly: { count: number; examples: { title: string; matched: string }[] };
      stopped: { count: number; examples: { title: string; matched: string }[] };
    }[];
  };

  it('backtests the current config: every entity alerts on what alerted', async () => {
    const r = await json<Report>('backtest');
    expect(r.items).toBe(4);
    expect(r.silent).toBe(1);
    expect(r.entities.map((e) => [e.entity, e.wouldAlert, e.alerted, e.newly.count, e.stopped.count])).toEqual([
      ['groups/iskp', 1, 1, 0, 0],
      ['groups/ttp', 1, 1, 0, 0],
    ]);
    const text = await cli('backtest');
    expect(text.stdout).toContain('no change: every entity would alert on exactly the items that alerted');
  });

  it('backtests a changed watchlist: what would newly alert and what would stop, with the matched text', async () => {
    const next = join(dir, 'next.yaml');
    writeFileSync(
      next,
      config([
        ENTITIES[0],
        { ...ENTITIES[1], exclude: ['TTP claims'], context: ['police'] },
        { id: 'bla', name: 'Balochistan Liberation Army' },
      ]),
    );
    const r = await runCli(['backtest', '--config', next, '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    const of = (id: string) => report.entities.find((e) => e.entity === id)!;
    expect(of('groups/iskp')).toMatchObject({ wouldAlert: 1, alerted: 1, newly: { count: 0 }, stopped: { count: 0 } });
    // "TTP claims" is excluded in the title, but the body's "TTP spokesman" with "Police" still counts.
    expect(of('groups/ttp')).toMatchObject({ wouldAlert: 1, alerted: 1, stopped: { count: 0 } });
    expect(of('groups/bla')).toMatchObject({ wouldAlert: 1, alerted: 0, newly: { count: 1 } });
    expect(of('groups/bla').newly.examples[0]).toMatchObject({
      title: 'Balochistan Liberation Army attacks train',
      matched: '**Balochistan Liberation Army** attacks train',
    });

    writeFileSync(next, config([ENTITIES[0], { ...ENTITIES[1], context: ['Waziristan'] }]));
    const text = await runCli(['backtest', '--config', next], { cwd: dir });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/groups\/ttp +would alert +0 +alerted +1 +\(-1 stopped\)/);
    expect(text.stdout).toContain('would stop alerting on 1:');
    expect(text.stdout).toContain('- TTP claims attack on a checkpoint in Bannu [Test Wire, ');
    expect(text.stdout).toMatch(/Waziristan/);
  });

  it('serves the same search on the status page, through a GET form, everything escaped', async () => {
    writeFileSync(configFile, config(ENTITIES, { http: { host: '127.0.0.1', port: 0 }, schedule: '0 0 1 1 *' }));
    const svc = spawnCli(['start', '--config', configFile], { cwd: dir });
    try {
      let base = '';
      await waitFor(() => {
        const m = /"http":"(http:\/\/127\.0\.0\.1:\d+\/)"/.exec(svc.output().stderr);
        base = m?.[1] ?? '';
        return base !== '';
      }, 'the status page address');
      const home = await (await fetch(base)).text();
      expect(home).toMatch(/<form class="search" method="get" action="\/search"/);
      expect(home).toContain('<option value="groups/ttp">Tehrik-i-Taliban Pakistan</option>');
      const res = await fetch(`${base}search?q=checkpoint&since=7d&entity=`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("form-action 'self'");
      const page = await res.text();
      expect(page).not.toContain('<script');
      expect(page).not.toContain('<b>Checkpoint');
      expect(page).toContain('>Checkpoint &amp; &quot;quotes&quot;</a>');
      const script = await (await fetch(`${base}search?q=alert`)).text();
      expect(script).not.toContain('<script');
      expect(script).toContain(
        '<p class="snippet">&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt; a checkpoint report',
      );
      const titles = [...page.matchAll(/<div class="title"><a[^>]*>([^<]*)<\/a>/g)].map((m) => m[1]);
      expect(titles).toHaveLength(3);
      expect(titles[2]).toBe('Kabul market blast');
      const ttp = await (
        await fetch(`${base}search?q=checkpoint&since=7d&entity=${encodeURIComponent('groups/ttp')}`)
      ).text();
      expect([...ttp.matchAll(/<div class="title">/g)]).toHaveLength(1);
      expect(ttp).toContain('<option value="groups/ttp" selected>');
      // The CLI reads the same state file while the service holds it.
      expect((await json<Hit[]>('search', 'Bannu')).map((h) => h.title)).toEqual([
        'TTP claims attack on a checkpoint in Bannu',
      ]);
      const none = await (await fetch(`${base}search?q=%26%26`)).text();
      expect(none).toContain('has no word to search for');
    } finally {
      svc.child.kill('SIGTERM');
      await svc.exited;
    }
  }, 60_000);
});
