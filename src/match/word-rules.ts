// Word-level rules of the tokenizer, on the original UTF-16 text. The scanner
// (tokenize.ts) calls these only at the rare characters that need a decision:
// a '.', an apostrophe, the start of something that may be a URL. tokenKey and
// tokenIs rebuild or check a token's key from its offsets (for hits only).
import * as chars from './chars.js';
import * as hash from './hash.js';

const { ASCII_FOLD, C_BREAK, C_SPACE, C_WORD, charCased, charClass, charLower } = chars;
const { hashKey } = hash;

const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'gen',
  'lt',
  'col',
  'maj',
  'sgt',
  'capt',
  'gov',
  'sen',
  'rep',
  'prof',
  'amb',
  'st',
  'jr',
  'sr',
  'rev',
  'hon',
  'adm',
  'brig',
  'pres',
  'mt',
]);
const ABBREVIATION_HASHES = new Set([...ABBREVIATIONS].map(hashKey));

/** What a '.' does: ends the word and breaks; joins a dotted acronym; ends an acronym (kept); ends an abbreviation (no break). */
export const DOT_BREAK = 0,
  DOT_ACRONYM = 1,
  DOT_FINAL = 2,
  DOT_ABBREVIATION = 3;
/** What an apostrophe does: ends the word and breaks; vanishes inside the word; with the "s" after it, ends the word (possessive). */
export const APOS_END = 0,
  APOS_IN_WORD = 1,
  APOS_POSSESSIVE = 2;

export function isWordAt(text: string, j: number): boolean {
  if (j >= text.length) return false;
  const c = text.charCodeAt(j);
  return c < 128 ? ASCII_FOLD[c] !== 0 : charClass(text.codePointAt(j) ?? c) === C_WORD;
}

function isLetterAt(text: string, j: number): boolean {
  const c = text.charCodeAt(j);
  return c < 128 ? (c | 32) >= 97 && (c | 32) <= 122 : isWordAt(text, j);
}

/** What a '.' at i does to the word that started at s (`dots`: acronym dots already in it). */
export function dotKind(text: string, i: number, s: number, dots: number, h: number): number {
  const single = isLetterAt(text, i - 1) && (i - 1 === s || text.charCodeAt(i - 2) === 46);
  if (single) {
    if (isLetterAt(text, i + 1) && (text.charCodeAt(i + 2) === 46 || !isWordAt(text, i + 2))) return DOT_ACRONYM;
    if (dots > 0) return DOT_FINAL;
  }
  if (dots === 0 && i - s <= 4 && ABBREVIATION_HASHES.has(h) && ABBREVIATIONS.has(tokenKey(text, s, i, false)))
    return DOT_ABBREVIATION;
  return DOT_BREAK;
}

export function apostropheKind(text: string, i: number): number {
  const n = text.charCodeAt(i + 1);
  if ((n === 115 || n === 83) && !isWordAt(text, afterDropped(text, i + 2))) return APOS_POSSESSIVE;
  return isWordAt(text, i + 1) ? APOS_IN_WORD : APOS_END;
}

/** The first index at or after j that is not a dropped character (soft hyphen, zero-width, tatweel: they vanish). */
function afterDropped(text: string, j: number): number {
  while (j < text.length && text.charCodeAt(j) >= 128 && charClass(text.charCodeAt(j)) === chars.C_DROP) j++;
  return j;
}

const lc = (text: string, j: number) => text.charCodeAt(j) | 32;

/** End of a URL starting at i ("http://", "https://", "www."), or -1 when there is none. */
export function urlEnd(text: string, i: number): number {
  let j: number;
  if (lc(text, i) === 104 && lc(text, i + 1) === 116 && lc(text, i + 2) === 116 && lc(text, i + 3) === 112) {
    j = lc(text, i + 4) === 115 ? i + 5 : i + 4;
    if (text.charCodeAt(j) !== 58 || text.charCodeAt(j + 1) !== 47 || text.charCodeAt(j + 2) !== 47) return -1;
  } else if (
    lc(text, i) === 119 &&
    lc(text, i + 1) === 119 &&
    lc(text, i + 2) === 119 &&
    text.charCodeAt(i + 3) === 46
  ) {
    j = i + 4;
  } else return -1;
  for (; j < text.length; j++) {
    const d = text.charCodeAt(j);
    if (d <= 32 || d === 0xa0 || d === 34 || d === 60 || d === 62 || d === 0x201c || d === 0x201d || d === 0x3000)
      break;
  }
  while (j > i && '.,;:!?)]\u2019'.includes(text[j - 1] ?? '')) j--; // sentence punctuation after a URL is not part of it
  return j;
}

/** Folded key of the token at [s, e): its word characters, lower-cased or with case kept. */
export function tokenKey(text: string, s: number, e: number, cased: boolean): string {
  let out = '';
  for (let i = s; i < e;) {
    const cp = text.codePointAt(i) ?? 0;
    i += cp > 0xffff ? 2 : 1;
    if (cp < 128) {
      if (ASCII_FOLD[cp] !== 0) out += cased ? String.fromCharCode(cp) : String.fromCharCode(ASCII_FOLD[cp] ?? 0);
    } else if (charClass(cp) === C_WORD) out += cased ? charCased(cp) : charLower(cp);
  }
  return out;
}

/** Whether the token at [s, e) has folded key `key` (+ "s" when `plural`), without building the key. */
export function tokenIs(text: string, s: number, e: number, key: string, plural: boolean): boolean {
  let j = 0;
  for (let i = s; i < e;) {
    const cp = text.codePointAt(i) ?? 0;
    i += cp > 0xffff ? 2 : 1;
    if (cp < 128) {
      const f = ASCII_FOLD[cp] ?? 0;
      if (f === 0) continue;
      if (j < key.length ? key.charCodeAt(j) !== f : !(plural && j === key.length && f === 115 && i >= e)) return false;
      j++;
    } else if (charClass(cp) === C_WORD) {
      const f = charLower(cp);
      for (let k = 0; k < f.length; k++, j++) {
        if (
          j < key.length
            ? key.charCodeAt(j) !== f.charCodeAt(k)
            : !(plural && j === key.length && f.charCodeAt(k) === 115 && i >= e && k === f.length - 1)
        )
          return false;
      }
    }
  }
  return j === key.length + (plural ? 1 : 0);
}

/** An Arabic first word as written with the proclitic `lead` joined to it: ل before the article ال drops its alef. */
export function joinLead(lead: string, word: string): string {
  return lead.endsWith('ل') && word.startsWith('ال') ? lead + word.slice(1) : lead + word;
}

/**
 * Where to stop reading a text allowed `limit` UTF-16 units: the text's end if it fits; else just after the
 * last break (punctuation or line break, which no name or term spans) at or before `limit`, so that no name,
 * exclude phrase or term is cut in two; failing that, the last whitespace (no word is cut); failing that, 0.
 */
export function readEnd(text: string, limit: number): number {
  if (text.length <= limit) return text.length;
  let space = -1;
  for (let j = limit - 1; j >= 0; j--) {
    const c = text.charCodeAt(j);
    if (c >= 0xd800 && c <= 0xdfff) continue; // surrogates: astral characters are letters or symbols, never a cut
    const k = c < 128 ? (c === 46 || c === 39 || c === 96 ? 0 : chars.ASCII_CLASS[c]) : charClass(c);
    if (k === C_BREAK) return j + 1;
    if (k === C_SPACE && space < 0) space = j + 1;
  }
  return Math.max(space, 0);
}
