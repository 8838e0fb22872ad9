import { describe, expect, it } from 'vitest';
import type { Match } from '../src/core/types.js';
import { sentences, summarize } from '../src/summarize/index.js';

const text = [
  'Officials in Kabul said on Monday that security had been tightened around ministries.',
  'The U.S. special representative, Thomas West, met Gen. Mobin in Doha on Sunday.',
  'Weather in the capital stayed cold.',
  'Later that day ISKP claimed a bombing in Jalalabad, its second this month.',
].join(' ');

function m(name: string, entity = name, field: Match['field'] = 'content'): Match {
  const start = text.indexOf(name);
  return { watchlist: 'w', entity, name, alias: name, field, start, end: start + name.length };
}

const plain = (s: ReturnType<typeof summarize>) =>
  s.map((spans) => spans.map((x) => (x.highlight ? `**${x.text}**` : x.text)).join('')).join(' ');

describe('sentences', () => {
  it('splits on sentence ends but not after abbreviations and initials', () => {
    expect(sentences(text).map((s) => text.slice(s.start, s.end))).toEqual([
      'Officials in Kabul said on Monday that security had been tightened around ministries.',
      'The U.S. special representative, Thomas West, met Gen. Mobin in Doha on Sunday.',
      'Weather in the capital stayed cold.',
      'Later that day ISKP claimed a bombing in Jalalabad, its second this month.',
    ]);
  });

  it('treats a line break as a boundary and keeps quotes with their sentence', () => {
    const t = 'He said: “We will respond.” Then he left\nNew paragraph here';
    expect(sentences(t).map((s) => t.slice(s.start, s.end))).toEqual([
      'He said: “We will respond.”',
      'Then he left',
      'New paragraph here',
    ]);
  });
});

describe('summarize', () => {
  it('leads with the first sentence, then the sentences naming each entity, highlighted, in order', () => {
    const s = summarize({ text }, [m('ISKP'), m('Thomas West')]);
    expect(plain(s)).toBe(
      'Officials in Kabul said on Monday that security had been tightened around ministries. ' +
        'The U.S. special representative, **Thomas West**, met Gen. Mobin in Doha on Sunday. ' +
        '… Later that day **ISKP** claimed a bombing in Jalalabad, its second this month.',
    );
  });

  it('keeps within the budget, preferring one sentence per entity', () => {
    const s = summarize({ text }, [m('ISKP'), m('Thomas West')], { maxChars: 170 });
    const out = plain(s);
    expect(out.replace(/\*\*/g, '').length).toBeLessThanOrEqual(170);
    // Room for the lead and one more sentence: the first entity's.
    expect(out).toContain('**ISKP**');
    expect(out).not.toContain('Weather');
  });

  it('cuts an over-long lead at a word boundary with an ellipsis', () => {
    const long = `${'word '.repeat(300)}end.`;
    const s = summarize({ text: long }, [], { maxChars: 100 });
    const out = plain(s);
    expect(out.length).toBeLessThanOrEqual(100);
    expect(out.endsWith('word…')).toBe(true);
  });

  it('ignores title matches and returns nothing for an empty text', () => {
    expect(plain(summarize({ text }, [m('ISKP', 'iskp', 'title')]))).toBe(
      'Officials in Kabul said on Monday that security had been tightened around ministries.',
    );
    expect(summarize({ text: '   ' }, [])).toEqual([]);
  });
});
