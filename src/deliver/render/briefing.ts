// BriefingPayload → what each sink shows. Discord gets an embed (stories as links in the
// description, counts and moves as fields); the text sinks (console, http, Slack,
// Telegram, Matrix) get it as a notice (./briefingNotice), through their notice path and
// its escaping. Every list is trimmed to its room with a closing "and N more".
import type { APIEmbed } from 'discord.js';
import type { BriefingMove, BriefingPayload, NoticePayload } from '../../core/types.js';
import { DISCORD_LIMITS as L } from '../limits.js';
import { cleanText, fitEscaped, safeLink, truncatePlain } from './text.js';

/** The firing's local date in the schedule's time zone (YYYY-MM-DD). */
export function briefingDate(p: BriefingPayload): string {
  try {
    return new Intl.DateTimeFormat('en-CA', {
      timeZone: p.timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(p.to);
  } catch {
    return new Date(p.to).toISOString().slice(0, 10);
  }
}

export function briefingTitle(p: BriefingPayload): string {
  return `Daily briefing ${briefingDate(p)}`;
}

/**
 * As many lines as fit in `budget` (joined by `sep`), then "and N more" for the rest;
 * the closing line always fits when any line was left out.
 */
export function fitList(lines: string[], budget: number, sep = '\n'): string {
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    const next = out === '' ? (lines[i] as string) : `${out}${sep}${lines[i]}`;
    const left = lines.length - i - 1;
    const tail = left > 0 ? `${sep}and ${left} more` : '';
    if (next.length + tail.length <= budget) {
      out = next;
      continue;
    }
    const more = `and ${lines.length - i} more`;
    return out === '' ? more.slice(0, budget) : `${out}${sep}${more}`;
  }
  return out;
}

const average = (n: number): string => (n >= 10 ? n.toFixed(0) : n.toFixed(1));
const moveText = (m: BriefingMove): string => `${m.count} in 24 h (30-day average ${average(m.baseline)}/day)`;
const sourcesText = (sources: string[]): string => `${sources.length} source${sources.length === 1 ? '' : 's'}`;

/** Room of the text-sink notice (below every text sink's limit, with room for its escaping). */
export const BRIEFING_TEXT_BUDGET = 1900;

/** The briefing as a notice for the text sinks: sections in one text, each list trimmed. */
export function briefingNotice(p: BriefingPayload, budget = BRIEFING_TEXT_BUDGET): NoticePayload {
  const plain = (s: string, n: number): string => truncatePlain(cleanText(s), n);
  const entities = p.entities.map((e) => `${plain(e.name, 100)}: ${e.count}`);
  const rising = p.rising.map((m) => `${plain(m.name, 100)} ${moveText(m)}`);
  const falling = p.falling.map((m) => `${plain(m.name, 100)} ${moveText(m)}`);
  const parts: string[] = [];
  const section = (head: string, lines: string[], room: number): void => {
    if (lines.length > 0) parts.push(`${head}: ${fitList(lines, room, ' · ')}.`);
  };
  section('Last 24 hours', entities, 700);
  section('Rising', rising, 300);
  section('Falling', falling, 300);
  const used = parts.reduce((n, s) => n + s.length + 1, 0);
  const stories = p.stories.map((s, i) => {
    const link = safeLink(s.link, 400);
    return `${i + 1}. ${plain(s.title, 200)} (${sourcesText(s.sources)})${link ? ` ${link}` : ''}`;
  });
  if (stories.length > 0) parts.push(`Top stories: ${fitList(stories, Math.max(0, budget - used - 20), ' ')}`);
  if (parts.length === 0) parts.push('Nothing was reported about the watched entities in the last 24 hours.');
  return { kind: 'notice', level: 'info', title: briefingTitle(p), text: parts.join(' ') };
}

/** A link in markdown: brackets of the text and parentheses of the URL cannot end it early. */
function mdLink(text: string, url: string): string {
  return `[${text.replace(/[[\]]/g, (c) => `\\${c}`)}](${url.replace(/\(/g, '%28').replace(/\)/g, '%29')})`;
}

/** The Discord embed: stories in the description, counts and moves as fields, all within the embed's limits. */
export function briefingEmbed(p: BriefingPayload, footer: string | null): APIEmbed {
  const esc = (s: string, n: number): string => fitEscaped(cleanText(s), n).text;
  const embed: APIEmbed = { color: 0x2c3e50, title: briefingTitle(p) };
  if (footer) embed.footer = { text: footer };
  const fields: NonNullable<APIEmbed['fields']> = [];
  const field = (name: string, lines: string[]): void => {
    if (lines.length > 0) fields.push({ name, value: fitList(lines, L.fieldValue) });
  };
  field(
    'Last 24 hours',
    p.entities.map((e) => `${esc(e.name, 100)}: **${e.count}**`),
  );
  field(
    'Rising',
    p.rising.map((m) => `${esc(m.name, 100)}: ${moveText(m)}`),
  );
  field(
    'Falling',
    p.falling.map((m) => `${esc(m.name, 100)}: ${moveText(m)}`),
  );
  embed.fields = fields;
  const stories = p.stories.map((s, i) => {
    const title = esc(s.title, 200) || '(untitled)';
    const url = safeLink(s.link, 500);
    const names = fitList(
      s.sources.map((n) => esc(n, 60)),
      150,
      ', ',
    );
    return `${i + 1}. ${url ? mdLink(title, url) : title} · ${sourcesText(s.sources)}: ${names}`;
  });
  const others =
    embed.title!.length + (footer?.length ?? 0) + fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  const room = Math.max(0, Math.min(L.description, L.embedTotal - others));
  embed.description =
    stories.length > 0
      ? fitList(stories, room)
      : 'Nothing was reported about the watched entities in the last 24 hours.'.slice(0, room);
  return embed;
}
