// A burst collapsed into one message: "N more alerts", one line per alert with its
// linked title, source and matched names. Every collapsed alert gets a line: the line
// budget is the description's room divided by the number of alerts, and a line drops
// its matched names, then its link, then shortens its title before it would overflow.
import type { APIEmbed } from 'discord.js';
import type { AlertPayload, DigestPayload } from '../../core/types.js';
import { DISCORD_LIMITS as L } from '../limits.js';
import { matchedNames } from './fields.js';
import { cleanText, DISCORD_MARKUP, fitEscaped, safeLink, type Markup } from './text.js';

/** How a service writes a digest line's link and text (Discord markdown by default). */
export interface LineStyle {
  markup: Markup;
  /** The URL as it can stand inside the link syntax, or null to leave the link out. */
  url(link: string | null): string | null;
  link(text: string, url: string): string;
  /** Characters the link syntax adds around the text. */
  linkOverhead(url: string): number;
}

export const DISCORD_LINE: LineStyle = {
  markup: DISCORD_MARKUP,
  url: (link) => markdownUrl(link),
  link: (text, url) => `[${text}](${url})`,
  linkOverhead: (url) => 4 + url.length,
};

const COLOR = 0x7f8c8d;
const MIN_TITLE = 24;

export function renderDigestEmbed(p: DigestPayload, footer: string | null): APIEmbed {
  const n = p.alerts.length;
  const embed: APIEmbed = { color: COLOR, title: `${n} more alert${n === 1 ? '' : 's'}` };
  if (footer) embed.footer = { text: footer };
  const room = Math.min(L.description, L.embedTotal - embed.title!.length - (footer?.length ?? 0));
  const perLine = n > 0 ? Math.floor((room + 1) / n) - 1 : room;
  const lines = p.alerts.map((a) => digestLine(a, perLine));
  if (lines.length > 0) embed.description = lines.join('\n');
  return embed;
}

/** One alert as `• [Title](url) — Source · ISKP, TTP` within `budget` code units. */
export function digestLine(a: AlertPayload, budget: number, style: LineStyle = DISCORD_LINE): string {
  const { markup } = style;
  const src = fitEscaped(cleanText(a.source), 60, undefined, markup).text;
  const names = fitEscaped(cleanText(matchedNames(a.matches).join(', ')), 80, undefined, markup).text;
  const link = style.url(safeLink(a.link));
  const title = cleanText(a.title) || '(untitled)';
  // Parts are dropped in this order until the title has room.
  const variants = [
    { link, src, names },
    { link, src, names: '' },
    { link: null, src, names: '' },
    { link: null, src: '', names: '' },
  ];
  for (let i = 0; i < variants.length; i++) {
    const v = variants[i]!;
    const linkLength = v.link ? style.linkOverhead(v.link) : 0;
    const fixed = 2 + linkLength + (v.src ? 3 + v.src.length : 0) + (v.names ? 3 + v.names.length : 0);
    const room = budget - fixed;
    if (room < MIN_TITLE && i < variants.length - 1) continue;
    const t = fitEscaped(title, Math.max(1, room), undefined, markup).text;
    return `• ${v.link ? style.link(t, v.link) : t}${v.src ? ` — ${v.src}` : ''}${v.names ? ` · ${v.names}` : ''}`;
  }
  return '';
}

/** A URL that cannot end a markdown link early: parentheses and spaces percent-encoded. */
function markdownUrl(url: string | null): string | null {
  if (!url) return null;
  return url.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/ /g, '%20');
}
