// One GET with the redirects followed by hand (httpGet never follows them), so that we can cap them, refuse non-http(s) targets, spot loops, and tell whether
// the whole chain was permanent (301/308): only then should the next poll use the new URL.
import type { OutgoingHttpHeaders } from 'node:http';
import { checkLiteral, type AddressClassifier } from './address.js';
import { discardBody } from './body.js';
import type { Deadline } from './deadline.js';
import { FetchError } from './errors.js';
import { httpGet, type Connect, type HttpResponse } from './http-get.js';

const REDIRECT = new Set([301, 302, 303, 307, 308]);
const PERMANENT = new Set([301, 308]);

export interface HopContext {
  feedId: string;
  maxRedirects: number;
  headers: OutgoingHttpHeaders;
  deadline: Deadline;
  /** Updated before each request: the URL a failure should name. */
  current: { url: string };
  /** How to connect; with `isPrivate`, every hop is under the SSRF guard (address.ts). */
  connect: Connect & { isPrivate?: AddressClassifier | undefined };
}

export interface FinalResponse {
  response: HttpResponse;
  /** URL of the response (after redirects). */
  url: string;
  /** Set when there was at least one redirect and every one was 301/308. */
  permanentRedirect?: string;
}

/** The first non-redirect response. Redirect bodies are discarded; the final body is the caller's to read. */
export async function getFollowingRedirects(startUrl: string, ctx: HopContext): Promise<FinalResponse> {
  let url = checkScheme(startUrl, startUrl, ctx.feedId);
  const visited = [url];
  let allPermanent = true;
  for (;;) {
    ctx.current.url = url;
    if (ctx.connect.guarded && ctx.connect.isPrivate) checkLiteral(url, ctx.connect.isPrivate);
    const response = await httpGet(url, ctx.headers, ctx.deadline, ctx.connect);
    if (!REDIRECT.has(response.status)) {
      const permanent = visited.length > 1 && allPermanent && url !== visited[0];
      return permanent ? { response, url, permanentRedirect: url } : { response, url };
    }
    await discardBody(response);
    const fail = (kind: 'not-a-feed' | 'too-many-redirects', detail: string) =>
      new FetchError(kind, detail, { url, feedId: ctx.feedId, status: response.status });
    const location = response.headers.get('location');
    if (!location) throw fail('not-a-feed', `HTTP ${response.status} redirect without a Location header`);
    let next: string;
    try {
      next = new URL(location, url).href;
    } catch {
      throw fail('not-a-feed', `HTTP ${response.status} redirect to an invalid URL ${JSON.stringify(location)}`);
    }
    next = checkScheme(next, url, ctx.feedId);
    if (visited.includes(next)) throw fail('too-many-redirects', `redirect loop: ${[...visited, next].join(' → ')}`);
    if (visited.length > ctx.maxRedirects)
      throw fail('too-many-redirects', `more than ${ctx.maxRedirects} redirects (last to ${next})`);
    if (!PERMANENT.has(response.status)) allPermanent = false;
    visited.push(next);
    url = next;
  }
}

/** Only http(s) is fetched: a feed URL or redirect to file:, ftp:, data:… is refused. */
function checkScheme(target: string, from: string, feedId: string): string {
  let parsed: URL;
  try {
    parsed = new URL(target);
  } catch {
    throw new FetchError('not-a-feed', `not a URL: ${JSON.stringify(target)}`, { url: from, feedId });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    const detail =
      target === from
        ? `unsupported URL scheme "${parsed.protocol}"`
        : `redirect to ${target} refused: unsupported URL scheme "${parsed.protocol}"`;
    throw new FetchError('not-a-feed', detail, { url: from, feedId });
  }
  return parsed.href;
}
