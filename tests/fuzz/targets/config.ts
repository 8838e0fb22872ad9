// Fuzz targets for the config loader. Inputs: valid configs mutated at the text level
// (YAML syntax spliced in, lines cut, duplicated and swapped), and documents built from
// the YAML constructs that broke the loader before (anchors, aliases, collection keys,
// deep nesting, environment references). Oracle: the loader returns a config, or throws a
// ConfigError whose every issue names the file and a line; nothing else may come out.
import fc from 'fast-check';
import { ConfigError } from '../../../src/config/errors.js';
import { parseConfig } from '../../../src/config/load.js';
import type { FuzzTarget } from '../target.js';

/** A folder that does not exist: an `opml:` path a mutation writes can read nothing real next to it. */
export const FUZZ_FILE = '/nonexistent-newswatch-fuzz/newswatch.yaml';
const ENV = { SET: 'value', NUM: '5', URL: 'https://example.org/feed' };

export const SEEDS: readonly string[] = [
  `schedule: "*/5 * * * *"
timezone: Europe/Paris
fetch: { timeout: 20s, concurrency: 4 }
delivery: { retryBase: 2s, retryMax: 15m }
feeds:
  - id: a
    url: https://example.org/feed
    schedule: "*/10 * * * *"
  - { id: b, name: B, url: "\${URL}" }
watchlists:
  - id: groups
    entities:
      - id: ttp
        name: Tehrik-i-Taliban Pakistan
        aliases: [Pakistani Taliban]
        caseSensitive: [TTP]
        exclude: [Afghan Taliban]
        near: { terms: [attack, claimed], within: 8 }
channels:
  - id: log
    console: true
    watchlists: [groups]
    feeds: [a, b]
  - id: hook
    webhook: \${DISCORD_WEBHOOK_URL}
`,
  `schedule: &s "*/15 * * * *"
http: { host: 127.0.0.1, port: 8787 }
dedup: { window: 48h, titleSimilarity: 0.8 }
feeds:
  - { id: x, url: "https://x.example.org/rss", schedule: *s }
  - { id: y, url: "https://y.example.org/rss", schedule: *s }
watchlists:
  - id: people
    any: [minister, governor]
    entities:
      - { id: p1, name: Jane Doe, context: [Kabul] }
channels:
  - { id: c, discord: { channel: "123456789012345678", mentionRole: "223456789012345678" } }
discord: { token: "\${DISCORD_TOKEN}" }
`,
];

/** Fragments of YAML syntax that a mutation splices into a seed. */
const SPLICES = [
  '{',
  '}',
  '[',
  ']',
  ':',
  ': ',
  '- ',
  '- - - - ',
  '? ',
  '&a ',
  '*a',
  '&b [',
  '*b',
  '!!str ',
  '!!map ',
  '!!binary ',
  '<<: ',
  '#',
  '"',
  "'",
  '|',
  '>',
  '\n',
  '\n  ',
  '\t',
  ',',
  '${SET}',
  '${UNSET}',
  '${NUM}',
  '${A:-x}',
  '${',
  '\\',
  '%YAML 1.2\n---\n',
  '---\n',
  '...\n',
  '\u0000',
  '\uFEFF',
  '10',
  '-1',
  '1e400',
  '25d',
  '0.5s',
  'null',
  '~',
  'true',
  '__proto__: ',
  'constructor: ',
];

type Mutation =
  | { kind: 'splice'; at: number; text: string }
  | { kind: 'cut'; at: number; length: number }
  | { kind: 'repeat'; at: number; length: number; times: number }
  | { kind: 'swap'; a: number; b: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('splice' as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...SPLICES), fc.string({ maxLength: 6 })),
  }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({
    kind: fc.constant('repeat' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 30 }),
    times: fc.integer({ min: 2, max: 40 }),
  }),
  fc.record({ kind: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
);

export function mutate(seed: string, mutations: readonly Mutation[]): string {
  let text = seed;
  for (const m of mutations) {
    const at = text.length === 0 ? 0 : ('at' in m ? m.at : 0) % (text.length + 1);
    if (m.kind === 'splice') text = text.slice(0, at) + m.text + text.slice(at);
    else if (m.kind === 'cut') text = text.slice(0, at) + text.slice(at + m.length);
    else if (m.kind === 'repeat')
      text = text.slice(0, at) + text.slice(at, at + m.length).repeat(m.times) + text.slice(at + m.length);
    else {
      const lines = text.split('\n');
      const a = m.a % lines.length,
        b = m.b % lines.length;
      [lines[a], lines[b]] = [lines[b] as string, lines[a] as string];
      text = lines.join('\n');
    }
  }
  return text;
}

/** Documents made of the constructs that broke the loader: aliases, anchors, collection keys, nesting. */
const construct: fc.Arbitrary<string> = fc.letrec<{ node: string; doc: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('x', '1', '${SET}', '${UNSET}', '*a', '*b', '"q"', 'null', '10', '5m'),
    fc
      .tuple(fc.constantFrom('', '&a ', '&b '), fc.array(tie('node'), { maxLength: 4 }))
      .map(([anchor, items]) => `${anchor}[${items.join(', ')}]`),
    fc
      .tuple(
        fc.constantFrom('', '&a ', '&b '),
        fc.array(fc.tuple(fc.oneof(fc.constantFrom('k', 'feeds', 'schedule', 'id'), tie('node')), tie('node')), {
          maxLength: 4,
        }),
      )
      .map(([anchor, pairs]) => `${anchor}{${pairs.map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
  ),
  doc: fc
    .array(
      fc.tuple(
        fc.constantFrom('schedule', 'timezone', 'feeds', 'watchlists', 'channels', 'fetch', 'x', 'timezon'),
        tie('node'),
      ),
      { maxLength: 6 },
    )
    .map((pairs) => pairs.map(([k, v]) => `${k}: ${v}`).join('\n')),
})).doc;

/** The oracle: a config, or a ConfigError of located issues; anything else fails. */
export function checkLoad(text: string): void {
  try {
    const loaded = parseConfig(text, FUZZ_FILE, ENV);
    if (!loaded.config || !Array.isArray(loaded.config.feeds)) throw new Error('the loader returned no config');
  } catch (err) {
    if (!(err instanceof ConfigError))
      throw new Error(`the loader threw ${(err as Error)?.name}: ${(err as Error)?.message}`, { cause: err });
    if (err.issues.length === 0) throw new Error('a ConfigError with no issue');
    for (const i of err.issues) {
      if (i.file !== FUZZ_FILE || !(typeof i.line === 'number' && i.line >= 1) || !i.message) {
        throw new Error(`an issue without a location: ${JSON.stringify(i)}`);
      }
    }
  }
}

const size = (text: string) => Buffer.byteLength(text);

export const targets: FuzzTarget<string>[] = [
  {
    name: 'config/mutated',
    arbitrary: fc
      .tuple(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 8 }))
      .map(([seed, ms]) => mutate(seed, ms)),
    check: checkLoad,
    size,
  },
  { name: 'config/constructs', arbitrary: construct, check: checkLoad, size },
];
