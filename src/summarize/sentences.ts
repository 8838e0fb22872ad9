// Sentence boundaries, found locally: the sentence around an offset is found by
// scanning to the nearest boundaries on each side, so summarizing costs the length of
// the few sentences used, not of the whole article.
//
// A boundary is a line break, or `.`/`!`/`?` (plus closing quotes or brackets) followed
// by whitespace and then not a lower-case letter — except after an abbreviation: a
// single letter (`U.S.`, `A.Q. Khan`) or a title such as `Mr.`, `Gen.`, `Lt.`.

export interface Sentence {
  start: number;
  end: number;
}

const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'gen',
  'lt',
  'col',
  'maj',
  'capt',
  'sgt',
  'cpl',
  'adm',
  'gov',
  'sen',
  'rep',
  'st',
  'jr',
  'sr',
  'no',
  'vol',
  'vs',
  'etc',
  'inc',
  'ltd',
  'co',
  'corp',
  'dept',
  'approx',
  'est',
  'fig',
  'jan',
  'feb',
  'mar',
  'apr',
  'aug',
  'sept',
  'sep',
  'oct',
  'nov',
  'dec',
]);
const CLOSERS = new Set(['"', "'", '”', '’', ')', ']', '»']);
const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\u00a0';

/** If a sentence ends with the character at `i`, the offset just past it (closers included); else -1. */
function endAt(text: string, i: number): number {
  const c = text[i];
  if (c === '\n') return i;
  if (c !== '.' && c !== '!' && c !== '?') return -1;
  let j = i + 1;
  while (j < text.length && CLOSERS.has(text[j] as string)) j++;
  if (j < text.length && !isSpace(text[j]) && text[j] !== '\n') return -1;
  let k = j;
  while (k < text.length && isSpace(text[k])) k++;
  const next = text[k];
  if (next !== undefined && next !== '\n' && next !== next.toUpperCase()) return -1; // "… e.g. the" — lower case follows
  if (c === '.') {
    let w = i;
    while (w > 0 && /\p{L}/u.test(text[w - 1] as string)) w--;
    const word = text.slice(w, i);
    if (word.length === 1 || ABBREVIATIONS.has(word.toLowerCase())) return -1;
  }
  return j;
}

/** The sentence containing offset `at` (trimmed). */
export function sentenceAt(text: string, at: number): Sentence {
  let start = 0;
  for (let j = Math.min(at, text.length) - 1; j >= 0; j--) {
    const e = endAt(text, j);
    if (e >= 0 && e <= at) {
      start = text[j] === '\n' ? j + 1 : e;
      break;
    }
  }
  let end = text.length;
  for (let j = Math.max(at, start); j < text.length; j++) {
    const e = endAt(text, j);
    if (e >= 0) {
      end = e;
      break;
    }
  }
  while (start < end && /\s/.test(text[start] as string)) start++;
  while (end > start && /\s/.test(text[end - 1] as string)) end--;
  return { start, end };
}

/** The first sentence of the text, or null when it has no text. */
export function firstSentence(text: string): Sentence | null {
  let at = 0;
  while (at < text.length && /\s/.test(text[at] as string)) at++;
  if (at >= text.length) return null;
  return sentenceAt(text, at);
}

/** Every sentence, in order (for tests and small texts). */
export function sentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let s = firstSentence(text);
  while (s) {
    out.push(s);
    let next = s.end;
    while (next < text.length && /\s/.test(text[next] as string)) next++;
    s = next < text.length ? sentenceAt(text, next) : null;
  }
  return out;
}
