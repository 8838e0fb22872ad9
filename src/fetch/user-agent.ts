// The User-Agent names the project and, when configured, a way to reach its operator
// (some sites block anonymous bots). Header-unsafe characters in the contact are dropped.

/** `newswatch/0.1.0 (news monitor; +https://example.org/bot)` or `… (news monitor; contact: ops@example.org)`. */
export function userAgent(version: string, contact?: string): string {
  const clean = (s: string) => s.replace(/[^\x20-\x7E]|[()\\]/g, '').trim();
  const product = `newswatch/${clean(version) || '0'}`;
  const who = contact ? clean(contact) : '';
  if (!who) return `${product} (news monitor)`;
  return /^https?:\/\//i.test(who)
    ? `${product} (news monitor; +${who})`
    : `${product} (news monitor; contact: ${who})`;
}
