// `newswatch match --explain`: every near miss with its reason, and the text
// the CLI prints. One row per reason.
import { describe, expect, it } from 'vitest';
import { formatExplanation } from '../../src/match/index.js';
import { groups, matcher } from './helpers.js';

const m = matcher([...groups, { id: 'ttp2', name: 'Pakistani Taliban' }]);

describe('explain', () => {
  it.each([
    ['wrong-case', 'a ttp post', 'ttp', 'counts only in exactly these capitals'],
    ['plural-case-sensitive', 'attacker TTPs', 'ttp', 'no plural'],
    ['inside-word', 'the https link and Talibanisation', 'ttp', 'inside the word "https"'],
    ['inside-word', 'Talibanisation', 'taliban', 'inside the word "Talibanisation"'],
    [
      'inside-url',
      'see https://x.example/news/TTP-attack now',
      'ttp',
      'inside the URL "https://x.example/news/TTP-attack"',
    ],
    ['spans-break', 'the Haqqani. Network', 'haqqani', '"." between its words ends a name'],
    ['spans-break', 'the Haqqani\nNetwork', 'haqqani', '"(line break)" between its words ends a name'],
    ['inside-longer-name', 'the Pakistani Taliban', 'taliban', 'inside "Pakistani Taliban", a name of ttp2'],
    ['no-context', 'Mujahid won', 'zm', 'no context term in the item (context: "spokesman", "Taliban", "طالبان")'],
  ])('%s: %s', (reason, text, entity, detail) => {
    const e = m.explain({ title: '', text });
    const miss = e.misses.find((x) => x.reason === reason && x.entity === entity);
    expect(miss?.detail).toContain(detail);
    expect(e.matches.filter((x) => x.entity === entity)).toEqual([]);
  });

  it('reports an excluded occurrence and still counts the bare one', () => {
    const e = matcher(groups).explain({ title: '', text: 'The Pakistani Taliban and the Taliban' });
    expect(e.matches.map((x) => x.start)).toEqual([30]);
    expect(e.misses).toEqual([
      {
        watchlist: 'w',
        entity: 'taliban',
        alias: 'Taliban',
        field: 'content',
        start: 14,
        end: 21,
        reason: 'excluded',
        detail: 'inside "Pakistani Taliban" (exclude: "Pakistani Taliban")',
      },
    ]);
    expect(e.terms).toEqual([
      { term: 'Pakistani Taliban', field: 'content', start: 4, end: 21 },
      { term: 'Taliban', field: 'content', start: 14, end: 21 }, // a context term of zm
      { term: 'Taliban', field: 'content', start: 30, end: 37 },
    ]);
  });

  it('reports one miss for overlapping names of one entity (the longest)', () => {
    const e = m.explain({ title: '', text: 'Islamic State. Khorasan Province' });
    expect(e.misses.map((x) => `${x.entity}:${x.reason}:${x.alias}`)).toEqual([
      'iskp:spans-break:Islamic State Khorasan Province',
    ]);
  });

  it('explains nothing for an item far from every name', () => {
    const e = m.explain({ title: 'Wheat prices', text: 'Traders in Kabul blamed the border.' });
    expect(e).toMatchObject({ matches: [], misses: [], terms: [] });
  });

  it('gives the same matches as match()', () => {
    const input = { title: 'ISKP and TTP', text: 'Taliban spokesman Mujahid; ttp; the Pakistani Taliban' };
    expect(m.explain(input).matches).toEqual(m.match(input));
  });

  it('formats matches, misses with snippets, and terms for the CLI', () => {
    const text = formatExplanation(
      matcher(groups).explain({ title: 'ISKP claim', text: 'The Pakistani Taliban and ttp' }),
    );
    expect(text.split('\n')).toEqual([
      'title: ISKP claim',
      'matched (1):',
      '  w/iskp via "ISKP" in title 0-4: [ISKP] claim',
      'did not count (2):',
      '  w/taliban via "Taliban" in content 14-21: excluded: inside "Pakistani Taliban" (exclude: "Pakistani Taliban")',
      '      The Pakistani [Taliban] and ttp',
      '  w/ttp via "TTP" in content 26-29: wrong case: "TTP" counts only in exactly these capitals',
      '      The Pakistani Taliban and [ttp]',
      'rule terms found: "Pakistani Taliban" (content 4), "Taliban" (content 14)',
    ]);
  });

  it('formats an empty explanation', () => {
    expect(formatExplanation(m.explain({ title: '', text: 'calm' }))).toBe(
      'title: (empty)\nmatched: nothing\ndid not count: nothing came close',
    );
  });
});

describe('explain stays readable', () => {
  it('does not report a short name inside a much longer word', () => {
    const e = matcher([{ id: 'is', name: 'IS', caseSensitive: [] }]).explain({
      title: '',
      text: 'a distinguished historian',
    });
    expect(e.misses).toEqual([]);
  });

  it('reports at most three inside-word misses per name and field', () => {
    const e = matcher(groups).explain({ title: '', text: 'ISKPX ISKPY ISKPZ ISKPW ISKPV' });
    expect(e.misses.filter((x) => x.reason === 'inside-word')).toHaveLength(3);
  });
});
