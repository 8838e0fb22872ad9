// The feedparser corpus score as Markdown tables (printed by the corpus test and by
// bench/feedparser-score.ts, and pasted into README).
import type { Score, Tally } from './corpus-score.js';

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : '–');
const row = (label: string, t: Tally) =>
  `| ${label} | ${t.checks} | ${pct(t.strict, t.checks)} | ${pct(t.loose, t.checks)} |`;

export function formatScore(s: Score): string {
  const lines = [
    `feedparser corpus: ${s.files} files (${s.wellformed} well-formed, ${s.illformed} ill-formed); parse time ${s.totalMs.toFixed(0)} ms in all, slowest ${s.slowest.ms.toFixed(1)} ms (${s.slowest.file})`,
    '',
    '| | |',
    '|---|---:|',
    `| crashes | ${s.crashes.length} |`,
    `| hangs | ${s.hangs.length} |`,
    `| ill-formed files recovered (a feed returned) | ${s.illformedRecovered} of ${s.illformed} |`,
    `| ill-formed files reported with a ParseError | ${s.illformedErrors.length} of ${s.illformed} |`,
    `| well-formed files reported with a ParseError | ${s.wellformedRejected.length} of ${s.wellformed} |`,
    '',
    '| checks | count | strict | loose |',
    '|---|---:|---:|---:|',
    row('outside `sanitize`', s.nonSanitize),
    row('all (with `sanitize`)', s.all),
    '',
    '| by format (outside `sanitize` / all) | count | strict | loose | all: count | strict | loose |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...[...s.byFormat].sort().map(([k, b]) => pair(k, b)),
    '',
    '| by field (outside `sanitize` / all) | count | strict | loose | all: count | strict | loose |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...[...s.byField].sort().map(([k, b]) => pair(k, b)),
  ];
  return lines.join('\n');
}

function pair(label: string, b: { nonSanitize: Tally; all: Tally }): string {
  const n = b.nonSanitize;
  const a = b.all;
  return `| ${label} | ${n.checks} | ${pct(n.strict, n.checks)} | ${pct(n.loose, n.checks)} | ${a.checks} | ${pct(a.strict, a.checks)} | ${pct(a.loose, a.checks)} |`;
}

/** Error kinds and sample messages, for the reader of a run. */
export function formatErrors(s: Score, limit = 10): string {
  const out: string[] = [];
  for (const [title, list] of [
    ['ill-formed files with a ParseError', s.illformedErrors],
    ['well-formed files with a ParseError', s.wellformedRejected],
  ] as const) {
    out.push(`${title}: ${list.length}`);
    for (const e of list.slice(0, limit)) out.push(`  ${e.file}: ${e.error.kind}: ${e.error.message.slice(0, 160)}`);
  }
  return out.join('\n');
}

/** Failing non-sanitize checks: those failing loose first, then those failing strict only. */
export function formatFailures(s: Score, limit: number): string {
  const loose = s.failures.filter((f) => !f.loose);
  const strictOnly = s.failures.filter((f) => f.loose);
  return [
    `failing loose: ${loose.length}`,
    list(loose, limit),
    `failing strict only: ${strictOnly.length}`,
    list(strictOnly, limit),
  ].join('\n');
}

function list(failures: Score['failures'], limit: number): string {
  return failures
    .slice(0, limit)
    .map(
      (f) =>
        `${f.file} ${f.path}\n    expected ${JSON.stringify(f.expected).slice(0, 200)}\n    actual   ${JSON.stringify(f.actual ?? null).slice(0, 200)}`,
    )
    .join('\n');
}
