// A child process serving the soak's N feeds (10 items each, ≈30 KB, ETags), where new
// items keep arriving: every `tickMs`, `perTick` feeds chosen at random each publish
// one new item (the feed's window slides by one, its ETag changes). Items are the
// generated news of bench/feeds.ts, about two thirds of which name a watched entity.
// Prints its origin on stdout, then answers "stats" on stdin with a JSON line.
// Usage: node --import tsx bench/soak-feed-server-child.ts <feeds> <tickMs> <perTick>
import { createInterface } from 'node:readline';
import { startFeedServer } from '../tests/helpers/feed-server.js';
import { feedXml } from './feeds.js';

const ITEMS = 10;
const feeds = Number(process.argv[2] ?? 200);
const tickMs = Number(process.argv[3] ?? 2000);
const perTick = Number(process.argv[4] ?? 2);

// No request log: the server runs for the whole soak and must not grow.
const server = await startFeedServer({ logRequests: false });
/** head[i]: how many items feed i has published after its first ten. */
const head = new Array<number>(feeds).fill(0);
let published = 0;

/** Feed i at head h carries its items h … h+9 (feedXml's generation g holds items 10g … 10g+9). */
function serve(i: number): void {
  const h = head[i] ?? 0;
  const g = Math.floor(h / ITEMS);
  const a = feedXml(i, g, ITEMS);
  const items = (xml: string) => xml.match(/<item>[\s\S]*?<\/item>/g) ?? [];
  const window = [...items(a), ...items(feedXml(i, g + 1, ITEMS))].slice(h % ITEMS, (h % ITEMS) + ITEMS);
  const body = `${a.slice(0, a.indexOf('<item>'))}${window.join('')}</channel></rss>`;
  server.route(`/feed-${i}.xml`, {
    body,
    headers: { 'content-type': 'application/rss+xml; charset=utf-8' },
    etag: `"f${i}-h${h}"`,
  });
}

for (let i = 0; i < feeds; i++) serve(i);

let seed = 12_345;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) >>> 0) / 2 ** 32;
const timer = setInterval(() => {
  for (let n = 0; n < perTick; n++) {
    const i = Math.floor(random() * feeds);
    head[i] = (head[i] ?? 0) + 1;
    published++;
    serve(i);
  }
}, tickMs);

process.stdout.write(`${server.origin}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === 'stats')
    process.stdout.write(`${JSON.stringify({ published, rssMb: process.memoryUsage().rss / 2 ** 20 })}\n`);
}
clearInterval(timer);
await server.close();
