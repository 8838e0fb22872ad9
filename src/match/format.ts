// Readable text for `newswatch match --explain`: what counted, what almost
// counted and why not, and which rule terms were found. Each occurrence is
// shown in a snippet of its text with the found words in [brackets].
import type { Field } from '../core/types.js';
import type { VariantReport } from './compile.js';
import type { Explanation, MatchInput, MissReason } from './types.js';

const REASONS: Record<MissReason, string> = {
  'wrong-case': 'wrong case',
  'plural-case-sensitive': 'plural of a case-sensitive name',
  'inside-word': 'inside a word',
  'inside-url': 'inside a URL',
  'spans-break': 'spans a break',
  'inside-longer-name': 'inside a longer name',
  excluded: 'excluded',
  'no-context': 'no context',
  'rule-all': 'rule not met (all)',
  'rule-any': 'rule not met (any)',
  'rule-none': 'rule not met (none)',
  'rule-near': 'rule not met (near)',
};

const SNIPPET = 30;

function snippet(input: MatchInput, field: Field, start: number, end: number): string {
  const text = field === 'title' ? input.title : input.text;
  const a = Math.max(0, start - SNIPPET),
    b = Math.min(text.length, end + SNIPPET);
  const flat = (s: string) => s.replace(/\s+/g, ' ');
  return `${a > 0 ? '…' : ''}${flat(text.slice(a, start))}[${flat(text.slice(start, end))}]${flat(text.slice(end, b))}${b < text.length ? '…' : ''}`;
}

export function formatExplanation(e: Explanation): string {
  const lines: string[] = [`title: ${e.input.title || '(empty)'}`];
  lines.push(e.matches.length ? `matched (${e.matches.length}):` : 'matched: nothing');
  for (const m of e.matches) {
    lines.push(
      `  ${m.watchlist}/${m.entity} via "${m.alias}" in ${m.field} ${m.start}-${m.end}: ${snippet(e.input, m.field, m.start, m.end)}`,
    );
  }
  lines.push(e.misses.length ? `did not count (${e.misses.length}):` : 'did not count: nothing came close');
  for (const m of e.misses) {
    lines.push(
      `  ${m.watchlist}/${m.entity} via "${m.alias}" in ${m.field} ${m.start}-${m.end}: ${REASONS[m.reason]}: ${m.detail}`,
    );
    lines.push(`      ${snippet(e.input, m.field, m.start, m.end)}`);
  }
  if (e.terms.length) {
    lines.push(`rule terms found: ${e.terms.map((t) => `"${t.term}" (${t.field} ${t.start})`).join(', ')}`);
  }
  for (const u of e.unread) {
    const total = (u.field === 'title' ? e.input.title : e.input.text).length;
    lines.push(`not read: ${u.field} from ${u.from} to ${total} (over the read budget per field)`);
  }
  return lines.join('\n');
}

/** `newswatch match --variants`: per entity, each spelling variant generated (with its rules) and each dropped (with why). */
export function formatVariantReport(reports: readonly VariantReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    if (!r.on) {
      lines.push(`${r.watchlist}/${r.entity}: variants off`);
      continue;
    }
    lines.push(`${r.watchlist}/${r.entity}: ${r.generated.length} variants, ${r.dropped.length} dropped`);
    for (const g of r.generated) lines.push(`  + ${g.variant}  (of "${g.of}": ${g.rules.join(', ')})`);
    for (const d of r.dropped) lines.push(`  - ${d.variant}  (of "${d.of}": dropped, ${d.reason}: ${d.detail})`);
  }
  return `${lines.join('\n')}\n`;
}
