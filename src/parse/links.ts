// Links: resolving against the document's base, and the canonical form used to spot
// the same story in several feeds.

import { stripTracking } from '../core/url.js';

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const HTTP = /^https?:\/\//i;

/**
 * `href` made absolute against `base`. An href that already has a scheme is returned
 * as written (trimmed) — not re-serialized, so it stays byte-identical to the feed's.
 * Null when it is empty or relative with no usable base.
 */
export function resolveUrl(href: string, base: string | null): string | null {
  const s = href.trim();
  if (!s) return null;
  if (SCHEME.test(s)) return s;
  if (!base) return null;
  try {
    return new URL(s, base).href;
  } catch {
    return null;
  }
}

/** `href` resolved, and kept only if it is http(s). */
export function httpLink(href: string | null | undefined, base: string | null): string | null {
  if (!href) return null;
  const url = resolveUrl(href, base);
  return url && HTTP.test(url) ? url : null;
}

/**
 * The key that spots one article in several feeds, as a URL: tracking parameters (utm_*,
 * fbclid, gclid, mc_cid, …) and the fragment removed, host lower-cased, the default port
 * dropped, and what one site serves as the same page made one: http and https (on the
 * default port), `www.` or not, a trailing slash or not. Null if `url` is not an
 * absolute http(s) URL. (Only for comparing: alerts link to the item's own link.)
 */
export function canonicalLink(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  u.hash = '';
  if (u.port === '') u.protocol = 'https:';
  if (u.hostname.startsWith('www.')) u.hostname = u.hostname.slice(4);
  if (u.pathname.length > 1 && u.pathname.endsWith('/')) u.pathname = u.pathname.slice(0, -1);
  stripTracking(u);
  return u.href;
}
