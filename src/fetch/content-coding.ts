// Undoing Content-Encoding: gzip (x-gzip), deflate (zlib-wrapped or raw, as servers send
// both) and br, the listed codings undone last-first, leniently (Z_SYNC_FLUSH, as curl
// and undici's fetch do, so a truncated stream yields what it holds). As in fetch, a body
// with a coding we do not know is returned as it came.
//
// The whole compressed body is in hand (body.ts read it under the cap), so it is decoded
// in one synchronous call: cheaper than a zlib stream per request, and bounded, since the
// output stops at maxBytes (zlib throws ERR_BUFFER_TOO_LARGE past it, before inflating
// further: a gzip bomb costs at most maxBytes of work).
import { brotliDecompressSync, constants, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';

/** More codings than this is an attack, not a feed (undici's limit, after curl's CVE-2022-32206). */
const MAX_CODINGS = 5;

type Decoder = (bytes: Buffer, maxOutputLength: number) => Buffer;

const lenient = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH };
const gunzip: Decoder = (b, max) => gunzipSync(b, { ...lenient, maxOutputLength: max });
const DECODERS: Record<string, Decoder> = {
  gzip: gunzip,
  'x-gzip': gunzip,
  // A zlib header's low nibble is 8 (CM = deflate); anything else is a raw deflate stream.
  deflate: (b, max) =>
    ((b[0]! & 0x0f) === 0x08 ? inflateSync : inflateRawSync)(b, { ...lenient, maxOutputLength: max }),
  br: (b, max) =>
    brotliDecompressSync(b, {
      flush: constants.BROTLI_OPERATION_FLUSH,
      finishFlush: constants.BROTLI_OPERATION_FLUSH,
      maxOutputLength: max,
    }),
  identity: (b) => b,
};

/**
 * The decoded body (at most maxBytes), or `raw` itself when there is no coding or an unknown one.
 * Throws zlib's errors: code ERR_BUFFER_TOO_LARGE past maxBytes, Z_DATA_ERROR & co. on a corrupt body.
 */
export function decodeContent(raw: Buffer, contentEncoding: string | null, maxBytes: number): Buffer {
  if (!contentEncoding || raw.length === 0) return raw;
  const codings = contentEncoding
    .toLowerCase()
    .split(',')
    .map((c) => c.trim());
  if (codings.length > MAX_CODINGS) throw new Error(`too many content codings (${codings.length}): ${contentEncoding}`);
  const decoders = codings.map((c) => DECODERS[c]);
  if (decoders.some((d) => d === undefined)) return raw;
  let body = raw;
  for (let i = decoders.length - 1; i >= 0 && body.length > 0; i--) body = decoders[i]!(body, maxBytes);
  return body;
}
