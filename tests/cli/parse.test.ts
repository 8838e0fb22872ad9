// `newswatch parse FILE|URL…` through the real CLI: files and a URL of a local feed
// server in one call, bad sources answered with an error line, never a stop.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { rss } from '../helpers/rss.js';
import { jsonLines, scratch } from './support.js';

const RSS_FILE = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Border Desk</title>
  <link>https://border.example.net/</link>
  <description>Reports from the crossings</description>
  <item>
    <title>Torkham crossing reopens to trucks</title>
    <link>https://border.example.net/torkham-reopens?utm_source=rss</link>
    <guid isPermaLink="false">border-77</guid>
    <pubDate>Mon, 02 Mar 2026 14:05:00 +0500</pubDate>
    <description><![CDATA[<p>Lorries <b>queued</b> overnight.</p>]]></description>
    <content:encoded><![CDATA[<p>Lorries <b>queued</b> overnight.</p><p>Customs staff worked in two shifts &amp; cleared the backlog.</p>]]></content:encoded>
  </item>
</channel>
</rss>
`;

const ATOM_FILE = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Valley Notes</title>
  <link href="https://valley.example.com/"/>
  <id>urn:uuid:5b0c7f1e-valley</id>
  <updated>2026-03-01T08:00:00Z</updated>
  <entry>
    <title>Snow clears from the Salang road</title>
    <link href="https://valley.example.com/salang"/>
    <id>urn:uuid:salang-1</id>
    <updated>2026-03-01T07:30:00+04:30</updated>
    <summary type="html">&lt;p&gt;Ploughs worked &lt;em&gt;all night&lt;/em&gt;.&lt;/p&gt;</summary>
  </entry>
</feed>
`;

const HTML_PAGE =
  '<!doctype html><html><head><title>Home</title></head><body><p>Welcome to our news site.</p></body></html>';

const ITEM_KEYS = ['id', 'title', 'link', 'published', 'summary', 'content', 'text'];

const tmp = scratch('parse');
let server: FeedServer;
let rssFile: string;
let atomFile: string;
let htmlFile: string;

beforeAll(async () => {
  rssFile = tmp.write('border.xml', RSS_FILE);
  atomFile = tmp.write('valley.atom', ATOM_FILE);
  htmlFile = tmp.write('home.html', HTML_PAGE);
  server = await startFeedServer();
  server.route('/wire.xml', {
    body: rss('Local Wire', [
      {
        guid: 'w-1',
        title: 'Market prices steady in Jalalabad',
        html: '<p>Flour &amp; oil unchanged.</p>',
        pubDate: 'Tue, 03 Mar 2026 06:00:00 GMT',
      },
    ]),
    headers: { 'content-type': 'application/rss+xml; charset=utf-8' },
    gzip: true,
  });
  server.route('/home', { body: HTML_PAGE, headers: { 'content-type': 'text/html; charset=utf-8' } });
});
afterAll(async () => {
  await server?.close();
  tmp.remove();
});

describe('newswatch parse', () => {
  it('prints one line per source, in order, in the shape of issue 2', async () => {
    const r = await runCli(['parse', rssFile, server.url('/wire.xml'), atomFile]);
    expect(r.code).toBe(0);
    const [border, wire, valley, ...more] = jsonLines(r.stdout);
    expect(more).toEqual([]);

    expect(Object.keys(border ?? {})).toEqual(['source', 'feed', 'items']);
    expect(border).toEqual({
      source: rssFile,
      feed: { title: 'Border Desk', link: 'https://border.example.net/', description: 'Reports from the crossings' },
      items: [
        {
          id: 'border-77',
          title: 'Torkham crossing reopens to trucks',
          link: 'https://border.example.net/torkham-reopens?utm_source=rss',
          published: '2026-03-02T09:05:00.000Z',
          // summary and content: the HTML as the feed gives it; text: plain.
          summary: '<p>Lorries <b>queued</b> overnight.</p>',
          content:
            '<p>Lorries <b>queued</b> overnight.</p><p>Customs staff worked in two shifts &amp; cleared the backlog.</p>',
          text: 'Lorries queued overnight.\nCustoms staff worked in two shifts & cleared the backlog.',
        },
      ],
    });

    expect(wire?.['source']).toBe(server.url('/wire.xml'));
    const wireItems = wire?.['items'] as Record<string, unknown>[];
    expect(wireItems).toHaveLength(1);
    expect(Object.keys(wireItems[0] ?? {})).toEqual(ITEM_KEYS);
    expect(wireItems[0]).toMatchObject({
      id: 'w-1',
      published: '2026-03-03T06:00:00.000Z',
      summary: '<p>Flour &amp; oil unchanged.</p>',
      text: 'Flour & oil unchanged.',
    });

    expect(valley?.['feed']).toEqual({ title: 'Valley Notes', link: 'https://valley.example.com/', description: '' });
    expect(valley?.['items']).toEqual([
      {
        id: 'urn:uuid:salang-1',
        title: 'Snow clears from the Salang road',
        link: 'https://valley.example.com/salang',
        published: '2026-03-01T03:00:00.000Z',
        summary: '<p>Ploughs worked <em>all night</em>.</p>',
        content: null,
        text: 'Ploughs worked all night.',
      },
    ]);
  });

  it('answers a missing file and an HTML page with {"source","error"} and goes on to the next source', async () => {
    const missing = join(tmp.dir, 'no-such-feed.xml');
    const r = await runCli(['parse', missing, htmlFile, server.url('/home'), server.url('/not-here.xml'), rssFile]);
    expect(r.code).toBe(1);
    const lines = jsonLines(r.stdout);
    expect(lines.map((l) => l['source'])).toEqual([
      missing,
      htmlFile,
      server.url('/home'),
      server.url('/not-here.xml'),
      rssFile,
    ]);
    for (const l of lines.slice(0, 4)) expect(Object.keys(l)).toEqual(['source', 'error']);
    expect(lines[0]?.['error']).toMatch(/cannot read.*ENOENT/);
    expect(lines[1]?.['error']).toMatch(/HTML page/);
    expect(lines[2]?.['error']).toMatch(/HTML page/);
    expect(lines[3]?.['error']).toMatch(/HTTP 404/);
    expect(lines[4]?.['items']).toHaveLength(1);
  });
});
