// The tokenizer shared by names, terms and item text. A token is a run of word
// characters, hashed while it is read (hash.ts), so the hot path allocates no
// string; it keeps its UTF-16 offsets in the original text. Between two tokens
// there is either nothing that matters (spaces, dashes, dropped characters) or
// a hard break (any other punctuation, a line break, a URL), which no name spans.
//
// Speed: the text is first encoded to UTF-8 into a reused byte buffer (native,
// fast), and the scanner walks bytes; a plain ASCII run costs one table lookup
// and one multiply per byte. Other characters are decoded on the spot, and `d`
// (bytes read minus UTF-16 units read) turns byte positions back into offsets.
//
// Word-level rules (word-rules.ts), in the order the scanner applies them:
//  - "http://…", "https://…", "www.…" up to the next space is a URL: no tokens, a break
//    (so "https" never yields "ttp", and a path like /ttp-attack/ never counts);
//  - soft hyphens, zero-width and bidi controls and tatweel vanish, even inside a word;
//  - an apostrophe between two word characters vanishes (al-Qa'ida = al-Qaida);
//    "'s" ending a word is a possessive and is dropped (ISKP's = ISKP);
//  - a dot inside a dotted acronym is part of it (U.S. = US, A.Q. = AQ); the dot after a
//    known abbreviation (Mr., Gen.) is not a break; any other dot is a break.
import * as chars from './chars.js';
import * as hash from './hash.js';
import type { TokenBuf } from './token-buf.js';
import * as rules from './word-rules.js';

export { TokenBuf } from './token-buf.js';
export { tokenIs, tokenKey } from './word-rules.js';

// Module-local copies of imported tables and constants: the hot loop must not go
// through import bindings (some loaders, e.g. tsx, turn each access into a getter call).
const { ASCII_CLASS, ASCII_FOLD, C_APOS, C_DROP, C_WORD, charClass, charLower, foldUnit } = chars;
const { FNV_OFFSET, FNV_PRIME } = hash;
const { APOS_IN_WORD, APOS_POSSESSIVE, DOT_ABBREVIATION, DOT_ACRONYM, DOT_FINAL, apostropheKind, dotKind, urlEnd } =
  rules;

/** ASCII word bytes → lower case; 0 for every other byte (all of 0x80–0xFF included). */
const BYTE_FOLD = new Uint8Array(256);
BYTE_FOLD.set(ASCII_FOLD);

const encoder = new TextEncoder();
/** The reused UTF-8 buffer; texts over SHARED_MAX bytes get one of their own, not kept. */
let shared = new Uint8Array(1 << 16);
const SHARED_MAX = 1 << 22;

// Results of small helpers, in module variables so that no call allocates.
let cp = 0,
  cpBytes = 0;
let wHash = 0,
  wEnd = 0,
  wNext = 0,
  wDelta = 0,
  wNonEmpty = false;

/** Decode the multi-byte UTF-8 sequence at b[i] into cp and cpBytes. */
function decode(b: Uint8Array, i: number): void {
  const x = b[i]!;
  if (x < 0xe0) {
    cp = ((x & 0x1f) << 6) | (b[i + 1]! & 0x3f);
    cpBytes = 2;
  } else if (x < 0xf0) {
    cp = ((x & 0x0f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f);
    cpBytes = 3;
  } else {
    cp = ((x & 0x07) << 18) | ((b[i + 1]! & 0x3f) << 12) | ((b[i + 2]! & 0x3f) << 6) | (b[i + 3]! & 0x3f);
    cpBytes = 4;
  }
}

/** Advance from byte i to UTF-16 offset `to`; sets wNext and wDelta. */
function skipTo(b: Uint8Array, i: number, d: number, to: number): void {
  while (i - d < to) {
    if (b[i]! < 0x80) {
      i++;
      continue;
    }
    decode(b, i);
    d += cpBytes - (cp > 0xffff ? 2 : 1);
    i += cpBytes;
  }
  wNext = i;
  wDelta = d;
}

/**
 * The rest of a word after its plain ASCII run: '.', apostrophes, non-ASCII letters,
 * dropped characters, and any ASCII run after them. `s` and `e` are UTF-16 offsets,
 * `i` a byte index. Sets wHash, wEnd, wNext, wDelta, wNonEmpty.
 */
function wordTail(text: string, b: Uint8Array, n: number, s: number, i: number, d: number, h: number, e: number): void {
  let dots = 0;
  wNonEmpty = false;
  while (i < n) {
    const x = b[i]!;
    if (x < 128) {
      const f = BYTE_FOLD[x]!;
      if (f !== 0) {
        h = Math.imul(h ^ f, FNV_PRIME);
        e = ++i - d;
        wNonEmpty = true;
        continue;
      }
      if (x === 46) {
        const k = dotKind(text, i - d, s, dots, h);
        if (k === DOT_ACRONYM) {
          dots++;
          i++;
          continue;
        }
        if (k === DOT_FINAL) e = ++i - d;
        else if (k === DOT_ABBREVIATION) i++;
      } else if (x === 39 || x === 96) {
        const k = apostropheKind(text, i - d);
        if (k === APOS_IN_WORD) {
          i++;
          continue;
        }
        if (k === APOS_POSSESSIVE) i += 2;
      }
      break;
    }
    decode(b, i);
    const extra = cpBytes - (cp > 0xffff ? 2 : 1);
    const k = charClass(cp);
    if (k === C_WORD) {
      const u = cp < 0x10000 ? foldUnit(cp) : -1;
      if (u > 0) {
        h = Math.imul(h ^ u, FNV_PRIME);
        wNonEmpty = true;
      } else if (u < 0) {
        const f = charLower(cp);
        for (let j = 0; j < f.length; j++) h = Math.imul(h ^ f.charCodeAt(j), FNV_PRIME);
        if (f.length > 0) wNonEmpty = true;
      }
      i += cpBytes;
      d += extra;
      e = i - d;
      continue;
    }
    if (k === C_DROP) {
      i += cpBytes;
      d += extra;
      continue;
    }
    if (k === C_APOS) {
      const a = apostropheKind(text, i - d);
      if (a === APOS_IN_WORD) {
        i += cpBytes;
        d += extra;
        continue;
      }
      if (a === APOS_POSSESSIVE) {
        i += cpBytes + 1;
        d += extra;
      }
    }
    break;
  }
  wHash = h;
  wEnd = e;
  wNext = i;
  wDelta = d;
}

/** Tokenize `text` into `buf` (cleared first). Not re-entrant (shared scratch); matching is synchronous. */
export function scanTokens(text: string, buf: TokenBuf): void {
  buf.n = 0;
  buf.urls.length = 0;
  const need = text.length * 3 + 1; // UTF-8 needs at most 3 bytes per UTF-16 unit; +1 for the loop guard
  let b = shared;
  if (b.length < need) {
    b = new Uint8Array(need);
    if (need <= SHARED_MAX) shared = b;
  }
  const n = encoder.encodeInto(text, b).written;
  const FOLD = BYTE_FOLD,
    CLASS = ASCII_CLASS;
  let t = 0; // tokens written; buf's arrays are held in locals and re-read after a grow
  let { hash: H, start: S, end: E, brk: K } = buf;
  let i = 0; // byte index
  let d = 0; // invariant: at every character boundary, UTF-16 offset = i - d
  let brk = 1;
  while (i < n) {
    const c = b[i]!;
    if (c < 128) {
      const k = CLASS[c]!;
      if (k !== C_WORD) {
        if (k >= C_APOS) brk = 1;
        i++;
        continue;
      }
      if ((c | 32) === 104 || (c | 32) === 119) {
        const u = urlEnd(text, i - d);
        if (u > i - d) {
          buf.urls.push(i - d, u);
          skipTo(b, i, d, u);
          i = wNext;
          d = wDelta;
          brk = 1;
          continue;
        }
      }
    } else {
      decode(b, i);
      const k = charClass(cp);
      if (k !== C_WORD) {
        if (k >= C_APOS) brk = 1;
        d += cpBytes - (cp > 0xffff ? 2 : 1);
        i += cpBytes;
        continue;
      }
    }
    const s = i - d;
    let h = FNV_OFFSET;
    // The hot loop: a run of ASCII letters and digits, hashed as it is read.
    while (i < n) {
      const f = FOLD[b[i]!]!;
      if (f === 0) break;
      h = Math.imul(h ^ f, FNV_PRIME);
      i++;
    }
    let e = i - d;
    let nonEmpty = e > s;
    if (i < n) {
      const x = b[i]!;
      // A plain word end (space, comma, …) needs nothing more.
      if (x >= 128 || x === 46 || x === 39 || x === 96) {
        wordTail(text, b, n, s, i, d, h, e);
        h = wHash;
        e = wEnd;
        i = wNext;
        d = wDelta;
        nonEmpty ||= wNonEmpty;
      }
    }
    if (nonEmpty) {
      if (t === H.length) {
        buf.n = t;
        buf.grow();
        ({ hash: H, start: S, end: E, brk: K } = buf);
      }
      H[t] = h;
      S[t] = s;
      E[t] = e;
      K[t++] = brk;
      brk = 0;
    }
  }
  buf.n = t;
}
