// The text of /newswatch search: escaped article text, hits in bold, whole results within 2000 chars.
import { describe, expect, it } from 'vitest';
import { searchAnswer } from '../../src/interact/search-answer.js';
import { HIT_END, HIT_START, type HistoryHit } from '../../src/state/interfaces.js';

const hit = (
  n: number,
  title: string,
  snippet: string,
  link: string | null = `https://news.example.org/${n}`,
): HistoryHit => ({
  id: n,
  feedId: 'a',
  title,
  link,
  source: 'Wire',
  published: null,
  seenAt: 1_700_000_000_000,
  snippet,
  matched: [],
});

describe('searchAnswer', () => {
  it('escapes markdown in titles and snippets, bolds only the hits, links only http(s)', () => {
    const text = searchAnswer('attack', 0, null, [
      hit(
        1,
        '**Breaking** [click](https://evil.example) _x_',
        `@everyone said the ${HIT_START}attack${HIT_END} *was* claimed`,
      ),
      hit(2, 'No link', `${HIT_START}attack${HIT_END}`, 'javascript:alert(1)'),
    ]);
    expect(text).toContain(
      '• [\\*\\*Breaking\\*\\* click(https://evil.example) \\_x\\_](<https://news.example.org/1>) (Wire, <t:1700000000:d>)',
    );
    expect(text).toContain('> @everyone said the **attack** \\*was\\* claimed');
    expect(text).toContain('• No link (Wire, <t:1700000000:d>)\n> **attack**');
    expect(text).not.toContain('javascript:');
  });

  it('keeps whole results within 2000 characters', () => {
    const long = 'word '.repeat(60);
    const hits = Array.from({ length: 10 }, (_, n) => hit(n, `${long}${n}`, `${HIT_START}word${HIT_END} ${long}`));
    const text = searchAnswer('word', 0, null, hits);
    expect(text.length).toBeLessThanOrEqual(2000);
    const shown = text.split('\n• ').length - 1;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(10);
    // No result cut in half: every bold run is closed, the last snippet ends as it should.
    expect((text.match(/\*\*/g) ?? []).length % 2).toBe(0);
    expect(text.endsWith(`**word** ${'word '.repeat(59)}word`)).toBe(true);
  });
});
