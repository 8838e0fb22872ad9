// Near misses the matching pass never sees, found only for `--explain`: a name
// whose words are split by a break, a name inside a longer word, a name inside
// a URL. This side allocates freely (one string per token, a search per name):
// it runs for one item at a time on a user's request, never in the service.
import type { Compiled, CompiledName } from './compile.js';
import { type FieldScan, miss, sameCase, verify } from './resolve.js';
import { HitList } from './trie.js';
import { tokenKey } from './word-rules.js';
import type { NearMiss } from './types.js';

function spansBreak(c: Compiled, scan: FieldScan, out: NearMiss[]): void {
  const hits = new HitList();
  c.trie.walk(scan.tokens, hits, true);
  const { start, end, brk } = scan.tokens;
  for (let h = 0; h < hits.n; h++) {
    const [pi, first, last] = [hits.data[h * 3] ?? 0, hits.data[h * 3 + 1] ?? 0, hits.data[h * 3 + 2] ?? 0];
    const p = c.patterns[pi];
    const name = p?.kind === 'name' ? c.names[p.ref] : undefined;
    if (!p || !name || (name.cased && p.plural)) continue;
    const o = verify(scan, name.keys, p.plural, first, last, p.lead);
    if (!o || (name.cased && !sameCase(name.cased, o, scan.tokens))) continue;
    let k = first + 1;
    while (k < last && brk[k] !== 1) k++;
    const between =
      scan.text
        .slice(end[k - 1], start[k])
        .trim()
        .replace(/\n/g, '(line break)') || '(line break)';
    out.push(miss(c, p.ref, o, { reason: 'spans-break', detail: `"${between}" between its words ends a name` }));
  }
}

/** Folded tokens joined by ' ' (or '\u0001' at a break), with each token's offset in the joined string. */
function joined(scan: FieldScan): { s: string; at: number[]; len: number[] } {
  const { n, start, end, brk } = scan.tokens;
  let s = '';
  const at: number[] = [],
    len: number[] = [];
  for (let t = 0; t < n; t++) {
    const key = tokenKey(scan.text, start[t] ?? 0, end[t] ?? 0, false);
    at.push(s.length);
    len.push(key.length);
    s += key + (brk[t + 1] === 1 ? '\u0001' : ' ');
  }
  return { s, at, len };
}

/** The token holding character `pos` of the joined string. */
function tokenAt(at: readonly number[], pos: number): number {
  let lo = 0,
    hi = at.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((at[mid] ?? 0) <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** A name inside a much longer word is not a near miss worth showing ("IS" in "distinguished"). */
const closeEnough = (name: string, word: string) => word.length <= name.length * 2 + 4;
/** At most this many inside-word misses per name and field, to keep explanations readable. */
const PER_NAME = 3;

function insideWords(c: Compiled, scan: FieldScan, out: NearMiss[]): void {
  const { s, at, len } = joined(scan);
  const { start, end } = scan.tokens;
  c.names.forEach((name: CompiledName, ni) => {
    if (name.variant) return; // a configured name inside a word is worth showing; each of its spellings is not
    const needle = name.keys.join(' ');
    const seen = new Set<number>();
    for (let i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
      const first = tokenAt(at, i),
        last = tokenAt(at, i + needle.length - 1);
      const startsWhole = at[first] === i;
      const tail = (at[last] ?? 0) + (len[last] ?? 0) - (i + needle.length);
      if ((startsWhole && tail === 0) || (startsWhole && tail === 1 && s[i + needle.length] === 's') || seen.has(first))
        continue;
      const word = s.slice(at[first], (at[last] ?? 0) + (len[last] ?? 0));
      if (!closeEnough(needle, word) || seen.size >= PER_NAME) continue;
      seen.add(first);
      const o = { field: scan.field, text: scan.text, first, last, start: start[first] ?? 0, end: end[last] ?? 0 };
      out.push(
        miss(c, ni, o, { reason: 'inside-word', detail: `inside the word "${scan.text.slice(o.start, o.end)}"` }),
      );
    }
  });
}

function insideUrls(c: Compiled, scan: FieldScan, out: NearMiss[]): void {
  const urls = scan.tokens.urls;
  for (let u = 0; u < urls.length; u += 2) {
    const [a, b] = [urls[u] ?? 0, urls[u + 1] ?? 0];
    const url = scan.text.slice(a, b);
    const folded = ` ${url.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
    c.names.forEach((name, ni) => {
      if (name.variant) return;
      if (!folded.includes(` ${name.keys.join(' ')} `)) return;
      const o = { field: scan.field, text: scan.text, first: 0, last: 0, start: a, end: b };
      out.push(miss(c, ni, o, { reason: 'inside-url', detail: `inside the URL "${url}" (URLs never count)` }));
    });
  }
}

export function explainMisses(c: Compiled, scans: readonly FieldScan[]): NearMiss[] {
  const out: NearMiss[] = [];
  for (const scan of scans) {
    spansBreak(c, scan, out);
    insideWords(c, scan, out);
    insideUrls(c, scan, out);
  }
  return out;
}
