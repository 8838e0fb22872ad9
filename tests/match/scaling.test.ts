// Issue 16, findings 6–8 and the read budget: inputs that made the matcher quadratic,
// built here, with their results asserted (their timing is bench/scaling-match.ts's job),
// and the sweeps that replaced the pairwise loops checked against those loops on small inputs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { READ_LIMIT, dedupe } from '../../src/match/index.js';
import type { NearMiss } from '../../src/match/index.js';
import { found, groups, matcher } from './helpers.js';

const m = matcher(groups);

describe('finding 6: many occurrences of one name (shadow)', () => {
  it('"Taliban " × 10,000: every occurrence counts, in order', () => {
    const text = 'Taliban '.repeat(10_000);
    const got = m.match({ title: '', text });
    expect(got).toHaveLength(10_000);
    expect(got.every((x, i) => x.entity === 'taliban' && x.start === i * 8 && x.end === i * 8 + 7)).toBe(true);
  });

  it('"Pakistani Taliban " × 5,000: every Taliban is inside the longer name of another entity', () => {
    const mm = matcher([...groups, { id: 'ttp2', name: 'Pakistani Taliban' }]);
    const e = mm.explain({ title: '', text: 'Pakistani Taliban '.repeat(5_000) });
    expect(e.matches.map((x) => x.entity)).toEqual(Array(5_000).fill('ttp2'));
    const longer = e.misses.filter((x) => x.reason === 'inside-longer-name');
    expect(longer).toHaveLength(5_000);
    expect(longer[4_999]).toMatchObject({
      entity: 'taliban',
      start: 4_999 * 18 + 10,
      detail: 'inside "Pakistani Taliban", a name of ttp2',
    });
  });

  it('a longer name of the same entity hides the shorter one silently; one entity over the same words counts once', () => {
    const mm = matcher([
      {
        id: 'iskp',
        name: 'Islamic State Khorasan Province',
        aliases: ['Islamic State Khorasan', 'Khorasan Province', 'ISKP'],
      },
      { id: 'is', name: 'Islamic State', aliases: ['IS Khorasan'] },
    ]);
    const e = mm.explain({ title: '', text: 'the Islamic State Khorasan Province and Islamic State' });
    expect(e.matches.map((x) => `${x.entity}:${x.alias}`)).toEqual([
      'iskp:Islamic State Khorasan Province',
      'is:Islamic State',
    ]);
    expect(e.misses.map((x) => `${x.entity}:${x.reason}:${x.detail}`)).toEqual([
      'is:inside-longer-name:inside "Islamic State Khorasan Province", a name of iskp',
    ]);
  });
});

describe('finding 7: many name and exclude-term occurrences (occurrenceFailure)', () => {
  const mm = matcher([{ id: 'taliban', name: 'Taliban', exclude: ['Taliban Pakistan'] }]);

  it('"Taliban Pakistan, " × 5,000: every occurrence is excluded', () => {
    const e = mm.explain({ title: '', text: 'Taliban Pakistan, '.repeat(5_000) });
    expect(e.matches).toEqual([]);
    expect(e.misses.filter((x) => x.reason === 'excluded')).toHaveLength(5_000);
  });

  it('alternating excluded and bare occurrences: exactly the bare ones count', () => {
    const text = 'Taliban Pakistan, Taliban. '.repeat(3_000);
    const got = mm.match({ title: '', text });
    expect(got.map((x) => x.start)).toEqual(Array.from({ length: 3_000 }, (_, i) => i * 27 + 18));
  });

  it('near: only occurrences within N words of a term count, among thousands', () => {
    const near = matcher([{ id: 'iskp', name: 'ISKP' }], { near: { terms: ['claimed'], within: 1 } });
    const text = 'ISKP claimed it. ISKP said nothing at all today. '.repeat(2_000);
    const got = near.match({ title: '', text });
    expect(got).toHaveLength(2_000);
    expect(got.every((x, i) => x.start === i * 49)).toBe(true);
  });
});

describe('finding 8: many near misses (dedupe)', () => {
  it('"ttp " × 20,000: 20,000 wrong-case misses, each once', () => {
    const e = m.explain({ title: '', text: 'ttp '.repeat(20_000) });
    const wrong = e.misses.filter((x) => x.reason === 'wrong-case');
    expect(wrong).toHaveLength(20_000);
    expect(new Set(wrong.map((x) => x.start)).size).toBe(20_000);
  });

  // The quadratic definition the sweep replaced: the oracle on small inputs.
  function dedupeByPairs(misses: NearMiss[]): NearMiss[] {
    const sorted = [...misses].sort(
      (a, b) => (a.field === b.field ? 0 : a.field === 'title' ? -1 : 1) || a.start - b.start || b.end - a.end,
    );
    return sorted.filter(
      (x, i) =>
        !sorted.some(
          (o, j) =>
            j !== i &&
            o.entity === x.entity &&
            o.watchlist === x.watchlist &&
            o.reason === x.reason &&
            o.field === x.field &&
            o.start <= x.start &&
            o.end >= x.end &&
            (o.end - o.start > x.end - x.start || j < i),
        ),
    );
  }

  it('keeps exactly what the pairwise definition keeps', () => {
    const missArb = fc
      .record({
        watchlist: fc.constantFrom('w', 'v'),
        entity: fc.constantFrom('a', 'b'),
        alias: fc.constant('x'),
        field: fc.constantFrom('title' as const, 'content' as const),
        start: fc.integer({ min: 0, max: 30 }),
        len: fc.integer({ min: 1, max: 8 }),
        reason: fc.constantFrom('wrong-case' as const, 'inside-word' as const),
        detail: fc.string({ maxLength: 3 }),
      })
      .map(({ len, ...x }) => ({ ...x, end: x.start + len }));
    fc.assert(
      fc.property(fc.array(missArb, { maxLength: 40 }), (misses) => {
        expect(dedupe(misses)).toEqual(dedupeByPairs(misses));
      }),
      { numRuns: 300 },
    );
  });
});

describe('the read budget per field', () => {
  const limit = READ_LIMIT.content;

  it('a name past the budget is not read, and --explain says what was not read', () => {
    const text = `${'calm day. '.repeat(limit / 10)}Taliban`;
    expect(found(m, { title: '', text })).toEqual([]);
    expect(m.explain({ title: '', text }).unread).toEqual([{ field: 'content', from: limit }]);
    expect(found(m, { title: '', text: text.slice(10) })).toEqual(['taliban@content:Taliban']);
  });

  it('the cut never splits a name: a longer name across the budget is not read as a shorter one', () => {
    const mm = matcher([
      { id: 'iskp', name: 'Islamic State Khorasan Province' },
      { id: 'is', name: 'Islamic State' },
    ]);
    const pad = 'calm day, '.repeat(limit / 10 - 2);
    const text = `${pad}in the Islamic State Khorasan Province attack`; // the budget ends after "Islamic State"
    expect(text.length).toBeGreaterThan(limit);
    expect(found(mm, { title: '', text })).toEqual([]);
    expect(mm.explain({ title: '', text }).unread).toEqual([{ field: 'content', from: pad.length - 1 }]);
  });

  it('no word is cut: text without punctuation stops at a space', () => {
    const text = `${'x'.repeat(limit - 3)} Talibanisation`;
    expect(found(m, { title: '', text })).toEqual([]);
    expect(m.explain({ title: '', text }).unread).toEqual([{ field: 'content', from: limit - 2 }]);
  });

  it('the title has its own, smaller budget', () => {
    expect(found(m, { title: `${'a '.repeat(READ_LIMIT.title)}Taliban`, text: 'Taliban' })).toEqual([
      'taliban@content:Taliban',
    ]);
  });
});
