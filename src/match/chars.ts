// Character classes and folding: the one place that decides what a character
// is to the matcher. Names and item text both go through these tables, so the
// two sides always agree (see tokenize.ts).
//
// Folding per code point: NFKC, then NFD with every combining mark removed
// (diacritics: "Zabīhullāh" → "Zabihullah"; Arabic harakat and hamza-above),
// then Arabic-script letter folding, then lower case. Doing it per code point
// gives the same keys as normalizing the whole string first, because marks are
// dropped anyway, and it keeps every token's offsets in the original text.

// Classes are ordered so that `class >= C_APOS` means "a hard break when outside a word".
/** A letter, digit, mark or "_": part of a word. */
export const C_WORD = 1;
/** Whitespace (including NBSP and ZWNJ): separates words, a name may span it. */
export const C_SPACE = 2;
/** Hyphen or dash of any kind: counts as a space. */
export const C_DASH = 3;
/** Soft hyphen, zero-width and bidi controls, tatweel: dropped as if absent. */
export const C_DROP = 4;
/** Apostrophe-like: dropped inside a word, possessive 's dropped, otherwise a break. */
export const C_APOS = 5;
/** Any other punctuation, symbol or line break: a name never spans it. */
export const C_BREAK = 6;
/** Full stop: a break, except inside dotted acronyms (U.S.) and after abbreviations (Mr.). */
export const C_DOT = 7;

/** ASCII class by char code. */
export const ASCII_CLASS = new Uint8Array(128).fill(C_BREAK);
/** ASCII lower-case fold of word characters by char code; 0 for non-word. */
export const ASCII_FOLD = new Uint8Array(128);

for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[a-z0-9_]/.test(ch)) {
    ASCII_CLASS[c] = C_WORD;
    ASCII_FOLD[c] = c;
  } else if (/[A-Z]/.test(ch)) {
    ASCII_CLASS[c] = C_WORD;
    ASCII_FOLD[c] = c + 32;
  }
}
for (const c of [9, 11, 12, 32]) ASCII_CLASS[c] = C_SPACE; // '\n' and '\r' stay breaks: a block boundary.
ASCII_CLASS[45] = C_DASH;
ASCII_CLASS[39] = C_APOS;
ASCII_CLASS[96] = C_APOS;
ASCII_CLASS[46] = C_DOT;

const cps = (s: string): number[] => [...s].map((ch) => ch.codePointAt(0) ?? 0);
const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);

const EXPLICIT = new Map<number, number>();
for (const cp of [0x2018, 0x2019, 0x201b, 0x02bc, 0x02bb, 0x00b4, 0x2032, 0xff07]) EXPLICIT.set(cp, C_APOS);
// ʾ and ʿ (modifier letters) only ever transliterate hamza and ayn, never quote: they vanish wherever they are,
// also at the start of a word ("al-ʿAdl" = "al-Adl"), where an apostrophe would be a quote and a break.
for (const cp of [0x02be, 0x02bf]) EXPLICIT.set(cp, C_DROP);
for (const cp of [
  0x00ad,
  0x200b,
  0x200d,
  0x2060,
  0xfeff,
  0x180e,
  0x200e,
  0x200f,
  0x061c,
  0x034f,
  0x0640,
  ...range(0x202a, 0x202e),
  ...range(0x2066, 0x2069),
])
  EXPLICIT.set(cp, C_DROP);
EXPLICIT.set(0x200c, C_SPACE); // ZWNJ: Persian/Urdu write it where others write a space, so both mean the same.
for (const cp of [0x0085, 0x2028, 0x2029]) EXPLICIT.set(cp, C_BREAK);
for (const cp of [0x2212, 0xfe58, 0xfe63, 0xff0d]) EXPLICIT.set(cp, C_DASH);

/** Arabic-script letter folding: variants that writers (and keyboards) use interchangeably. */
const ARABIC_FOLD = new Map<number, string>();
const fold = (from: string, to: string) => {
  for (const cp of cps(from)) ARABIC_FOLD.set(cp, to);
};
fold('یىۍې', 'ي'); // Farsi yeh, alef maksura, Pashto yeh forms → Arabic yeh (hamza-on-yeh decomposes to yeh)
fold('کڪ', 'ك'); // Farsi/swash kaf → Arabic kaf
fold('ةہھەۃ', 'ه'); // teh marbuta, heh goal, heh doachashmee, ae → heh
fold('ٱٲٳٵ', 'ا'); // alef wasla and other alef forms (hamza/madda alefs decompose to bare alef)
fold('ګ', 'گ'); // Pashto gaf ring → gaf
for (let d = 0; d < 10; d++) {
  ARABIC_FOLD.set(0x0660 + d, String(d));
  ARABIC_FOLD.set(0x06f0 + d, String(d));
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;
const MARKS = /\p{M}/gu;
const SPACE_CHAR = /\s/u;
const DASH_CHAR = /\p{Pd}/u;

interface Info {
  cls: number;
  lower: string;
  cased: string;
}

function compute(cp: number): Info {
  const explicit = EXPLICIT.get(cp);
  if (explicit !== undefined) return { cls: explicit, lower: '', cased: '' };
  const ch = String.fromCodePoint(cp);
  if (/\p{M}/u.test(ch)) return { cls: C_WORD, lower: '', cased: '' }; // a mark stays in its word, adds nothing
  const arabic = ARABIC_FOLD.get(cp);
  if (arabic !== undefined) return { cls: C_WORD, lower: arabic, cased: arabic };
  if (SPACE_CHAR.test(ch)) return { cls: C_SPACE, lower: '', cased: '' };
  const nf = ch.normalize('NFKC');
  if (nf !== ch && nf.length > 0 && !WORD_CHAR.test(nf[0] ?? '')) {
    const first = nf.codePointAt(0) ?? 0;
    return first < 128 ? { cls: ASCII_CLASS[first] ?? C_BREAK, lower: '', cased: '' } : compute(first);
  }
  if (!WORD_CHAR.test(nf)) return { cls: DASH_CHAR.test(ch) ? C_DASH : C_BREAK, lower: '', cased: '' };
  let cased = '';
  for (const c of nf.normalize('NFD').replace(MARKS, '')) {
    const a = ARABIC_FOLD.get(c.codePointAt(0) ?? 0);
    if (a !== undefined) cased += a;
    else if (WORD_CHAR.test(c)) cased += c;
  }
  const lower = cased.toLowerCase().replace(/ς/g, 'σ').replace(/ß/g, 'ss');
  return { cls: C_WORD, lower, cased };
}

// Caches filled on first sight of a code point. BMP classes and single-unit folds live in
// flat typed arrays (the scanner's per-character path); folds of other lengths, case-kept
// folds and astral code points in Maps.
const bmpClass = new Uint8Array(0x10000); // 0 = not computed yet
const bmpUnit = new Uint16Array(0x10000); // lower-case fold when it is one UTF-16 unit; 0 = empty; MULTI = see `multi`
const MULTI = 0xffff;
const multi = new Map<number, string>();
const cased = new Map<number, string>();
const astral = new Map<number, Info>();

function info(cp: number): Info {
  if (cp < 128) {
    const cls = ASCII_CLASS[cp] ?? C_BREAK;
    const word = cls === C_WORD;
    return {
      cls,
      lower: word ? String.fromCharCode(ASCII_FOLD[cp] ?? 0) : '',
      cased: word ? String.fromCharCode(cp) : '',
    };
  }
  if (cp >= 0x10000) {
    let i = astral.get(cp);
    if (!i) astral.set(cp, (i = compute(cp)));
    return i;
  }
  const i = compute(cp);
  if (bmpClass[cp] === 0) {
    const lower = i.cls === C_WORD ? i.lower : '';
    bmpClass[cp] = i.cls;
    bmpUnit[cp] =
      lower.length === 1 && lower.charCodeAt(0) !== MULTI ? lower.charCodeAt(0) : lower.length === 0 ? 0 : MULTI;
    if (bmpUnit[cp] === MULTI) multi.set(cp, lower);
    cased.set(cp, i.cls === C_WORD ? i.cased : '');
  }
  return i;
}

/** Class of a code point (any plane). */
export function charClass(cp: number): number {
  if (cp < 0x10000) {
    const k = bmpClass[cp]!;
    return k !== 0 ? k : info(cp).cls;
  }
  return info(cp).cls;
}

/**
 * The lower-case fold of a BMP word character as one UTF-16 unit, 0 when it folds to nothing
 * (a mark), or -1 when it folds to several units (use charLower). Call charClass first.
 */
export function foldUnit(cp: number): number {
  const u = bmpUnit[cp]!;
  return u === MULTI ? -1 : u;
}

/** Lower-case folded form of a word code point ('' for marks). */
export function charLower(cp: number): string {
  if (cp < 128) return info(cp).lower;
  if (cp < 0x10000) {
    if (bmpClass[cp] === 0) info(cp);
    const u = bmpUnit[cp]!;
    return u === MULTI ? (multi.get(cp) ?? '') : u === 0 ? '' : String.fromCharCode(u);
  }
  return info(cp).lower;
}

/** Folded form of a word code point with its case kept (for case-sensitive names). */
export function charCased(cp: number): string {
  if (cp < 128 || cp >= 0x10000) return info(cp).cased;
  if (bmpClass[cp] === 0) info(cp);
  return cased.get(cp) ?? '';
}
