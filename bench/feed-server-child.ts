// A child process serving N generated feeds (≈30 KB, 10 items each) with ETags, so a
// benchmark measures newswatch's CPU, not the server's. Prints its origin on stdout,
// then obeys lines on stdin: "bump" publishes new items in every feed (new ETag).
// Usage: node --import tsx bench/feed-server-child.ts <feeds> [items]
import { createInterface } from 'node:readline';
import { startFeedServer } from '../tests/helpers/feed-server.js';
import { feedXml } from './feeds.js';

const feeds = Number(process.argv[2] ?? 1000);
const items = Number(process.argv[3] ?? 10);
const server = await startFeedServer();
let generation = 0;
const publish = () => {
  for (let i = 0; i < feeds; i++) {
    server.route(`/feed-${i}.xml`, {
      body: feedXml(i, generation, items),
      headers: { 'content-type': 'application/rss+xml; charset=utf-8' },
      etag: `"f${i}-g${generation}"`,
    });
  }
};
publish();
process.stdout.write(`${server.origin}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === 'bump') {
    generation++;
    publish();
    process.stdout.write(`bumped ${generation}\n`);
  }
}
await server.close();
