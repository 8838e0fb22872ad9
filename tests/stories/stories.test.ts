// The same-story rule on its own (src/stories/): what counts as the same story, and what
// a later source adds. The stores answer the lookups; tests/state/contract checks they do.
import { describe, expect, it } from 'vitest';
import type { AlertPayload } from '../../src/core/types.js';
import type { KnownStory, NewItemRecord, StoryLookup } from '../../src/state/interfaces.js';
import { decideStory, storyKey, withSources } from '../../src/stories/index.js';

const dedup = { windowMs: 48 * 3_600_000, titleSimilarity: 0.8 };
const at = Date.parse('2026-03-02T10:00:00Z');

function item(extra: Partial<NewItemRecord> = {}): NewItemRecord {
  const payload = {
    kind: 'alert',
    matches: [{ name: 'Thomas West' }, { name: 'Thomas West' }, { name: 'ISKP' }],
  } as unknown as AlertPayload;
  return {
    id: 'i',
    canonicalLink: null,
    title: 'Envoy Thomas West meets Taliban officials in Doha',
    link: null,
    source: 'Dawn',
    alerts: [{ channelId: 'c', payload }],
    mentions: [],
    ...extra,
  };
}

/** A lookup that records what was asked. */
function lookup(byLink: KnownStory | undefined, byTitle: KnownStory | undefined) {
  const asked: string[] = [];
  const l: StoryLookup = {
    byLink: (link) => (asked.push(`link ${link}`), byLink),
    byTitle: (key, since, similarity) => (asked.push(`title ${key} ${since} ${similarity}`), byTitle),
  };
  return { l, asked };
}

describe('decideStory', () => {
  it('a new story: its title key, its first source and its entities once each', () => {
    const { l, asked } = lookup(undefined, undefined);
    expect(decideStory(l, { feedId: 'f', at, dedup }, item())).toEqual({
      kind: 'new',
      titleKey: 'doha envoy meets officials taliban thomas west',
      sources: ['Dawn'],
      entities: ['Thomas West', 'ISKP'],
    });
    // No link: only the title is looked up, inside the window.
    expect(asked).toEqual([`title doha envoy meets officials taliban thomas west ${at - dedup.windowMs} 0.8`]);
  });

  it('the canonical link first; the title only when the link is unknown', () => {
    const story: KnownStory = { id: 7, feedId: 'other', sources: ['Kabul Ledger'] };
    const first = lookup(story, undefined);
    expect(
      decideStory(first.l, { feedId: 'f', at, dedup }, item({ canonicalLink: 'https://x.example.org/a' })),
    ).toEqual({ kind: 'same', story, sources: ['Kabul Ledger', 'Dawn'] });
    expect(first.asked).toEqual(['link https://x.example.org/a']);
    const second = lookup(undefined, story);
    expect(
      decideStory(second.l, { feedId: 'f', at, dedup }, item({ canonicalLink: 'https://x.example.org/a' })),
    ).toMatchObject({ kind: 'same', story });
    expect(second.asked).toHaveLength(2);
  });

  it('the same feed again, or a source already listed, adds nothing', () => {
    const story: KnownStory = { id: 7, feedId: 'f', sources: ['Feed F'] };
    expect(decideStory(lookup(story, undefined).l, { feedId: 'f', at, dedup }, item({ canonicalLink: 'u' }))).toEqual({
      kind: 'same',
      story,
      sources: null,
    });
    const listed: KnownStory = { id: 8, feedId: 'g', sources: ['Kabul Ledger', 'Dawn'] };
    expect(decideStory(lookup(listed, undefined).l, { feedId: 'f', at, dedup }, item({ canonicalLink: 'u' }))).toEqual({
      kind: 'same',
      story: listed,
      sources: null,
    });
  });

  it('an aggregator title is keyed without its " - Outlet"', () => {
    expect(storyKey({ title: 'Envoy meets Taliban in Doha - Dawn', storyTitle: 'Envoy meets Taliban in Doha' })).toBe(
      'doha envoy meets taliban',
    );
  });
});

describe('withSources', () => {
  it('shows every source after the alert\'s own as "Also reported by", without changing the payload given', () => {
    const payload = { kind: 'alert', alsoReportedBy: [] } as unknown as AlertPayload;
    expect(withSources(payload, ['Dawn', 'Kabul Ledger', 'Tolo'])).toMatchObject({
      alsoReportedBy: ['Kabul Ledger', 'Tolo'],
    });
    expect(payload.alsoReportedBy).toEqual([]);
  });
});
