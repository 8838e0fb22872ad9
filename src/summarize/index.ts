// Item + matches → a short extractive summary: the item's own sentences, never
// rewritten. The lead sentence first, then the sentences that name the matched
// entities (each entity at least once when the budget allows), in reading order,
// with the matched names highlighted.
import type { FeedItem, Match, Span, Summary } from '../core/types.js';

export interface SummaryOptions {
  /** Budget in characters for the whole summary. */
  maxChars: number;
}

export const DEFAULT_SUMMARY: SummaryOptions = { maxChars: 600 };

interface Sentence {
  start: number;
  end: number;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Sentences of a text, never spanning a line break, trimmed, with offsets. */
export function sentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let lineStart = 0;
  for (const line of text.split('\n')) {
    for (const seg of segmenter.segment(line)) {
      const lead = seg.segment.length - seg.segment.trimStart().length;
      const body = seg.segment.trim();
      if (body) out.push({ start: lineStart + seg.index + lead, end: lineStart + seg.index + lead + body.length });
    }
    lineStart += line.length + 1;
  }
  return out;
}

export function summarize(item: Pick<FeedItem, 'text'>, matches: Match[], opts: SummaryOptions = DEFAULT_SUMMARY): Summary {
  const text = item.text;
  const all = sentences(text);
  if (all.length === 0) return [];
  const inBody = matches.filter((m) => m.field === 'content');
  const holds = (s: Sentence, m: Match) => m.start >= s.start && m.end <= s.end;
  // Sentence index of each body match (-1 when it straddles a boundary).
  const where = inBody.map((m) => all.findIndex((s) => holds(s, m)));

  // Choose: the lead sentence; then, for each entity, the first sentence naming it unless
  // a chosen one already does; then further sentences with matches, while the budget lasts.
  const chosen = new Set<number>([0]);
  let used = length(all[0] as Sentence);
  const tryAdd = (i: number) => {
    if (i < 0 || chosen.has(i)) return;
    const len = length(all[i] as Sentence);
    if (used + len + 3 > opts.maxChars) return;
    chosen.add(i);
    used += len + 3;
  };
  const byEntity = new Map<string, number[]>();
  inBody.forEach((m, k) => {
    const key = `${m.watchlist}/${m.entity}`;
    byEntity.set(key, [...(byEntity.get(key) ?? []), where[k] as number]);
  });
  for (const idx of byEntity.values()) {
    if (!idx.some((i) => chosen.has(i))) tryAdd(idx.find((i) => i >= 0) ?? -1);
  }
  for (const i of [...new Set(where)].sort((a, b) => a - b)) tryAdd(i);

  const order = [...chosen].sort((a, b) => a - b);
  const out: Summary = [];
  let prev = -1;
  for (const i of order) {
    const s = all[i] as Sentence;
    const spans = highlight(text, s, inBody.filter((m) => holds(s, m)));
    if (prev >= 0 && i !== prev + 1) spans.unshift({ text: '… ', highlight: false });
    out.push(spans);
    prev = i;
  }
  return clip(out, opts.maxChars);
}

function length(s: Sentence): number {
  return s.end - s.start;
}

/** Split a sentence into spans, marking matched ranges (overlaps merged). */
function highlight(text: string, s: Sentence, ms: Match[]): Span[] {
  const ranges = ms.map((m) => [m.start, m.end] as [number, number]).sort((a, b) => a[0] - b[0]);
  const spans: Span[] = [];
  let at = s.start;
  for (const [a, b] of ranges) {
    if (b <= at) continue;
    const from = Math.max(a, at);
    if (from > at) spans.push({ text: text.slice(at, from), highlight: false });
    spans.push({ text: text.slice(from, b), highlight: true });
    at = b;
  }
  if (at < s.end) spans.push({ text: text.slice(at, s.end), highlight: false });
  return spans;
}

/** Enforce the budget even when the lead sentence alone is longer: cut at a word boundary. */
function clip(summary: Summary, maxChars: number): Summary {
  let left = maxChars;
  const out: Summary = [];
  for (const sentence of summary) {
    const spans: Span[] = [];
    for (const span of sentence) {
      if (span.text.length <= left) {
        spans.push(span);
        left -= span.text.length;
        continue;
      }
      const cut = span.text.slice(0, Math.max(0, left - 1));
      const word = cut.replace(/\s+\S*$/, '');
      spans.push({ text: `${(word || cut).trimEnd()}…`, highlight: span.highlight });
      out.push(spans);
      return out;
    }
    out.push(spans);
    left -= 1;
    if (left <= 0) break;
  }
  return out;
}
