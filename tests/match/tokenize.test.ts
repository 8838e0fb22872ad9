// The shared tokenizer: what becomes a token, its key, its offsets, and where the breaks are.
import { describe, expect, it } from 'vitest';
import { hashKey } from '../../src/match/hash.js';
import { TokenBuf, scanTokens, tokenIs, tokenKey } from '../../src/match/tokenize.js';

/** Tokens as keys, with "|" where a hard break lies between two tokens. */
function tokens(text: string, cased = false): string {
  const b = new TokenBuf();
  scanTokens(text, b);
  const out: string[] = [];
  for (let i = 0; i < b.n; i++)
    out.push(`${i > 0 && b.brk[i] ? '| ' : ''}${tokenKey(text, b.start[i] ?? 0, b.end[i] ?? 0, cased)}`);
  return out.join(' ');
}

describe('tokenizer', () => {
  it.each([
    ['plain words', 'The Taliban said', 'the taliban said'],
    ['punctuation breaks, spaces and dashes do not', 'ISKP, TTP - al-Qaeda—AQIS.', 'iskp | ttp al qaeda aqis'],
    ['possessives dropped', "ISKP's ISKP’s Talibans'", 'iskp iskp talibans'],
    ['apostrophes inside words dropped', "Qa'ida O’Neill", 'qaida oneill'],
    ['opening and closing quotes break', "'Taliban' said", 'taliban | said'],
    [
      'dotted acronyms are one word, final dot included',
      'U.S. envoy, A.Q. Khan, e.g. this',
      'us envoy | aq khan | eg this',
    ],
    ['abbreviation dots do not break', 'Mr. West and Gen. Munir. Next', 'mr west and gen munir | next'],
    ['other dots break', 'Kabul.Herat 3.5', 'kabul | herat 3 | 5'],
    ['URLs are skipped and break', 'see https://x.org/TTP-news now www.ttp.pk ok', 'see | now | ok'],
    ['http without :// is a word', 'HTTP error', 'http error'],
    ['soft hyphen, zero-width, bidi marks vanish', 'Tali\u00adban I\u200bS\u200dK\u200eP', 'taliban iskp'],
    [
      "a vanished character after 's does not make it a possessive (found by fuzzing)",
      "Taliban’s\u0640Taliban ISKP's\u200bx",
      'talibanstaliban iskpsx',
    ],
    ['diacritics folded', 'Zabīhullāh Mujāhid ḥ', 'zabihullah mujahid h'],
    ['NFKC', '\uff34\uff34\uff30 \ufb01ve', 'ttp five'],
    ['German sharp s and Greek final sigma', 'Straße ΟΔΟΣ', 'strasse οδοσ'],
    ['Arabic letter folding', 'كي یک ة ه أ إ آ ا', 'كي يك ه ه ا ا ا ا'],
    ['Persian and Arabic-Indic digits', '۱۴۰۳ ١٢', '1403 12'],
    ['ZWNJ is a space, tatweel vanishes', 'می\u200cشود طالـبان', 'مي شود طالبان'],
    ['Arabic punctuation breaks', 'طالبان، داعش؟ تحریک۔', 'طالبان | داعش | تحريك'],
    ['astral-plane letters are word characters', '𝐓𝐓𝐏 said', 'ttp said'],
  ])('%s', (_what, text, want) => {
    expect(tokens(text)).toBe(want);
  });

  it('keeps case in cased keys', () => {
    expect(tokens('ISKP’s Zabīhullāh', true)).toBe('ISKP Zabihullah');
  });

  it('gives offsets into the original text', () => {
    const text = 'the ISKP’s claim';
    const b = new TokenBuf();
    scanTokens(text, b);
    expect(text.slice(b.start[1], b.end[1])).toBe('ISKP');
  });

  it('hashes while scanning exactly as hashKey hashes the key', () => {
    const text = "Zabīhullāh al-Qa'ida U.S. ذبیح‌الله 𝐓𝐓𝐏 Tali\u00adban";
    const b = new TokenBuf();
    scanTokens(text, b);
    for (let i = 0; i < b.n; i++)
      expect(b.hash[i]).toBe(hashKey(tokenKey(text, b.start[i] ?? 0, b.end[i] ?? 0, false)));
  });

  it('tokenIs compares keys, with an optional plural s', () => {
    const text = 'Zabīhullāh Talibans';
    expect(tokenIs(text, 0, 10, 'zabihullah', false)).toBe(true);
    expect(tokenIs(text, 11, 19, 'taliban', true)).toBe(true);
    expect(tokenIs(text, 11, 19, 'taliban', false)).toBe(false);
    expect(tokenIs(text, 11, 19, 'talibans', true)).toBe(false);
  });

  it('keeps offsets and hashes right on random mixed-script text (seeded)', () => {
    const pieces = [
      'a',
      'Z',
      '9',
      ' ',
      '-',
      '.',
      "'",
      '’',
      's',
      'é',
      'e\u0301',
      'ß',
      'ی',
      'ك',
      'ـ',
      '\u200c',
      '\u00ad',
      '\u200b',
      '𝐓',
      '😀',
      '—',
      '\n',
      'http://x.y/z ',
      'U.S.',
      'Mr. ',
      '،',
      'ＡＢ',
      '\ud800',
    ];
    let seed = 12345;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
    const b = new TokenBuf();
    for (let round = 0; round < 300; round++) {
      let text = '';
      for (let k = 0; k < 60; k++) text += pieces[Math.floor(next() * pieces.length)];
      scanTokens(text, b);
      let prevEnd = 0;
      for (let i = 0; i < b.n; i++) {
        const s = b.start[i] ?? 0,
          e = b.end[i] ?? 0;
        expect(s).toBeGreaterThanOrEqual(prevEnd);
        expect(e).toBeGreaterThan(s);
        expect(e).toBeLessThanOrEqual(text.length);
        const key = tokenKey(text, s, e, false);
        expect(key.length).toBeGreaterThan(0);
        expect(b.hash[i]).toBe(hashKey(key));
        prevEnd = e;
      }
    }
  });

  it('grows its buffers for long texts', () => {
    const b = new TokenBuf();
    scanTokens('word '.repeat(5000), b);
    expect(b.n).toBe(5000);
  });
});
