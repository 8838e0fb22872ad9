// Escaping for everything the status page shows that came from outside: article
// titles, feed names, error messages, URLs. Every renderer passes such text through
// escapeHtml; URLs become links only through httpHref.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Safe in element content and in double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** The URL, normalized, when it is absolute http(s); null for anything else (javascript:, data:, relative). */
export function httpHref(url: string | null | undefined): string | null {
  if (!url) return null;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
}

/** A feed URL fit to show: credentials masked (src/core/redact.ts). */
export { redactUrl as displayUrl } from '../../core/redact.js';

/** A link when the URL is http(s), the escaped text otherwise. */
export function linkOrText(url: string | null, text: string, cls = ''): string {
  const href = httpHref(url);
  const c = cls ? ` class="${cls}"` : '';
  return href
    ? `<a${c} href="${escapeHtml(href)}" rel="noopener noreferrer">${escapeHtml(text)}</a>`
    : `<span${c}>${escapeHtml(text)}</span>`;
}
