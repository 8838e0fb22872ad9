// Deterministic generators for the matching benchmark: news-like articles of
// about 3 KB and watchlists of any number of names (people, groups, acronyms),
// a few of which the articles mention.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { type WatchlistConfig, watchlistSchema } from '../src/config/schema.js';
import type { MatchInput } from '../src/match/index.js';

/** The bundled config's watchlists (config/newswatch.yaml), validated, and every name they watch. */
export function bundledWatchlists(): { watchlists: WatchlistConfig[]; names: string[] } {
  const file = new URL('../config/newswatch.yaml', import.meta.url);
  const doc = parseYaml(readFileSync(file, 'utf8')) as { watchlists: unknown[] };
  const watchlists = doc.watchlists.map((w) => watchlistSchema.parse(w));
  const names = watchlists.flatMap((w) => w.entities.flatMap((e) => [e.name, ...e.aliases, ...e.caseSensitive]));
  return { watchlists, names };
}

/** mulberry32: a small seeded PRNG, so every run measures the same text. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES =
  'ab,al,am,an,ar,as,ba,da,di,fa,ga,gul,ha,hak,ja,jan,ka,kh,la,ma,mo,mu,na,nu,qa,ra,rah,sa,sha,si,ta,ul,wa,wal,ya,za,zai,zu,bad,dur,hid,lah,mir,nor,sul,tar'.split(
    ',',
  );
const WORDS = (
  'the a of in on and to for with by from at as after before said says officials security forces province district ' +
  'police army attack attacks militants group groups killed wounded injured people civilians government talks border ' +
  'statement spokesman minister ministry officials local residents week month year Tuesday Wednesday Friday morning night ' +
  'checkpoint convoy operation operations region regional report reported according sources told reporters claimed responsibility ' +
  'blast explosion suicide bomber vehicle road market mosque school students women rights humanitarian aid agency agencies ' +
  'United Nations mission council meeting delegation Kabul Islamabad Peshawar Quetta Kandahar Herat Nangarhar Khyber Pakhtunkhwa ' +
  'Balochistan Kunar Paktika Waziristan Doha Washington counterterrorism intelligence analysts threat threats network leaders ' +
  'commander fighters camp camps sanctuary sanctuaries cross-border tensions trade crossing refugees returnees economy drought ' +
  'earthquake relief funding donors envoy ambassador visit visited called urged condemned denied confirmed warned promised'
).split(' ');

function word(r: () => number): string {
  const n = 2 + Math.floor(r() * 2);
  let w = '';
  for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(r() * SYLLABLES.length)];
  return w[0]?.toUpperCase() + w.slice(1);
}

function acronym(r: () => number): string {
  let s = '';
  for (let i = 0, n = 3 + Math.floor(r() * 3); i < n; i++) s += String.fromCharCode(65 + Math.floor(r() * 26));
  return s;
}

/** A watchlist of about `names` names: entities of one name, two aliases and one case-sensitive acronym. */
export function makeWatchlist(names: number, seed = 7): WatchlistConfig {
  const r = rng(seed);
  const seen = new Set<string>();
  const unique = (make: () => string) => {
    for (;;) {
      const s = make();
      if (!seen.has(s.toLowerCase())) {
        seen.add(s.toLowerCase());
        return s;
      }
    }
  };
  const entities = [];
  for (let i = 0; names > 0; i++) {
    const k = Math.min(4, names);
    const all = [
      unique(() => `${word(r)} ${word(r)}`),
      unique(() => `${word(r)} ${word(r)} ${word(r)}`),
      unique(() => word(r)),
      unique(() => acronym(r)),
    ];
    entities.push({
      id: `e${i}`,
      name: all[0],
      aliases: all.slice(1, Math.min(k, 3)),
      caseSensitive: k === 4 ? [all[3]] : [],
    });
    names -= k;
  }
  return watchlistSchema.parse({ id: `bench${seed}`, entities });
}

/** `count` articles of about 3 KB each, with typographic quotes and dashes; about 1 word in 80 is a name from `mention`. */
export function makeArticles(count: number, mention: readonly string[], seed = 11): MatchInput[] {
  const r = rng(seed);
  const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)] as T;
  // Typography as news sites send it: curly quotes, possessives, dashes (the scanner's slower paths).
  const dress = (w: string) => {
    const x = r();
    return x < 0.03 ? `“${w}”` : x < 0.05 ? `${w}’s` : x < 0.06 ? `${w} —` : w;
  };
  const sentence = () => {
    const n = 10 + Math.floor(r() * 16);
    const words: string[] = [];
    for (let i = 0; i < n; i++) words.push(mention.length && r() < 0.012 ? pick(mention) : dress(pick(WORDS)));
    const s = words.join(' ');
    return `${s[0]?.toUpperCase()}${s.slice(1)}${r() < 0.2 ? ',' : ''} ${pick(WORDS)}.`;
  };
  return Array.from({ length: count }, () => {
    let text = '';
    while (text.length < 3000) text += (r() < 0.2 ? '\n' : text ? ' ' : '') + sentence();
    return { title: sentence().slice(0, 90), text };
  });
}
