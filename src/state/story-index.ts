// In-memory index of recent stories' title words, so finding a near-identical title
// costs a few array reads instead of a scan of every recent story. The database stays
// the record; this index is rebuilt from it on start and only ever holds stories that
// were committed (additions made inside a transaction are removed if it rolls back).
//
// Each word's posting lists the stories using it (ascending id) next to each story's
// 64-bit word signature (one bit per word, by hash). A candidate is only read (a cache
// miss, the cost that matters here) when its signature says it may share enough words:
// a query word whose bit is clear in the signature is certainly not in that title.
import { wordsSimilarity } from '../core/story.js';

interface Entry {
  key: string;
  /** How many words the key has (split again only for the rare candidate that passes the signature). */
  size: number;
  at: number;
}

interface Posting {
  ids: number[];
  /** Two 32-bit halves of each story's signature, in the order of `ids`. */
  sigs: number[];
}

export class StoryIndex {
  private readonly entries = new Map<number, Entry>();
  private readonly postings = new Map<string, Posting>();

  add(id: number, key: string, at: number): void {
    if (!key || this.entries.has(id)) return;
    const words = distinctWords(key);
    this.entries.set(id, { key, size: words.length, at });
    const [lo, hi] = mask(words.map(wordBit));
    for (const w of words) {
      let p = this.postings.get(w);
      if (!p) this.postings.set(w, (p = { ids: [], sigs: [] }));
      // Ids arrive ascending (new stories; a rebuild reads them in order); keep the list sorted if not.
      if (p.ids.length === 0 || (p.ids[p.ids.length - 1] as number) < id) {
        p.ids.push(id);
        p.sigs.push(lo, hi);
        continue;
      }
      let i = p.ids.length;
      while (i > 0 && (p.ids[i - 1] as number) > id) i--;
      p.ids.splice(i, 0, id);
      p.sigs.splice(2 * i, 0, lo, hi);
    }
  }

  /**
   * The oldest story since `since` whose title key has Jaccard similarity ≥ `threshold`
   * (see titleSimilarity). A story sharing s of our n words with m of its own reaches the
   * threshold only if s ≥ need = ⌈threshold·n⌉ (since m ≥ threshold·n as well). Pigeonhole:
   * it then holds one of any (n − need + 1) of our words, so only the postings of the
   * rarest are read.
   */
  find(key: string, since: number, threshold: number): number | undefined {
    const words = distinctWords(key);
    const n = words.length;
    if (n === 0) return undefined;
    const need = Math.ceil(threshold * n - 1e-9);
    const bits = words.map(wordBit);
    const [qlo, qhi] = mask(bits);
    // With one bit per word (no two of ours share one), the words a title certainly lacks
    // are counted with popcount; else word by word.
    const distinctBits = popcount(qlo) + popcount(qhi) === n;
    const allowed = n - need;
    const rarest = words
      .map((w) => this.postings.get(w))
      .sort((a, b) => (a?.ids.length ?? 0) - (b?.ids.length ?? 0))
      .slice(0, n - need + 1);
    let mine: Set<string> | undefined;
    let best: number | undefined;
    for (const p of rarest) {
      if (!p) continue; // a word never seen: no story holds it
      for (let k = 0; k < p.ids.length; k++) {
        const id = p.ids[k] as number;
        if (best !== undefined && id >= best) break;
        const lo = p.sigs[2 * k] as number;
        const hi = p.sigs[2 * k + 1] as number;
        if (distinctBits ? popcount(qlo & ~lo) + popcount(qhi & ~hi) > allowed : !mayShare(bits, need, lo, hi))
          continue;
        const e = this.entries.get(id);
        if (!e || e.at < since) continue;
        const m = e.size;
        if (Math.min(n, m) < threshold * Math.max(n, m)) continue;
        if (e.key === key || wordsSimilarity(distinctWords(e.key), (mine ??= new Set(words))) >= threshold) best = id;
      }
    }
    return best;
  }

  /** Forget stories older than `before`. */
  prune(before: number): void {
    const gone = new Set<number>();
    for (const [id, e] of this.entries) if (e.at < before) gone.add(id);
    if (gone.size === 0) return;
    for (const id of gone) this.entries.delete(id);
    for (const [w, p] of this.postings) {
      let j = 0;
      for (let k = 0; k < p.ids.length; k++) {
        const id = p.ids[k] as number;
        if (gone.has(id)) continue;
        p.ids[j] = id;
        p.sigs[2 * j] = p.sigs[2 * k] as number;
        p.sigs[2 * j + 1] = p.sigs[2 * k + 1] as number;
        j++;
      }
      if (j === 0) this.postings.delete(w);
      p.ids.length = j;
      p.sigs.length = 2 * j;
    }
  }

  /** Take one story out (a rolled-back addition: the newest, so searched from the end). */
  remove(id: number): void {
    const e = this.entries.get(id);
    if (!e) return;
    this.entries.delete(id);
    for (const w of distinctWords(e.key)) {
      const p = this.postings.get(w);
      const k = p ? p.ids.lastIndexOf(id) : -1;
      if (!p || k < 0) continue;
      p.ids.splice(k, 1);
      p.sigs.splice(2 * k, 2);
      if (p.ids.length === 0) this.postings.delete(w);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

function distinctWords(key: string): string[] {
  const words = key.split(' ').filter(Boolean);
  return words.length === new Set(words).size ? words : [...new Set(words)];
}

/** A word's bit in the 64-bit signature (FNV-1a of its UTF-16 code units). */
function wordBit(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return (h >>> 0) % 64;
}

/** The 64-bit signature (two 32-bit halves) with the given bits set. */
function mask(bits: readonly number[]): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const b of bits) {
    if (b < 32) lo |= 1 << b;
    else hi |= 1 << (b - 32);
  }
  return [lo, hi];
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/**
 * Whether a signature's title may hold `need` of the words (given by their bits): it
 * certainly lacks every word whose bit is clear, so more than n − need of those is a no.
 */
function mayShare(bits: readonly number[], need: number, lo: number, hi: number): boolean {
  let misses = bits.length - need;
  for (const b of bits) {
    if (((b < 32 ? lo >>> b : hi >>> (b - 32)) & 1) === 0 && --misses < 0) return false;
  }
  return true;
}
