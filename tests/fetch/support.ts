// Shared bits of the fetch tests: default options, a small RSS document, and a
// narrowing helper for failed results.
import { lookup as dnsLookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { expect } from 'vitest';
import { isPrivateAddress } from '../../src/fetch/address.js';
import {
  userAgent,
  type FetchError,
  type FetchFailureKind,
  type FetchOptions,
  type FetchResult,
} from '../../src/fetch/index.js';

export const UA = userAgent('0.1.0', 'ops@example.org');

export const options = (over: Partial<FetchOptions> = {}): FetchOptions => ({
  timeoutMs: 10_000,
  maxBytes: 1024 * 1024,
  maxRedirects: 5,
  userAgent: UA,
  ...over,
});

export const RSS_TYPE = 'application/rss+xml; charset=utf-8';

export function rss(title: string, items: string[] = ['Border crossing reopens after talks']): string {
  const entries = items.map((t, i) => `<item><title>${t}</title><guid>item-${i}</guid></item>`).join('');
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>${title}</title>${entries}</channel></rss>`;
}

export function expectModified(result: FetchResult): Extract<FetchResult, { kind: 'modified' }> {
  if (result.kind !== 'modified')
    throw new Error(
      `expected modified, got ${result.kind}${result.kind === 'failed' ? `: ${result.error.message}` : ''}`,
    );
  return result;
}

export function expectFailure(result: FetchResult, kind: FetchFailureKind): FetchError {
  if (result.kind !== 'failed') throw new Error(`expected a ${kind} failure, got ${result.kind}`);
  expect(result.error.kind, result.error.message).toBe(kind);
  return result.error;
}

/** *.test → 127.0.0.1 (like a DNS answer); every other name through the system resolver. */
const testLookup = ((hostname: string, opts: { all?: boolean }, cb: (...a: unknown[]) => void) => {
  if (!hostname.endsWith('.test'))
    return (dnsLookup as unknown as LookupFunction)(hostname, opts as never, cb as never);
  if (opts.all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
  else cb(null, '127.0.0.1', 4);
}) as unknown as LookupFunction;

/** Addresses of *.public.test count as public; everything else as the real classifier says. */
export const testNetwork: NonNullable<FetchOptions['network']> = {
  lookup: testLookup,
  isPrivate: (address, hostname) => (hostname.endsWith('.public.test') ? false : isPrivateAddress(address)),
};
