// Feed texts → the shapes of FeedItem: plain-text titles, HTML bodies.
import { plainText } from '../text/html.js';
import { isSpace } from '../text/html-visible.js';
import { absolutizeHtml } from './html-urls.js';
import { escapeText } from './xml/serialize.js';
import type { FeedText } from './raw.js';

/** Tags that mark a text of unknown type as HTML (a bare `<blink>` or `1 < 2` does not). */
const HTML_TAGS = new Set(
  (
    'a abbr b big blockquote br center cite code dd del div dl dt em font h1 h2 h3 h4 h5 h6 hr i iframe img ins kbd li ol p ' +
    'pre q s small span strike strong sub sup table tbody td th thead tr tt u ul'
  ).split(' '),
);
const ENTITY = /&(?:[a-z][a-z\d]{1,31}|#\d{1,7}|#x[\da-f]{1,6});/i;

/** Whether a text whose type the feed does not state reads as HTML. */
export function looksLikeHtml(s: string): boolean {
  return s.indexOf('<') >= 0 ? hasHtmlTag(s) || ENTITY.test(s) : s.indexOf('&') >= 0 && ENTITY.test(s);
}

/**
 * Whether `s` holds a start or end tag of HTML_TAGS: `<name>`, `<name/>`, `</name …>`,
 * `<name …/>` (what /<\/?(?:a|abbr|…)(?:\s[^>]*)?\/?>/i matched), read in one pass: a tag
 * with attributes only needs some '>' after it (the pattern rescanned to the end for each one).
 */
function hasHtmlTag(s: string): boolean {
  const lastGt = s.lastIndexOf('>');
  for (let i = s.indexOf('<'); i >= 0 && i < lastGt; i = s.indexOf('<', i + 1)) {
    const start = s[i + 1] === '/' ? i + 2 : i + 1;
    let end = start;
    while (end < s.length && isAlnum(s.charCodeAt(end))) end++;
    if (end === start || end - start > 10 || !HTML_TAGS.has(s.slice(start, end).toLowerCase())) continue;
    const c = s.charCodeAt(end);
    if (c === 62 /* > */ || (c === 47 /* / */ && s[end + 1] === '>') || isSpace(c)) return true; // isSpace: '>' follows (lastGt)
  }
  return false;
}

const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122);

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
