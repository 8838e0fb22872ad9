// Where the tokenizer writes: tokens of one text in reusable typed arrays, so
// matching an item allocates nothing per token. scanTokens (tokenize.ts) fills it.

/** Invariant: tokens are in text order, start < end (UTF-16 offsets), indices < n. */
export class TokenBuf {
  n = 0;
  /** FNV-1a hash of each token's folded key (hash.ts). */
  hash = new Int32Array(512);
  start = new Int32Array(512);
  end = new Int32Array(512);
  /** 1 when a hard break lies between this token and the previous one (always 1 for the first). */
  brk = new Uint8Array(512);
  /** [start, end) pairs of the URLs skipped (for explanations). */
  urls: number[] = [];

  /** Double the capacity, keeping the first n tokens. */
  grow(): void {
    const cap = this.hash.length * 2;
    const copy = <T extends Int32Array | Uint8Array>(a: T, b: T): T => (b.set(a), b);
    this.hash = copy(this.hash, new Int32Array(cap));
    this.start = copy(this.start, new Int32Array(cap));
    this.end = copy(this.end, new Int32Array(cap));
    this.brk = copy(this.brk, new Uint8Array(cap));
  }
}
