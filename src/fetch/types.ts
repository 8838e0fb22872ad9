// The shapes the fetch stage takes and returns. fetchFeed never throws: every
// outcome, failures included, is one of the FetchResult variants.
import type { LookupFunction } from 'node:net';
import type { AddressClassifier } from './address.js';
import type { FetchError } from './errors.js';

/** One feed to poll, with the validators saved from its last successful response. */
export interface FetchRequest {
  feedId: string;
  url: string;
  /**
   * The URL as the config gives it, when `url` is another (a moved or discovered URL): the
   * SSRF policy (address.ts) trusts private hosts only when this one names one. Default: `url`.
   */
  configuredUrl?: string;
  etag?: string | null;
  lastModified?: string | null;
}

export interface FetchOptions {
  /** Deadline for the whole call: every redirect hop, headers and body, and a discovered feed. */
  timeoutMs: number;
  /** Cap on the decoded (decompressed) body; past it the body is cancelled (too-large). */
  maxBytes: number;
  /** Redirects followed before giving up (too-many-redirects). 0 follows none. */
  maxRedirects: number;
  /** Sent as User-Agent; see userAgent(). */
  userAgent: string;
  /** Aborts the call (service shutdown): the result is failed/aborted. */
  signal?: AbortSignal;
  /** Connect to private addresses whatever the configured URL (config `fetch.allowPrivateAddresses`). */
  allowPrivateAddresses?: boolean;
  /**
   * Tests only, not a config key: resolve names with `lookup` and tell private addresses with
   * `isPrivate`, so that a test can make a "public" name resolve to its 127.0.0.1 server.
   */
  network?: { lookup?: LookupFunction; isPrivate?: AddressClassifier };
}

/** What the server said about when to come back. Both are floors for the next poll. */
export interface PollHints {
  /** From Retry-After on 429/503 (delay in seconds or an HTTP date). */
  retryAfterMs?: number;
  /** From Cache-Control max-age, else Expires. Absent when zero or not given. */
  maxAgeMs?: number;
}

export type FetchResult =
  | {
      kind: 'modified';
      /** Final URL after redirects (the discovered feed's, after discovery). */
      url: string;
      status: number;
      /** Raw bytes, decompressed but not charset-decoded: the parse stage decodes them with contentType. */
      body: Buffer;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
      hints: PollHints;
      /** Set when every hop was a 301/308 and the chain ended at a new URL: the next poll should use it. */
      permanentRedirect?: string;
      /**
       * Set when the URL served an HTML page whose <link rel=alternate> was followed: the next
       * poll should use this URL (already past the feed link's own permanent redirects).
       */
      discoveredFeedUrl?: string;
    }
  | { kind: 'not-modified'; url: string; hints: PollHints; permanentRedirect?: string }
  | { kind: 'failed'; error: FetchError; hints: PollHints };
