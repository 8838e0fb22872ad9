// DeliveryPayload → a Slack message (Block Kit), the same layout as the Discord embed: the
// title linked to the article, the summary with matched names in bold, fields Source,
// Published, Matched and Also reported by, and a context line with the ref. Article text
// is escaped by ./markup.ts (no link, mention or broadcast can come from it); every
// limit in SLACK_LIMITS holds, with truncation at word boundaries.
import type { AlertPayload, DeliveryPayload, DigestPayload, NoticePayload } from '../../core/types.js';
import { SLACK_LIMITS as L } from '../limits.js';
import { briefingNotice } from './briefing.js';
import { digestLine, type LineStyle } from './digest.js';
import { footerText } from './discord.js';
import { joinWithin, matchedEntries, publishedMs, summaryUnits } from './fields.js';
import { escapeSlack, SLACK_MARKUP } from './markup.js';
import { cleanText, fitEscaped, fitUnits, safeLink } from './text.js';

export interface SlackText {
  type: 'mrkdwn';
  text: string;
}

export type SlackBlock =
  { type: 'section'; text?: SlackText; fields?: SlackText[] } | { type: 'context'; elements: SlackText[] };

export interface SlackMessage {
  /** Notification fallback (and what a client without blocks shows). */
  text: string;
  blocks: SlackBlock[];
}

export interface SlackRenderOptions {
  ref?: string | undefined;
}

const fit = (raw: string, budget: number) => fitEscaped(cleanText(raw), budget, undefined, SLACK_MARKUP).text;
const mrkdwn = (text: string): SlackText => ({ type: 'mrkdwn', text });

/** A URL inside `<url|text>`: '|' and '>' would end it early. */
function slackUrl(link: string | null): string | null {
  return link ? escapeSlack(link).replace(/\|/g, '%7C') : null;
}

const SLACK_LINE: LineStyle = {
  markup: SLACK_MARKUP,
  url: slackUrl,
  link: (text, url) => `<${url}|${text}>`,
  linkOverhead: (url) => 3 + url.length,
};

export function renderSlack(payload: DeliveryPayload, options: SlackRenderOptions = {}): SlackMessage {
  const footer = footerText(options.ref);
  const message =
    payload.kind === 'alert'
      ? alertMessage(payload)
      : payload.kind === 'notice'
        ? noticeMessage(payload)
        : payload.kind === 'briefing'
          ? noticeMessage(briefingNotice(payload))
          : digestMessage(payload);
  if (footer) message.blocks.push({ type: 'context', elements: [mrkdwn(footer)] });
  return capBlocks(message);
}

function alertMessage(p: AlertPayload): SlackMessage {
  const title = fit(p.title || '(untitled)', 500) || '(untitled)';
  const url = slackUrl(safeLink(p.link));
  const blocks: SlackBlock[] = [{ type: 'section', text: mrkdwn(`*${url ? `<${url}|${title}>` : title}*`) }];
  const summary = fitUnits(summaryUnits(p.summary), L.sectionText, undefined, SLACK_MARKUP).text;
  if (summary) blocks.push({ type: 'section', text: mrkdwn(summary) });
  const fields: SlackText[] = [];
  const source = fit(p.source, 200);
  if (source) fields.push(mrkdwn(`*Source*\n${source}`));
  const ms = publishedMs(p.published);
  if (ms !== null) {
    const sec = Math.floor(ms / 1000);
    fields.push(mrkdwn(`*Published*\n<!date^${sec}^{date_short_pretty} {time}|${utc(ms)}>`));
  }
  const matched = listValue(matchedEntries(p.matches), L.fieldText - 12);
  if (matched) fields.push(mrkdwn(`*Matched*\n${matched}`));
  const also = listValue(p.alsoReportedBy, L.fieldText - 22);
  if (also) fields.push(mrkdwn(`*Also reported by*\n${also}`));
  if (fields.length > 0) blocks.push({ type: 'section', fields: fields.slice(0, L.fields) });
  const text = fit(`${cleanText(p.title) || '(untitled)'} — ${cleanText(p.source)}`, L.text);
  return { text, blocks };
}

function noticeMessage(p: NoticePayload): SlackMessage {
  const title = fit(p.title || 'newswatch notice', 500) || 'newswatch notice';
  const blocks: SlackBlock[] = [{ type: 'section', text: mrkdwn(`*${title}*`) }];
  const body = fit(p.text, L.sectionText);
  if (body) blocks.push({ type: 'section', text: mrkdwn(body) });
  if (p.feedId) blocks.push({ type: 'section', fields: [mrkdwn(`*Feed*\n${fit(p.feedId, 200) || '-'}`)] });
  const text = fit(p.title || 'newswatch notice', L.text);
  return { text, blocks };
}

/** One section per alert (a digest holds at most DIGEST_MAX_ALERTS, far below 50 blocks). */
function digestMessage(p: DigestPayload): SlackMessage {
  const n = p.alerts.length;
  const head = `${n} more alert${n === 1 ? '' : 's'}`;
  const blocks: SlackBlock[] = [{ type: 'section', text: mrkdwn(`*${head}*`) }];
  for (const a of p.alerts) blocks.push({ type: 'section', text: mrkdwn(digestLine(a, 600, SLACK_LINE)) });
  return { text: head, blocks };
}

/** Names escaped and capped one by one, then joined within a field. */
function listValue(names: string[], budget: number): string {
  return joinWithin(
    names.map((n) => fit(n, 200)).filter((n) => n !== ''),
    budget,
  );
}

/**
 * At most 50 blocks: the last ones make way for an "and N more" line (the context ref
 * is kept last). Text lengths are already within their limits.
 */
function capBlocks(message: SlackMessage): SlackMessage {
  const { blocks } = message;
  if (blocks.length <= L.blocks) return message;
  const last = blocks[blocks.length - 1] as SlackBlock;
  const tail = last.type === 'context' ? [last] : [];
  const body = blocks.slice(0, blocks.length - tail.length);
  const keep = L.blocks - tail.length - 1;
  const more: SlackBlock = { type: 'section', text: mrkdwn(`_and ${body.length - keep} more_`) };
  return { ...message, blocks: [...body.slice(0, keep), more, ...tail] };
}

function utc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
