// Story identity across feeds: the same article reached through several feeds
// (or re-titled slightly) is one story, one alert.

const STOP = new Set([
  'a',
  'an',
  'the',
  'of',
  'in',
  'on',
  'at',
  'to',
  'for',
  'and',
  'or',
  'by',
  'with',
  'from',
  'as',
  'is',
  'are',
  'was',
  'were',
  'be',
  'its',
  'it',
  'after',
  'over',
  'says',
  'said',
]);

/**
 * The title that identifies the story: without the " - Outlet" an aggregator appends
 * when it names the outlet (RSS <source>), so that "Envoy meets Taliban in Doha - Dawn"
 * from Google News and "Envoy meets Taliban in Doha" from Dawn's own feed are one story.
 */
export function storyTitle(title: string, sourceName: string | null): string {
  if (!sourceName) return title;
  const fold = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
  const source = fold(sourceName);
  const m = /^(.*\S)\s+[-–—|·:]\s+(\S.*)$/su.exec(title);
  return m && fold(m[2] as string) === source ? (m[1] as string) : title;
}

/** Title → sorted distinct content words (case, accents and punctuation folded). */
export function titleKey(title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0 && !STOP.has(w));
  return [...new Set(words)].sort().join(' ');
}

/**
 * Jaccard similarity of two title keys. Titles of fewer than four content words must
 * be equal: short headlines ("Blast in Kabul") repeat across different events.
 */
export function titleSimilarity(a: string, b: string): number {
  if (a === b) return a.length > 0 ? 1 : 0;
  return wordsSimilarity(a.split(' '), new Set(b.split(' ')));
}

/**
 * The same measure for two different keys already split into their (distinct) words,
 * for callers comparing one key against many.
 */
export function wordsSimilarity(a: readonly string[], b: ReadonlySet<string>): number {
  if (a.length < 4 || b.size < 4) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.length + b.size - shared);
}
