// The parse stage: bytes → ParsedFeed. One entry point detects the format and hands
// off to an adapter (as miniflux's reader/parser does):
//   '{'           → JSON Feed (jsonfeed.ts)
//   <rss>         → RSS 0.9x/2.0 (rss.ts)      <rdf:RDF> → RSS 0.90/1.0 (rdf.ts)
//   <feed>        → Atom 0.3/1.0 (atom.ts)     <CHANNEL> → CDF (cdf.ts)
// then normalize.ts makes ids, texts, dates and canonical links.
//
// XML engine: xml/tree.ts on htmlparser2 in xmlMode — not rss-parser. rss-parser's
// parseString is asynchronous (this stage is a synchronous function), strict (a bare
// `&`, an HTML entity or a truncated body loses the whole feed, so every such feed would
// cost a failed parse, a repair pass and a second parse), and its xml2js objects lose
// mixed-content order (XHTML content), namespace URIs and duplicate-element order. One
// tolerant pass gives all of that; see xml/tree.ts.
//
// parseFeed never throws: an unexpected exception is reported as a 'malformed' error,
// a document over the entity-expansion budget (xml/entities.ts) as 'too-complex'.
import type { ParsedFeed } from '../core/types.js';
import { readAtom } from './atom.js';
import { readCdf } from './cdf.js';
import { decodeBody } from './decode.js';
import { jsonErrorOffset } from './json-error.js';
import { readJsonFeed } from './jsonfeed.js';
import { resolveUrl } from './links.js';
import { normalize } from './normalize.js';
import type { RawFeed } from './raw.js';
import { readRdf } from './rdf.js';
import { readRss } from './rss.js';
import type { ParseContext, ParseError, ParseResult } from './types.js';
import { TooComplexError } from './xml/entities.js';
import { positionAt, readXml, type XmlElement } from './xml/tree.js';

export type { ParseContext, ParseError, ParseResult } from './types.js';
export { decodeBody } from './decode.js';
export { canonicalLink } from './links.js';

/** Root element key (see xml/tree.ts) → adapter. */
const XML_ADAPTERS: Record<string, (root: XmlElement) => RawFeed> = {
  rss: readRss,
  rdf: readRdf,
  feed: readAtom,
  channel: readCdf,
};
const HTML_ROOTS = new Set(['html', 'xhtml:html', 'head', 'body']);
const isFeedRoot = (key: string): boolean => key in XML_ADAPTERS;

export function parseFeed(body: Buffer | string, ctx: ParseContext = {}): ParseResult {
  try {
    return parse(body, ctx);
  } catch (err) {
    if (err instanceof TooComplexError) return failure('too-complex', err.message);
    return failure('malformed', `the parser failed unexpectedly: ${(err as Error).message}`);
  }
}

function parse(body: Buffer | string, ctx: ParseContext): ParseResult {
  const contentType = ctx.contentType ?? header(ctx.headers, 'content-type');
  const text = typeof body === 'string' ? body.replace(/^\uFEFF/, '') : decodeBody(body, contentType).text;
  const start = text.search(/\S/);
  if (start < 0) return failure('empty', 'the body is empty');
  const base = documentBase(ctx);
  const warnings: string[] = [];
  if (text[start] === '{' || text[start] === '[') return fromJson(text, base, warnings);

  const doc = readXml(text, base, isFeedRoot);
  warnings.push(...doc.warnings);
  const root = doc.root;
  if (!root) {
    if (doc.strayText === null)
      return failure('empty', 'the document has no elements (only a prolog, comments or whitespace)');
    return failure('not-a-feed', `not XML or JSON: the body starts with ${JSON.stringify(doc.strayText)}`);
  }
  const at = doc.rootAt ? ` (line ${doc.rootAt.line}, column ${doc.rootAt.column})` : '';
  if (doc.strayText !== null) warnings.push(`ignored text before the root element: ${JSON.stringify(doc.strayText)}`);
  const adapter = XML_ADAPTERS[root.key];
  if (!adapter) {
    if (HTML_ROOTS.has(root.key))
      return failure('not-a-feed', `an HTML page, not a feed: the root element is <${root.name}>${at}`);
    return failure(
      'not-a-feed',
      `the root element <${root.name}>${at} is not a feed's (rss, rdf:RDF, feed or CHANNEL)`,
    );
  }
  const raw = adapter(root);
  if (doc.truncated && raw.items.length === 0 && !raw.title && !raw.link) {
    return failure(
      'malformed',
      `nothing could be recovered from the <${root.name}> document${at}: ${warnings.join('; ')}`,
    );
  }
  return ok(normalize(raw, warnings), warnings);
}

function fromJson(text: string, base: string | null, warnings: string[]): ParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    const where = positionAt(text, jsonErrorOffset(text, msg));
    return failure('malformed', `invalid JSON at line ${where.line}, column ${where.column}: ${msg}`);
  }
  const raw = readJsonFeed(data, base);
  return 'kind' in raw ? { ok: false, error: raw } : ok(normalize(raw, warnings), warnings);
}

/** The base for relative links: Content-Location (resolved against the URL) when it is http(s), else the URL. */
function documentBase(ctx: ParseContext): string | null {
  const url = ctx.url && /^https?:/i.test(ctx.url) ? ctx.url : null;
  const location = header(ctx.headers, 'content-location');
  const resolved = location ? resolveUrl(location, url) : null;
  return resolved && /^https?:/i.test(resolved) ? resolved : url;
}

function header(headers: Record<string, string> | undefined, name: string): string | null {
  if (!headers) return null;
  for (const k in headers) if (k.toLowerCase() === name) return headers[k] ?? null;
  return null;
}

function ok(feed: ParsedFeed, warnings: string[]): ParseResult {
  return { ok: true, feed, warnings };
}

function failure(kind: ParseError['kind'], message: string): ParseResult {
  return { ok: false, error: { kind, message } };
}
