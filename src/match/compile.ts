// Watchlists → one compiled set: every name and every rule term, tokenized by
// the same scanner as item text, inserted into one token trie. Terms (exclude,
// context, all, any, none, near) are found in the same pass as names.
//
// No user-supplied regular expression exists anywhere in the matcher: names and
// terms are literal phrases, matched token by token in linear time, so no
// watchlist can make matching backtrack or hang.
import type { EntityConfig, RuleConfig, WatchlistConfig } from '../config/schema.js';
import { WatchlistCompileError } from './errors.js';
import { hashKey } from './hash.js';
import { type Trie, TrieBuilder } from './trie.js';
import { TokenBuf } from './token-buf.js';
import { scanTokens } from './tokenize.js';
import { COMMON_WORDS } from './common-words.js';
import {
  type DropReason,
  type VariantRule,
  DEFAULT_VARIANTS,
  MAX_PER_NAME,
  TOTAL_VARIANTS,
  nameVariants,
} from './variants.js';
import { joinLead, tokenKey } from './word-rules.js';

export interface CompiledName {
  /** As written in the config. */
  alias: string;
  entity: number;
  /** Lower-cased folded token keys. */
  keys: string[];
  /** Case-kept folded keys, for case-sensitive names; null otherwise. */
  cased: string[] | null;
  /** For a generated spelling variant of `alias`: its keys joined by spaces; null for a configured name. */
  variant: string | null;
}

/** What `variants: auto` made of one entity's names (`newswatch match --variants`). */
export interface VariantReport {
  watchlist: string;
  entity: string;
  /** Whether variants are on for this entity. */
  on: boolean;
  generated: Array<{ variant: string; of: string; rules: VariantRule[] }>;
  dropped: Array<{ variant: string; of: string; reason: DropReason; detail: string }>;
}

export interface CompiledTerm {
  text: string;
  keys: string[];
}

/**
 * A trie output: a name or a term, in its written form, with a plural "s" on its last
 * word, or (Arabic script) with a proclitic written onto its first word.
 */
export interface Pattern {
  kind: 'name' | 'term';
  ref: number;
  plural: boolean;
  /** The proclitic ("و", "بال"…) joined to the first word in this form, as it folds; '' if none. */
  lead: string;
}

export interface NearRule {
  terms: number[];
  within: number;
}

export interface RuleSet {
  /** Where the rule is written, for explanations: "entity" or "watchlist". */
  origin: 'entity' | 'watchlist';
  all: number[];
  any: number[];
  none: number[];
  near: NearRule | null;
}

export interface CompiledEntity {
  watchlist: string;
  /** Index of the watchlist: names only shadow names of the same watchlist. */
  wl: number;
  id: string;
  name: string;
  context: number[];
  exclude: number[];
  rules: RuleSet[];
}

export interface Compiled {
  trie: Trie;
  patterns: Pattern[];
  names: CompiledName[];
  terms: CompiledTerm[];
  entities: CompiledEntity[];
  variants: VariantReport[];
}

const scratch = new TokenBuf();
/** Spelling variants per exclude phrase at most (single edits first). */
const MAX_EXCLUDE_VARIANTS = 100;

/** Tokens of a configured phrase; a phrase with punctuation between its words could never match, so it is an error. */
function phraseKeys(text: string, path: string): { keys: string[]; cased: string[] } {
  scanTokens(text, scratch);
  if (scratch.n === 0) throw new WatchlistCompileError(path, `"${text}" has no letters or digits to match`);
  const keys: string[] = [],
    cased: string[] = [];
  for (let k = 0; k < scratch.n; k++) {
    const s = scratch.start[k] ?? 0,
      e = scratch.end[k] ?? 0;
    if (k > 0 && scratch.brk[k] === 1) {
      const between = text.slice(scratch.end[k - 1], s).trim();
      throw new WatchlistCompileError(
        path,
        `"${text}" contains "${between}", which ends a name in text (a name never spans punctuation); write it without`,
      );
    }
    keys.push(tokenKey(text, s, e, false));
    cased.push(tokenKey(text, s, e, true));
  }
  return { keys, cased };
}

/**
 * Why a configured phrase can never match, or null: the config schema asks this of every
 * phrase, so that `check` lists every such phrase of a file in one run.
 */
export function phraseProblem(text: string): string | null {
  try {
    phraseKeys(text, '');
    return null;
  } catch (err) {
    if (err instanceof WatchlistCompileError) return err.reason;
    throw err;
  }
}

class Compiler {
  readonly trie = new TrieBuilder();
  readonly patterns: Pattern[] = [];
  readonly names: CompiledName[] = [];
  readonly terms: CompiledTerm[] = [];
  private readonly termIds = new Map<string, number>();

  private insert(keys: string[], kind: Pattern['kind'], ref: number, withLeads = true, withPlural = true): void {
    const hashes = keys.map(hashKey);
    this.trie.insert(hashes, this.patterns.push({ kind, ref, plural: false, lead: '' }) - 1);
    if (!withPlural) return;
    const last = hashes[hashes.length - 1] as number;
    hashes[hashes.length - 1] = hashKey(`${keys[keys.length - 1]}s`);
    this.trie.insert(hashes, this.patterns.push({ kind, ref, plural: true, lead: '' }) - 1);
    hashes[hashes.length - 1] = last;
    if (!withLeads) return;
    for (const lead of proclitics(keys[0] ?? '')) {
      hashes[0] = hashKey(joinLead(lead, keys[0] ?? ''));
      this.trie.insert(hashes, this.patterns.push({ kind, ref, plural: false, lead }) - 1);
    }
  }

  term(text: string, path: string): number {
    return this.termOf(text, phraseKeys(text, path).keys);
  }

  private termOf(text: string, keys: string[]): number {
    const id = keys.join(' ');
    let ref = this.termIds.get(id);
    if (ref === undefined) {
      this.termIds.set(id, (ref = this.terms.push({ text, keys }) - 1));
      this.insert(keys, 'term', ref);
    }
    return ref;
  }

  /**
   * An exclude phrase and, for an entity with variants on, its spelling variants: "Taleban Pakistan" must be
   * excluded as "Taliban Pakistan" is, or a variant of the name would count where the name does not.
   */
  exclude(text: string, path: string, variants: boolean): number[] {
    const { keys } = phraseKeys(text, path);
    const refs = [this.termOf(text, keys)];
    if (variants) for (const v of nameVariants(keys, MAX_EXCLUDE_VARIANTS)) refs.push(this.termOf(text, v.keys));
    return refs;
  }

  rules(r: RuleConfig, origin: RuleSet['origin'], path: string): RuleSet | null {
    if (!r.all?.length && !r.any?.length && !r.none?.length && !r.near) return null;
    const list = (key: 'all' | 'any' | 'none') => (r[key] ?? []).map((t, i) => this.term(t, `${path}.${key}[${i}]`));
    const near = r.near
      ? { terms: r.near.terms.map((t, i) => this.term(t, `${path}.near.terms[${i}]`)), within: r.near.within }
      : null;
    return { origin, all: list('all'), any: list('any'), none: list('none'), near };
  }

  entity(e: EntityConfig, entity: number, path: string, variants: readonly PlannedVariant[]): void {
    const anyCase = new Set<string>(),
      exactCase = new Set<string>();
    const add = (text: string, caseSensitive: boolean, p: string) => {
      const { keys, cased } = phraseKeys(text, p);
      const id = keys.join(' ');
      // A case-sensitive name that is also a plain name of the entity adds nothing.
      if (anyCase.has(id) || (caseSensitive && exactCase.has(cased.join(' ')))) return;
      (caseSensitive ? exactCase : anyCase).add(caseSensitive ? cased.join(' ') : id);
      // (A case-sensitive name is matched as written: no proclitic forms.)
      this.insert(
        keys,
        'name',
        this.names.push({ alias: text, entity, keys, cased: caseSensitive ? cased : null, variant: null }) - 1,
        !caseSensitive,
      );
    };
    add(e.name, false, `${path}.name`);
    e.aliases.forEach((a, i) => add(a, false, `${path}.aliases[${i}]`));
    e.caseSensitive.forEach((a, i) => add(a, true, `${path}.caseSensitive[${i}]`));
    // Variants: exact names like the others, without the plural form (a plural of a variant spelling is rare,
    // and leaving it out halves what variants add to the trie).
    for (const v of variants) {
      const ref = this.names.push({ alias: v.of, entity, keys: v.keys, cased: null, variant: v.keys.join(' ') }) - 1;
      this.insert(v.keys, 'name', ref, false, false);
    }
  }
}

interface PlannedVariant {
  keys: string[];
  of: string;
  rules: VariantRule[];
}

/**
 * Spelling variants of every entity that has them on, after the precision guard: a variant that is a common
 * English word, or a name of another entity, or a variant of another entity's name too, is dropped.
 */
function planVariants(watchlists: readonly WatchlistConfig[]): {
  planned: PlannedVariant[][];
  reports: VariantReport[];
} {
  const entities = watchlists.flatMap((w) => w.entities.map((e) => ({ w, e })));
  // Every configured name of every entity (case-sensitive ones too: a variant "ttp" would be TTP's).
  const owner = new Map<string, number>();
  const allNames = entities.map(({ e }, i) => {
    const names = [e.name, ...e.aliases, ...e.caseSensitive].map((text) => {
      scanTokens(text, scratch);
      const keys: string[] = [];
      for (let k = 0; k < scratch.n; k++) keys.push(tokenKey(text, scratch.start[k] ?? 0, scratch.end[k] ?? 0, false));
      return { text, keys };
    });
    for (const n of names) if (!owner.has(n.keys.join(' '))) owner.set(n.keys.join(' '), i);
    return names;
  });
  const on = (i: number) => {
    const { w, e } = entities[i] as (typeof entities)[number];
    return (e.variants ?? w.variants ?? DEFAULT_VARIANTS) === 'auto';
  };
  const varied = entities.reduce((k, { e }, i) => k + (on(i) ? 1 + e.aliases.length : 0), 0);
  const perName = Math.max(1, Math.min(MAX_PER_NAME, Math.floor(TOTAL_VARIANTS / Math.max(1, varied))));
  const reports: VariantReport[] = [];
  const candidates: PlannedVariant[][] = [];
  const generatedBy = new Map<string, Set<number>>();
  entities.forEach(({ w, e }, i) => {
    const report: VariantReport = { watchlist: w.id, entity: e.id, on: on(i), generated: [], dropped: [] };
    reports.push(report);
    const list: PlannedVariant[] = [];
    candidates.push(list);
    if (!report.on) return;
    const own = new Set((allNames[i] ?? []).map((n) => n.keys.join(' ')));
    const mine = new Set<string>();
    const plain = (allNames[i] ?? []).slice(0, 1 + e.aliases.length); // never the case-sensitive names
    for (const n of plain) {
      for (const v of nameVariants(n.keys, perName)) {
        const id = v.keys.join(' ');
        if (own.has(id) || mine.has(id)) continue;
        mine.add(id);
        const other = owner.get(id);
        if (other !== undefined && other !== i) {
          report.dropped.push({
            variant: id,
            of: n.text,
            reason: 'another entity',
            detail: `a name of ${entities[other]?.e.id}`,
          });
        } else if (v.keys.every((k) => COMMON_WORDS.has(k))) {
          report.dropped.push({ variant: id, of: n.text, reason: 'common word', detail: 'common English word(s)' });
        } else {
          list.push({ keys: v.keys, of: n.text, rules: v.rules });
          let by = generatedBy.get(id);
          if (!by) generatedBy.set(id, (by = new Set()));
          by.add(i);
        }
      }
    }
  });
  const planned = candidates.map((list, i) =>
    list.filter((v) => {
      const by = generatedBy.get(v.keys.join(' ')) ?? new Set();
      const report = reports[i] as VariantReport;
      if (by.size > 1) {
        const others = [...by]
          .filter((j) => j !== i)
          .map((j) => entities[j]?.e.id)
          .join(', ');
        report.dropped.push({
          variant: v.keys.join(' '),
          of: v.of,
          reason: 'shared',
          detail: `also a variant of ${others}`,
        });
        return false;
      }
      report.generated.push({ variant: v.keys.join(' '), of: v.of, rules: v.rules });
      return true;
    }),
  );
  return { planned, reports };
}

/**
 * Arabic writes the conjunctions و and ف, the prepositions ب, ك and ل, and pairs of them
 * as part of the next word: "والقاعدة" is "and al-Qaeda", "بالقاعدة" "by al-Qaeda". A name
 * whose first word is Arabic script (three letters or more) also matches with one of
 * these leads; ل before the article ال drops its alef ("للقاعدة"). Other scripts that
 * use Arabic letters (Urdu, Pashto, Dari) write such words apart, so this changes nothing
 * for them.
 */
const LEADS = ['و', 'ف', 'ب', 'ك', 'ل', 'وب', 'وك', 'ول', 'فب', 'فك', 'فل'];
const ARABIC_WORD = /^[\u0620-\u064a\u066e-\u06d3]{3,}$/u;

function proclitics(firstKey: string): readonly string[] {
  return ARABIC_WORD.test(firstKey) ? LEADS : [];
}

export function compile(watchlists: readonly WatchlistConfig[]): Compiled {
  const c = new Compiler();
  const entities: CompiledEntity[] = [];
  const { planned, reports } = planVariants(watchlists);
  watchlists.forEach((w, wl) => {
    const wPath = `watchlists[${wl}]`;
    const shared = c.rules(w, 'watchlist', wPath);
    w.entities.forEach((e, ei) => {
      const path = `${wPath}.entities[${ei}]`;
      const index = entities.length;
      const own = c.rules(e, 'entity', path);
      entities.push({
        watchlist: w.id,
        wl,
        id: e.id,
        name: e.name,
        context: e.context.map((t, i) => c.term(t, `${path}.context[${i}]`)),
        exclude: e.exclude.flatMap((t, i) =>
          c.exclude(t, `${path}.exclude[${i}]`, (e.variants ?? w.variants ?? DEFAULT_VARIANTS) === 'auto'),
        ),
        rules: [own, shared].filter((r): r is RuleSet => r !== null),
      });
      c.entity(e, index, path, planned[index] ?? []);
    });
  });
  return { trie: c.trie.build(), patterns: c.patterns, names: c.names, terms: c.terms, entities, variants: reports };
}
