// Relative URLs inside HTML content (href, src) made absolute against the content's
// base (xml:base or the document URL), so links in an alert or a reader still work
// once the HTML has left its feed.
//
// Linear in the content (issue 16): tags are found with indexOf (a '<' with no '>'
// after it ends the search, where /<[a-z][^>]*>/g rescanned to the end for every '<'),
// and the cheap pre-test reads each `href=`/`src=` once.
import { isSpace } from '../text/html-visible.js';
import { resolveUrl } from './links.js';

/** An href or src attribute up to its '=' (one start per attribute name; its whitespace run is read once). */
const URL_ATTR_NAME = /\s(?:href|src)\s*=/gi;
const URL_ATTR = /(\s(?:href|src)\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;

export function absolutizeHtml(html: string, base: string | null): string {
  // No '=': no attribute value at all (a memchr before any pattern runs).
  if (!base || html.indexOf('=') < 0 || !hasRelativeUrl(html)) return html;
  return replaceTags(html, (tag) =>
    tag.replace(URL_ATTR, (whole, lead: string, dq?: string, sq?: string, bare?: string) => {
      const value = (dq ?? sq ?? bare ?? '').trim();
      if (!value || value.startsWith('#')) return whole;
      const abs = resolveUrl(value, base);
      if (!abs || abs === value) return whole;
      return sq !== undefined ? `${lead}'${abs}'` : `${lead}"${abs}"`;
    }),
  );
}

/**
 * Some href/src whose value has no scheme and is not a bare fragment: the cheap test that
 * spares most content the rewrite. The value is read after `=`, whitespace, an optional
 * quote and whitespace; a value that is missing (end of text) counts as relative.
 */
export function hasRelativeUrl(html: string): boolean {
  URL_ATTR_NAME.lastIndex = 0;
  for (let m = URL_ATTR_NAME.exec(html); m; m = URL_ATTR_NAME.exec(html)) {
    let i = skipSpaces(html, URL_ATTR_NAME.lastIndex);
    if (html[i] === '"' || html[i] === "'") i = skipSpaces(html, i + 1);
    if (i >= html.length) return true;
    const c = html.charCodeAt(i);
    if (c === 34 || c === 39 || c === 62 || c === 35 || isSpace(c)) continue; // " ' > # whitespace
    if (!isLetter(c)) return true;
    let j = i + 1;
    while (j < html.length && isSchemeChar(html.charCodeAt(j))) j++;
    if (html[j] !== ':') return true;
    URL_ATTR_NAME.lastIndex = j; // the scheme run holds no whitespace, so no attribute starts inside it
  }
  return false;
}

/** `html.replace(/<[a-z][^>]*>/gi, fn)` in one pass. */
function replaceTags(html: string, fn: (tag: string) => string): string {
  let out = '';
  let from = 0;
  for (let i = html.indexOf('<'); i >= 0;) {
    if (!isLetter(html.charCodeAt(i + 1))) {
      i = html.indexOf('<', i + 1);
      continue;
    }
    const end = html.indexOf('>', i + 2);
    if (end < 0) break; // no tag that starts here or later can end
    out += html.slice(from, i) + fn(html.slice(i, end + 1));
    from = end + 1;
    i = html.indexOf('<', from);
  }
  return from === 0 ? html : out + html.slice(from);
}

function skipSpaces(s: string, i: number): number {
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i;
}

const isLetter = (c: number): boolean => (c | 0x20) >= 97 && (c | 0x20) <= 122;
/** [a-z0-9+.-] */
const isSchemeChar = (c: number): boolean => isLetter(c) || (c >= 48 && c <= 57) || c === 43 || c === 46 || c === 45;
