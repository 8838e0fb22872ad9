// Trie hits → counted matches (and, for explanations, the near misses).
// Order of decisions for a name occurrence:
//   1. exact keys (a hash hit is only a candidate), 2. case (case-sensitive names),
//   3. a longer name of another entity of the same watchlist over the same words wins,
//   4. item rules of the entity (context, all, any, none), 5. exclude, 6. near.
import type { Field, Match } from '../core/types.js';
import { C_DROP, C_WORD, charClass, charLower } from './chars.js';
import type { Compiled } from './compile.js';
import {
  type Failure,
  type Occurrence,
  TermIndex,
  type TermOccurrence,
  itemFailure,
  occurrenceFailure,
} from './rules.js';
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

const fieldOrder = (f: Field) => (f === 'title' ? 0 : 1);

/** A character that adds nothing to a word's key: a mark, tatweel, a soft hyphen or other dropped character. */
function foldsAway(cp: number): boolean {
  const k = charClass(cp);
  return k === C_DROP || (k === C_WORD && charLower(cp) === '');
}

/**
 * The occurrence spelled by tokens first..last of a scan, if its keys really are `keys`
 * (plural: last key + "s"; lead: a proclitic joined to the first key, left out of the span).
 */
export function verify(
  scan: FieldScan,
  keys: readonly string[],
  plural: boolean,
  first: number,
  last: number,
  lead = '',
): Occurrence | null {
  const { tokens, text } = scan;
  for (let k = 0; k < keys.length; k++) {
    const key = k === 0 && lead ? joinLead(lead, keys[0] ?? '') : (keys[k] ?? '');
    if (!tokenIs(text, tokens.start[first + k] ?? 0, tokens.end[first + k] ?? 0, key, plural && k === keys.length - 1))
      return null;
  }
  let start = tokens.start[first] ?? 0;
  if (lead) {
    // Each letter of a lead is one code unit in the text; marks (astral ones too) and tatweel fold to nothing.
    const cp = (i: number) => text.codePointAt(i) ?? 0;
    const width = (i: number) => (cp(i) > 0xffff ? 2 : 1);
    for (let n = 0; n < lead.length; start += width(start)) if (!foldsAway(cp(start))) n++;
    while (start < text.length && foldsAway(cp(start))) start += width(start);
  }
  return { field: scan.field, text, first, last, start, end: tokens.end[last] ?? 0 };
}

/** Whether a case-sensitive name's capitals are exactly those of the occurrence. */
export function sameCase(cased: readonly string[], o: Occurrence, tokens: TokenBuf): boolean {
  return cased.every(
    (key, k) => tokenKey(o.text, tokens.start[o.first + k] ?? 0, tokens.end[o.first + k] ?? 0, true) === key,
  );
}

export function miss(c: Compiled, name: number, o: Occurrence, f: Failure): NearMiss {
  const n = c.names[name];
  const e = c.entities[n?.entity ?? 0];
  return {
    watchlist: e?.watchlist ?? '',
    entity: e?.id ?? '',
    alias: n?.alias ?? '',
    field: o.field,
    start: o.start,
    end: o.end,
    ...f,
  };
}

export function collect(
  c: Compiled,
  scan: FieldScan,
  names: NameOccurrence[],
  terms: TermOccurrence[],
  misses: NearMiss[],
): void {
  const { data, n } = scan.hits;
  for (let h = 0; h < n; h++) {
    const p = c.patterns[data[h * 3] ?? 0];
    if (!p) continue;
    const name = p.kind === 'name' ? c.names[p.ref] : undefined;
    const keys = name ? name.keys : (c.terms[p.ref]?.keys ?? []);
    const o = verify(scan, keys, p.plural, data[h * 3 + 1] ?? 0, data[h * 3 + 2] ?? 0, p.lead);
    if (!o) continue;
    if (!name) terms.push(Object.assign(o, { term: p.ref }));
    else if (name.cased && p.plural)
      misses.push(
        miss(c, p.ref, o, {
          reason: 'plural-case-sensitive',
          detail: `"${name.alias}" is case-sensitive: no plural "s"`,
        }),
      );
    else if (name.cased && !sameCase(name.cased, o, scan.tokens))
      misses.push(
        miss(c, p.ref, o, { reason: 'wrong-case', detail: `"${name.alias}" counts only in exactly these capitals` }),
      );
    else names.push(Object.assign(o, { name: p.ref }));
  }
}

/**
 * Drop occurrences covered by a longer name in the same watchlist (another entity's: a miss; the same entity's:
 * silently), and repeats of one entity over the same words (the first is kept). One sweep per field and watchlist
 * over the occurrences sorted by first token, then last token descending: everything seen before an occurrence's
 * own span starts at or before it, so it is covered by a longer name exactly when the furthest `last` seen before
 * its span reaches its own `last`. Keeping that furthest reach per entity (and the two furthest of distinct
 * entities) answers "covered by the same entity" and "covered by another entity" in O(1): n log n in all.
 */
export function shadow(c: Compiled, names: readonly NameOccurrence[], misses: NearMiss[]): NameOccurrence[] {
  const entityOf = (o: NameOccurrence) => c.names[o.name]?.entity ?? 0;
  const wlOf = (o: NameOccurrence) => c.entities[entityOf(o)]?.wl ?? 0;
  const order = names.map((_, i) => i);
  order.sort((i, j) => {
    const a = names[i] as NameOccurrence,
      b = names[j] as NameOccurrence;
    return (
      fieldOrder(a.field) - fieldOrder(b.field) || wlOf(a) - wlOf(b) || a.first - b.first || b.last - a.last || i - j
    );
  });
  const keep = new Uint8Array(names.length).fill(1);
  const shadowed: [number, NameOccurrence][] = [];
  let reach = new Map<number, NameOccurrence>(); // entity → its occurrence reaching furthest, before the current span
  let top1: NameOccurrence | null = null,
    top2: NameOccurrence | null = null; // furthest reach, of two distinct entities
  const seen = new Set<number>(); // entities already kept in the current span
  let prev: NameOccurrence | null = null;
  const pending: NameOccurrence[] = []; // the current span's occurrences, added to the reach when the span ends
  const flush = () => {
    for (const p of pending) {
      const pe = entityOf(p);
      const r = reach.get(pe);
      if (!r || p.last > r.last) reach.set(pe, p);
      if (!top1 || p.last > top1.last) {
        if (top1 && entityOf(top1) !== pe) top2 = top1;
        top1 = p;
      } else if (entityOf(top1) !== pe && (!top2 || p.last > top2.last)) top2 = p;
    }
    pending.length = 0;
    seen.clear();
  };
  for (const i of order) {
    const o = names[i] as NameOccurrence;
    if (!prev || prev.field !== o.field || wlOf(prev) !== wlOf(o)) {
      pending.length = 0;
      seen.clear();
      reach = new Map();
      top1 = top2 = null;
    } else if (prev.first !== o.first || prev.last !== o.last) flush();
    prev = o;
    pending.push(o);
    const e = entityOf(o);
    const own = reach.get(e);
    if ((own && own.last >= o.last) || seen.has(e)) {
      keep[i] = 0;
      continue;
    }
    seen.add(e);
    const t1 = top1 as NameOccurrence | null,
      t2 = top2 as NameOccurrence | null;
    const other = t1 && entityOf(t1) !== e ? t1 : t2;
    if (other && other.last >= o.last) {
      keep[i] = 0;
      shadowed.push([i, other]);
    }
  }
  shadowed.sort((a, b) => a[0] - b[0]);
  for (const [i, p] of shadowed) {
    const o = names[i] as NameOccurrence;
    const detail = `inside "${p.text.slice(p.start, p.end)}", a name of ${c.entities[entityOf(p)]?.id}`;
    misses.push(miss(c, o.name, o, { reason: 'inside-longer-name', detail }));
  }
  return names.filter((_, i) => keep[i] === 1);
}

export function resolve(c: Compiled, scans: readonly FieldScan[]): Resolved {
  const names: NameOccurrence[] = [],
    terms: TermOccurrence[] = [],
    misses: NearMiss[] = [];
  for (const scan of scans) collect(c, scan, names, terms, misses);
  const matches: Match[] = [];
  if (names.length === 0) return { matches, misses, terms };
  const found = new Set(terms.map((t) => t.term));
  const index = new TermIndex(terms);
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
      const f = gate ?? occurrenceFailure(c, e, o, index);
      if (f) misses.push(miss(c, o.name, o, f));
      else
        matches.push({
          watchlist: e.watchlist,
          entity: e.id,
          name: e.name,
          alias: c.names[o.name]?.alias ?? '',
          field: o.field,
          start: o.start,
          end: o.end,
        });
    }
  }
  matches.sort((a, b) => fieldOrder(a.field) - fieldOrder(b.field) || a.start - b.start || a.end - b.end);
  return { matches, misses, terms };
}
