// Reading a response body under a size cap. Node's fetch has already undone
// gzip/deflate/br, so the bytes counted here are the decompressed ones: a small
// compressed body that inflates past the cap is cut off like a large plain one.
// Invariant: the body is either read to the end or cancelled; never left open.
import { FetchError } from './errors.js';

export interface BodyContext {
  url: string;
  feedId: string;
  maxBytes: number;
}

/** Cancels a body we will not read (redirects, errors, 304s): frees the socket. */
export async function discardBody(response: Response): Promise<void> {
  if (response.body && !response.bodyUsed) await response.body.cancel().catch(() => undefined);
}

/** The whole body, or too-large as soon as it passes maxBytes (read no further). */
export async function readCappedBody(response: Response, ctx: BodyContext): Promise<Buffer> {
  const tooLarge = (seen: string) =>
    new FetchError('too-large', `body larger than the ${ctx.maxBytes}-byte limit (${seen})`, { url: ctx.url, feedId: ctx.feedId, status: response.status });

  // Content-Length counts the compressed bytes, and decompressing only grows them.
  const declared = Number(response.headers.get('content-length'));
  if (declared > ctx.maxBytes) {
    await discardBody(response);
    throw tooLarge(`Content-Length ${declared}`);
  }
  if (!response.body) return Buffer.alloc(0);

  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > ctx.maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(`stopped reading at ${total} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}
