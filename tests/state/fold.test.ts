// Accent folding for PostgreSQL's search (src/state/postgres/fold.ts): one character for
// one, so that a headline of the folded text maps back onto the original letters.
import { describe, expect, it } from 'vitest';
import { FOLD, fold, unfoldHeadline } from '../../src/state/postgres/fold.js';

describe('accent folding', () => {
  it('maps each letter with diacritics to its base letter, one character for one', () => {
    expect(FOLD.from.length).toBe(FOLD.to.length);
    expect([...FOLD.from].length).toBe(FOLD.from.length); // no surrogate pairs: translate() counts characters
    expect(FOLD.from).not.toMatch(/'/); // safe inside the migration's SQL literal
    expect(fold('Zabīhullāh Mujāhid, Ḥaqqānī, Peşawar, Kābul')).toBe('Zabihullah Mujahid, Haqqani, Pesawar, Kabul');
    // Letters without a decomposition, other scripts and astral characters stay as they are.
    for (const s of ['Łódź', 'ß', 'مُحَمَّد', 'कश्मीर', 'Путин', '𝐈𝐒𝐊𝐏']) expect(fold(s).length).toBe(s.length);
    expect(fold('Łódź')).toBe('Łodz');
  });

  it("puts the original letters back into a folded field's headline, markers where they stood", () => {
    const field = 'Officials in Kābul blamed the Ḥaqqānī network.';
    expect(unfoldHeadline(field, 'in [Kabul] blamed the [Haqqani] network.', ['[', ']'])).toBe(
      'in [Kābul] blamed the [Ḥaqqānī] network.',
    );
    // A headline that is not a stretch of the folded field is returned as it is.
    expect(unfoldHeadline(field, 'something [else]', ['[', ']'])).toBe('something [else]');
  });
});
