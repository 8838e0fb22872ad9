// The same-story rule, kept out of the stores so every backend applies the same one
// inside its poll transaction (the store answers the lookups, this module decides):
//  - what is the same story: an item whose canonical link is a known story's, or whose
//    title is alike enough (titleSimilarity) to one first seen inside the dedup window;
//  - what a later source of it says: its name is added to the story's sources, and every
//    alert of the story shows the sources after the first as "Also reported by".
import { titleKey } from '../core/story.js';
import type { AlertPayload } from '../core/types.js';
import type { KnownStory, NewItemRecord, PollCommit, StoryLookup } from '../state/interfaces.js';

export type StoryDecision =
  /** A new story: recorded with its title key, its first source and the entities its alerts name. */
  | { kind: 'new'; titleKey: string; sources: string[]; entities: string[] }
  /**
   * A known story again. `sources` is its new list of sources when this item adds one (its
   * alerts then get "Also reported by"), or null: the same feed again (an edited or
   * re-identified item is not news) or a source already listed.
   */
  | { kind: 'same'; story: KnownStory; sources: string[] | null };

/** The title words that identify an item's story (an aggregator's " - Outlet" left out). */
export function storyKey(item: Pick<NewItemRecord, 'title' | 'storyTitle'>): string {
  return titleKey(item.storyTitle ?? item.title);
}

/** Is `item` (from `c.feedId`) a story already recorded, and what does it add to it? */
export function decideStory(
  lookup: StoryLookup,
  c: Pick<PollCommit, 'feedId' | 'at' | 'dedup'>,
  item: NewItemRecord,
): StoryDecision {
  const key = storyKey(item);
  const known =
    (item.canonicalLink ? lookup.byLink(item.canonicalLink) : undefined) ??
    (key ? lookup.byTitle(key, c.at - c.dedup.windowMs, c.dedup.titleSimilarity) : undefined);
  if (!known) {
    const entities = [...new Set(item.alerts.flatMap((a) => a.payload.matches.map((m) => m.name)))];
    return { kind: 'new', titleKey: key, sources: [item.source], entities };
  }
  const adds = known.feedId !== c.feedId && !known.sources.includes(item.source);
  return { kind: 'same', story: known, sources: adds ? [...known.sources, item.source] : null };
}

/** An alert of a story whose sources are `sources`: the first is the alert's own, the rest "Also reported by". */
export function withSources(payload: AlertPayload, sources: readonly string[]): AlertPayload {
  return { ...payload, alsoReportedBy: sources.slice(1) };
}
