// Token hashing: 32-bit FNV-1a over the UTF-16 units of a token's folded key.
// The scanner hashes while it reads (no string per token); names hash their keys
// here. Both must feed the same units in the same order. A hash only selects
// candidates: every hit is checked against the real keys (resolve.ts), so a
// collision can cost time but never produce a wrong match.

export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

/** Hash of a folded key, equal to what the scanner computes for a token with that key. */
export function hashKey(key: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), FNV_PRIME);
  return h;
}
