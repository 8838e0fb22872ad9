// The daily briefing's content, from what the history holds (no I/O here): counts per
// watched entity over the window, stories ranked by how many sources reported them, and
// the entities that rose or fell most against their 30-day daily average.
import type { BriefingMove, BriefingPayload } from '../core/types.js';
import type { BriefingStory } from '../state/interfaces.js';

export const DAY_MS = 86_400_000;
/** The baseline: the daily average over this many days before the window. */
export const BASELINE_DAYS = 30;
/** Entities listed as rising, and as falling. */
export const MOVES_SHOWN = 5;
/** Stories kept in the payload (each sink shows what fits and "and N more"). */
export const STORIES_KEPT = 50;

export interface WatchedEntity {
  /** "watchlist/entity", as the history's `matched` holds it. */
  key: string;
  name: string;
}

export interface BriefingInput {
  /** The firing's scheduled time: the window is the 24 hours before it. */
  firedAt: number;
  timezone: string;
  /** The channel's watched entities, in config order. */
  entities: WatchedEntity[];
  /** Items per entity key in the window. */
  counts: Map<string, number>;
  /** Mentions per entity key summed over the BASELINE_DAYS before the window. */
  baselineTotals: Map<string, number>;
  stories: BriefingStory[];
}

/** The UTC days (YYYY-MM-DD) of the baseline: the BASELINE_DAYS before the window's first day. */
export function baselineDays(firedAt: number): { from: string; to: string } {
  const first = Math.floor((firedAt - DAY_MS) / DAY_MS) * DAY_MS;
  const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
  return { from: day(first - BASELINE_DAYS * DAY_MS), to: day(first - DAY_MS) };
}

/** Most sources first; then the earlier story; then by title (a stable order for equal stories). */
export function rankStories(stories: BriefingStory[]): BriefingStory[] {
  return [...stories].sort(
    (a, b) => b.sources.length - a.sources.length || a.createdAt - b.createdAt || a.title.localeCompare(b.title),
  );
}

/** The largest rises (count above the daily average) and falls (below it), largest first, then by name. */
export function moves(input: Pick<BriefingInput, 'entities' | 'counts' | 'baselineTotals'>): {
  rising: BriefingMove[];
  falling: BriefingMove[];
} {
  const all = input.entities.map((e) => ({
    name: e.name,
    count: input.counts.get(e.key) ?? 0,
    baseline: (input.baselineTotals.get(e.key) ?? 0) / BASELINE_DAYS,
  }));
  const change = (m: BriefingMove): number => m.count - m.baseline;
  const byName = (a: BriefingMove, b: BriefingMove): number => a.name.localeCompare(b.name);
  return {
    rising: all
      .filter((m) => change(m) > 0)
      .sort((a, b) => change(b) - change(a) || byName(a, b))
      .slice(0, MOVES_SHOWN),
    falling: all
      .filter((m) => change(m) < 0)
      .sort((a, b) => change(a) - change(b) || byName(a, b))
      .slice(0, MOVES_SHOWN),
  };
}

export function buildBriefing(input: BriefingInput): BriefingPayload {
  const entities = input.entities
    .map((e) => ({ name: e.name, count: input.counts.get(e.key) ?? 0 }))
    .filter((e) => e.count > 0)
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  return {
    kind: 'briefing',
    from: input.firedAt - DAY_MS,
    to: input.firedAt,
    timezone: input.timezone,
    entities,
    stories: rankStories(input.stories)
      .slice(0, STORIES_KEPT)
      .map((s) => ({ title: s.title, link: s.link, sources: s.sources })),
    ...moves(input),
  };
}
