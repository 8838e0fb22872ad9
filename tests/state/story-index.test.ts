// The title index must answer exactly what a scan of every recent story with
// titleSimilarity would: it is only allowed to be faster.
import { describe, expect, it } from 'vitest';
import { titleKey, titleSimilarity } from '../../src/core/story.js';
import { StoryIndex } from '../../src/state/story-index.js';

interface Story {
  id: number;
  key: string;
  at: number;
}

/** The reference: the oldest story in the window at or above the threshold. */
function scan(stories: Iterable<Story>, key: string, since: number, threshold: number): number | undefined {
  let best: number | undefined;
  for (const s of stories) {
    if (s.at < since || titleSimilarity(key, s.key) < threshold) continue;
    if (best === undefined || s.id < best) best = s.id;
  }
  return best;
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => (s = (s * 1_103_515_245 + 12_345) >>> 0) / 2 ** 32;
}

// A small vocabulary, so near-identical titles are common and the answer is often "yes".
const VOCAB =
  'kabul peshawar quetta police convoy attack border talks envoy ministry taliban iskp ttp strike drone raid court ruling flood relief'.split(
    ' ',
  );

function title(r: () => number): string {
  const n = 1 + Math.floor(r() * 8);
  return Array.from({ length: n }, () => VOCAB[Math.floor(r() * VOCAB.length)] as string).join(' ');
}

describe('StoryIndex', () => {
  it('finds exactly what a full scan finds, through adds, rollbacks and prunes', () => {
    const r = rng(7);
    const index = new StoryIndex();
    const live = new Map<number, Story>();
    let id = 0;
    let found = 0;
    for (let step = 0; step < 4000; step++) {
      const at = step * 60_000;
      const since = at - 600 * 60_000;
      const threshold = [0.5, 0.7, 0.8, 1][step % 4] as number;
      const key = titleKey(title(r));
      const expected = scan(live.values(), key, since, threshold);
      expect(index.find(key, since, threshold), `step ${step}: "${key}" at ${threshold}`).toBe(expected);
      if (expected !== undefined) found++;
      if (!key) continue;
      index.add(++id, key, at);
      live.set(id, { id, key, at });
      // Now and then the transaction that added it rolls back.
      if (r() < 0.05) {
        index.remove(id);
        live.delete(id);
      }
      if (step % 500 === 499) {
        index.prune(since);
        for (const s of live.values()) if (s.at < since) live.delete(s.id);
        expect(index.size).toBe(live.size);
      }
    }
    // The walk must have exercised both answers.
    expect(found).toBeGreaterThan(500);
    expect(found).toBeLessThan(3500);
  });

  it('matches short titles only when equal, and ignores stories outside the window', () => {
    const index = new StoryIndex();
    index.add(1, titleKey('Blast in Kabul'), 1_000);
    index.add(2, titleKey('Envoy meets Taliban officials in Doha over prisoners'), 1_000);
    expect(index.find(titleKey('Blast in Kabul'), 0, 0.8)).toBe(1);
    expect(index.find(titleKey('Blast in Quetta'), 0, 0.5)).toBeUndefined();
    expect(index.find(titleKey('Envoy meets Taliban officials in Doha over prisoners'), 0, 0.8)).toBe(2);
    expect(index.find(titleKey('Envoy meets Taliban officials in Doha over prisoners'), 2_000, 0.8)).toBeUndefined();
  });

  it('keeps ids in order when a rebuild adds them out of order', () => {
    const index = new StoryIndex();
    const key = titleKey('Envoy meets Taliban officials in Doha over prisoners');
    index.add(9, key, 0);
    index.add(3, key, 0);
    expect(index.find(key, 0, 0.8)).toBe(3);
    index.remove(3);
    expect(index.find(key, 0, 0.8)).toBe(9);
  });
});
