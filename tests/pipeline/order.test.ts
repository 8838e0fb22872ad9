// A poll's new items reach the outbox in publication order (issue 10 §8).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { publicationOrder } from '../../src/pipeline/order.js';

type It = { id: string; published: Date | null };
const at = (id: string, minute: number | null): It => ({
  id,
  published: minute === null ? null : new Date(Date.UTC(2026, 2, 2, 10, minute)),
});
const ids = (items: It[]) => publicationOrder(items).map((i) => i.id);

describe('publicationOrder', () => {
  it('turns a newest-first feed into oldest first', () => {
    expect(ids([at('6', 6), at('5', 5), at('4', 4), at('3', 3), at('2', 2), at('1', 1)])).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
    ]);
  });

  it('puts an undated item right after the later of the dated items it sits between, undated ones in feed order', () => {
    expect(ids([at('4', 4), at('u1', null), at('u2', null), at('3', 3), at('1', 1)])).toEqual([
      '1',
      '3',
      '4',
      'u1',
      'u2',
    ]);
    // Undated items at the top of a newest-first feed come after the newest dated one.
    expect(ids([at('u', null), at('2', 2), at('1', 1)])).toEqual(['1', '2', 'u']);
    // At the bottom, after the oldest: it sits between nothing older and item 1.
    expect(ids([at('2', 2), at('1', 1), at('u', null)])).toEqual(['1', 'u', '2']);
  });

  it('keeps the feed order when nothing is dated, or when every date is the same', () => {
    expect(ids([at('a', null), at('b', null), at('c', null)])).toEqual(['a', 'b', 'c']);
    expect(ids([at('a', 5), at('b', 5), at('c', 5)])).toEqual(['a', 'b', 'c']);
  });

  it('breaks ties of a newest-first feed oldest-first', () => {
    expect(ids([at('c', 9), at('b2', 5), at('b1', 5), at('a', 1)])).toEqual(['a', 'b1', 'b2', 'c']);
  });

  it('sorts any dated items by time and keeps every item once', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: 0, max: 59 }), { nil: null }), { maxLength: 30 }), (minutes) => {
        const items = minutes.map((m, i) => at(String(i), m));
        const out = publicationOrder(items);
        expect([...out].map((i) => i.id).sort()).toEqual(items.map((i) => i.id).sort());
        const dated = out.filter((i) => i.published).map((i) => i.published!.getTime());
        expect(dated).toEqual([...dated].sort((a, b) => a - b));
      }),
    );
  });
});
