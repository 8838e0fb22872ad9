// Scaling of the parse and HTML-to-text paths on the hostile inputs of issue 16 (findings
// 1–5): each input timed at 1×, 2×, 4× and 8× its size, with the ratio t(k×)/t(1×) — about
// k for a linear path, k² or k³ for the former ones. "before" is the former code, kept as
// the tests' oracles (tests/parse/dates-oracle.ts, tests/parse/patterns-oracle.ts,
// tests/text/html-oracle.ts, htmlparser2's own Parser), timed at sizes it can finish;
// "after" is the code of src/ at sizes 8–1000× larger. The last column times "after" on
// the input "before" had at 8×.
//   node --import tsx bench/scaling-parse.ts
import { Parser } from 'htmlparser2';
import { parseDate } from '../src/parse/dates.js';
import { absolutizeHtml } from '../src/parse/html-urls.js';
import { looksLikeHtml } from '../src/parse/text.js';
import { readXml } from '../src/parse/xml/tree.js';
import { htmlToText } from '../src/text/html.js';
import { oracleParseDate } from '../tests/parse/dates-oracle.js';
import { oracleAbsolutizeHtml, oracleLooksLikeHtml } from '../tests/parse/patterns-oracle.js';
import { oracleHtmlToText } from '../tests/text/html-oracle.js';

interface Case {
  finding: string;
  /** The hostile input with n units of its repeated part. */
  input: (n: number) => string;
  unit: string;
  before: { run: (s: string) => unknown; n: number };
  after: { run: (s: string) => unknown; n: number };
}

const BASE = 'https://s.example/dir/';
const xmlParser = (s: string) => {
  const p = new Parser(
    { onopentag() {}, onclosetag() {}, ontext() {} },
    { xmlMode: true, decodeEntities: false, recognizeCDATA: true, recognizeSelfClosing: true },
  );
  p.write(s);
  p.end();
};

const CASES: Case[] = [
  {
    finding: '1 day-first date, spaces then a line break',
    input: (n) => `25 Feb 2026 21:07${' '.repeat(n)}x\ny`,
    unit: 'spaces',
    before: { run: oracleParseDate, n: 200 },
    after: { run: parseDate, n: 200_000 },
  },
  {
    finding: '1 asctime date, spaces before a non-year',
    input: (n) => `Wed Feb 25 21:07:00${' '.repeat(n)}x`,
    unit: 'spaces',
    before: { run: oracleParseDate, n: 4_000 },
    after: { run: parseDate, n: 200_000 },
  },
  {
    finding: "2 time zone, many '('",
    input: (n) => `Wed, 25 Feb 2026 21:07:00 ${'('.repeat(n)}`,
    unit: "'('",
    before: { run: oracleParseDate, n: 6_250 },
    after: { run: parseDate, n: 200_000 },
  },
  {
    finding: '3 htmlToText, <a>×n then </b>×n',
    input: (n) => '<a>'.repeat(n) + '</b>'.repeat(n),
    unit: 'pairs',
    before: { run: oracleHtmlToText, n: 3_125 },
    after: { run: htmlToText, n: 200_000 },
  },
  {
    finding: '3 XML tree, <a>×n then </b>×n',
    input: (n) => `<rss>${'<a>'.repeat(n)}${'</b>'.repeat(n)}</rss>`,
    unit: 'pairs',
    before: { run: xmlParser, n: 3_125 },
    after: { run: (s) => readXml(s, null, () => true), n: 200_000 },
  },
  {
    finding: '4 relative-URL check, href= then spaces',
    input: (n) => `&lt;a href=${' '.repeat(n)}https://o.example/x`,
    unit: 'spaces',
    before: { run: (s) => oracleAbsolutizeHtml(s, BASE), n: 4_000 },
    after: { run: (s) => absolutizeHtml(s, BASE), n: 200_000 },
  },
  {
    finding: "5 looksLikeHtml, '<a ' with no '>'",
    input: (n) => '<a '.repeat(n),
    unit: "'<a '",
    before: { run: oracleLooksLikeHtml, n: 3_125 },
    after: { run: looksLikeHtml, n: 200_000 },
  },
];

/**
 * Milliseconds of CPU (user + system, so that waiting for a core on a loaded machine does not
 * count) per call: the least of at least 3 calls and ~100 ms of calls (one call when over 0.2 s).
 */
function time(run: (s: string) => unknown, s: string): number {
  // A first call settles the heap after the previous (larger) input: it is not counted unless slow.
  const first = cpuMs(run, s);
  if (first > 200) return first;
  let best = Infinity;
  const until = performance.now() + 100;
  for (let i = 0; i < 3 || performance.now() < until; i++) {
    best = Math.min(best, cpuMs(run, s));
    if (best > 500) break;
  }
  return best;
}

function cpuMs(run: (s: string) => unknown, s: string): number {
  globalThis.gc?.();
  const t0 = process.cpuUsage();
  run(s);
  const used = process.cpuUsage(t0);
  return (used.user + used.system) / 1000;
}

const K = [1, 2, 4, 8];
const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(1) : ms.toFixed(3));
const rows: string[][] = [
  ['finding', 'code', 'n at 1×', 't(1×) ms', '2×/1×', '4×/1×', '8×/1×', 'after on before-8× input, ms'],
];
for (const c of CASES) {
  for (const [label, impl] of [
    ['before', c.before],
    ['after', c.after],
  ] as const) {
    impl.run(c.input(impl.n)); // warm-up at 1×
    // Three rounds over the sizes, the least time of each size kept: a burst of load on a shared machine
    // then hits one round of every size rather than all of one size.
    const inputs = K.map((k) => c.input(impl.n * k));
    const t = K.map(() => Infinity);
    for (let round = 0; round < 3; round++)
      inputs.forEach((s, i) => (t[i] = Math.min(t[i] as number, time(impl.run, s))));
    const t1 = t[0] as number;
    const last = label === 'after' ? fmt(time(impl.run, c.input(c.before.n * 8))) : '';
    rows.push([
      label === 'before' ? c.finding : '',
      label,
      `${impl.n.toLocaleString('en')} ${c.unit}`,
      fmt(t1),
      ...t.slice(1).map((x) => (x / t1).toFixed(1)),
      last,
    ]);
  }
}
const widths = (rows[0] as string[]).map((_, i) => Math.max(...rows.map((r) => (r[i] as string).length)));
for (const r of rows)
  console.log(
    r.map((cell, i) => (i <= 1 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number))).join('  '),
  );
console.log(
  '\nratio t(k×)/t(1×): about k when linear (2, 4, 8); the former code shows k² (4, 16, 64) or k³ (8, 64, 512).',
);
