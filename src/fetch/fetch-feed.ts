// fetchFeed: one poll of one feed → modified | not-modified | failed. It never throws:
// every exception is classified once, in errors.ts, at the end of this function.
//
//   GET (conditional, redirects followed by hand) → 304? → status check → capped body
//     → an HTML page? → its <link rel=alternate> feed, fetched once (no second discovery)
import { defaultClassifier, guardedLookup, namesPrivateHost } from './address.js';
import { discardBody, readCappedBody } from './body.js';
import { startDeadline, type Deadline } from './deadline.js';
import { findFeedLink, isHtmlPage } from './discovery.js';
import { classifyThrown, FetchError, statusError } from './errors.js';
import { pollHints, retryAfterMs } from './hints.js';
import { getFollowingRedirects, type HopContext } from './redirects.js';
import type { FetchOptions, FetchRequest, FetchResult } from './types.js';

/** Feed types first; HTML last (accepted so that discovery can run), anything else below it. */
const ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.5, */*;q=0.1';

type Success = Exclude<FetchResult, { kind: 'failed' }>;

export async function fetchFeed(req: FetchRequest, opts: FetchOptions): Promise<FetchResult> {
  const deadline = startDeadline(opts.timeoutMs, opts.signal);
  const current = { url: req.url };
  const connect = connectFor(req, opts);
  try {
    const first = await fetchOnce(req.url, conditionalHeaders(req), req, opts, deadline, current, connect);
    if (first.kind === 'not-modified' || !isHtmlPage(first.body, first.contentType)) return first;

    const feedUrl = findFeedLink(first.body, first.url);
    if (!feedUrl)
      throw new FetchError('not-a-feed', 'an HTML page, not a feed (it has no <link rel="alternate"> to a feed)', {
        url: first.url,
        feedId: req.feedId,
        status: first.status,
      });
    // The request's validators belong to the page, not to the feed it links to.
    const feed = await fetchOnce(feedUrl, {}, req, opts, deadline, current, connect);
    if (feed.kind === 'modified' && isHtmlPage(feed.body, feed.contentType)) {
      throw new FetchError('not-a-feed', `the feed link of the HTML page ${first.url} is itself an HTML page`, {
        url: feed.url,
        feedId: req.feedId,
        status: feed.status,
      });
    }
    if (feed.kind === 'not-modified') return feed;
    const { permanentRedirect, ...rest } = feed;
    return { ...rest, discoveredFeedUrl: permanentRedirect ?? feedUrl };
  } catch (err) {
    const error = classifyThrown(err, { url: current.url, feedId: req.feedId }, deadline);
    return {
      kind: 'failed',
      error,
      hints: error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs },
    };
  } finally {
    deadline.dispose();
  }
}

/**
 * The SSRF guard (address.ts) for this feed: off when its configured URL names a private host,
 * or the config allows private addresses.
 */
function connectFor(req: FetchRequest, opts: FetchOptions): HopContext['connect'] {
  const lookup = opts.network?.lookup;
  if (opts.allowPrivateAddresses || namesPrivateHost(req.configuredUrl ?? req.url)) return { guarded: false, lookup };
  const isPrivate = opts.network?.isPrivate ?? defaultClassifier;
  return { guarded: true, lookup: guardedLookup(isPrivate, lookup), isPrivate };
}

function conditionalHeaders(req: FetchRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  if (req.etag) headers['if-none-match'] = req.etag;
  if (req.lastModified) headers['if-modified-since'] = req.lastModified;
  return headers;
}

/** One URL: redirects, then 304 / failure status / capped body. Throws FetchError (or a raw error for classifyThrown). */
async function fetchOnce(
  url: string,
  conditional: Record<string, string>,
  req: FetchRequest,
  opts: FetchOptions,
  deadline: Deadline,
  current: { url: string },
  connect: HopContext['connect'],
): Promise<Success> {
  const hop: HopContext = {
    feedId: req.feedId,
    maxRedirects: opts.maxRedirects,
    // body.ts decodes gzip, deflate and br (content-coding.ts).
    headers: { 'user-agent': opts.userAgent, accept: ACCEPT, 'accept-encoding': 'gzip, deflate, br', ...conditional },
    deadline,
    current,
    connect,
  };
  const { response, url: finalUrl, permanentRedirect } = await getFollowingRedirects(url, hop);
  const ok = response.status >= 200 && response.status < 300;
  const moved = permanentRedirect === undefined ? {} : { permanentRedirect };
  const hints = pollHints(response.headers, response.status);
  const etag = response.headers.get('etag');

  // A server that ignores If-None-Match but sends back the same ETag has not changed the feed either.
  if (
    response.status === 304 ||
    (ok && etag !== null && etag === req.etag && conditional['if-none-match'] !== undefined)
  ) {
    await discardBody(response);
    return { kind: 'not-modified', url: finalUrl, hints, ...moved };
  }
  if (!ok) {
    await discardBody(response);
    const retry = response.status === 429 || response.status === 503 ? retryAfterMs(response.headers) : undefined;
    throw statusError(response.status, response.statusText, { url: finalUrl, feedId: req.feedId, retryAfterMs: retry });
  }
  const body = await readCappedBody(response, { url: finalUrl, feedId: req.feedId, maxBytes: opts.maxBytes });
  if (body.length === 0)
    throw new FetchError('not-a-feed', `HTTP ${response.status} with an empty body`, {
      url: finalUrl,
      feedId: req.feedId,
      status: response.status,
    });
  return {
    kind: 'modified',
    url: finalUrl,
    status: response.status,
    body,
    contentType: response.headers.get('content-type'),
    etag,
    lastModified: response.headers.get('last-modified'),
    hints,
    ...moved,
  };
}
