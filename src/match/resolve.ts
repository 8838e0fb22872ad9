// Trie hits → counted matches (and, for explanations, the near misses).
// Order of decisions for a name occurrence:
//   1. exact keys (a hash hit is only a candidate), 2. case (case-sensitive names),
//   3. a longer name of another entity of the same watchlist over the same words wins,
//   4. item rules of the entity (context, all, any, none), 5. exclude, 6. near.
import type { Field, Match } from '../core/types.js';
import type { Compiled } from './compile.js';
import { type Failure, type Occurrence, type TermOccurrence, itemFailure, occurrenceFailure } from './rules.js';
import type { HitList } from './trie.js';
import type { TokenBuf } from './token-buf.js';
import { joinLead, tokenIs, tokenKey } from './word-rules.js';
import type { NearMiss } from './types.js';

/** One field after scanning: its tokens and the trie's hits on them. */
export interface FieldScan {
  field: Field;
  text: string;
  tokens: TokenBuf;
  hits: HitList;
}

export interface NameOccurrence extends Occurrence {
  name: number;
}

export interface Resolved {
  matches: Match[];
  misses: NearMiss[];
  terms: TermOccurrence[];
}

const FOLDS_AWAY = /^[\p{M}\u0640]$/u;

/**
 * The occurrence spelled by tokens first..last of a scan, if its keys really are `keys`
 * (plural: last key + "s"; lead: a proclitic joined to the first key, left out of the span).
 */
export function verify(scan: FieldScan, keys: readonly string[], plural: boolean, first: number, last: number, lead = ''): Occurrence | null {
  const { tokens, text } = scan;
  for (let k = 0; k < keys.length; k++) {
    const key = k === 0 && lead ? joinLead(lead, keys[0] ?? '') : (keys[k] ?? '');
    if (!tokenIs(text, tokens.start[first + k] ?? 0, tokens.end[first + k] ?? 0, key, plural && k === keys.length - 1)) return null;
  }
  let start = tokens.start[first] ?? 0;
  if (lead) {
    // Each letter of a lead is one code unit in the text; marks and tatweel fold to nothing.
    for (let n = 0; n < lead.length; start++) if (!FOLDS_AWAY.test(text[start] ?? '')) n++;
    while (FOLDS_AWAY.test(text[start] ?? '')) start++;
  }
  return { field: scan.field, text, first, last, start, end: tokens.end[last] ?? 0 };
}

/** Whether a case-sensitive name's capitals are exactly those of the occurrence. */
export function sameCase(cased: readonly string[], o: Occurrence, tokens: TokenBuf): boolean {
  return cased.every((key, k) => tokenKey(o.text, tokens.start[o.first + k] ?? 0, tokens.end[o.first + k] ?? 0, true) === key);
}

export function miss(c: Compiled, name: number, o: Occurrence, f: Failure): NearMiss {
  const n = c.names[name];
  const e = c.entities[n?.entity ?? 0];
  return { watchlist: e?.watchlist ?? '', entity: e?.id ?? '', alias: n?.alias ?? '', field: o.field, start: o.start, end: o.end, ...f };
}

function collect(c: Compiled, scan: FieldScan, names: NameOccurrence[], terms: TermOccurrence[], misses: NearMiss[]): void {
  const { data, n } = scan.hits;
  for (let h = 0; h < n; h++) {
    const p = c.patterns[data[h * 3] ?? 0];
    if (!p) continue;
    const name = p.kind === 'name' ? c.names[p.ref] : undefined;
    const keys = name ? name.keys : (c.terms[p.ref]?.keys ?? []);
    const o = verify(scan, keys, p.plural, data[h * 3 + 1] ?? 0, data[h * 3 + 2] ?? 0, p.lead);
    if (!o) continue;
    if (!name) terms.push(Object.assign(o, { term: p.ref }));
    else if (name.cased && p.plural) misses.push(miss(c, p.ref, o, { reason: 'plural-case-sensitive', detail: `"${name.alias}" is case-sensitive: no plural "s"` }));
    else if (name.cased && !sameCase(name.cased, o, scan.tokens)) misses.push(miss(c, p.ref, o, { reason: 'wrong-case', detail: `"${name.alias}" counts only in exactly these capitals` }));
    else names.push(Object.assign(o, { name: p.ref }));
  }
}

/** Drop occurrences covered by a longer name in the same watchlist (another entity's: a miss; the same entity's: silently). */
function shadow(c: Compiled, names: NameOccurrence[], misses: NearMiss[]): NameOccurrence[] {
  const entityOf = (o: NameOccurrence) => c.names[o.name]?.entity ?? 0;
  return names.filter((o, i) => {
    const e = entityOf(o);
    const wl = c.entities[e]?.wl;
    for (let j = 0; j < names.length; j++) {
      const p = names[j];
      if (!p || j === i || p.field !== o.field || p.first > o.first || p.last < o.last) continue;
      const pe = entityOf(p);
      if (c.entities[pe]?.wl !== wl) continue;
      const longer = p.last - p.first > o.last - o.first;
      if (pe === e && (longer || j < i)) return false;
      if (pe !== e && longer) {
        misses.push(miss(c, o.name, o, { reason: 'inside-longer-name', detail: `inside "${p.text.slice(p.start, p.end)}", a name of ${c.entities[pe]?.id}` }));
        return false;
      }
    }
    return true;
  });
}

const fieldOrder = (f: Field) => (f === 'title' ? 0 : 1);

export function resolve(c: Compiled, scans: readonly FieldScan[]): Resolved {
  const names: NameOccurrence[] = [], terms: TermOccurrence[] = [], misses: NearMiss[] = [];
  for (const scan of scans) collect(c, scan, names, terms, misses);
  const matches: Match[] = [];
  if (names.length === 0) return { matches, misses, terms };
  const found = new Set(terms.map((t) => t.term));
  const byEntity = new Map<number, NameOccurrence[]>();
  for (const o of shadow(c, names, misses)) {
    const e = c.names[o.name]?.entity ?? 0;
    const list = byEntity.get(e);
    if (list) list.push(o);
    else byEntity.set(e, [o]);
  }
  for (const [ei, occurrences] of byEntity) {
    const e = c.entities[ei];
    if (!e) continue;
    const gate = itemFailure(c, e, found);
    for (const o of occurrences) {
      const f = gate ?? occurrenceFailure(c, e, o, terms);
      if (f) misses.push(miss(c, o.name, o, f));
      else matches.push({ watchlist: e.watchlist, entity: e.id, name: e.name, alias: c.names[o.name]?.alias ?? '', field: o.field, start: o.start, end: o.end });
    }
  }
  matches.sort((a, b) => fieldOrder(a.field) - fieldOrder(b.field) || a.start - b.start || a.end - b.end);
  return { matches, misses, terms };
}
