// Feed texts → the shapes of FeedItem: plain-text titles, HTML bodies.
import { plainText } from '../text/html.js';
import { absolutizeHtml } from './html-urls.js';
import { escapeText } from './xml/serialize.js';
import type { FeedText } from './raw.js';

/** Tags that mark a text of unknown type as HTML (a bare `<blink>` or `1 < 2` does not). */
const HTML_TAG = /<\/?(?:a|abbr|b|big|blockquote|br|center|cite|code|dd|del|div|dl|dt|em|font|h[1-6]|hr|i|iframe|img|ins|kbd|li|ol|p|pre|q|s|small|span|strike|strong|sub|sup|table|tbody|td|th|thead|tr|tt|u|ul)(?:\s[^>]*)?\/?>/i;
const ENTITY = /&(?:[a-z][a-z0-9]{1,31}|#[0-9]{1,7}|#x[0-9a-f]{1,6});/i;

/** Whether a text whose type the feed does not state reads as HTML. */
export function looksLikeHtml(s: string): boolean {
  return s.indexOf('<') >= 0 ? HTML_TAG.test(s) || ENTITY.test(s) : s.indexOf('&') >= 0 && ENTITY.test(s);
}

/** A text of unstated type, HTML when it looks like it. */
export function sniffed(value: string): FeedText {
  return { value, html: looksLikeHtml(value) };
}

/** Plain text on one line: tags removed and entities decoded when it is HTML, whitespace collapsed. */
export function toPlain(t: FeedText | null): string {
  if (!t) return '';
  return t.html ? plainText(t.value) : t.value.replace(/\s+/g, ' ').trim();
}

/** HTML as the feed gives it (relative URLs made absolute); a plain text is escaped so that it reads the same as HTML. Null when blank. */
export function toHtml(t: FeedText | null): string | null {
  if (!t) return null;
  const v = t.value.trim();
  if (!v) return null;
  return t.html ? absolutizeHtml(v, t.base ?? null) : escapeText(v);
}
