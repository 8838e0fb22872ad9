// The feed server of bench/cluster-scale.ts, in a process of its own: N small RSS feeds
// (2 items of a few hundred bytes) whose newest item changes at every schedule window
// (ETag per window, so every poll in a new window is a full one and a repeat in the same
// window would be a 304), and a log of every request (feed, arrival time), which is how the
// bench counts polls per window and double polls without trusting the instances.
// Prints its origin on stdout; then "dump" on stdin answers one JSON line
// {"requests": [[feed, atMs], …]} with the requests since the last dump.
// Usage: node --import tsx bench/cluster-feed-server-child.ts <feeds> <windowMs>
import { createInterface } from 'node:readline';
import { startFeedServer } from '../tests/helpers/feed-server.js';

const feeds = Number(process.argv[2] ?? 2000);
const windowMs = Number(process.argv[3] ?? 10_000);
const server = await startFeedServer({ logRequests: false });
let log: [number, number][] = [];

const item = (feed: number, gen: number) =>
  `<item><title>Outlet ${feed} bulletin number ${gen}</title><link>https://outlet${feed}.example.org/b/${gen}</link>` +
  `<guid isPermaLink="false">o${feed}-${gen}</guid><pubDate>${new Date(gen * windowMs).toUTCString()}</pubDate>` +
  `<description>Routine bulletin ${gen} of outlet ${feed}: weather, roads and markets.</description></item>`;

for (let i = 0; i < feeds; i++) {
  server.route(`/feed-${i}.xml`, (req, res) => {
    const at = Date.now();
    log.push([i, at]);
    const gen = Math.floor(at / windowMs);
    const etag = `"f${i}-g${gen}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res
      .writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag })
      .end(
        `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Outlet ${i}</title>` +
          `<link>https://outlet${i}.example.org/</link><description>Generated</description>` +
          `${item(i, gen)}${item(i, gen - 1)}</channel></rss>`,
      );
  });
}
process.stdout.write(`${server.origin}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === 'dump') {
    process.stdout.write(`${JSON.stringify({ requests: log })}\n`);
    log = [];
  }
}
await server.close();
