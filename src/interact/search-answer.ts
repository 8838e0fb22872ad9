// The answer to `/newswatch search`: the best results, each a link, its source and day, and
// the matched text with the hits in bold. Article text is markdown-escaped; the answer
// keeps whole results within Discord's 2000 characters (a result never cut in half).
import { escapeMarkdown } from 'discord.js';
import { HIT_END, HIT_START, type HistoryHit } from '../state/interfaces.js';
import { fit, MAX_CONTENT } from './answers.js';

/** How many results are asked for; as many as fit are shown. */
export const SEARCH_RESULTS = 5;

const esc = (s: string) => escapeMarkdown(s.replace(/\s+/g, ' ').trim());

/** A snippet escaped, its hits in bold (the markers survive escaping: they are control characters). */
export function snippetMarkdown(snippet: string): string {
  return esc(snippet).replaceAll(HIT_START, '**').replaceAll(HIT_END, '**');
}

function result(h: HistoryHit): string {
  const title = fit(esc(h.title.trim() || '(untitled)').replace(/[[\]]/g, ''), 200);
  const head = h.link && /^https?:\/\//.test(h.link) ? `[${title}](<${h.link}>)` : title;
  return `• ${head} (${esc(h.source)}, <t:${Math.floor(h.seenAt / 1000)}:d>)\n> ${snippetMarkdown(h.snippet)}`;
}

export function searchAnswer(
  query: string,
  since: number,
  entityName: string | null,
  hits: readonly HistoryHit[],
): string {
  const about = `**${esc(fit(query, 100))}** since <t:${Math.floor(since / 1000)}:f>${entityName ? ` (items matching **${esc(entityName)}**)` : ''}`;
  if (hits.length === 0) return `No item seen matches ${about}.`;
  let text = `Best results for ${about}:`;
  for (const h of hits) {
    const next = `${text}\n${result(h)}`;
    if (next.length > MAX_CONTENT) break;
    text = next;
  }
  return text;
}
