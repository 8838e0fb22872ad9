// Relative URLs inside HTML content (href, src) made absolute against the content's
// base (xml:base or the document URL), so links in an alert or a reader still work
// once the HTML has left its feed.
import { resolveUrl } from './links.js';

/** Some href/src whose value has no scheme and is not a bare fragment: the cheap test that spares most content the rewrite. */
const HAS_RELATIVE = /\s(?:href|src)\s*=\s*["']?\s*(?![a-z][a-z0-9+.-]*:|#|["'\s>])/i;
const TAG = /<[a-z][^>]*>/gi;
const URL_ATTR = /(\s(?:href|src)\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;

export function absolutizeHtml(html: string, base: string | null): string {
  // No '=': no attribute value at all (a memchr, where HAS_RELATIVE stops at every space).
  if (!base || html.indexOf('=') < 0 || !HAS_RELATIVE.test(html)) return html;
  return html.replace(TAG, (tag) =>
    tag.replace(URL_ATTR, (whole, lead: string, dq?: string, sq?: string, bare?: string) => {
      const value = (dq ?? sq ?? bare ?? '').trim();
      if (!value || value.startsWith('#')) return whole;
      const abs = resolveUrl(value, base);
      if (!abs || abs === value) return whole;
      return sq !== undefined ? `${lead}'${abs}'` : `${lead}"${abs}"`;
    }),
  );
}
