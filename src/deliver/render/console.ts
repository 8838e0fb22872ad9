// The same alert as readable plain text for a terminal or a log file. Article text is
// cleaned of control characters (no escape sequences from a feed reach the terminal);
// ANSI styling is added only when `color` is set (the output is a TTY).
import { briefingNotice } from './briefing.js';
import type { AlertPayload, DeliveryPayload, DigestPayload, NoticePayload } from '../../core/types.js';
import { cleanSpan, matchedEntries, publishedMs } from './fields.js';
import { cleanText, safeLink, truncatePlain } from './text.js';

export interface ConsoleOptions {
  color: boolean;
  ref?: string | undefined;
  /** An update of an earlier alert (a later source reported the same story). */
  edit?: boolean;
}

const MAX_SUMMARY = 2000;

export function renderConsole(briefingOrPayload: DeliveryPayload, opts: ConsoleOptions): string {
  const payload = briefingOrPayload.kind === 'briefing' ? briefingNotice(briefingOrPayload) : briefingOrPayload;
  const s = styles(opts.color);
  const lines =
    payload.kind === 'alert'
      ? alertLines(payload, s, opts)
      : payload.kind === 'notice'
        ? noticeLines(payload, s)
        : digestLines(payload, s);
  if (opts.ref) lines.push(s.dim(`ref ${cleanText(opts.ref)}`));
  return `${lines.join('\n')}\n\n`;
}

type Styles = ReturnType<typeof styles>;

function styles(color: boolean) {
  const wrap = (on: string, off: string) => (t: string) => (color ? `\x1b[${on}m${t}\x1b[${off}m` : t);
  return { bold: wrap('1', '22'), dim: wrap('2', '22'), red: wrap('31', '39'), yellow: wrap('33', '39') };
}

function alertLines(p: AlertPayload, s: Styles, opts: ConsoleOptions): string[] {
  const when = publishedMs(p.published);
  const head = [opts.edit ? 'UPDATE' : 'ALERT', cleanText(p.source), when === null ? null : utc(when)]
    .filter(Boolean)
    .join(' · ');
  const lines = [s.red(`━━ ${head}`), s.bold(truncatePlain(cleanText(p.title) || '(untitled)', 300))];
  const link = safeLink(p.link);
  if (link) lines.push(link);
  const matched = matchedEntries(p.matches);
  if (matched.length > 0) lines.push(`Matched: ${truncatePlain(matched.join(', '), 500)}`);
  const summary = summaryText(p, s);
  if (summary) lines.push(summary);
  if (p.alsoReportedBy.length > 0)
    lines.push(`Also reported by: ${truncatePlain(p.alsoReportedBy.map(cleanText).join(', '), 500)}`);
  return lines;
}

/** Sentences joined, highlighted names in bold on a terminal; cut at a word boundary. */
function summaryText(p: AlertPayload, s: Styles): string {
  let out = '';
  let plainLength = 0;
  for (const sentence of p.summary) {
    const parts = sentence.map((span) => ({ text: cleanSpan(span.text), bold: span.highlight }));
    const plain = parts
      .map((x) => x.text)
      .join('')
      .trim();
    if (!plain) continue;
    if (plainLength + plain.length + 1 > MAX_SUMMARY) {
      const room = MAX_SUMMARY - plainLength - 1;
      if (room > 20) out += `${out ? ' ' : ''}${truncatePlain(plain, room)}`;
      else out += '…';
      break;
    }
    const styled = parts
      .map((x) => (x.bold ? s.bold(x.text) : x.text))
      .join('')
      .trim();
    out += `${out ? ' ' : ''}${styled}`;
    plainLength += plain.length + 1;
  }
  return out;
}

function noticeLines(p: NoticePayload, s: Styles): string[] {
  const color = p.level === 'warning' ? s.yellow : s.dim;
  const head = ['NOTICE', p.level, p.feedId ? `feed ${cleanText(p.feedId)}` : null].filter(Boolean).join(' · ');
  return [
    color(`━━ ${head}`),
    s.bold(truncatePlain(cleanText(p.title), 300)),
    truncatePlain(cleanText(p.text), MAX_SUMMARY),
  ];
}

function digestLines(p: DigestPayload, s: Styles): string[] {
  const lines = [s.red(`━━ DIGEST · ${p.alerts.length} more alert${p.alerts.length === 1 ? '' : 's'}`)];
  for (const a of p.alerts) {
    const link = safeLink(a.link);
    lines.push(
      `• ${truncatePlain(cleanText(a.title) || '(untitled)', 200)} — ${cleanText(a.source)}${link ? ` ${s.dim(link)}` : ''}`,
    );
  }
  return lines;
}

function utc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
