// Which items alert: the first poll is silent (unless alertOnFirstPoll), an item id
// alerts once whatever happens to its date or text, and one story carried by two
// feeds alerts once and marks the alert "Also reported by".
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertPayload } from '../../src/core/types.js';
import { rss, type RssItem } from '../helpers/rss.js';
import { startHarness, WATCHLISTS, type Harness } from './harness.js';

const xmlHeaders = { 'content-type': 'application/rss+xml' };

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const config = (origin: string) => `feeds:
  - { id: east, name: East Wire, url: "${origin}/east.xml" }
  - { id: west, name: West Post, url: "${origin}/west.xml" }
  - { id: eager, name: Eager Desk, url: "${origin}/eager.xml", alertOnFirstPoll: true }
${WATCHLISTS}channels:
  - { id: groups-desk, console: true, watchlists: [groups] }
  - { id: people-desk, console: true, watchlists: [officials] }
`;

const old: RssItem[] = [
  { guid: 'o-1', title: 'ISKP claimed an attack last month', html: '<p>An older report already in the feed.</p>' },
  { guid: 'o-2', title: 'Wheat prices fall in Herat', html: '<p>Nothing about militants.</p>' },
];

function serve(harness: Harness, path: string, title: string, items: RssItem[]): void {
  harness.server.route(path, { body: rss(title, items), headers: xmlHeaders });
}

const alerts = (harness: Harness, channel: string) =>
  harness.pending(channel).filter((p): p is AlertPayload => p.kind === 'alert');

describe('new items', () => {
  it('records the first poll silently, then alerts on a new matching item in each routed channel', async () => {
    h = await startHarness({ yaml: config });
    serve(h, '/east.xml', 'East Wire', old);
    expect(await h.poll('east')).toMatchObject({ kind: 'updated', items: 2, fresh: 2, queued: 0, silent: true });
    expect(h.outbox()).toEqual([]);
    expect(h.state('east')).toMatchObject({ initialized: true, itemsSeen: 2 });
    expect(h.logs.some((l) => /first poll, 2 existing items recorded without alerts/.test(l.msg))).toBe(true);

    serve(h, '/east.xml', 'East Wire', [
      {
        guid: 'n-1',
        title: 'TTP and ISKP fighters clash near the border',
        html: '<p>Thomas West called for calm.</p>',
      },
      ...old,
    ]);
    h.clock.advance(5 * 60_000);
    expect(await h.poll('east')).toMatchObject({ kind: 'updated', fresh: 1, queued: 2, silent: false });
    const [groups] = alerts(h, 'groups-desk');
    const [people] = alerts(h, 'people-desk');
    expect(groups?.matches.map((m) => m.entity).sort()).toEqual(['iskp', 'ttp']);
    expect(people?.matches.map((m) => m.entity)).toEqual(['envoy']);
    expect(groups).toMatchObject({
      feedId: 'east',
      source: 'East Wire',
      title: 'TTP and ISKP fighters clash near the border',
      alsoReportedBy: [],
    });
    expect(h.state('east').itemsSeen).toBe(3);
  });

  it('alerts on the first poll too with alertOnFirstPoll: true', async () => {
    h = await startHarness({ yaml: config });
    serve(h, '/eager.xml', 'Eager Desk', old);
    expect(await h.poll('eager')).toMatchObject({ kind: 'updated', silent: false, queued: 1 });
    expect(alerts(h, 'groups-desk').map((a) => a.title)).toEqual(['ISKP claimed an attack last month']);
  });

  it('never alerts twice for an item re-dated, re-ordered or edited under the same guid', async () => {
    h = await startHarness({ yaml: config });
    serve(h, '/east.xml', 'East Wire', old);
    await h.poll('east');
    const story: RssItem = {
      guid: 'n-7',
      title: 'ISIS-K attack on a mosque in Kunduz',
      html: '<p>First report.</p>',
      pubDate: 'Mon, 02 Mar 2026 09:00:00 GMT',
    };
    serve(h, '/east.xml', 'East Wire', [story, ...old]);
    await h.poll('east');
    expect(alerts(h, 'groups-desk')).toHaveLength(1);

    const edited = {
      ...story,
      title: 'UPDATE: ISIS-K attack on a mosque in Kunduz, toll rises',
      html: '<p>Updated report naming ISKP.</p>',
      pubDate: 'Mon, 02 Mar 2026 13:45:00 GMT',
    };
    serve(h, '/east.xml', 'East Wire', [...old, edited]);
    h.clock.advance(10 * 60_000);
    expect(await h.poll('east')).toMatchObject({ kind: 'updated', fresh: 0, queued: 0 });
    expect(alerts(h, 'groups-desk')).toHaveLength(1);
  });

  it('never alerts twice for an item without guid or link (its id is a hash of title and date) when it is re-dated', async () => {
    h = await startHarness({ yaml: config });
    serve(h, '/east.xml', 'East Wire', old);
    await h.poll('east');
    const bare = (pubDate: string) =>
      `<?xml version="1.0"?><rss version="2.0"><channel><title>East Wire</title><link>https://news.example.org/</link><description>d</description>` +
      `<item><title>ISKP cell arrested in Kabul, officials say</title><description>Security forces detained four men.</description><pubDate>${pubDate}</pubDate></item>` +
      `</channel></rss>`;
    h.server.route('/east.xml', { body: bare('Mon, 02 Mar 2026 08:00:00 GMT'), headers: xmlHeaders });
    await h.poll('east');
    expect(alerts(h, 'groups-desk')).toHaveLength(1);
    h.server.route('/east.xml', { body: bare('Mon, 02 Mar 2026 11:30:00 GMT'), headers: xmlHeaders });
    h.clock.advance(30 * 60_000);
    // A new id, but the same story from the same feed: recorded, not alerted.
    expect(await h.poll('east')).toMatchObject({ kind: 'updated', fresh: 1, queued: 0 });
    expect(alerts(h, 'groups-desk')).toHaveLength(1);
  });

  it('alerts once for one story carried by two feeds (same canonical link), and marks the sent alert for an "Also reported by" edit', async () => {
    h = await startHarness({ yaml: config });
    serve(h, '/east.xml', 'East Wire', old);
    serve(
      h,
      '/west.xml',
      'West Post',
      old.map((i) => ({ ...i, guid: `w-${i.guid}` })),
    );
    await h.poll('east');
    await h.poll('west');

    serve(h, '/east.xml', 'East Wire', [
      {
        guid: 'e-9',
        title: 'ISKP suicide bomber kills guards in Jalalabad',
        link: 'https://news.example.org/2026/03/jalalabad-blast?utm_source=east&utm_medium=rss',
        html: '<p>Officials said two guards died.</p>',
      },
      ...old,
    ]);
    serve(h, '/west.xml', 'West Post', [
      {
        guid: 'w-77',
        title: 'Jalalabad: blast at a checkpoint, IS-K suspected',
        link: 'https://news.example.org/2026/03/jalalabad-blast?utm_campaign=feed&utm_source=west',
        html: '<p>ISKP was blamed by police.</p>',
      },
    ]);
    expect(await h.poll('east')).toMatchObject({ queued: 1 });
    const [row] = h.store.outbox.pending('groups-desk', 10);
    expect(row).toBeDefined();
    // The alert links to the article without the feed's tracking parameters.
    expect(row!.payload).toMatchObject({ link: 'https://news.example.org/2026/03/jalalabad-blast' });
    h.store.outbox.markSent([row!.id], '1300000000000000001', h.clock.now());

    h.clock.advance(60_000);
    expect(await h.poll('west')).toMatchObject({ kind: 'updated', fresh: 1, queued: 0 });
    expect(h.store.outbox.pending('groups-desk', 10)).toEqual([]);
    const [edit, ...more] = h.store.outbox.pendingEdits('groups-desk', 10);
    expect(more).toEqual([]);
    expect(edit).toMatchObject({ outboxId: row!.id, messageId: '1300000000000000001' });
    expect((edit?.payload as AlertPayload).alsoReportedBy).toEqual(['West Post']);
  });

  it('alerts once when an aggregator (Google News) carries the story with " - Outlet" appended and its own link', async () => {
    h = await startHarness({ yaml: config });
    serve(h, '/east.xml', 'East Wire', []);
    serve(h, '/west.xml', 'West Post', []);
    await h.poll('east');
    await h.poll('west');
    const title = 'Police in Jalalabad blame ISKP for the checkpoint bombing';
    serve(h, '/east.xml', 'East Wire', [
      {
        guid: 'e-5',
        title,
        link: 'https://eastwire.example.org/2026/11/jalalabad-checkpoint',
        html: '<p>Two guards died.</p>',
      },
    ]);
    serve(h, '/west.xml', 'West Post', [
      {
        guid: 'CBMiQWh0dHBzOi8v',
        title: `${title} - Hasht-e Subh`,
        link: 'https://news.aggregator.example.org/rss/articles/CBMiQWh0dHBzOi8v?oc=5',
        html: '<a href="https://eastwire.example.org/">read more</a>',
        source: { name: 'Hasht-e Subh', url: 'https://8am.example.org' },
      },
    ]);
    expect(await h.poll('east')).toMatchObject({ queued: 1 });
    expect(await h.poll('west')).toMatchObject({ fresh: 1, queued: 0 });
    const [alert, ...more] = alerts(h, 'groups-desk');
    expect(more).toEqual([]);
    // The outlet the aggregator names, not the aggregator feed.
    expect(alert).toMatchObject({ title, alsoReportedBy: ['Hasht-e Subh'] });
  });

  it('folds a second source into an alert still pending, without an edit', async () => {
    h = await startHarness({ yaml: config });
    serve(h, '/east.xml', 'East Wire', []);
    serve(h, '/west.xml', 'West Post', []);
    await h.poll('east');
    await h.poll('west');
    const link = 'https://news.example.org/2026/03/envoy-doha';
    serve(h, '/east.xml', 'East Wire', [
      { guid: 'e-1', title: 'Thomas West meets Taliban envoys in Doha', link: `${link}?utm_source=a` },
    ]);
    serve(h, '/west.xml', 'West Post', [
      { guid: 'w-1', title: 'US envoy Thomas West in Doha talks', link: `${link}?fbclid=abc123` },
    ]);
    await h.poll('east');
    await h.poll('west');
    const [alert, ...more] = alerts(h, 'people-desk');
    expect(more).toEqual([]);
    expect(alert?.alsoReportedBy).toEqual(['West Post']);
    expect(h.store.outbox.pendingEdits('people-desk', 10)).toEqual([]);
  });
});
