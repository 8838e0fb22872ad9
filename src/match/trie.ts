// A token trie frozen into flat typed arrays. An edge is (node, token hash) →
// child, kept in one open-addressing hash table, so a step costs one or two
// probes whatever the number of names, and the whole trie is a few arrays
// (no object per node). Node 0 is the root; a child id is never 0, so a 0 in
// `child` marks an empty slot. Outputs (which patterns end at a node) are
// stored CSR-style: patterns of node k are out[outStart[k] .. outStart[k+1]).
import type { TokenBuf } from './token-buf.js';

function slotOf(node: number, h: number, mask: number): number {
  let x = h ^ Math.imul(node, 0x9e3779b1);
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  return (x ^ (x >>> 13)) & mask;
}

/** Bits in the root filter: a token whose hash bit is clear starts no pattern (most tokens). */
const FILTER_BITS = 1 << 20;
const FILTER_MASK = FILTER_BITS / 32 - 1;

export class Trie {
  constructor(
    private readonly rootFilter: Uint32Array,
    private readonly mask: number,
    private readonly keyNode: Int32Array,
    private readonly keyHash: Int32Array,
    private readonly child: Int32Array,
    private readonly outStart: Int32Array,
    private readonly out: Int32Array,
    readonly nodes: number,
  ) {}

  /** Child of `node` along token hash `h`, or 0. */
  step(node: number, h: number): number {
    const mask = this.mask;
    for (let s = slotOf(node, h, mask); ; s = (s + 1) & mask) {
      const c = this.child[s] ?? 0;
      if (c === 0 || (this.keyHash[s] === h && this.keyNode[s] === node)) return c;
    }
  }

  /**
   * Every pattern that ends at a token sequence of `tokens`, as (pattern, first, last)
   * triples appended to `hits`. A walk stops at a hard break unless `acrossBreaks`
   * (explain only), in which case only the walks that crossed one are reported.
   */
  walk(tokens: TokenBuf, hits: HitList, acrossBreaks = false): void {
    const { n, hash, brk } = tokens;
    const outStart = this.outStart,
      filter = this.rootFilter;
    for (let t = 0; t < n; t++) {
      const h0 = hash[t] ?? 0;
      if (((filter[(h0 >>> 5) & FILTER_MASK] ?? 0) & (1 << (h0 & 31))) === 0) continue;
      let node = 0;
      let crossed = false;
      for (let u = t; u < n; u++) {
        if (u > t && brk[u] === 1) {
          if (!acrossBreaks) break;
          crossed = true;
        }
        node = this.step(node, hash[u] ?? 0);
        if (node === 0) break;
        const a = outStart[node] ?? 0,
          b = outStart[node + 1] ?? 0;
        if (a !== b && crossed === acrossBreaks) for (let k = a; k < b; k++) hits.push(this.out[k] ?? 0, t, u);
      }
    }
  }
}

/** Hits as (pattern, first token, last token) triples in a reusable array. */
export class HitList {
  n = 0;
  data = new Int32Array(96);

  push(pattern: number, first: number, last: number): void {
    if (this.n * 3 + 3 > this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    const k = this.n++ * 3;
    this.data[k] = pattern;
    this.data[k + 1] = first;
    this.data[k + 2] = last;
  }
}

export class TrieBuilder {
  private readonly edges = new Map<number, number>(); // node * 2^32 + (hash >>> 0) → child
  private readonly outputs = new Map<number, number[]>();
  private nodes = 1;

  /** Add a pattern spelled by these token hashes. */
  insert(hashes: readonly number[], pattern: number): void {
    let node = 0;
    for (const h of hashes) {
      const key = node * 4294967296 + (h >>> 0);
      let next = this.edges.get(key);
      if (next === undefined) this.edges.set(key, (next = this.nodes++));
      node = next;
    }
    const list = this.outputs.get(node) ?? [];
    if (!list.includes(pattern)) list.push(pattern);
    this.outputs.set(node, list);
  }

  build(): Trie {
    let cap = 16;
    while (cap < this.edges.size * 2) cap *= 2;
    const mask = cap - 1;
    const keyNode = new Int32Array(cap),
      keyHash = new Int32Array(cap),
      child = new Int32Array(cap);
    const filter = new Uint32Array(FILTER_BITS / 32);
    for (const [key, c] of this.edges) {
      const node = Math.floor(key / 4294967296);
      const h = (key % 4294967296) | 0;
      if (node === 0) filter[(h >>> 5) & FILTER_MASK] = (filter[(h >>> 5) & FILTER_MASK] ?? 0) | (1 << (h & 31));
      let s = slotOf(node, h, mask);
      while (child[s] !== 0) s = (s + 1) & mask;
      keyNode[s] = node;
      keyHash[s] = h;
      child[s] = c;
    }
    const outStart = new Int32Array(this.nodes + 1);
    const flat: number[] = [];
    for (let k = 0; k < this.nodes; k++) {
      outStart[k] = flat.length;
      for (const p of this.outputs.get(k) ?? []) flat.push(p);
    }
    outStart[this.nodes] = flat.length;
    return new Trie(filter, mask, keyNode, keyHash, child, outStart, Int32Array.from(flat), this.nodes);
  }
}
