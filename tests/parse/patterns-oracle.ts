// The oracles for tests/parse/links.test.ts and tests/parse/sniff.test.ts: the HTML
// patterns of src/parse/html-urls.ts and src/parse/text.ts as they were before issue 16
// (commit 5a1f73e, verbatim), so that their one-pass replacements are held to the same
// results. Quadratic on hostile input: feed them short strings only (bench/scaling-parse.ts
// times them as the "before").
/* eslint-disable regexp/no-super-linear-backtracking, regexp/prefer-character-class, regexp/prefer-d -- kept as they were */
import { resolveUrl } from '../../src/parse/links.js';

const HAS_RELATIVE = /\s(?:href|src)\s*=\s*["']?\s*(?![a-z][a-z0-9+.-]*:|#|["'\s>])/i;
const TAG = /<[a-z][^>]*>/gi;
const URL_ATTR = /(\s(?:href|src)\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;

export function oracleHasRelative(html: string): boolean {
  return HAS_RELATIVE.test(html);
}

export function oracleAbsolutizeHtml(html: string, base: string | null): string {
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

const HTML_TAG =
  /<\/?(?:a|abbr|b|big|blockquote|br|center|cite|code|dd|del|div|dl|dt|em|font|h[1-6]|hr|i|iframe|img|ins|kbd|li|ol|p|pre|q|s|small|span|strike|strong|sub|sup|table|tbody|td|th|thead|tr|tt|u|ul)(?:\s[^>]*)?\/?>/i;
const ENTITY = /&(?:[a-z][a-z0-9]{1,31}|#[0-9]{1,7}|#x[0-9a-f]{1,6});/i;

export function oracleLooksLikeHtml(s: string): boolean {
  return s.indexOf('<') >= 0 ? HTML_TAG.test(s) || ENTITY.test(s) : s.indexOf('&') >= 0 && ENTITY.test(s);
}
