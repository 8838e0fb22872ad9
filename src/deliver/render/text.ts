// Untrusted article text → safe Discord markdown. Invariants kept here:
//  - every markdown-significant character outside URLs is backslash-escaped, so article
//    text can never format, link, quote or spoil anything;
//  - mention syntax (@everyone, @here, <@…>, <#…>, <t:…>) is broken up, so it renders as text
//    (it could never ping from an embed, and allowed_mentions is empty anyway);
//  - truncation never splits an escape pair or a surrogate pair, and prefers a word boundary.

/** C0/C1 controls (except tab and newline) and bidi overrides: invisible or misleading in a message. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** Characters Discord markdown gives a meaning to anywhere in a line (`<` opens mentions, timestamps, emoji). */
const INLINE_SPECIAL = /[\\*_~`|[\]<]/g;
/** Discord autolinks these (same shape as its URL rule); escaping inside would break the link. */
const URL_TOKEN = /^https?:\/\/[^\s<]+$/;
const ELLIPSIS = '…';

/** Removes control characters (see CONTROL) and folds every whitespace run to one space. */
export function cleanText(raw: string): string {
  return raw.replace(CONTROL, '').replace(/\s+/g, ' ').trim();
}

/** Escapes one whitespace-free token. `lineStart`: the token begins a line (lists, headings, quotes). */
export function escapeToken(token: string, lineStart: boolean): string {
  let out: string;
  if (URL_TOKEN.test(token)) out = token;
  else {
    out = token.replace(INLINE_SPECIAL, (c) => `\\${c}`);
    // Lists, quotes and headings only start a line; alert text is one line, so only its first token.
    if (lineStart) out = out.replace(/^([-+>#]|\d+\.)/, '\\$1');
  }
  // A zero-width space after '@' keeps @everyone/@here from being read as a mention.
  return out.replace(/@(everyone|here)/gi, '@\u200b$1');
}

export interface Fitted {
  text: string;
  /** Part of the input did not fit. */
  truncated: boolean;
}

/** A piece of text to lay out: one word, or one highlighted name shown in bold. */
export interface Unit {
  text: string;
  bold: boolean;
  /** Separated from the previous unit by a space. */
  spaceBefore: boolean;
}

/** Words of cleaned text as plain units. */
export function wordUnits(text: string): Unit[] {
  return text
    .split(' ')
    .filter((w) => w !== '')
    .map((w) => ({ text: w, bold: false, spaceBefore: true }));
}

/**
 * How one chat service writes text: its escaping of a whitespace-free token and its bold.
 * Discord markdown is the default; Slack mrkdwn and HTML (Telegram, Matrix) bring their own.
 */
export interface Markup {
  token(token: string, lineStart: boolean): string;
  bold(inner: string): string;
}

export const DISCORD_MARKUP: Markup = { token: escapeToken, bold: (inner) => `**${inner}**` };

function renderUnit(unit: Unit, lineStart: boolean, markup: Markup): string {
  if (!unit.bold) return markup.token(unit.text, lineStart);
  const words = unit.text.split(' ').filter((w) => w !== '');
  return markup.bold(words.map((w, i) => markup.token(w, lineStart && i === 0)).join(' '));
}

/**
 * The escaped form of `raw` (cleaned text) in at most `budget` code units, cut at a word
 * boundary (or inside a word longer than the whole budget) and ended with '…' when cut.
 */
export function fitEscaped(raw: string, budget: number, ellipsis = ELLIPSIS, markup = DISCORD_MARKUP): Fitted {
  return fitUnits(wordUnits(raw), budget, ellipsis, markup);
}

/** Lays units out within `budget`; a bold unit is never split, so its `**` always pair up. */
export function fitUnits(units: Unit[], budget: number, ellipsis = ELLIPSIS, markup = DISCORD_MARKUP): Fitted {
  let text = '';
  for (let i = 0; i < units.length; i++) {
    const unit = units[i] as Unit;
    const piece = renderUnit(unit, i === 0, markup);
    const next = text === '' ? piece : `${text}${unit.spaceBefore ? ' ' : ''}${piece}`;
    const rest = i < units.length - 1;
    // Room must stay for the ellipsis unless this is the last unit.
    if (next.length + (rest ? ellipsis.length : 0) <= budget) {
      text = next;
      continue;
    }
    if (text === '') text = hardCut(unit.text, budget - ellipsis.length, markup);
    return { text: text === '' ? ellipsis.slice(0, Math.max(0, budget)) : text + ellipsis, truncated: true };
  }
  return { text, truncated: false };
}

/** The longest escaped prefix of one word that fits, cut between code points. */
function hardCut(word: string, budget: number, markup: Markup): string {
  let out = '';
  for (const ch of word) {
    const piece = markup.token(ch, out === '');
    if (out.length + piece.length > budget) break;
    out += piece;
  }
  return out;
}

/** Plain (unescaped) truncation at a word boundary, for text that is not markdown (console, names). */
export function truncatePlain(text: string, budget: number, ellipsis = ELLIPSIS): string {
  if (text.length <= budget) return text;
  const room = Math.max(0, budget - ellipsis.length);
  let cut = text.slice(0, room);
  const space = cut.lastIndexOf(' ');
  if (space > room / 2) cut = cut.slice(0, space);
  else if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return cut.trimEnd() + ellipsis;
}

/** An absolute http(s) URL, or null for anything else (javascript:, data:, relative, malformed, huge). */
export function safeLink(link: string | null | undefined, maxLength = 2048): string | null {
  if (!link || link.length > maxLength) return null;
  try {
    const url = new URL(link);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.href.length <= maxLength ? url.href : null;
  } catch {
    return null;
  }
}
