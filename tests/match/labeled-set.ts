// Loads the labeled test set (fixtures/labeled/*.yaml) and its watchlists
// (fixtures/watchlists.yaml), and scores a matcher on it.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { type WatchlistConfig, watchlistSchema } from '../../src/config/schema.js';
import type { MatchInput } from '../../src/match/index.js';
import { htmlToText, plainText } from '../../src/text/html.js';

const dir = fileURLToPath(new URL('./fixtures/', import.meta.url));

const itemSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  content: z.string(),
  expect: z.array(z.string()),
  trap: z.boolean(),
});
export type LabeledItem = z.output<typeof itemSchema>;

export function loadWatchlists(): WatchlistConfig[] {
  const doc = parse(readFileSync(`${dir}watchlists.yaml`, 'utf8')) as { watchlists: unknown };
  return z.array(watchlistSchema).parse(doc.watchlists);
}

export function loadItems(): LabeledItem[] {
  const files = readdirSync(`${dir}labeled`)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  return files.flatMap((f) => z.array(itemSchema).parse(parse(readFileSync(`${dir}labeled/${f}`, 'utf8'))));
}

/** The item as the pipeline gives it to the matcher: plain title, visible text of the content. */
export function inputOf(item: LabeledItem): MatchInput {
  return { title: plainText(item.title), text: htmlToText(item.content) };
}

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
  /** "item: entity" for each false alarm on an item marked as a trap. */
  trapFalseAlarms: string[];
  /** "item: +entity" (false alarm) or "item: -entity" (miss), for diagnosis. */
  errors: string[];
}

/** Precision and recall over (item, entity) pairs. */
export function score(items: readonly LabeledItem[], predict: (item: LabeledItem) => readonly string[]): Score {
  let tp = 0,
    fp = 0,
    fn = 0;
  const trapFalseAlarms: string[] = [],
    errors: string[] = [];
  for (const item of items) {
    const got = new Set(predict(item));
    const want = new Set(item.expect);
    for (const e of got) {
      if (want.has(e)) tp++;
      else {
        fp++;
        errors.push(`${item.id}: +${e}`);
        if (item.trap) trapFalseAlarms.push(`${item.id}: ${e}`);
      }
    }
    for (const e of want)
      if (!got.has(e)) {
        fn++;
        errors.push(`${item.id}: -${e}`);
      }
  }
  const precision = tp / (tp + fp || 1),
    recall = tp / (tp + fn || 1);
  return {
    tp,
    fp,
    fn,
    precision,
    recall,
    f1: (2 * precision * recall) / (precision + recall || 1),
    trapFalseAlarms,
    errors,
  };
}

export const describeScore = (s: Score) =>
  `precision ${s.precision.toFixed(3)}  recall ${s.recall.toFixed(3)}  F1 ${s.f1.toFixed(3)}  (tp ${s.tp}, fp ${s.fp}, fn ${s.fn})`;
