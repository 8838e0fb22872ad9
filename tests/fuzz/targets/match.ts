// Fuzz targets for the matcher (issue 16). Inputs are texts built from fragments that
// exercise its rules (names and their pieces, rule terms, dashes, apostrophes, dots,
// URLs, line breaks, marks, zero-width characters, Arabic script and its proclitics,
// astral characters) mixed with arbitrary strings. Oracles, on match() and explain():
//  - never throws;
//  - every offset is inside the field's text, start < end;
//  - a match starts and ends on a word boundary (dropped characters skipped; an Arabic-
//    script name may follow a proclitic written onto it; a dotted acronym's final dot ends it);
//  - the matched text is the name: re-tokenized alone, the slice spells the name's words
//    (a plural "s" on the last one, a proclitic's "ل" form on the first) or one of its spelling
//    variants, with no break.
import fc from 'fast-check';
import { watchlistSchema } from '../../../src/config/schema.js';
import { C_DROP, charClass } from '../../../src/match/chars.js';
import { type Explanation, type MatchInput, compileWatchlists } from '../../../src/match/index.js';
import { TokenBuf, scanTokens, tokenKey } from '../../../src/match/tokenize.js';
import { nameVariants } from '../../../src/match/variants.js';
import { isWordAt } from '../../../src/match/word-rules.js';
import type { Field, Match } from '../../../src/core/types.js';
import type { FuzzTarget } from '../target.js';

const entities = [
  {
    id: 'iskp',
    name: 'Islamic State Khorasan Province',
    aliases: ['Islamic State Khorasan', 'ISIS-K'],
    caseSensitive: ['ISKP', 'IS-KP'],
  },
  { id: 'is', name: 'Islamic State' },
  {
    id: 'taliban',
    name: 'Taliban',
    aliases: ['Islamic Emirate', 'طالبان'],
    exclude: ['Pakistani Taliban', 'Taliban Pakistan'],
  },
  { id: 'ttp', name: 'Tehrik-i-Taliban Pakistan', aliases: ['Pakistani Taliban'], caseSensitive: ['TTP'] },
  { id: 'aq', name: 'al-Qaida', aliases: ['القاعدة', "al-Qa'ida"], caseSensitive: ['AQ'] },
  {
    id: 'zm',
    name: 'Zabihullah Mujahid',
    aliases: ['ذبیح الله مجاهد'],
    caseSensitive: ['Mujahid'],
    context: ['spokesman', 'Taliban'],
  },
  { id: 'west', name: 'Thomas West', caseSensitive: ['West'], exclude: ['the West'], context: ['Afghanistan'] },
  { id: 'us', name: 'U.S. envoy', aliases: ['Mr West'] },
];
const matcher = compileWatchlists([
  watchlistSchema.parse({ id: 'groups', entities }),
  watchlistSchema.parse({
    id: 'claims',
    near: { terms: ['claimed', 'attack'], within: 3 },
    entities: [{ id: 'iskp-claims', name: 'ISKP' }],
  }),
]);
const aliasOf = new Map<string, string[]>(); // alias → its folded keys
const spellings = new Map<string, Set<string>>(); // alias → its spelling variants (variants are on by default)
for (const e of entities) {
  for (const a of [e.name, ...(e.aliases ?? []), ...(e.caseSensitive ?? [])]) {
    aliasOf.set(a, keysOf(a).keys);
    if (!(e.caseSensitive ?? []).includes(a))
      spellings.set(a, new Set(nameVariants(keysOf(a).keys).map((v) => v.keys.join(' '))));
  }
}
aliasOf.set('ISKP', keysOf('ISKP').keys);

const FRAGMENTS = [
  'Taliban',
  'Talibans',
  'Taliban’s',
  "ISKP's",
  'ISKP',
  'iskp',
  'IS',
  'KP',
  'IS-KP',
  'ISIS',
  '-K',
  'TTP',
  'TTPs',
  'ttp',
  'Islamic',
  'State',
  'Khorasan',
  'Province',
  'Pakistani',
  'Pakistan',
  'Tehrik',
  '-i-',
  'al',
  'Qaida',
  "Qa'ida",
  'AQ',
  'A.Q.',
  'U.S.',
  'Mr.',
  'Mr',
  'West',
  'the',
  'Thomas',
  'Afghanistan',
  'spokesman',
  'Zabihullah',
  'Zabīhullāh',
  'Mujahid',
  'claimed',
  'attack',
  'Taleban',
  'Zabiullah',
  'Khurasan',
  'el',
  'Qaeda',
  'Kaida',
  'طالبان',
  'القاعدة',
  'والقاعدة',
  'للقاعدة',
  'ذبیح',
  'الله',
  'مجاهد',
  'ـ',
  '\u064e',
  ' ',
  ' ',
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  '\n\n',
  '\u00a0',
  '\u200b',
  '\u200c',
  '\u00ad',
  '\u2028',
  '\u0301',
  '-',
  '\u2013',
  '\u2014',
  '.',
  ',',
  ';',
  "'",
  '’',
  '"',
  '(',
  ')',
  '/',
  ':',
  '!',
  '?',
  '&',
  'https://x.example/ttp-attack/',
  'http://',
  'www.',
  'www.ttp.example',
  'https',
  '😀',
  '𝐓𝐓𝐏',
  'ＩＳＫＰ',
  'x',
  '_',
  '3',
];

const fragmentText = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...FRAGMENTS) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));
const input: fc.Arbitrary<MatchInput> = fc.record({ title: fragmentText, text: fragmentText });

function keysOf(text: string): { keys: string[]; brk: number[] } {
  const buf = new TokenBuf();
  scanTokens(text, buf);
  const keys: string[] = [],
    brk: number[] = [];
  for (let k = 0; k < buf.n; k++) {
    keys.push(tokenKey(text, buf.start[k] ?? 0, buf.end[k] ?? 0, false));
    brk.push(buf.brk[k] ?? 0);
  }
  return { keys, brk };
}

const cpBefore = (s: string, i: number) => {
  const c = s.charCodeAt(i - 1);
  return c >= 0xdc00 && c <= 0xdfff && i >= 2 ? (s.codePointAt(i - 2) ?? c) : c;
};
const ARABIC = /[\u0600-\u06ff]/u;

function fail(what: string, field: Field, text: string, x: { start: number; end: number }): never {
  throw new Error(`${what}: ${field} ${x.start}-${x.end} in ${JSON.stringify(text)}`);
}

function checkOffsets(text: string, field: Field, x: { start: number; end: number }): void {
  if (!(
    Number.isInteger(x.start) &&
    Number.isInteger(x.end) &&
    x.start >= 0 &&
    x.start < x.end &&
    x.end <= text.length
  )) {
    fail('offsets outside the text', field, text, x);
  }
}

function checkMatch(input: MatchInput, m: Match): void {
  const text = m.field === 'title' ? input.title : input.text;
  checkOffsets(text, m.field, m);
  // Word boundaries, looking past dropped characters (they vanish, even inside a word).
  let a = m.start;
  while (a > 0 && charClass(cpBefore(text, a)) === C_DROP) a -= cpBefore(text, a) > 0xffff ? 2 : 1;
  const arabic = ARABIC.test(m.alias);
  if (a > 0 && isWordAt(text, a - (cpBefore(text, a) > 0xffff ? 2 : 1)) && !arabic)
    fail('match starts inside a word', m.field, text, m);
  let b = m.end;
  while (b < text.length && charClass(text.codePointAt(b) ?? 0) === C_DROP)
    b += (text.codePointAt(b) ?? 0) > 0xffff ? 2 : 1;
  // (The final dot of a dotted acronym ends it: "A.Q.Khan" is "A.Q." and "Khan".)
  if (isWordAt(text, b) && text[m.end - 1] !== '.') fail('match ends inside a word', m.field, text, m);
  // The slice spells the name.
  const want = aliasOf.get(m.alias);
  if (!want) fail(`unknown alias ${m.alias}`, m.field, text, m);
  const got = keysOf(text.slice(m.start, m.end));
  const noBreak = got.brk.every((k, i) => i === 0 || k === 0);
  const variant = noBreak && (spellings.get(m.alias)?.has(got.keys.join(' ')) ?? false);
  const same =
    variant ||
    (got.keys.length === want.length &&
      noBreak &&
      want.every((w, i) => {
        const g = got.keys[i] ?? '';
        const last = i === want.length - 1;
        return g === w || (last && g === `${w}s`) || (i === 0 && arabic && w.startsWith('ال') && g === w.slice(1));
      }));
  if (!same) fail(`matched text ${JSON.stringify(text.slice(m.start, m.end))} is not "${m.alias}"`, m.field, text, m);
}

function checkExplanation(input: MatchInput, e: Explanation): void {
  for (const m of e.matches) checkMatch(input, m);
  for (const x of [...e.misses, ...e.terms]) checkOffsets(x.field === 'title' ? input.title : input.text, x.field, x);
}

const utf8 = (s: MatchInput) => Buffer.byteLength(s.title) + Buffer.byteLength(s.text);

export const targets: FuzzTarget<MatchInput>[] = [
  {
    name: 'match/fragments',
    arbitrary: input,
    check: (i) => {
      const ms = matcher.match(i);
      for (const m of ms) checkMatch(i, m);
      // What explain() counts is what match() counts.
      const e = matcher.explain(i);
      if (JSON.stringify(e.matches) !== JSON.stringify(ms))
        throw new Error(`explain() and match() disagree on ${JSON.stringify(i)}`);
      checkExplanation(i, e);
    },
    size: utf8,
  },
  {
    name: 'match/repeated',
    // Long runs of one fragment pattern: the shapes of findings 6–8, and texts past the read budget.
    arbitrary: fc
      .record({
        unit: fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 4 }).map((p) => `${p.join(' ')} `),
        times: fc.integer({ min: 1, max: 8_000 }),
      })
      .map(({ unit, times }) => ({ title: unit.repeat(Math.min(times, 300)), text: unit.repeat(times) })),
    check: (i) => {
      for (const m of matcher.match(i)) checkMatch(i, m);
      checkExplanation(i, matcher.explain(i));
    },
    size: utf8,
  },
];
