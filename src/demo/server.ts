// A local feed server for the demo: serves the sample feeds as RSS 2.0, each item
// appearing once its time has come. Loopback only; no network needed.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DemoClock } from './clock.js';
import type { SampleFeed } from './samples.js';

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderRss(feed: SampleFeed, origin: string, clock: DemoClock): string {
  const elapsed = clock.elapsed();
  const items = feed.items
    .map((item, i) => ({ item, i }))
    .filter(({ item }) => item.at <= elapsed)
    .reverse()
    .map(({ item, i }) => {
      const link = item.link ?? `${origin}/${feed.id}/story-${i}.html`;
      // Items already there are an hour or more old; new ones are dated when they appear.
      const date = new Date(
        item.at === 0 ? clock.startedAt - 3_600_000 * (i + 1) : clock.wallTime(item.at),
      ).toUTCString();
      return `<item><title>${xml(item.title)}</title><link>${xml(link)}</link><guid isPermaLink="false">${feed.id}-${i}</guid><pubDate>${date}</pubDate><description>${xml(item.html)}</description></item>`;
    });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${xml(feed.title)}</title><link>${origin}/${feed.id}/</link><description>Sample feed for the newswatch demo</description>${items.join('')}</channel></rss>\n`;
}

export interface DemoServer {
  origin: string;
  feedUrl(id: string): string;
  close(): Promise<void>;
}

/** Serves each feed as it stands at the clock's demo time. */
export async function startDemoServer(feeds: SampleFeed[], clock: DemoClock): Promise<DemoServer> {
  let origin = '';
  const server: Server = createServer((req, res) => {
    const id = (req.url ?? '').replace(/^\//, '').replace(/\.xml$/, '');
    const feed = feeds.find((f) => f.id === id);
    if (!feed) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const body = renderRss(feed, origin, clock);
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', 'cache-control': 'no-cache' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    feedUrl: (id) => `${origin}/${id}.xml`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
