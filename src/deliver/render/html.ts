// DeliveryPayload → a small HTML message for Telegram (parse_mode HTML) and Matrix
// (formatted_body, org.matrix.custom.html): the Discord embed's content as lines.
// Only <b>, <i>, <a href> and (Matrix) <br> are ever written, all of them by us: each is in
// Telegram's allowed set and in Matrix's recommended one. Article text is escaped by
// ./markup.ts, links are http(s) only, and the whole HTML fits `budget` (UTF-16 units),
// the summary and the digest lines being cut first.
import { briefingNotice } from './briefing.js';
import type { AlertPayload, DeliveryPayload, DigestPayload, NoticePayload } from '../../core/types.js';
import { digestLine, type LineStyle } from './digest.js';
import { footerText } from './discord.js';
import { joinWithin, matchedEntries, publishedMs, summaryUnits } from './fields.js';
import { escapeHtml, HTML_MARKUP } from './markup.js';
import { cleanText, fitEscaped, fitUnits, safeLink } from './text.js';

export interface HtmlRenderOptions {
  ref?: string | undefined;
  /** Longest HTML, in UTF-16 units. */
  budget: number;
  /** Line break: '\n' for Telegram, '<br>' for Matrix. */
  newline: string;
}

const fit = (raw: string, budget: number) => fitEscaped(cleanText(raw), budget, undefined, HTML_MARKUP).text;
const link = (text: string, url: string) => `<a href="${escapeHtml(url)}">${text}</a>`;

const HTML_LINE: LineStyle = {
  markup: HTML_MARKUP,
  url: (l) => l,
  link,
  linkOverhead: (url) => 15 + escapeHtml(url).length,
};

export function renderHtml(briefingOrPayload: DeliveryPayload, opts: HtmlRenderOptions): string {
  const payload = briefingOrPayload.kind === 'briefing' ? briefingNotice(briefingOrPayload) : briefingOrPayload;
  const footer = footerText(opts.ref);
  const tail = footer ? [`<i>${escapeHtml(footer)}</i>`] : [];
  const room = opts.budget - tail.reduce((n, t) => n + t.length + opts.newline.length, 0);
  const lines =
    payload.kind === 'alert'
      ? alertLines(payload, room, opts.newline)
      : payload.kind === 'notice'
        ? noticeLines(payload, room, opts.newline)
        : digestLines(payload, room, opts.newline);
  return [...lines, ...tail].join(opts.newline);
}

/** Title, summary, fields: the summary gets whatever room the others leave. */
function alertLines(p: AlertPayload, budget: number, nl: string): string[] {
  const title = fit(p.title || '(untitled)', 400) || '(untitled)';
  const url = safeLink(p.link);
  const head = `<b>${url ? link(title, url) : title}</b>`;
  const meta: string[] = [];
  const source = fit(p.source, 200);
  const ms = publishedMs(p.published);
  const when = ms === null ? '' : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  if (source || when) meta.push([source, when].filter(Boolean).join(' · '));
  const matched = joinWithin(
    matchedEntries(p.matches)
      .map((n) => fit(n, 200))
      .filter(Boolean),
    600,
  );
  if (matched) meta.push(`<b>Matched:</b> ${matched}`);
  const also = joinWithin(p.alsoReportedBy.map((n) => fit(n, 200)).filter(Boolean), 600);
  if (also) meta.push(`<b>Also reported by:</b> ${also}`);
  const fixed = [head, ...meta].reduce((n, l) => n + l.length + nl.length, 0);
  const summary = fitUnits(
    summaryUnits(p.summary),
    Math.max(0, budget - fixed - nl.length),
    undefined,
    HTML_MARKUP,
  ).text;
  return [head, ...(summary ? [summary] : []), ...meta];
}

function noticeLines(p: NoticePayload, budget: number, nl: string): string[] {
  const head = `<b>${fit(p.title || 'newswatch notice', 400) || 'newswatch notice'}</b>`;
  const feed = p.feedId ? [`<b>Feed:</b> ${fit(p.feedId, 200) || '-'}`] : [];
  const fixed = [head, ...feed].reduce((n, l) => n + l.length + nl.length, 0);
  const text = fit(p.text, Math.max(0, budget - fixed - nl.length));
  return [head, ...(text ? [text] : []), ...feed];
}

/** Every alert of the digest gets a line: the room is shared out equally. */
function digestLines(p: DigestPayload, budget: number, nl: string): string[] {
  const n = p.alerts.length;
  const head = `<b>${n} more alert${n === 1 ? '' : 's'}</b>`;
  const perLine = n > 0 ? Math.floor((budget - head.length) / n) - nl.length : 0;
  return [head, ...p.alerts.map((a) => digestLine(a, Math.max(8, perLine), HTML_LINE))];
}
