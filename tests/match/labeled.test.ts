// The labeled set: ≥150 items of Afghanistan/Pakistan security news written for
// this test, with the entities an analyst expects. newswatch must score F1 ≥ 0.98
// with no false alarm on a trap; the naive baseline is scored on the same set.
import { describe, expect, it } from 'vitest';
import { naiveMatcher } from '../../bench/naive-matcher.js';
import { compileWatchlists } from '../../src/match/index.js';
import { describeScore, inputOf, loadItems, loadWatchlists, score } from './labeled-set.js';

const watchlists = loadWatchlists();
const items = loadItems();
const matcher = compileWatchlists(watchlists);

describe('labeled set', () => {
  it('has at least 150 items, unique ids, and labels that name watched entities', () => {
    expect(items.length).toBeGreaterThanOrEqual(150);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    const known = new Set(watchlists.flatMap((w) => w.entities.map((e) => e.id)));
    expect(items.flatMap((i) => i.expect).filter((e) => !known.has(e))).toEqual([]);
    expect(items.filter((i) => i.trap).length).toBeGreaterThanOrEqual(50);
  });

  it('newswatch scores F1 ≥ 0.98 with zero false alarms on traps; the naive baseline is printed beside it', () => {
    const ours = score(items, (i) => [...new Set(matcher.match(inputOf(i)).map((m) => m.entity))]);
    const naive = naiveMatcher(watchlists);
    const base = score(items, (i) => naive.match(inputOf(i)));
    console.log(
      [
        `labeled set: ${items.length} items (${items.filter((i) => i.trap).length} traps), ${items.reduce((k, i) => k + i.expect.length, 0)} expected mentions`,
        `  newswatch: ${describeScore(ours)}`,
        `  naive    : ${describeScore(base)}  (one case-insensitive word-boundary RegExp per name)`,
        `  newswatch errors: ${ours.errors.join(', ') || 'none'}`,
        `  naive false alarms on traps: ${base.trapFalseAlarms.length}`,
      ].join('\n'),
    );
    expect(ours.trapFalseAlarms).toEqual([]);
    expect(ours.f1).toBeGreaterThanOrEqual(0.98);
    expect(base.f1).toBeLessThan(ours.f1);
  });
});
