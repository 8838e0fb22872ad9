// Issue 12's labeled set: spelling variants and line-wrapped names of the bundled watchlist
// (config/newswatch.yaml), with traps (fixtures/variants/items.yaml, written for this project).
// Targets: recall ≥ 0.95 on the variant and wrap items; no false alarm on any trap; and (in
// labeled.test.ts, which runs with variants on by default) no new false alarm on the older set.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { watchlistSchema } from '../../src/config/schema.js';
import { compileWatchlists } from '../../src/match/index.js';
import { type LabeledItem, describeScore, inputOf, loadItems, loadWatchlists, score } from './labeled-set.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bundled = z
  .array(watchlistSchema)
  .parse((parse(readFileSync(`${root}config/newswatch.yaml`, 'utf8')) as { watchlists: unknown }).watchlists);
const items = z
  .array(
    z.strictObject({
      id: z.string(),
      kind: z.enum(['variant', 'wrap', 'trap']),
      title: z.string(),
      content: z.string(),
      expect: z.array(z.string()),
      trap: z.boolean(),
    }),
  )
  .parse(parse(readFileSync(`${root}tests/match/fixtures/variants/items.yaml`, 'utf8')));

const on = compileWatchlists(bundled);
const off = compileWatchlists(bundled.map((w) => ({ ...w, variants: 'off' as const })));
const predict = (m: typeof on) => (i: LabeledItem) => [...new Set(m.match(inputOf(i)).map((x) => x.entity))];

describe('variants labeled set (bundled watchlist)', () => {
  it('has at least 120 items, unique ids, variants, wraps and traps, labels that name bundled entities', () => {
    expect(items.length).toBeGreaterThanOrEqual(120);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    const known = new Set(bundled.flatMap((w) => w.entities.map((e) => e.id)));
    expect(items.flatMap((i) => i.expect).filter((e) => !known.has(e))).toEqual([]);
    for (const kind of ['variant', 'wrap', 'trap'] as const)
      expect(items.filter((i) => i.kind === kind).length).toBeGreaterThanOrEqual(20);
    expect(items.every((i) => i.trap === (i.kind === 'trap'))).toBe(true);
  });

  it('recall ≥ 0.95 on variant and wrap items, no false alarm on a trap (variants on, the default)', () => {
    const positives = items.filter((i) => i.kind !== 'trap');
    const ours = score(items, predict(on));
    const recall = score(positives, predict(on)).recall;
    const before = score(items, predict(off));
    // The older labeled set, with its own watchlists, variants on (the default) and off: no new false alarm.
    const older = loadItems();
    const olderOn = score(older, predict(compileWatchlists(loadWatchlists())));
    const olderOff = score(
      older,
      predict(compileWatchlists(loadWatchlists().map((w) => ({ ...w, variants: 'off' as const })))),
    );
    console.log(
      [
        `variants labeled set: ${items.length} items (${positives.length} variant or wrap, ${items.length - positives.length} traps)`,
        `  variants on : ${describeScore(ours)}; recall on variant/wrap items ${recall.toFixed(3)}`,
        `  variants off: ${describeScore(before)}`,
        `  errors (on): ${ours.errors.join(', ') || 'none'}`,
        `  compiled: ${on.names} names + ${on.variants} variants`,
        `  older labeled set (${older.length} items): variants on ${describeScore(olderOn)}; off ${describeScore(olderOff)}`,
      ].join('\n'),
    );
    expect(olderOn.fp).toBeLessThanOrEqual(olderOff.fp);
    expect(olderOn.trapFalseAlarms).toEqual([]);
    expect(ours.trapFalseAlarms).toEqual([]);
    expect(ours.precision).toBe(1);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });
});
