// Spelling variants of transliterated names (issue 12 §2): `variants: auto` on an entity or a
// watchlist makes each of its names (not its case-sensitive ones) also match the usual other
// romanizations of its words. A generator of exact names: every variant is a token sequence
// compiled into the same trie as the names, so matching costs what it did.
//
// A variant is the name with at most MAX_EDITS edits, each one of these rules:
//   long vowel   oo/u, ou/u, ee/i, aa/a                       Noor/Nur, Yousuf/Yusuf, Zabeehullah/Zabihullah
//   vowel        e/a, o/u, i/e, ai/i/e between consonants     Mehsud/Mahsud, Mohammad/Muhammad, Sirajuddin/Serajuddin,
//                                                             Hibatullah/Haibatullah
//   double       a doubled consonant single, a single one     Haqqani/Haqani, Ghafari/Ghaffari
//                between vowels doubled
//   silent h     an h between vowels or ending a word after   Zabihullah/Zabiullah, Abdullah/Abdulla,
//                a vowel dropped; h put between i/e and u,    Akhundzada/Akhundzadah
//                or after a final a
//   q/k          q before a vowel as k, k before a as q       Haqqani/Hakkani, Qari/Kari, Muttaqi/Muttaki
//   dh/z         dh as z, z as dh                             Zabihullah/Dhabihullah
//   article      al/el and the assimilated forms (ad-, ud-,   al-Zawahiri/el-Zawahiri/alZawahiri,
//                ur-, ash-…) with or without hyphen or space;  Abdul Ghani/Abd al-Ghani/Abdel Ghani/Abdulghani,
//                -ullah, -uddin, -urrahman joined or apart    Zabihullah/Zabih Ullah, Sirajuddin/Siraj ud-Din
// Ayn and hamza marks need no rule: the tokenizer drops ʿ and ʾ anywhere, ‘ ’ ' inside a word.
// Only words of letters a-z, three letters or more, that are not common English words vary
// ("Islamic State Khorasan" varies only "Khorasan"). Arabic-script names never vary.
import { COMMON_WORDS } from './common-words.js';

/** `variants` when neither the entity nor its watchlist sets it (chosen by measurement: see README). */
export const DEFAULT_VARIANTS: 'auto' | 'off' = 'auto';

/** Edits per name: two reach Yousaf→Yusuf, Noor Wali Mehsud→Nur Wali Mahsud, Mohammed→Muhammad. */
export const MAX_EDITS = 2;
/** Variants kept per name at most (single edits first): bounds the trie whatever the name. */
export const MAX_PER_NAME = 300;
/**
 * Variants kept per config at most: with more than TOTAL_VARIANTS / MAX_PER_NAME names with variants on, each
 * name gets an equal share (single edits first), so a watchlist of 10,000 names still compiles in about a second.
 */
export const TOTAL_VARIANTS = 50_000;

export type VariantRule = 'long vowel' | 'vowel' | 'double' | 'silent h' | 'q/k' | 'dh/z' | 'article';

export interface Variant {
  keys: string[];
  /** The rules applied, in order. */
  rules: VariantRule[];
}

const VOWEL = /[aeiou]/;
const isVowel = (c: string | undefined) => c !== undefined && VOWEL.test(c);
const isConsonant = (c: string | undefined) => c !== undefined && c >= 'a' && c <= 'z' && !VOWEL.test(c);
/** Letters after which an h is part of a digraph (sh, kh, th, dh, gh, ch, ph, zh), never silent. */
const DIGRAPH_H = new Set(['s', 'k', 't', 'd', 'g', 'c', 'p', 'z']);

/** Whether a word may vary: letters a-z only, three or more, not a common English word. */
export function varies(word: string): boolean {
  return word.length >= 3 && /^[a-z]+$/.test(word) && !COMMON_WORDS.has(word) && !ARTICLES.has(word);
}

interface Edit {
  word: string;
  rule: VariantRule;
}

/** All single-rule edits of one word. */
function wordEdits(w: string): Edit[] {
  const out: Edit[] = [];
  const put = (i: number, len: number, by: string, rule: VariantRule) =>
    out.push({ word: w.slice(0, i) + by + w.slice(i + len), rule });
  for (let i = 0; i < w.length; i++) {
    const c = w[i] as string,
      prev = w[i - 1],
      next = w[i + 1],
      two = w.slice(i, i + 2);
    // long vowels
    if (two === 'oo' || two === 'ou') put(i, 2, 'u', 'long vowel');
    else if (two === 'ee') put(i, 2, 'i', 'long vowel');
    else if (two === 'aa') put(i, 2, 'a', 'long vowel');
    const single = isVowel(c) && !isVowel(prev) && !isVowel(next);
    const firstVowel = single && ![...w.slice(0, i)].some(isVowel);
    const lastVowel = single && ![...w.slice(i + 1)].some(isVowel) && !firstVowel;
    if (single && c === 'u') {
      put(i, 1, 'oo', 'long vowel');
      put(i, 1, 'ou', 'long vowel');
    }
    if (single && c === 'i') put(i, 1, 'ee', 'long vowel');
    // short vowels between consonants; at the start of a word only o/u and e/i (Osman/Usman, Esmat/Ismat)
    if (single && (i === 0 ? isConsonant(next) : isConsonant(prev))) {
      if (c === 'a' && i > 0) put(i, 1, 'e', 'vowel');
      if (c === 'e') {
        if (i > 0) put(i, 1, 'a', 'vowel');
        put(i, 1, 'i', 'vowel');
        if (firstVowel && i > 0) put(i, 1, 'ai', 'vowel');
      }
      if (c === 'i') {
        put(i, 1, 'e', 'vowel');
        if (firstVowel && i > 0) put(i, 1, 'ai', 'vowel');
      }
      if (c === 'o') put(i, 1, 'u', 'vowel');
      if (c === 'u') put(i, 1, 'o', 'vowel');
      // Urdu spellings write a short u of the last syllable as a: Yusuf/Yousaf
      if (c === 'u' && lastVowel) put(i, 1, 'a', 'vowel');
      if (c === 'a' && lastVowel && isConsonant(next)) put(i, 1, 'u', 'vowel');
    }
    if (two === 'ai' && isConsonant(prev) && isConsonant(w[i + 2])) {
      put(i, 2, 'i', 'vowel');
      put(i, 2, 'e', 'vowel');
    }
    // doubled consonants
    if (isConsonant(c) && next === c) put(i, 2, c, 'double');
    else if (
      isConsonant(c) &&
      c !== 'h' &&
      c !== 'w' &&
      c !== 'y' &&
      isVowel(prev) &&
      isVowel(next) &&
      w[i - 1] !== undefined
    )
      put(i, 1, c + c, 'double');
    // silent h
    if (c === 'h' && isVowel(prev) && !DIGRAPH_H.has(prev ?? '') && (isVowel(next) || next === undefined))
      put(i, 1, '', 'silent h');
    if ((c === 'i' || c === 'e') && next === 'u') put(i + 1, 0, 'h', 'silent h');
    if (c === 'a' && next === undefined && i >= 3) put(i + 1, 0, 'h', 'silent h'); // Akhundzada/Akhundzadah, Mulla/Mullah
    // q/k before a
    // (q as k before any vowel: Muttaqi/Muttaki, Qari/Kari; k as q only before a, where Arabic q is usual)
    if (c === 'q' && (isVowel(next) || (next === 'q' && isVowel(w[i + 2]))) && prev !== 'q')
      put(i, next === 'q' ? 2 : 1, next === 'q' ? 'kk' : 'k', 'q/k');
    if (c === 'k' && next === 'a' && prev !== 'k') put(i, 1, 'q', 'q/k');
    // dh/z
    if (two === 'dh') put(i, 2, 'z', 'dh/z');
    if (c === 'z' && next !== 'z') put(i, 1, 'dh', 'dh/z');
  }
  return out;
}

/**
 * The Arabic article and its forms before sun letters, as written apart ("al", "ud"…); not the forms that are
 * English words ("as", "us", "an", "at", "ad"), so that "US Special Representative" is never read as one.
 */
const ARTICLES = new Set(['al', 'el', 'ul', 'ud', 'ur', 'ush', 'un', 'ut', 'az', 'uz', 'adh', 'udh', 'ar', 'ed']);
const SUN = ['th', 'sh', 'dh', 't', 'd', 'r', 'z', 's', 'n'];

/** Forms of the article before `word`: al, el, ul, and before a sun letter a-, u-, e- + that letter. */
function articleForms(word: string): string[] {
  const sun = SUN.find((s) => word.startsWith(s));
  return sun ? ['al', 'el', 'ul', `a${sun}`, `u${sun}`, `e${sun}`] : ['al', 'el', 'ul'];
}

/** Compound names whose second part is an article + word: Zabih-ullah, Siraj-ud-din, Habib-ur-rahman. */
const COMPOUNDS: Array<{ tail: RegExp; forms: (head: string) => string[][] }> = [
  {
    tail: /^(.{3,}?)(?:ullah|ollah|allah|ulla)$/,
    forms: (h) => [[h, 'ullah'], [h, 'allah'], [`${h}ullah`], [`${h}allah`], [`${h}ollah`]],
  },
  {
    tail: /^(.{3,}?)(?:uddin|uddeen|eddin|addin|udin)$/,
    forms: (h) => [[h, 'ud', 'din'], [h, 'uddin'], [`${h}uddin`], [`${h}eddin`], [`${h}addin`], [h, 'al', 'din']],
  },
  {
    tail: /^(.{3,}?)(?:urrahman|urrehman|arrahman)$/,
    forms: (h) => [[h, 'ur', 'rahman'], [h, 'ur', 'rehman'], [`${h}urrahman`], [`${h}urrehman`], [h, 'al', 'rahman']],
  },
];
const ABD = /^abd(?:ul|el|al|ol)?$/;

/** Edits that change how the name's words are cut: article forms and compounds. */
function structuralEdits(keys: readonly string[]): string[][] {
  const out: string[][] = [];
  const at = (i: number, n: number, by: string[]) => out.push([...keys.slice(0, i), ...by, ...keys.slice(i + n)]);
  keys.forEach((k, i) => {
    const next = keys[i + 1];
    // abd + article + X, however written: Abdul Ghani, Abd al-Ghani, Abdel Ghani, Abdulghani
    if (ABD.test(k) && next !== undefined) {
      const rest = k === 'abd' && next !== undefined && ARTICLES.has(next) ? keys[i + 2] : next;
      const n = k === 'abd' && next !== undefined && ARTICLES.has(next) ? 3 : 2;
      if (rest !== undefined) {
        for (const f of [
          ['abdul', rest],
          ['abdel', rest],
          ['abd', 'al', rest],
          ['abd', 'ul', rest],
          ['abd', 'el', rest],
          [`abdul${rest}`],
          [`abdel${rest}`],
        ])
          at(i, n, f);
      }
      return;
    }
    // al-X: other forms, apart or joined
    if (ARTICLES.has(k) && next !== undefined && /^[a-z]{3,}$/.test(next)) {
      for (const a of articleForms(next)) {
        if (a !== k) at(i, 2, [a, next]);
        at(i, 2, [a + next]);
      }
      return;
    }
    // a joined compound apart, or in its other spellings
    for (const c of COMPOUNDS) {
      const m = c.tail.exec(k);
      if (m && !COMMON_WORDS.has(k)) for (const f of c.forms(m[1] as string)) at(i, 1, f);
    }
    // an apart compound joined: Zabih Ullah → Zabihullah
    if (next !== undefined && /^(?:ullah|allah|uddin|din|rahman)$/.test(next) && /^[a-z]{3,}$/.test(k))
      at(i, 2, [k + next]);
    if (next !== undefined && /^(?:ud|ur)$/.test(next) && keys[i + 2] !== undefined)
      at(i, 3, [k + next + (keys[i + 2] ?? '')]);
  });
  return out;
}

/** All names one edit away. */
function oneEdit(keys: readonly string[]): Array<{ keys: string[]; rule: VariantRule }> {
  const out: Array<{ keys: string[]; rule: VariantRule }> = [];
  keys.forEach((k, i) => {
    if (!varies(k)) return;
    for (const e of wordEdits(k)) out.push({ keys: [...keys.slice(0, i), e.word, ...keys.slice(i + 1)], rule: e.rule });
  });
  for (const s of structuralEdits(keys)) out.push({ keys: s, rule: 'article' });
  return out;
}

/**
 * The variants of a name given by its folded keys, at most MAX_EDITS edits away, without the name itself;
 * fewest edits first, at most MAX_PER_NAME.
 */
export function nameVariants(keys: readonly string[], max = MAX_PER_NAME): Variant[] {
  const seen = new Set<string>([keys.join(' ')]);
  const out: Variant[] = [];
  let frontier: Variant[] = [{ keys: [...keys], rules: [] }];
  for (let d = 0; d < MAX_EDITS && out.length < max; d++) {
    const next: Variant[] = [];
    for (const v of frontier) {
      for (const e of oneEdit(v.keys)) {
        const id = e.keys.join(' ');
        if (seen.has(id) || e.keys.some((x) => x.length === 0)) continue;
        seen.add(id);
        const nv = { keys: e.keys, rules: [...v.rules, e.rule] };
        next.push(nv);
        if (out.push(nv) >= max) return out;
      }
    }
    frontier = next;
  }
  return out;
}

/** Why a generated variant is not used. */
export type DropReason = 'common word' | 'another entity' | 'shared';
