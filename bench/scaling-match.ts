// Issue 16, findings 6–8: the matcher's once-quadratic steps at 1×, 2×, 4× and 8× the input, before (the
// pairwise functions as they were, kept below as the baseline) and after (the sweeps now in src/match), on the
// same collected occurrences in the same run; then match()/explain() end to end, where the read budget per
// field (READ_LIMIT) also holds the cost of longer inputs flat.
// Standalone: node --expose-gc --import tsx bench/scaling-match.ts
import { watchlistSchema } from '../src/config/schema.js';
import { type Compiled, type CompiledEntity, compile } from '../src/match/compile.js';
import { explainMisses } from '../src/match/explain.js';
import { type Matcher, type NearMiss, compileWatchlists, dedupe } from '../src/match/index.js';
import { type FieldScan, type NameOccurrence, collect, miss, shadow } from '../src/match/resolve.js';
import {
  type Failure,
  type Occurrence,
  TermIndex,
  type TermOccurrence,
  distance,
  occurrenceFailure,
} from '../src/match/rules.js';
import { HitList } from '../src/match/trie.js';
import { TokenBuf, scanTokens } from '../src/match/tokenize.js';

// ---- the baseline: the functions before issue 16 ---------------------------------------------------------
function oldShadow(c: Compiled, names: NameOccurrence[], misses: NearMiss[]): NameOccurrence[] {
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
        misses.push(
          miss(c, o.name, o, { reason: 'inside-longer-name', detail: `inside "${p.text.slice(p.start, p.end)}"` }),
        );
        return false;
      }
    }
    return true;
  });
}

function oldOccurrenceFailure(
  c: Compiled,
  e: CompiledEntity,
  o: Occurrence,
  terms: readonly TermOccurrence[],
): Failure | null {
  for (const t of terms) {
    if (t.field === o.field && e.exclude.includes(t.term) && t.first <= o.last && t.last >= o.first) {
      return { reason: 'excluded', detail: `inside "${t.text.slice(t.start, t.end)}"` };
    }
  }
  for (const r of e.rules) {
    const near = r.near;
    if (
      near &&
      !terms.some((t) => t.field === o.field && near.terms.includes(t.term) && distance(o, t) <= near.within)
    ) {
      return { reason: 'rule-near', detail: 'near' };
    }
  }
  return null;
}

function oldDedupe(misses: NearMiss[]): NearMiss[] {
  const sorted = [...misses].sort(
    (a, b) => (a.field === b.field ? 0 : a.field === 'title' ? -1 : 1) || a.start - b.start || b.end - a.end,
  );
  return sorted.filter(
    (m, i) =>
      !sorted.some(
        (o, j) =>
          j !== i &&
          o.entity === m.entity &&
          o.watchlist === m.watchlist &&
          o.reason === m.reason &&
          o.field === m.field &&
          o.start <= m.start &&
          o.end >= m.end &&
          (o.end - o.start > m.end - m.start || j < i),
      ),
  );
}

// ---- inputs ------------------------------------------------------------------------------------------------
const groups = [
  watchlistSchema.parse({
    id: 'groups',
    entities: [
      { id: 'taliban', name: 'Taliban', exclude: ['Taliban Pakistan'] },
      { id: 'ttp', name: 'Tehrik-i-Taliban Pakistan', caseSensitive: ['TTP'] },
    ],
  }),
];

/** One field's occurrences, collected once per size: the steps are timed on the same arrays. */
interface Collected {
  names: NameOccurrence[];
  terms: TermOccurrence[];
  /** Misses of collect() and of explainMisses(): what dedupe() gets in explain(). */
  misses: NearMiss[];
}

interface Finding {
  name: string;
  /** Repetitions at 1×. */
  base: number;
  unit: string;
  /** The step before and after, on one collected field. */
  before: (c: Compiled, x: Collected) => number;
  after: (c: Compiled, x: Collected) => number;
  /** End to end, after. */
  whole: (m: Matcher, text: string) => number;
}

function collected(c: Compiled, scan: FieldScan): Collected {
  const names: NameOccurrence[] = [],
    terms: TermOccurrence[] = [],
    misses: NearMiss[] = [];
  collect(c, scan, names, terms, misses);
  misses.push(...explainMisses(c, [scan]));
  return { names, terms, misses };
}

const entityOf = (c: Compiled, o: NameOccurrence) => c.entities[c.names[o.name]?.entity ?? 0] as CompiledEntity;

const FINDINGS: Finding[] = [
  {
    name: '6. shadow(): "Taliban " × n',
    base: 1_250,
    unit: 'Taliban ',
    before: (c, x) => oldShadow(c, x.names, []).length,
    after: (c, x) => shadow(c, x.names, []).length,
    whole: (m, text) => m.match({ title: '', text }).length,
  },
  {
    name: '7. occurrenceFailure(): "Taliban Pakistan, " × n',
    base: 1_250,
    unit: 'Taliban Pakistan, ',
    before: (c, x) => x.names.filter((o) => oldOccurrenceFailure(c, entityOf(c, o), o, x.terms)).length,
    after: (c, x) => {
      const index = new TermIndex(x.terms);
      return x.names.filter((o) => occurrenceFailure(c, entityOf(c, o), o, index)).length;
    },
    whole: (m, text) => m.match({ title: '', text }).length,
  },
  {
    name: '8. dedupe() in explain(): "ttp " × n',
    base: 2_500,
    unit: 'ttp ',
    before: (_c, x) => oldDedupe(x.misses).length,
    after: (_c, x) => dedupe(x.misses).length,
    whole: (m, text) => m.explain({ title: '', text }).misses.length,
  },
];

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Best of `trials` runs, in ms of CPU time of this process (user + system: on a shared machine, wall time counts
 * the other processes' turns too); also returns `fn`'s answer.
 */
function time(fn: () => number, trials: number): { ms: number; result: number } {
  let best = Infinity,
    result = -1;
  for (let t = 0; t < trials; t++) {
    gc?.();
    const t0 = process.cpuUsage();
    result = fn();
    const d = process.cpuUsage(t0);
    best = Math.min(best, (d.user + d.system) / 1000);
  }
  return { ms: best, result };
}

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));

export function benchScalingMatch(): string {
  const c = compile(groups);
  const m = compileWatchlists(groups);
  gc?.();
  const out: string[] = [
    'CPU ms. Each step timed alone on all occurrences of the input (no read budget), best of 10 (before: of 3, 1 from 4×); end to end with the',
    'read budget (content: first 100,000 characters). Ratio = time at k× / time at 1× (linear: about k).',
  ];
  for (const f of FINDINGS) {
    out.push(
      '',
      f.name,
      '| size | KB | before ms | ratio | after ms | ratio | match/explain ms | ratio |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
    );
    const first = { before: 0, after: 0, whole: 0 };
    const prepare = (k: number) => {
      const text = f.unit.repeat(f.base * k);
      const scan: FieldScan = { field: 'content', text, tokens: new TokenBuf(), hits: new HitList() };
      scanTokens(text, scan.tokens);
      c.trie.walk(scan.tokens, scan.hits);
      return { text, x: collected(c, scan) };
    };
    {
      // warm-up at 1×, so that 1× is not timed cold
      const { text, x } = prepare(1);
      for (let w = 0; w < 5; w++) {
        f.before(c, x);
        f.after(c, x);
        f.whole(m, text);
      }
    }
    for (const k of [1, 2, 4, 8]) {
      const { text, x } = prepare(k);
      const before = time(() => f.before(c, x), k >= 4 ? 1 : 3);
      const after = time(() => f.after(c, x), 10);
      if (before.result !== after.result)
        throw new Error(`${f.name} ${k}×: before gives ${before.result}, after ${after.result}`);
      const whole = time(() => f.whole(m, text), 10);
      if (k === 1) Object.assign(first, { before: before.ms, after: after.ms, whole: whole.ms });
      const ratio = (x: number, y: number) => `${(x / y).toFixed(1)}×`;
      out.push(
        `| ${k}× | ${(text.length / 1000).toFixed(0)} | ${fmt(before.ms)} | ${ratio(before.ms, first.before)} | ${fmt(after.ms)} | ` +
          `${ratio(after.ms, first.after)} | ${fmt(whole.ms)} | ${ratio(whole.ms, first.whole)} |`,
      );
    }
  }
  return out.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(`${benchScalingMatch()}\n`);
