// The hostile feed set (issue 10), served by one local server on 127.0.0.1, port 0. Bodies
// are generated here, in memory or on the fly, in well under a second. Shared by
// tests/hostile/*.test.ts and bench/hostile.ts.
//
// Each case names the outcome the fetch and parse stages must classify it as.
import { gzipSync } from 'node:zlib';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';

export interface HostileCase {
  name: string;
  path: string;
  /** The classified failure kind, or 'ok' for a feed that must parse (bounded). */
  expect: string;
  /**
   * Must be requested through a name the test declares public (the SSRF cases). Never poll
   * these from a feed configured at 127.0.0.1: a loopback feed is the operator's intent, so
   * its redirect would be followed, and this machine must send nothing to 169.254.169.254.
   */
  viaPublicName?: boolean;
}

const RSS = 'application/rss+xml; charset=utf-8';
const head = (dtd = '') =>
  `<?xml version="1.0" encoding="utf-8"?>\n${dtd}<rss version="2.0"><channel><title>Hostile</title><link>https://hostile.example/</link>`;
const tail = '</channel></rss>\n';
const item = (i: number, title: string, description = '') =>
  `<item><title>${title}</title><guid isPermaLink="false">h-${i}</guid><description>${description}</description></item>`;

/** 2 MB: one 8,000-character entity, each of 50 items referencing it 800 times (≈320 M characters expanded). */
function quadraticEntity(): string {
  const dtd = `<!DOCTYPE rss [<!ENTITY big "${'A'.repeat(8000)}">]>`;
  const refs = '&big;'.repeat(800);
  return head(dtd) + Array.from({ length: 50 }, (_, i) => item(i, `Item ${i}`, refs)).join('') + tail;
}

/** The issue's variant: one 60,000-character entity. */
function hugeEntity(): string {
  return head(`<!DOCTYPE rss [<!ENTITY big "${'B'.repeat(60_000)}">]>`) + item(0, 'Huge &big;') + tail;
}

function billionLaughs(): string {
  const ents = ['<!ENTITY lol "lol">'];
  for (let i = 1; i <= 9; i++) ents.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
  return head(`<!DOCTYPE rss [${ents.join('')}]>`) + item(0, 'Laughs &lol9;') + tail;
}

function xxe(probeUrl: string): string {
  const dtd = `<!DOCTYPE rss [<!ENTITY file SYSTEM "file:///etc/passwd"><!ENTITY remote SYSTEM "${probeUrl}"><!ENTITY % pe SYSTEM "${probeUrl}"> %pe;]>`;
  return head(dtd) + item(0, 'Read &file; and &remote;') + tail;
}

function deepNesting(depth = 100_000): string {
  return head() + item(0, 'Before the abyss') + '<x>'.repeat(depth) + 'deep' + '</x>'.repeat(depth) + tail;
}

function manyItems(n: number): string {
  const parts = [head()];
  for (let i = 0; i < n; i++) parts.push(item(i, `Story number ${i}`));
  parts.push(tail);
  return parts.join('');
}

function hugeTitles(): string {
  const title = 'word '.repeat(1_000_000); // 5 MB
  return head() + item(0, title) + item(1, title) + tail;
}

export interface HostileServer {
  server: FeedServer;
  cases: HostileCase[];
  /** Requests for the URL that the XXE document declares as an external entity (must stay 0). */
  xxeProbes(): number;
  close(): Promise<void>;
}

export async function startHostileServer(): Promise<HostileServer> {
  const server = await startFeedServer({ logRequests: false });
  const xml = (body: string) => ({ body, headers: { 'content-type': RSS } });
  server.route('/quadratic.xml', xml(quadraticEntity()));
  server.route('/huge-entity.xml', xml(hugeEntity()));
  server.route('/billion-laughs.xml', xml(billionLaughs()));
  server.route('/xxe.xml', xml(xxe(server.url('/xxe-probe'))));
  let probes = 0;
  server.route('/xxe-probe', (_req, res) => {
    probes++;
    res.writeHead(200, { 'content-type': 'text/plain' }).end('root:x:0:0:root:/root:/bin/bash');
  });
  server.route('/deep.xml', xml(deepNesting()));
  server.route('/nested-5000.xml', xml(deepNesting(5000)));
  server.route('/60mb.xml', { headers: { 'content-type': RSS }, streamBytes: 60 * 1024 * 1024 });
  const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 9 });
  server.route('/gzip-bomb.xml', (_req, res) => {
    res.writeHead(200, { 'content-type': RSS, 'content-encoding': 'gzip', 'content-length': bomb.length });
    res.end(bomb);
  });
  server.route('/trickle.xml', {
    body: head(),
    headers: { 'content-type': RSS },
    trickle: { everyMs: 200, chunk: '<!-- -->' },
  });
  server.route('/hang.xml', { hang: true });
  server.route('/50k-items.xml', xml(manyItems(50_000)));
  server.route('/huge-titles.xml', xml(hugeTitles()));
  server.route('/loop-a.xml', { status: 302, redirect: '/loop-b.xml' });
  server.route('/loop-b.xml', { status: 302, redirect: '/loop-a.xml' });
  server.route('/internal.xml', xml(head() + item(0, 'INTERNAL: admin credentials rotated') + tail));
  server.route('/redirect-private.xml', { status: 302, redirect: 'http://169.254.169.254/latest/meta-data/' });
  server.route('/redirect-loopback.xml', { status: 302, redirect: server.url('/internal.xml') });
  server.route('/discover-private.html', {
    body: `<!doctype html><html><head><link rel="alternate" type="application/rss+xml" href="${server.url('/internal.xml')}"></head><body>News</body></html>`,
    headers: { 'content-type': 'text/html; charset=utf-8' },
  });

  const cases: HostileCase[] = [
    { name: 'quadratic entity', path: '/quadratic.xml', expect: 'too-complex' },
    { name: 'one 60,000-character entity', path: '/huge-entity.xml', expect: 'too-complex' },
    { name: 'billion laughs', path: '/billion-laughs.xml', expect: 'ok' },
    { name: 'XXE', path: '/xxe.xml', expect: 'ok' },
    { name: 'deep nesting', path: '/deep.xml', expect: 'too-complex' },
    { name: 'nesting 5,000 levels', path: '/nested-5000.xml', expect: 'ok' },
    { name: '60 MB body', path: '/60mb.xml', expect: 'too-large' },
    { name: 'gzip bomb', path: '/gzip-bomb.xml', expect: 'too-large' },
    { name: 'trickle', path: '/trickle.xml', expect: 'timeout' },
    { name: 'hang', path: '/hang.xml', expect: 'timeout' },
    { name: '50,000 items', path: '/50k-items.xml', expect: 'ok' },
    { name: '5 MB titles', path: '/huge-titles.xml', expect: 'ok' },
    { name: 'redirect loop', path: '/loop-a.xml', expect: 'too-many-redirects' },
    {
      name: 'redirect to the metadata address',
      path: '/redirect-private.xml',
      expect: 'blocked-address',
      viaPublicName: true,
    },
    {
      name: 'redirect to a loopback address',
      path: '/redirect-loopback.xml',
      expect: 'blocked-address',
      viaPublicName: true,
    },
    {
      name: 'discovery to a private address',
      path: '/discover-private.html',
      expect: 'blocked-address',
      viaPublicName: true,
    },
  ];
  return { server, cases, xxeProbes: () => probes, close: () => server.close() };
}
