// How untrusted article text is written for Slack (mrkdwn) and for HTML (Telegram, Matrix).
// Invariants, whatever the article says:
//  - Slack: '&', '<', '>' are escaped (&amp; &lt; &gt;, the only escapes mrkdwn has), so
//    article text can form no link, no <!channel>/<!here>/<!everyone>, no <@U…> or <#C…>;
//    formatting characters (* _ ~ `), which mrkdwn cannot escape, get a zero-width space on
//    each side so they cannot pair up into bold, italics, strike or code;
//  - HTML: '&', '<', '>', '"' are escaped, so article text can open no tag (Telegram's
//    parser rejects unknown tags, Matrix clients sanitize, but neither ever sees one from us);
//  - everywhere: '@' before a word gets a zero-width space after it, so @room, @channel,
//    @here, @everyone and @username are text, never a mention (the sinks also send with
//    mentions off: Slack parse none, Matrix m.mentions {}).
import type { Markup } from './text.js';

const ZWSP = '\u200b';
/** Slack and Telegram turn these into links themselves; only their '&<>' are escaped. */
const URL_TOKEN = /^https?:\/\/[^\s<]+$/;

/** '@' at the start of a word (not inside an address such as desk@example.org) followed by a word character. */
export function neutralizeMentions(text: string): string {
  return text.replace(/(^|[^\p{L}\p{N}_.])@(?=[\p{L}\p{N}_])/gu, `$1@${ZWSP}`);
}

export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function slackToken(token: string, lineStart: boolean): string {
  if (URL_TOKEN.test(token)) return escapeSlack(token);
  let out = neutralizeMentions(escapeSlack(token)).replace(/[*_~`]/g, (c) => `${ZWSP}${c}${ZWSP}`);
  // A line starting with '>' (written &gt;) would be a quote.
  if (lineStart && out.startsWith('&gt;')) out = ZWSP + out;
  return out;
}

export const SLACK_MARKUP: Markup = { token: slackToken, bold: (inner) => `*${inner}*` };

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function htmlToken(token: string): string {
  return URL_TOKEN.test(token) ? escapeHtml(token) : neutralizeMentions(escapeHtml(token));
}

export const HTML_MARKUP: Markup = { token: htmlToken, bold: (inner) => `<b>${inner}</b>` };

/** Plain text (Matrix `body`, Slack's notification fallback): mentions neutralized outside URLs. */
export function plainSafe(text: string): string {
  return text
    .split(/(\s+)/)
    .map((w) => (URL_TOKEN.test(w) ? w : neutralizeMentions(w)))
    .join('');
}
