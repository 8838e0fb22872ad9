// Fuzz targets for the parse stage (see ../target.ts): seed RSS, Atom and JSON feeds
// written here, mutated the ways broken and hostile feeds are (whitespace runs,
// unbalanced brackets, stray and unclosed tags, entities, repeated parts, truncation),
// and date texts. Oracles: parseFeed returns its result type and never reports an
// internal failure; no item has an invalid date, no two different items share an id; parseDate gives a
// valid date or null, the same with whitespace around the text.
import fc from 'fast-check';
import { parseDate } from '../../../src/parse/dates.js';
import { parseFeed } from '../../../src/parse/index.js';
import type { FuzzTarget } from '../target.js';

const URL = 'https://feeds.example/news/feed.xml';

const RSS = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Example &amp; News</title><link>https://news.example/</link><description>All the news</description>
<item><title>Envoy meets &lt;b&gt;Taliban&lt;/b&gt; in Doha</title><link>/2026/02/envoy</link><guid isPermaLink="false">a-1</guid>
<pubDate>Wed, 25 Feb 2026 21:07:00 +0000</pubDate><description><![CDATA[<p>Talks <a href="/more">resume</a> &nbsp;today.</p>]]></description></item>
<item><title>Second item</title><link>https://news.example/2</link><dc:date>2026-02-25T10:00:00Z</dc:date>
<content:encoded>&lt;p&gt;Body &lt;img src="i.png"&gt;&lt;/p&gt;</content:encoded></item>
<item><title>No id, old date</title><pubDate>February 25, 2026 9:07 pm</pubDate><description>Plain &amp; simple</description></item>
</channel></rss>`;

const ATOM = `<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://atom.example/blog/">
<title type="html">Atom &lt;i&gt;feed&lt;/i&gt;</title><link href="/"/><id>urn:feed</id><updated>2026-02-25T21:07:00Z</updated>
<entry><id>urn:e1</id><title>First</title><link rel="alternate" href="e1.html"/><published>2026-02-24T08:00:00+05:00</published>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>XHTML <b>bold</b> <a href="x">link</a></p></div></content></entry>
<entry><id>urn:e2</id><title type="text">Second &amp; last</title><updated>Wed Feb 25 21:07:00 2026</updated>
<summary type="html">&lt;p&gt;Sum&lt;/p&gt;</summary><source><title>Outlet</title></source></entry>
</feed>`;

const JSON_FEED = JSON.stringify({
  version: 'https://jsonfeed.org/version/1.1',
  title: 'JSON feed',
  home_page_url: 'https://json.example.org/',
  items: [
    {
      id: 'j1',
      url: '/j1',
      title: 'One',
      content_html: '<p>Hello <b>world</b></p>',
      date_published: '2026-02-25T21:07:00Z',
    },
    { id: 'j2', title: 'Two', content_text: 'Plain', date_modified: '25 Feb 2026 21:07 EST' },
    { url: 'https://json.example.org/3', summary: '&lt;a ', date_published: 'not a date' },
  ],
});

const repeat = (pieces: string[], max: number) =>
  fc.tuple(fc.constantFrom(...pieces), fc.integer({ min: 1, max })).map(([p, n]) => p.repeat(n));

/** What a mutation inserts: whitespace runs, brackets, tags, entities, date parts, odd characters. */
const insertion = fc.oneof(
  repeat([' ', '\t', '\n', '\r\n', '\u00a0', '\u2028'], 20_000),
  repeat(
    [
      '<',
      '>',
      '(',
      ')',
      '[',
      ']',
      '{',
      '}',
      '"',
      "'",
      '/',
      '=',
      '</',
      '/>',
      '<![CDATA[',
      ']]>',
      '<!--',
      '-->',
      '<?',
      '<!DOCTYPE x [',
    ],
    5_000,
  ),
  repeat(
    [
      '<a>',
      '</b>',
      '<p>',
      '<br/>',
      '<item>',
      '</item>',
      '<entry>',
      '</entry>',
      '<title>',
      '</title>',
      '<guid>a-1</guid>',
      '<id>urn:e1</id>',
      '<x:y>',
      '<svg>',
      '<li><div>',
    ],
    5_000,
  ),
  repeat(
    [
      '&amp;',
      '&lt;a ',
      '&lt;a href=',
      '&',
      '&#0;',
      '&#x110000;',
      '&#99999999;',
      '&bogus;',
      '&nbsp;',
      '&lt;',
      '&#38;lt;',
    ],
    5_000,
  ),
  repeat(['25 Feb 2026 21:07', 'GMT', '(', 'x\ny', '2026-02-25T', ':00', 'pm'], 2_000),
  fc.string({ maxLength: 30, unit: 'binary' }),
);

type Mutation =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete' | 'repeat'; at: number; len: number }
  | { kind: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: insertion }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom('delete' as const, 'repeat' as const),
      at: fc.nat(),
      len: fc.integer({ min: 1, max: 400 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
);

export function mutate(doc: string, mutations: Mutation[]): string {
  let s = doc;
  for (const m of mutations) {
    const at = m.at % (s.length + 1);
    if (m.kind === 'insert') s = s.slice(0, at) + m.text + s.slice(at);
    else if (m.kind === 'delete') s = s.slice(0, at) + s.slice(at + m.len);
    else if (m.kind === 'repeat') s = s.slice(0, at + m.len) + s.slice(at, at + m.len).repeat(20) + s.slice(at + m.len);
    else s = s.slice(0, at);
  }
  return s;
}

const mutated = (seed: string) => fc.array(mutation, { minLength: 1, maxLength: 6 }).map((ms) => mutate(seed, ms));

/** JSON Feeds built from hostile field values (valid JSON, so the adapter, not JSON.parse, meets them). */
const hostileValue = fc.oneof(
  insertion,
  fc.constantFrom('', ' ', 'j1', '/rel', 'https://x.example/a', '2026-02-25T21:07:00Z'),
  fc.integer(),
  fc.constant(null),
);
const jsonFeeds = fc
  .array(
    fc.record(
      {
        id: hostileValue,
        url: hostileValue,
        title: hostileValue,
        content_html: hostileValue,
        summary: hostileValue,
        date_published: hostileValue,
      },
      { requiredKeys: [] },
    ),
    { maxLength: 12 },
  )
  .map((items) => JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'J', items }));

/** The oracles of parseFeed on any body. */
export function checkFeed(body: string): void {
  const r = parseFeed(body, { url: URL });
  if (r.ok !== true && r.ok !== false) throw new Error('parseFeed returned no result');
  if (!r.ok) {
    if (!['not-a-feed', 'malformed', 'empty'].includes(r.error.kind))
      throw new Error(`unknown error kind ${r.error.kind}`);
    if (!r.error.message) throw new Error('an error without a message');
    if (r.error.message.startsWith('the parser failed unexpectedly')) throw new Error(r.error.message);
    return;
  }
  // Two items may share an id only when they are one story repeated (no guid or link of their own, same title and date).
  const ids = new Map<string, string>();
  for (const item of r.feed.items) {
    if (typeof item.id !== 'string' || !item.id)
      throw new Error(`an item without an id: ${JSON.stringify(item.title)}`);
    const story = JSON.stringify([item.title, item.link, item.published?.getTime() ?? null]);
    const seen = ids.get(item.id);
    if (seen !== undefined && seen !== story)
      throw new Error(`duplicate item id ${item.id} on different items: ${seen} and ${story}`);
    ids.set(item.id, story);
    if (item.published !== null && !(item.published instanceof Date && Number.isFinite(item.published.getTime()))) {
      throw new Error(`invalid date on item ${item.id}`);
    }
    if (typeof item.title !== 'string' || typeof item.text !== 'string')
      throw new Error(`item ${item.id} lacks its texts`);
  }
}

/** Date texts: date parts, separators and runs of whitespace, parentheses and digits. */
const dateText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'Wed',
        'Wednesday,',
        'Feb',
        'February',
        '25',
        '2026',
        '26',
        '21:07',
        '21:07:00',
        '.123',
        'pm',
        'a.m.',
        'T',
        'at',
        '-',
        ',',
        'GMT',
        'GMT+0430',
        '+05:30',
        'EST',
        '(Afghanistan Time)',
        'x',
      ),
      repeat([' ', '\t', '\n', '(', ')', '1', 'a', ':', '-', ',', '.'], 20_000),
    ),
    { minLength: 1, maxLength: 12 },
  )
  .map((p) => p.join(''));

function checkDate(s: string): void {
  const d = parseDate(s);
  if (d !== null && !(d instanceof Date && Number.isFinite(d.getTime()))) throw new Error('an invalid Date');
  if (d !== null && (d.getUTCFullYear() < 999 || d.getUTCFullYear() > 10_000))
    throw new Error(`year out of range: ${d.toISOString()}`);
  const spaced = parseDate(`  ${s}\n`);
  if ((spaced?.getTime() ?? null) !== (d?.getTime() ?? null))
    throw new Error('whitespace around the text changed the date');
}

const bytes = (s: string) => Buffer.byteLength(s);

export const targets: FuzzTarget<string>[] = [
  { name: 'parse/rss-mutated', arbitrary: mutated(RSS), check: checkFeed, size: bytes },
  { name: 'parse/atom-mutated', arbitrary: mutated(ATOM), check: checkFeed, size: bytes },
  { name: 'parse/json-mutated', arbitrary: fc.oneof(mutated(JSON_FEED), jsonFeeds), check: checkFeed, size: bytes },
  { name: 'parse/dates', arbitrary: dateText, check: checkDate, size: bytes },
];
