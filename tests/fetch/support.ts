// Shared bits of the fetch tests: default options, a small RSS document, and a
// narrowing helper for failed results.
import { expect } from 'vitest';
import { userAgent, type FetchError, type FetchFailureKind, type FetchOptions, type FetchResult } from '../../src/fetch/index.js';

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
  if (result.kind !== 'modified') throw new Error(`expected modified, got ${result.kind}${result.kind === 'failed' ? `: ${result.error.message}` : ''}`);
  return result;
}

export function expectFailure(result: FetchResult, kind: FetchFailureKind): FetchError {
  if (result.kind !== 'failed') throw new Error(`expected a ${kind} failure, got ${result.kind}`);
  expect(result.error.kind, result.error.message).toBe(kind);
  return result.error;
}
