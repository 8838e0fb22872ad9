// Reading a response body under a size cap, then undoing its Content-Encoding. The cap
// holds twice: on the bytes as they stream in (compressed ones are never more than the
// decoded ones) and on the decoded bytes, so a small compressed body that inflates past
// the cap is cut off like a large plain one.
// Invariant: a body is read to its end, or drained when it has already arrived whole (the
// connection goes back to the keep-alive pool), or destroyed (the connection is closed);
// never left open.
import type { IncomingMessage } from 'node:http';
import { decodeContent } from './content-coding.js';
import { FetchError } from './errors.js';
import type { HttpResponse } from './http-get.js';

export interface BodyContext {
  url: string;
  feedId: string;
  maxBytes: number;
}

/**
 * Frees the connection of a body we will not read (redirects, errors, 304s): a body that
 * has fully arrived is drained so the socket can be reused; anything else is destroyed
 * rather than downloaded (a 20 MB error page is not read to keep a socket).
 */
export function discardBody(response: HttpResponse): Promise<void> {
  const body = response.body;
  if (!body.complete || body.destroyed) {
    body.destroy();
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    body.once('end', resolve).once('close', resolve).once('error', resolve);
    body.resume();
  });
}

/** The whole decoded body, or too-large as soon as it passes maxBytes (read no further). */
export async function readCappedBody(response: HttpResponse, ctx: BodyContext): Promise<Buffer> {
  const tooLarge = (seen: string) =>
    new FetchError('too-large', `body larger than the ${ctx.maxBytes}-byte limit (${seen})`, {
      url: ctx.url,
      feedId: ctx.feedId,
      status: response.status,
    });

  // Content-Length counts the compressed bytes, and decompressing only grows them.
  const declared = Number(response.headers.get('content-length'));
  if (declared > ctx.maxBytes) {
    response.body.destroy();
    throw tooLarge(`Content-Length ${declared}`);
  }
  const raw = await readAll(response.body, ctx.maxBytes, (total) => tooLarge(`stopped reading at ${total} bytes`));
  try {
    return decodeContent(raw, response.headers.get('content-encoding'), ctx.maxBytes);
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE')
      throw tooLarge(`once decompressed from ${raw.length} bytes`);
    const detail = `the compressed body could not be decoded: ${err instanceof Error ? err.message : String(err)}`;
    throw new FetchError('not-a-feed', detail, {
      url: ctx.url,
      feedId: ctx.feedId,
      status: response.status,
      cause: err,
    });
  }
}

/** Every byte until the end; destroys the stream and rejects as soon as more than maxBytes came. */
function readAll(body: IncomingMessage, maxBytes: number, tooLarge: (total: number) => Error): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    body.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total <= maxBytes) chunks.push(chunk);
      else if (!body.destroyed) {
        body.destroy();
        reject(tooLarge(total));
      }
    });
    // A body that came in one read (most feeds, over a fast link) is returned without a copy.
    body.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total)));
    // A reset connection or a fired deadline: the stream errors (ECONNRESET "aborted", or the deadline's reason).
    body.on('error', reject);
    body.on('close', () => {
      if (!body.readableEnded) reject(body.errored ?? new Error('the connection closed before the end of the body'));
    });
    if (body.destroyed) reject(body.errored ?? new Error('the connection closed before the body was read'));
  });
}
