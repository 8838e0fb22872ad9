// Config loader scaling (issue 16, findings 10, 13, 14): time at 1×, 2×, 4× and 8× of each
// hostile input, before and after. "Before" is the old code path kept here in its smallest
// form (the yaml library's own conversion with unique-key checks, a linear key lookup per
// issue, the OPML id loop that restarts at 2), run in the same process on the same inputs.
// Standalone: node --expose-gc --import tsx bench/scaling-config.ts
import { performance } from 'node:perf_hooks';
import { isMap, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { ConfigError } from '../src/config/errors.js';
import { parseConfig } from '../src/config/load.js';
import { parseOpml } from '../src/config/opml.js';
import { readYaml } from '../src/config/yaml.js';

const SCALES = [1, 2, 4, 8];
const repeatLines = (n: number, line: (i: number) => string, sep = '\n') =>
  Array.from({ length: n }, (_, i) => line(i)).join(sep);
// The old path warns once per stringified collection key; the warnings are not the measure.
process.removeAllListeners('warning');

interface Case {
  name: string;
  base: number;
  input: (n: number) => string;
  /** null: no old counterpart measured (the row shows the new code alone). */
  before: ((text: string) => unknown) | null;
  after: (text: string) => unknown;
}

/** The old loader's YAML step: unique-key checks, toJS, and one scan of the map per unknown key. */
function oldYaml(text: string, maxAliasCount = -1): unknown {
  const doc = parseDocument(text, { lineCounter: new LineCounter(), uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) return doc.errors;
  const value = doc.toJS({ maxAliasCount }) as Record<string, unknown>;
  const map = doc.contents;
  const located: (Node | undefined)[] = [];
  if (isMap(map)) {
    for (const k of Object.keys(value ?? {})) {
      if (/^(?:schedule|feeds)$/.test(k)) continue;
      located.push(map.items.find((p) => isScalar(p.key) && p.key.value === k)?.key as Node | undefined);
    }
  }
  return [value, located];
}

/** The new YAML step, the same work: convert, and locate each top-level key. */
function newYaml(text: string): unknown {
  try {
    const yaml = readYaml(text, '/bench/newswatch.yaml');
    const keys = Object.keys((yaml.value as Record<string, unknown> | null) ?? {}).filter(
      (k) => !/^(?:schedule|feeds)$/.test(k),
    );
    return [yaml.value, keys.map((k) => yaml.locateKey([k]))];
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
}

/** The old OPML id loop: for each outline, count up from 2 until a free id. */
function oldOpmlIds(titles: string[]): string[] {
  const ids = new Set<string>();
  return titles.map((t) => {
    let id = t;
    for (let n = 2; ids.has(id); n++) id = `${t}-${n}`;
    ids.add(id);
    return id;
  });
}

const load = (text: string) => {
  try {
    return parseConfig(text, '/bench/newswatch.yaml', {});
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
};

const CASES: Case[] = [
  {
    name: 'unknown top-level keys (14)',
    base: 1_000,
    input: (n) => repeatLines(n, (i) => `unknown${i}: 1`),
    before: (t) => oldYaml(t),
    after: newYaml,
  },
  {
    name: 'OPML outlines, one title (14)',
    base: 250,
    input: (n) =>
      `<opml><body>${repeatLines(n, (i) => `<outline title="Same" xmlUrl="https://example.org/${i}"/>`, '')}</body></opml>`,
    before: (t) => oldOpmlIds(Array.from(t.matchAll(/title="([^"]*)"/g), (m) => (m[1] ?? '').toLowerCase())),
    after: (t) => parseOpml(t),
  },
  {
    name: 'feeds reusing one anchor (10)¹',
    base: 1_000,
    input: (n) =>
      `schedule: &s "*/5 * * * *"\nfeeds:\n${repeatLines(n, (i) => `  - { id: f${i}, url: "https://e.org/${i}", schedule: *s }`)}\n`,
    before: (t) => oldYaml(t),
    after: newYaml,
  },
  {
    name: 'nested flow mappings as keys (13)',
    base: 30,
    input: (n) => `${'{'.repeat(n)}x${'}'.repeat(n)}\n`,
    before: (t) => oldYaml(t),
    after: newYaml,
  },
  {
    name: 'whole loader, unknown keys (14)',
    base: 1_000,
    input: (n) => repeatLines(n, (i) => `unknown${i}: 1`),
    before: null,
    after: load,
  },
];

const gc = (globalThis as { gc?: () => void }).gc;

/** Best of a few runs (this machine is shared), in ms; one run when a run is slow. */
function time(fn: (t: string) => unknown, text: string): number {
  let best = Infinity;
  for (let k = 0; k < 5; k++) {
    gc?.();
    const t0 = performance.now();
    fn(text);
    const ms = performance.now() - t0;
    best = Math.min(best, ms);
    if (ms > 300) break;
  }
  return best;
}

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1)).padStart(8);
const lines: string[] = [
  'config loader scaling: ms at 1×, 2×, 4×, 8× of each input (best of up to 5 runs); growth = 8× / 1×, linear ≈ 8',
  `${'input'.padEnd(34)}${'size 1×'.padStart(9)}  ${'code'.padEnd(6)}${SCALES.map((s) => `${s}×`.padStart(8)).join('')}` +
    '  growth',
];
for (const c of CASES) {
  const texts = SCALES.map((s) => c.input(c.base * s));
  for (const [label, fn] of [
    ['before', c.before],
    ['after', c.after],
  ] as const) {
    if (fn === null) {
      lines.push(`${c.name.padEnd(34)}${String(c.base).padStart(9)}  ${label.padEnd(6)}${'—'.padStart(8).repeat(4)}`);
      continue;
    }
    fn(texts[0] as string); // warm up
    const ms = texts.map((t) => time(fn, t));
    const first = label === 'before';
    const growth = (ms[ms.length - 1] ?? 0) / Math.max(ms[0] ?? 0, 0.05);
    lines.push(
      `${(first ? c.name : '').padEnd(34)}${(first ? String(c.base) : '').padStart(9)}  ${label.padEnd(6)}` +
        `${ms.map(fmt).join('')}  ${growth.toFixed(1)}×`,
    );
  }
}
lines.push(
  'before and after do the same work: the YAML step and one key lookup per unknown key; the OPML "after" also parses',
  'the XML (the "before" is the id loop alone); the last row is the whole loader (schema, messages) on the new code',
  '¹ before: with the alias limit lifted (it threw "Excessive alias count" at 100 uses)',
);
process.stdout.write(`${lines.join('\n')}\n`);
