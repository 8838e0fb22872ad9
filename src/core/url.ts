// URL helpers shared by stages: the host a request goes to, and links without the
// parameters that only track the click.

/** Query parameters that only track the click, never choose the page. */
const TRACKING = new Set([
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'igshid',
  'li_fat_id',
  'mc_cid',
  'mc_eid',
  '_hsenc',
  '_hsmi',
  'hsctatracking',
  'mkt_tok',
  'vero_id',
  'vero_conv',
  'oly_anon_id',
  'oly_enc_id',
  'rb_clickid',
  's_cid',
  'wickedid',
  'ref_src',
  'ref_url',
  'cmpid',
  'ncid',
  'ocid',
  'sr_share',
  'spm',
  'guccounter',
  '_ga',
  '_gl',
]);
const TRACKING_PREFIX = /^(?:utm_|pk_|mtm_|at_medium$|at_campaign$|at_custom|itm_)/i;

/** `s` as a URL, or null when it is not an absolute URL. */
export function tryUrl(s: string): URL | null {
  try {
    return new URL(s);
  } catch {
    return null;
  }
}

/** utm_*, fbclid, gclid, mc_cid and the like. */
export function isTrackingParam(name: string): boolean {
  return TRACKING.has(name.toLowerCase()) || TRACKING_PREFIX.test(name);
}

/**
 * Remove tracking parameters from `u` in place; true when some were removed. The query
 * is re-serialized only then: otherwise it stays as the site wrote it.
 */
export function stripTracking(u: URL): boolean {
  if (!u.search) return false;
  const params = [...u.searchParams];
  const kept = params.filter(([name]) => !isTrackingParam(name));
  if (kept.length === params.length) return false;
  u.search = kept.length ? new URLSearchParams(kept).toString() : '';
  return true;
}

/** `link` without tracking parameters (the link an alert posts); anything unparsable is returned as is. */
export function withoutTracking(link: string): string {
  const u = tryUrl(link);
  return u && stripTracking(u) ? u.href : link;
}

/** The host (and port, when not the default) of a URL, lower-cased; the input itself if it does not parse. */
export function hostOf(url: string): string {
  return tryUrl(url)?.host.toLowerCase() ?? url;
}
