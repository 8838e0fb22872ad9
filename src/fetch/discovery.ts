// Feed discovery: telling an HTML page from a feed, and finding the page's
// <link rel="alternate" type="application/rss+xml" href="…"> (the way browsers and
// feed readers advertise a site's feed). Bytes are inspected without decoding the
// charset: the markers looked for are ASCII.
import { Parser } from 'htmlparser2';

/**
 * Link types taken as feeds, best first. Plain application/json comes last: WordPress puts a
 * `rel=alternate type=application/json` link to its REST API on every page, beside the RSS one.
 */
const FEED_TYPES = ['application/rss+xml', 'application/atom+xml', 'application/feed+json', 'application/json'];
/** How much of the body the sniffer looks at. */
const SNIFF_BYTES = 4096;

/**
 * True when the body is an HTML page rather than a feed: `<!doctype html` or `<html`
 * comes before any `<rss`, `<feed` or `<rdf`; or the server says text/html and no feed
 * marker (nor a JSON object) appears at all. Many servers label real feeds text/html,
 * so the label alone never wins over a feed marker.
 */
export function isHtmlPage(body: Buffer, contentType: string | null): boolean {
  // Dropping NULs lets the ASCII markers of a UTF-16 document show through.
  const head = body.subarray(0, SNIFF_BYTES).toString('latin1').replace(/\0/g, '').toLowerCase();
  const html = firstIndex(head, ['<!doctype html', '<html']);
  const feed = firstIndex(head, ['<rss', '<feed', '<rdf', '<channel']);
  if (html >= 0 && (feed < 0 || html < feed)) return true;
  const labelledHtml = /^\s*(?:text\/html|application\/xhtml\+xml)\b/i.test(contentType ?? '');
  return labelledHtml && feed < 0 && !/^(?:\xef\xbb\xbf|\xff\xfe|\xfe\xff)?\s*[{[]/.test(head);
}

/**
 * The page's feed link: the first (in document order) of the best type in FEED_TYPES,
 * resolved against `<base href>` or the page URL; null when there is none.
 */
export function findFeedLink(body: Buffer, pageUrl: string): string | null {
  let base = pageUrl;
  let found = null as { rank: number; url: string } | null;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'base' && attrs.href) base = resolve(attrs.href.trim(), pageUrl) ?? base;
        if (name !== 'link' || !attrs.href) return;
        const rel = (attrs.rel ?? '').toLowerCase().split(/\s+/);
        const rank = FEED_TYPES.indexOf((attrs.type ?? '').toLowerCase().split(';')[0]?.trim() ?? '');
        if (!rel.includes('alternate') || rank < 0 || (found && found.rank <= rank)) return;
        const url = resolve(attrs.href.trim(), base);
        if (url) found = { rank, url };
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(body.toString('utf8'));
  parser.end();
  return found?.url ?? null;
}

function resolve(href: string, base: string): string | null {
  try {
    return new URL(href, base).href;
  } catch {
    return null;
  }
}

function firstIndex(text: string, needles: string[]): number {
  let best = -1;
  for (const n of needles) {
    const i = text.indexOf(n);
    if (i >= 0 && (best < 0 || i < best)) best = i;
  }
  return best;
}
