// The matcher's public shapes. Match itself is a pipeline type (core/types.ts).
import type { Field, Match } from '../core/types.js';
import type { VariantReport } from './compile.js';

/** One item to match. `text` is FeedItem.text ('\n' = block break); `title` is plain text. */
export interface MatchInput {
  title: string;
  text: string;
}

/** Why an occurrence of a name did not count. */
export type MissReason =
  | 'wrong-case' // a case-sensitive name in other capitals ("ttp" for TTP)
  | 'plural-case-sensitive' // "TTPs": no plural on case-sensitive names
  | 'inside-word' // "ISKPX", "Talibanisation", "mujahideen"
  | 'inside-url' // "…/ttp-attack/…": URLs are never matched
  | 'spans-break' // the words are there but a full stop, other punctuation or a block boundary lies between them
  | 'inside-longer-name' // "Taliban" inside "Pakistani Taliban", a name of another entity in the watchlist
  | 'excluded' // inside one of the entity's `exclude` phrases
  | 'no-context' // none of the entity's `context` terms appears in the item
  | 'rule-all' // a term of an `all:` rule is missing
  | 'rule-any' // no term of an `any:` rule appears
  | 'rule-none' // a term of a `none:` rule appears
  | 'rule-near'; // no `near:` term within N words

/** An occurrence of a name that almost counted. */
export interface NearMiss {
  watchlist: string;
  entity: string;
  /** The configured name or alias that was tried. */
  alias: string;
  field: Field;
  /** UTF-16 offsets in the field's text of what was found (for `inside-word`, the whole word). */
  start: number;
  end: number;
  reason: MissReason;
  /** Human-readable detail, e.g. `inside "Pakistani Taliban" (exclude)`. */
  detail: string;
}

/** An occurrence of a rule term (exclude, context, all, any, none, near). */
export interface TermHit {
  term: string;
  field: Field;
  start: number;
  end: number;
}

export interface Explanation {
  input: MatchInput;
  matches: Match[];
  misses: NearMiss[];
  terms: TermHit[];
  /** Fields longer than the read budget (index.ts READ_LIMIT): text from `from` on was not read. */
  unread: { field: Field; from: number }[];
}

export interface Matcher {
  /** All counted occurrences, ordered by field (title first) then offset. */
  match(input: MatchInput): Match[];
  /** The counted matches plus every name that almost matched and why it did not count. */
  explain(input: MatchInput): Explanation;
  /** Number of compiled names (names and aliases over all entities). */
  readonly names: number;
  /** Number of spelling variants compiled besides them (`variants: auto`). */
  readonly variants: number;
  /** Per entity: the spelling variants generated and those dropped, and why. */
  variantReport(): VariantReport[];
}
