// Text output of `newswatch backtest` and `newswatch search`.
import { HIT_END, HIT_START, type HistoryHit } from '../state/interfaces.js';
import type { BacktestExample, BacktestReport, EntityBacktest } from './backtest.js';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A search snippet with its hits marked **like this**, on one line. */
export function plainSnippet(snippet: string): string {
  return snippet.replaceAll(HIT_START, '**').replaceAll(HIT_END, '**').replace(/\s+/g, ' ').trim();
}

export function searchText(query: string, hits: readonly HistoryHit[], since: number): string {
  if (hits.length === 0) return `no item since ${day(since)} matches ${JSON.stringify(query)}\n`;
  const lines = hits.map((h, i) => {
    const entities = h.matched.length ? `\n    matched: ${h.matched.join(', ')}` : '';
    return (
      `${i + 1}. ${h.title || '(untitled)'}\n    ${h.source} · seen ${new Date(h.seenAt).toISOString().slice(0, 16).replace('T', ' ')}Z` +
      `${h.link ? ` · ${h.link}` : ''}\n    ${plainSnippet(h.snippet)}${entities}`
    );
  });
  return `${hits.length} item${hits.length === 1 ? '' : 's'} since ${day(since)} matching ${JSON.stringify(query)}, best first:\n${lines.join('\n')}\n`;
}

export function backtestText(r: BacktestReport, source: string, ms: number): string {
  const out = [
    `backtest of ${source} on ${r.items.toLocaleString('en-US')} items seen since ${day(r.since)} ` +
      `(${r.silent.toLocaleString('en-US')} recorded on first polls, never alerting, not counted; ${(ms / 1000).toFixed(1)} s)`,
  ];
  const changed = r.entities.filter((e) => e.newly.count > 0 || e.stopped.count > 0);
  for (const e of r.entities) out.push(entityLine(e));
  for (const e of changed) {
    out.push('', `${e.name} (${e.entity}):`);
    if (e.newly.count) out.push(`  would newly alert on ${e.newly.count}:`, ...e.newly.examples.map(exampleLines));
    if (e.stopped.count)
      out.push(`  would stop alerting on ${e.stopped.count}:`, ...e.stopped.examples.map(exampleLines));
  }
  if (changed.length === 0) out.push('', 'no change: every entity would alert on exactly the items that alerted');
  return `${out.join('\n')}\n`;
}

function entityLine(e: EntityBacktest): string {
  const delta = [e.newly.count && `+${e.newly.count} new`, e.stopped.count && `-${e.stopped.count} stopped`]
    .filter(Boolean)
    .join(', ');
  return `  ${e.entity.padEnd(32)} would alert ${String(e.wouldAlert).padStart(6)}  alerted ${String(e.alerted).padStart(6)}${delta ? `  (${delta})` : ''}`;
}

function exampleLines(x: BacktestExample): string {
  return `    - ${x.title || '(untitled)'} [${x.source}, ${day(x.seenAt)}]${x.link ? ` ${x.link}` : ''}\n      ${x.field ? `${x.field}: ` : ''}${x.matched}`;
}
