// Generated news-like feeds for benchmarks: RSS 2.0, `items` items of ≈3 KB each, a few of
// which name watched entities. Deterministic for a given (feed, generation).
const WORDS =
  'officials said the provincial government security forces district police attack border talks ministry report week residents local province capital election economy market trade flood relief school hospital road convoy checkpoint operation militants commander spokesman statement delegation agreement'.split(
    ' ',
  );
const NAMES = [
  'ISKP',
  'Tehrik-i-Taliban Pakistan',
  'the Taliban',
  'al-Qaeda',
  'Zabihullah Mujahid',
  'Noor Wali Mehsud',
  'Thomas West',
  'TTP',
];

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => (s = (s * 1_103_515_245 + 12_345) >>> 0) / 2 ** 32;
}

function paragraph(r: () => number, words: number, name: string | null): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(r() * WORDS.length)] as string);
  if (name) out.splice(Math.floor(r() * out.length), 0, name);
  const s = out.join(' ');
  return `<p>${s.charAt(0).toUpperCase()}${s.slice(1)}.</p>`;
}

export function itemHtml(seed: number): string {
  const r = rng(seed);
  const ps: string[] = [];
  for (let p = 0; p < 7; p++)
    ps.push(paragraph(r, 60, r() < 0.15 ? (NAMES[Math.floor(r() * NAMES.length)] as string) : null));
  return ps.join('');
}

const SYLLABLES =
  'ka bul pe sha war ki ran de ra is ma il khan quet ta zo hab gar dez her at jal al bad kun dar far yab'.split(' ');

/** A rare word (a place, a name): real headlines carry several, and they make titles distinct. */
function rareWord(r: () => number): string {
  const n = 2 + Math.floor(r() * 2);
  return Array.from({ length: n }, () => SYLLABLES[Math.floor(r() * SYLLABLES.length)]).join('');
}

/** A headline: four common words and three rare ones, like "Police in Kabul say convoy attacked". */
function headline(seed: number): string {
  const r = rng(seed + 17);
  const words = [
    ...Array.from({ length: 4 }, () => WORDS[Math.floor(r() * WORDS.length)] as string),
    ...Array.from({ length: 3 }, () => rareWord(r)),
  ];
  return words.join(' ').replace(/^./, (c) => c.toUpperCase());
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function feedXml(feed: number, generation: number, items: number): string {
  const parts: string[] = [];
  for (let k = 0; k < items; k++) {
    const n = generation * items + k;
    const html = itemHtml(feed * 1_000_003 + n);
    parts.push(
      `<item><title>${esc(headline(feed * 7_919 + n))}</title>` +
        `<link>https://outlet${feed}.example.org/news/${n}?utm_source=rss</link><guid isPermaLink="false">o${feed}-${n}</guid>` +
        `<pubDate>${new Date(Date.UTC(2026, 10, 1) + n * 60_000).toUTCString()}</pubDate><description>${esc(html)}</description></item>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Outlet ${feed}</title><link>https://outlet${feed}.example.org/</link><description>Generated</description>${parts.join('')}</channel></rss>`;
}
