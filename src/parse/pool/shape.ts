// A quick look at a body's element nesting before choosing where to parse it. htmlparser2
// keeps its open-element stack with Array#unshift, so a document nested N levels deep
// costs O(N²) on the thread that parses it: 100,000 levels (700 KB) take 1.4 s. Such a
// body goes to a worker whatever its size.
//
// The scan works on raw bytes with Buffer#indexOf (native): per `<`, an opening tag counts
// +1 unless it ends in `/>`, a closing tag −1; comments, processing instructions,
// declarations and CDATA sections (HTML inside them included) are skipped. It may
// overestimate (unclosed tags, a UTF-16 body): that only sends a body to a worker. A body
// that is not UTF-16 and nests deeper than MAX_NESTING is refused outright (`too-complex`):
// no feed nests beyond a few dozen levels, and parsing 100,000 levels costs seconds of
// worker CPU at every poll, or a timeout on a busy machine.

/** Levels of element nesting past which a (non-UTF-16) body is refused. */
export const MAX_NESTING = 10_000;

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const CDATA_OPEN = Buffer.from('<![CDATA[');
const CDATA_CLOSE = Buffer.from(']]>');
const COMMENT_OPEN = Buffer.from('<!--');
const COMMENT_CLOSE = Buffer.from('-->');

/** True when the body's elements nest deeper than `limit` (estimated, see above). */
export function nestsDeeperThan(body: Buffer, limit: number): boolean {
  let depth = 0;
  let at = body.indexOf(LT);
  while (at >= 0) {
    const next = body[at + 1];
    let end: number;
    if (next === BANG) {
      if (body.subarray(at, at + CDATA_OPEN.length).equals(CDATA_OPEN)) end = skipTo(body, CDATA_CLOSE, at);
      else if (body.subarray(at, at + COMMENT_OPEN.length).equals(COMMENT_OPEN)) end = skipTo(body, COMMENT_CLOSE, at);
      else end = body.indexOf(GT, at);
    } else {
      end = body.indexOf(GT, at);
      if (next === SLASH) depth--;
      else if (next !== QUESTION && end >= 0 && body[end - 1] !== SLASH && ++depth > limit) return true;
    }
    if (end < 0) return false;
    at = body.indexOf(LT, end);
  }
  return false;
}

function skipTo(body: Buffer, close: Buffer, from: number): number {
  const i = body.indexOf(close, from);
  return i < 0 ? -1 : i + close.length - 1;
}

/** A NUL among the first bytes: UTF-16 or UTF-32, where the byte scan cannot tell tags apart. */
export function looksWide(body: Buffer): boolean {
  return body.subarray(0, 512).includes(0);
}
