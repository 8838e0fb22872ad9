// Item + matches → a short extractive summary: the item's own sentences, never
// rewritten. The lead sentence first, then the sentences that name the matched
// entities (each entity at least once when the budget allows), in reading order,
// with the matched names highlighted.
import type { FeedItem, Match, Span, Summary } from '../core/types.js';
import { firstSentence, sentenceAt, type Sentence } from './sentences.js';

export interface SummaryOptions {
  /** Budget in characters for the whole summary. */
  maxChars: number;
}

export const DEFAULT_SUMMARY: SummaryOptions = { maxChars: 600 };

export { sentences } from './sentences.js';

export function summarize(
  item: Pick<FeedItem, 'text'>,
  matches: Match[],
  opts: SummaryOptions = DEFAULT_SUMMARY,
): Summary {
  const text = item.text;
  const lead = firstSentence(text);
  if (!lead) return [];
  const inBody = matches.filter((m) => m.field === 'content' && m.end <= text.length);
  // The sentence of each body match, found locally (see ./sentences.ts), one per start offset.
  const byStart = new Map<number, Sentence>([[lead.start, lead]]);
  const where = inBody.map((m) => {
    const s = sentenceAt(text, m.start);
    if (!byStart.has(s.start)) byStart.set(s.start, s);
    return s.start;
  });

  // Choose: the lead sentence; then, for each entity, the first sentence naming it unless
  // a chosen one already does; then further sentences with matches, while the budget lasts.
  const chosen = new Set<number>([lead.start]);
  let used = length(lead);
  const tryAdd = (start: number) => {
    const s = byStart.get(start);
    if (!s || chosen.has(start)) return;
    if (used + length(s) + 3 > opts.maxChars) return;
    chosen.add(start);
    used += length(s) + 3;
  };
  const byEntity = new Map<string, number[]>();
  inBody.forEach((m, k) => {
    const key = `${m.watchlist}/${m.entity}`;
    byEntity.set(key, [...(byEntity.get(key) ?? []), where[k] as number]);
  });
  for (const starts of byEntity.values()) {
    if (!starts.some((st) => chosen.has(st))) tryAdd(Math.min(...starts));
  }
  for (const st of [...new Set(where)].sort((a, b) => a - b)) tryAdd(st);

  const order = [...chosen].sort((a, b) => a - b).map((st) => byStart.get(st) as Sentence);
  const out: Summary = [];
  let prevEnd = -1;
  for (const s of order) {
    const spans = highlight(
      text,
      s,
      inBody.filter((m) => m.start >= s.start && m.end <= s.end),
    );
    if (prevEnd >= 0 && text.slice(prevEnd, s.start).trim() !== '') spans.unshift({ text: '… ', highlight: false });
    out.push(spans);
    prevEnd = s.end;
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
      const word = cut.slice(0, lastSpaceRun(cut));
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

/** Where the last whitespace run of `s` starts (`s.replace(/\s+\S*$/, '')` without its quadratic rescans), or its length. */
function lastSpaceRun(s: string): number {
  let i = s.length;
  while (i > 0 && !/\s/.test(s[i - 1] as string)) i--;
  if (i === 0) return s.length;
  while (i > 0 && /\s/.test(s[i - 1] as string)) i--;
  return i;
}
