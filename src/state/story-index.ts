// In-memory index of recent stories' title words, so finding a near-identical title
// costs a few set lookups instead of a scan of every recent story. The database stays
// the record; this index is rebuilt from it on start and only ever holds stories that
// were committed (additions made inside a transaction are removed if it rolls back).
import { titleSimilarity } from '../core/story.js';

interface Entry {
  id: number;
  key: string;
  at: number;
}

const EMPTY: ReadonlySet<number> = new Set();

export class StoryIndex {
  private readonly entries = new Map<number, Entry>();
  private readonly postings = new Map<string, Set<number>>();

  add(id: number, key: string, at: number): void {
    if (!key || this.entries.has(id)) return;
    this.entries.set(id, { id, key, at });
    for (const w of new Set(key.split(' '))) {
      let set = this.postings.get(w);
      if (!set) this.postings.set(w, (set = new Set()));
      set.add(id);
    }
  }

  /**
   * The oldest story since `since` whose title key has Jaccard similarity ≥ `threshold`.
   * Pigeonhole: a story sharing ≥ need of the n words must contain one of any
   * (n − need + 1) of them, so only the postings of the rarest words are read.
   */
  find(key: string, since: number, threshold: number): number | undefined {
    const words = [...new Set(key.split(' '))].filter(Boolean);
    if (words.length === 0) return undefined;
    const need = Math.ceil(threshold * words.length - 1e-9);
    // (A word never seen has an empty posting: map it to one, since sort() would move
    // undefined entries to the end instead of treating them as the rarest.)
    const rarest = words
      .map((w) => this.postings.get(w) ?? EMPTY)
      .sort((a, b) => a.size - b.size)
      .slice(0, words.length - need + 1);
    let best: number | undefined;
    for (const set of rarest) {
      for (const id of set) {
        const e = this.entries.get(id);
        if (!e || e.at < since || (best !== undefined && id >= best)) continue;
        if (titleSimilarity(key, e.key) >= threshold) best = id;
      }
    }
    return best;
  }

  /** Forget stories older than `before`. */
  prune(before: number): void {
    for (const e of this.entries.values()) if (e.at < before) this.remove(e.id);
  }

  remove(id: number): void {
    const e = this.entries.get(id);
    if (!e) return;
    this.entries.delete(id);
    for (const w of new Set(e.key.split(' '))) {
      const set = this.postings.get(w);
      set?.delete(id);
      if (set?.size === 0) this.postings.delete(w);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
