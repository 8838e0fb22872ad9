// The matcher's contract: match order, offsets, one match per occurrence,
// longest name wins within a watchlist, watchlists independent.
import { describe, expect, it } from 'vitest';
import { compileWatchlists } from '../../src/match/index.js';
import { found, groups, matcher, watchlist } from './helpers.js';

describe('matcher', () => {
  it('returns every counted occurrence, title first, then by offset, with offsets into each field', () => {
    const m = matcher(groups);
    const input = { title: 'Taliban and ISKP', text: 'ISKP, then TTP and ISKP again.\nTaliban.' };
    const got = m.match(input);
    expect(got.map((x) => `${x.field}:${x.start}-${x.end}:${x.entity}`)).toEqual([
      'title:0-7:taliban',
      'title:12-16:iskp',
      'content:0-4:iskp',
      'content:11-14:ttp',
      'content:19-23:iskp',
      'content:31-38:taliban',
    ]);
    expect(got[1]).toEqual({
      watchlist: 'w',
      entity: 'iskp',
      name: 'Islamic State Khorasan Province',
      alias: 'ISKP',
      field: 'title',
      start: 12,
      end: 16,
    });
  });

  it('counts the longest name of an entity once where several overlap', () => {
    const m = matcher(groups);
    expect(found(m, { title: '', text: 'Islamic State Khorasan Province' })).toEqual([
      'iskp@content:Islamic State Khorasan Province',
    ]);
  });

  it('lets a longer name of another entity in the same watchlist win', () => {
    const m = matcher([{ id: 'is', name: 'Islamic State', aliases: ['ISIS'] }, ...groups]);
    expect(found(m, { title: '', text: 'ISIS-K and the Islamic State Khorasan; Islamic State in Syria' })).toEqual([
      'iskp@content:ISIS-K',
      'iskp@content:Islamic State Khorasan',
      'is@content:Islamic State',
    ]);
  });

  it('keeps watchlists independent: names only shadow names of their own watchlist', () => {
    const m = compileWatchlists([
      watchlist([{ id: 'is', name: 'Islamic State' }], {}, 'core'),
      watchlist([{ id: 'iskp', name: 'Islamic State Khorasan' }], {}, 'branches'),
    ]);
    expect(m.match({ title: '', text: 'Islamic State Khorasan' }).map((x) => `${x.watchlist}/${x.entity}`)).toEqual([
      'core/is',
      'branches/iskp',
    ]);
  });

  it('matches the same name for two entities of one watchlist', () => {
    const m = matcher([
      { id: 'a', name: 'Haqqani' },
      { id: 'b', name: 'Haqqani', aliases: ['Siraj'] },
    ]);
    expect(found(m, { title: '', text: 'Haqqani' })).toEqual(['a@content:Haqqani', 'b@content:Haqqani']);
  });

  it('counts names, not plural variants or duplicates', () => {
    expect(
      matcher([{ id: 'a', name: 'Taliban', aliases: ['taliban', 'TALIBAN'], caseSensitive: ['Taliban', 'TB'] }]).names,
    ).toBe(2);
    expect(matcher(groups).names).toBe(20);
  });

  it('is reusable: one call does not leak into the next', () => {
    const m = matcher(groups);
    expect(m.match({ title: 'ISKP', text: 'TTP' })).toHaveLength(2);
    expect(m.match({ title: '', text: '' })).toEqual([]);
    expect(m.match({ title: 'calm', text: 'day' })).toEqual([]);
  });

  it('matches names made of digits', () => {
    expect(
      found(matcher([{ id: 'n', name: 'Brigade 313' }]), { title: '', text: 'the Brigade 313 and Brigade 3130' }),
    ).toEqual(['n@content:Brigade 313']);
  });
});
