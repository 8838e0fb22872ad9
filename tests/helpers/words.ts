// Distinct pseudo-words for generated titles, so that titles of different items never
// look like the same story (n → word is one-to-one for n below 2,000 at least).
export function pseudoWord(n: number): string {
  const s = 'bdfgklmnprstvz';
  const v = 'aeiou';
  let out = '';
  for (let k = n + 7; out.length < 8; k = Math.floor(k / 5) + 3 * out.length)
    out += s[k % s.length]! + v[k % v.length]!;
  return out;
}
