// Story identity: the title that identifies a story across feeds.
import { describe, expect, it } from 'vitest';
import { storyTitle, titleKey, titleSimilarity } from '../../src/core/story.js';

describe('storyTitle', () => {
  it('leaves out the outlet an aggregator appends, whatever the separator, only when it is the named source', () => {
    expect(storyTitle('Envoy meets Taliban officials in Doha - Khaama Press', 'Khaama Press')).toBe(
      'Envoy meets Taliban officials in Doha',
    );
    expect(storyTitle('Envoy meets Taliban officials in Doha | DAWN.COM', 'Dawn.com')).toBe(
      'Envoy meets Taliban officials in Doha',
    );
    expect(storyTitle('Envoy meets Taliban officials in Doha — Hasht-e  Subh', 'Hasht-e Subh')).toBe(
      'Envoy meets Taliban officials in Doha',
    );
    // Only the last part, and only when it is the source.
    expect(storyTitle('Kabul - Kandahar highway reopens - Amu TV', 'Amu TV')).toBe('Kabul - Kandahar highway reopens');
    expect(storyTitle('Kabul - Kandahar highway reopens', 'Amu TV')).toBe('Kabul - Kandahar highway reopens');
    expect(storyTitle('Kabul - Kandahar highway reopens', null)).toBe('Kabul - Kandahar highway reopens');
    expect(storyTitle('Amu TV', 'Amu TV')).toBe('Amu TV');
  });

  it("makes the aggregated title the same story as the outlet's own", () => {
    const own = 'Pakistan says TTP commander killed in North Waziristan raid';
    const aggregated = `${own} - The Express Tribune`;
    expect(titleSimilarity(titleKey(own), titleKey(aggregated))).toBeLessThan(0.8);
    expect(titleKey(storyTitle(aggregated, 'The Express Tribune'))).toBe(titleKey(own));
  });
});
