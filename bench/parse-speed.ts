// CPU cost of parseFeed on a well-formed ≈30 KB RSS 2.0 feed of 10 items (full articles
// in content:encoded), against rss-parser's parseString on the same text in the same
// run (the engine issue 2 named). Rounds are interleaved so machine noise hits both.
//   npx tsx bench/parse-speed.ts [rounds]
import Parser from 'rss-parser';
import { parseFeed } from '../src/parse/index.js';

const PARAGRAPH =
  '<p>Officials in the provincial capital said on Tuesday that security forces had detained several people after an attack on a ' +
  '<a href="https://news.example.org/tag/checkpoint">checkpoint</a> near the border crossing, and that roads would reopen by evening.</p>\n';

function feedXml(items: number): string {
  const body = PARAGRAPH.repeat(11);
  let out = '';
  for (let i = 0; i < items; i++) {
    out += `<item><title>Story ${i}: crossing reopens after talks &amp; inspections</title>
<link>https://news.example.org/2026/02/story-${i}?utm_source=rss</link><guid isPermaLink="false">story-${i}</guid>
<pubDate>Wed, 25 Feb 2026 21:0${i % 10}:00 +0000</pubDate><dc:creator>Desk staff</dc:creator><category>Security</category>
<description><![CDATA[${PARAGRAPH}]]></description><content:encoded><![CDATA[${body}]]></content:encoded></item>\n`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Example News</title><link>https://news.example.org/</link><description>News</description>
${out}</channel></rss>`;
}

function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

async function measure(fn: () => unknown, n: number): Promise<number> {
  const start = cpuMicros();
  for (let i = 0; i < n; i++) await fn();
  return (cpuMicros() - start) / n;
}

const rounds = Number(process.argv[2] ?? 5);
const perRound = 300;
const xml = feedXml(10);
const bytes = Buffer.from(xml);
const bareAmp = Buffer.from(xml.replace('&amp; inspections', '& inspections'));
const check = parseFeed(bytes);
if (!check.ok || check.feed.items.length !== 10) throw new Error('benchmark feed did not parse');

const cases: [string, () => unknown][] = [
  ['rss-parser parseString (baseline)', () => new Parser({ defaultRSS: 2 }).parseString(xml)],
  ['parseFeed (bytes → ParsedFeed)', () => parseFeed(bytes)],
  [
    'parseFeed + every item.text read',
    () => (parseFeed(bytes) as { ok: true; feed: { items: { text: string }[] } }).feed.items.map((i) => i.text),
  ],
  ['parseFeed, one bare & (recovered)', () => parseFeed(bareAmp)],
];
const totals = new Map(cases.map(([name]) => [name, 0]));
for (const [, fn] of cases) await measure(fn, 100); // warm-up
for (let r = 0; r < rounds; r++) {
  for (const [name, fn] of cases) totals.set(name, (totals.get(name) ?? 0) + (await measure(fn, perRound)));
}
const baseline = (totals.get(cases[0]?.[0] ?? '') ?? 1) / rounds;
console.log(`feed: ${bytes.length} bytes, 10 items; ${rounds} rounds × ${perRound} parses each, CPU time per parse`);
console.log('| case | µs CPU / parse | vs rss-parser |\n|---|---:|---:|');
for (const [name] of cases) {
  const us = (totals.get(name) ?? 0) / rounds;
  console.log(`| ${name} | ${us.toFixed(0)} | ${(us / baseline).toFixed(2)}× |`);
}
