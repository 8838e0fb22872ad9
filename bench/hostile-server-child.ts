// The hostile bench's feed server (a child process, so that only the service is measured):
// the hostile set of tests/hostile/hostile-server.ts, plus `normal` ordinary feeds of 50
// generated news items (bench/feeds.ts, ≈180 KB) on which two feeds publish a new
// generation every 10 s. Prints one JSON line: { origin, hostile: [paths], normal: [paths] }.
// Usage: node --import tsx bench/hostile-server-child.ts <normal>
import { startHostileServer } from '../tests/hostile/hostile-server.js';
import { feedXml } from './feeds.js';

const normal = Number(process.argv[2] ?? 20);
const hostile = await startHostileServer();
const generation = new Array<number>(normal).fill(1);
const serve = (i: number) =>
  hostile.server.route(`/normal-${i}.xml`, {
    body: feedXml(i, generation[i] ?? 1, 50),
    headers: { 'content-type': 'application/rss+xml; charset=utf-8' },
    etag: `"n${i}-${generation[i]}"`,
  });
for (let i = 0; i < normal; i++) serve(i);
setInterval(() => {
  for (let k = 0; k < 2; k++) {
    const i = Math.floor(Math.random() * normal);
    generation[i] = (generation[i] ?? 1) + 1;
    serve(i);
  }
}, 10_000);
const paths = {
  hostile: hostile.cases.filter((c) => !c.viaPublicName).map((c) => c.path),
  normal: Array.from({ length: normal }, (_, i) => `/normal-${i}.xml`),
};
process.stdout.write(`${JSON.stringify({ origin: hostile.server.origin, ...paths })}\n`);
