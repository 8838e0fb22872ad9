// Rule 12 (all / any / none / near, on an entity or a whole watchlist) and
// rule 13 (names are literal phrases: nothing is a pattern).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { watchlistSchema } from '../../src/config/schema.js';
import { WatchlistCompileError, compileWatchlists } from '../../src/match/index.js';
import { found, matcher, missed, watchlist } from './helpers.js';

const iskp = { id: 'iskp', name: 'ISKP', caseSensitive: [], aliases: ['Islamic State Khorasan'] };
const ttp = { id: 'ttp', name: 'Tehrik-i-Taliban Pakistan', caseSensitive: ['TTP'] };

type Row = [what: string, rules: Record<string, unknown>, text: string, want: string[]];

describe('12. rules on an entity', () => {
  it.each<Row>([
    [
      'all: every term present',
      { all: ['Kabul', 'claimed'] },
      'ISKP claimed the attack in Kabul',
      ['iskp@content:ISKP'],
    ],
    ['all: one term missing', { all: ['Kabul', 'claimed'] }, 'ISKP claimed the attack in Herat', []],
    ['any: one term present', { any: ['bombing', 'attack'] }, 'ISKP attack', ['iskp@content:ISKP']],
    ['any: terms accept a plural', { any: ['bombing', 'attack'] }, 'ISKP attacks', ['iskp@content:ISKP']],
    ['any: no term present', { any: ['bombing', 'attack'] }, 'ISKP magazine', []],
    ['none: a term present', { none: ['football'] }, 'ISKP and football', []],
    ['none: no term present', { none: ['football'] }, 'ISKP and cricket', ['iskp@content:ISKP']],
    [
      'near: within N words',
      { near: { terms: ['claimed'], within: 3 } },
      'ISKP has now claimed it',
      ['iskp@content:ISKP'],
    ],
    [
      'near: before the name counts too',
      { near: { terms: ['claimed by'], within: 2 } },
      'an attack claimed by ISKP',
      ['iskp@content:ISKP'],
    ],
    [
      'near: too far',
      { near: { terms: ['claimed'], within: 3 } },
      'ISKP, which some say has long since claimed it',
      [],
    ],
    [
      'near: per occurrence',
      { near: { terms: ['bombing'], within: 2 } },
      'ISKP magazine. Then a bombing by ISKP',
      ['iskp@content:ISKP'],
    ],
    ['near: only in the same field', { near: { terms: ['bombing'], within: 10 } }, 'ISKP', []],
    [
      'near: multi-word name, distance from its edges',
      { near: { terms: ['attack'], within: 1 } },
      'Islamic State Khorasan attack',
      ['iskp@content:Islamic State Khorasan'],
    ],
  ])('%s', (_what, rules, text, want) => {
    const m = matcher([{ ...iskp, ...rules }]);
    expect(found(m, { title: rules.near ? 'bombing' : '', text })).toEqual(want);
  });
});

describe('12. rules on a watchlist apply to each entity, with the entity’s own', () => {
  const claims = { near: { terms: ['claimed', 'attack', 'bombing'], within: 5 } };
  const m = matcher([iskp, { ...ttp, none: ['ceasefire'] }], claims);

  it.each<Row>([
    [
      'both entities near a claim term',
      {},
      'ISKP claimed one attack and TTP another',
      ['iskp@content:ISKP', 'ttp@content:TTP'],
    ],
    [
      'an entity far from the terms does not count',
      {},
      'TTP leaders met in a house in the mountains near the border; ISKP claimed a bombing',
      ['iskp@content:ISKP'],
    ],
    ['the entity rule still applies', {}, 'ISKP claimed it; TTP attack despite the ceasefire', ['iskp@content:ISKP']],
  ])('%s', (_what, _rules, text, want) => {
    expect(found(m, { title: '', text })).toEqual(want);
  });

  it('explains which rule and where it is written', () => {
    const misses = m.explain({
      title: '',
      text: 'TTP attack despite the ceasefire agreed last spring; later, ISKP magazine out',
    }).misses;
    expect(misses.map((x) => `${x.entity}:${x.reason}:${x.detail}`)).toEqual([
      'ttp:rule-none:entity rule none: found "ceasefire"',
      'iskp:rule-near:watchlist rule near: none of "claimed", "attack", "bombing" within 5 words',
    ]);
  });

  it('context and all/any/none may be met by either field', () => {
    const m2 = matcher([{ ...iskp, all: ['Kabul'], context: ['attack'] }]);
    expect(found(m2, { title: 'Kabul attack', text: 'ISKP said' })).toEqual(['iskp@content:ISKP']);
  });
});

describe('13. names are literal phrases, never patterns', () => {
  it('rejects a name that could never match, naming the key path', () => {
    const bad = (name: string) => () => compileWatchlists([watchlist([{ id: 'x', name: 'X', aliases: [name] }])]);
    expect(bad('ISKP|TTP')).toThrow(WatchlistCompileError);
    expect(bad('ISKP|TTP')).toThrow('watchlists[0].entities[0].aliases[0]: "ISKP|TTP" contains "|"');
    expect(bad('.*')).toThrow('has no letters or digits');
    expect(bad('Islamic State. Khorasan')).toThrow('contains "."');
  });

  it('rejects a bad rule term with its path', () => {
    const w = watchlist([{ id: 'x', name: 'X' }], { near: { terms: ['a, b'], within: 3 } });
    expect(() => compileWatchlists([w])).toThrow('watchlists[0].near.terms[0]');
  });

  it('treats regex-looking characters around a name as the punctuation they are', () => {
    const m = matcher([{ id: 'c', name: 'C++' }]);
    expect(found(m, { title: '', text: 'C++ and C and CCC' })).toEqual(['c@content:C', 'c@content:C']);
  });

  it('handles input built to make a backtracking matcher explode, with the right answer', () => {
    const m = matcher([{ id: 'x', name: 'a a a a a a a a a a a a a a a a a a a a b' }]);
    const text = `${'a '.repeat(50_000)}c`;
    expect(found(m, { title: '', text })).toEqual([]);
    expect(found(m, { title: '', text: `${'a '.repeat(30)}b` })).toHaveLength(1);
  });
});

describe('missed() helper sanity', () => {
  it('reports the reason for a wrong-case occurrence', () => {
    expect(missed(matcher([ttp]), { title: '', text: 'ttp' })).toEqual(['ttp:wrong-case']);
  });
});

describe('the documented example (src/match/README.md)', () => {
  const md = readFileSync(fileURLToPath(new URL('../../src/match/README.md', import.meta.url)), 'utf8');
  const yaml = /```yaml\n([\s\S]*?)```/.exec(md)?.[1] ?? '';
  const m = compileWatchlists(z.array(watchlistSchema).parse((parse(yaml) as { watchlists: unknown }).watchlists));
  const ids = (title: string, text: string) => m.match({ title, text }).map((x) => `${x.watchlist}/${x.entity}`);

  it('is a valid config that behaves as its comments say', () => {
    expect(
      ids('', 'ISKP claimed the bombing. Weeks later, a new issue of the monthly ISKP magazine appeared.'),
    ).toEqual(['claims/iskp-claims']);
    expect(ids('Taliban talks', 'The West must talk to the Taliban, West said.')).toEqual([
      'groups/taliban',
      'groups/taliban',
      'groups/thomas-west',
    ]);
    expect(ids('', 'West, the Premier League footballer, visited Afghanistan')).toEqual([]);
    expect(ids('', 'The NCTC director testified on counterterrorism')).toEqual(['groups/nctc']);
    expect(ids('', 'The NCTC director spoke on the economy')).toEqual([]);
  });
});
