// looksLikeHtml and absolutizeHtml: one pass over the text (issue 16, findings 4 and 5),
// and the same answers as the patterns they replace (./patterns-oracle.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { absolutizeHtml, hasRelativeUrl } from '../../src/parse/html-urls.js';
import { looksLikeHtml } from '../../src/parse/text.js';
import { oracleAbsolutizeHtml, oracleHasRelative, oracleLooksLikeHtml } from './patterns-oracle.js';

const BASE = 'https://s.example/dir/';

describe('hostile inputs (issue 16)', () => {
  it('finds the relative URL after an attribute with a long whitespace run', () => {
    const text = `&lt;a href=${' '.repeat(32_000)}https://o.example/x`;
    expect(hasRelativeUrl(text)).toBe(false);
    expect(absolutizeHtml(text, BASE)).toBe(text);
    expect(hasRelativeUrl(`&lt;a href=${' '.repeat(32_000)}/x`)).toBe(true);
    const tag = `<a href=${' '.repeat(32_000)}"/x">x</a>`;
    expect(absolutizeHtml(tag, BASE)).toBe(`<a href=${' '.repeat(32_000)}"https://s.example/x">x</a>`);
  });

  it('rewrites tags after many unclosed ones in one pass', () => {
    const open = '<a '.repeat(50_000);
    expect(absolutizeHtml(`${open} href=/x`, BASE)).toBe(`${open} href=/x`);
    expect(absolutizeHtml(`<img src=/i.png>${open}`, BASE)).toBe(`<img src="https://s.example/i.png">${open}`);
  });

  it('tells a title of 100,000 unclosed `&lt;a ` from HTML', () => {
    const title = '<a '.repeat(100_000);
    expect(looksLikeHtml(title)).toBe(false);
    expect(looksLikeHtml(`${title}>`)).toBe(true);
    expect(looksLikeHtml(`${'</b '.repeat(100_000)}x`)).toBe(false);
    expect(looksLikeHtml(`${'<blink '.repeat(100_000)}>`)).toBe(false);
  });
});

const PIECES = [
  '<',
  '>',
  '/',
  '</',
  '/>',
  'a',
  'A',
  'abbr',
  'b',
  'br',
  'h1',
  'h7',
  'blink',
  'x',
  ' ',
  '\t',
  '\n',
  '=',
  '"',
  "'",
  '#',
  ':',
  'href',
  'HREF',
  'src',
  ' href=',
  ' src =',
  'http:',
  'https://o.example/',
  '/rel',
  'rel.png',
  'mailto:x',
  'a+b-c.d:',
  '&amp;',
  '&#60;',
  '&#x3c;',
  '&bogus',
  '&lt;a ',
];
const htmlLike = fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }).map((p) => p.join(''));

describe('against the former patterns', () => {
  it('looksLikeHtml gives the same answer', () => {
    fc.assert(
      fc.property(htmlLike, (s) => {
        expect(looksLikeHtml(s), JSON.stringify(s)).toBe(oracleLooksLikeHtml(s));
      }),
      { numRuns: 20_000, seed: 16 },
    );
  });

  it('hasRelativeUrl and absolutizeHtml give the same result', () => {
    fc.assert(
      fc.property(htmlLike, (s) => {
        expect(hasRelativeUrl(s), JSON.stringify(s)).toBe(oracleHasRelative(s));
        expect(absolutizeHtml(s, BASE), JSON.stringify(s)).toBe(oracleAbsolutizeHtml(s, BASE));
      }),
      { numRuns: 20_000, seed: 16 },
    );
  });
});
