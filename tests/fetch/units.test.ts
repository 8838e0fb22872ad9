// Pure helpers: header parsing for hints, the User-Agent, and the HTML sniffer.
import { describe, expect, it } from 'vitest';
import { findFeedLink, isHtmlPage } from '../../src/fetch/discovery.js';
import { maxAgeMs, retryAfterMs } from '../../src/fetch/hints.js';
import { userAgent } from '../../src/fetch/index.js';

const headers = (h: Record<string, string>) => new Headers(h);
const NOW = Date.parse('2025-03-04T09:30:00Z');

describe('hints', () => {
  it('Retry-After: seconds, HTTP date, past date, garbage', () => {
    expect(retryAfterMs(headers({ 'retry-after': '45' }), NOW)).toBe(45_000);
    expect(retryAfterMs(headers({ 'retry-after': 'Tue, 04 Mar 2025 09:32:00 GMT' }), NOW)).toBe(120_000);
    expect(retryAfterMs(headers({ 'retry-after': 'Tue, 04 Mar 2025 09:00:00 GMT' }), NOW)).toBe(0);
    expect(retryAfterMs(headers({ 'retry-after': 'soon' }), NOW)).toBeUndefined();
    expect(retryAfterMs(headers({ 'retry-after': '-5' }), NOW)).toBeUndefined();
    expect(retryAfterMs(headers({ 'retry-after': '1.5' }), NOW)).toBeUndefined();
    expect(retryAfterMs(headers({}), NOW)).toBeUndefined();
  });

  it('max-age wins over Expires; s-maxage alone is not max-age', () => {
    expect(maxAgeMs(headers({ 'cache-control': 'max-age=60', expires: 'Tue, 04 Mar 2025 10:30:00 GMT' }), NOW)).toBe(
      60_000,
    );
    expect(maxAgeMs(headers({ expires: 'Tue, 04 Mar 2025 10:30:00 GMT' }), NOW)).toBe(3_600_000);
    expect(maxAgeMs(headers({ 'cache-control': 's-maxage=60' }), NOW)).toBeUndefined();
    expect(maxAgeMs(headers({ 'cache-control': 'max-age=0' }), NOW)).toBeUndefined();
    expect(maxAgeMs(headers({ expires: '0' }), NOW)).toBeUndefined();
  });
});

describe('userAgent', () => {
  it('names the project, and the contact as a URL or an address', () => {
    expect(userAgent('0.1.0')).toBe('newswatch/0.1.0 (news monitor)');
    expect(userAgent('0.1.0', 'https://example.org/bot')).toBe(
      'newswatch/0.1.0 (news monitor; +https://example.org/bot)',
    );
    expect(userAgent('0.1.0', 'ops@example.org')).toBe('newswatch/0.1.0 (news monitor; contact: ops@example.org)');
  });

  it('drops characters that would break the header', () => {
    expect(userAgent('0.1.0', 'ops@example.org\r\nX-Evil: 1 (me)')).toBe(
      'newswatch/0.1.0 (news monitor; contact: ops@example.orgX-Evil: 1 me)',
    );
  });
});

describe('HTML sniffing', () => {
  const buf = (s: string) => Buffer.from(s);
  it('tells pages from feeds by content before label', () => {
    expect(isHtmlPage(buf('<!DOCTYPE html><html><head></head></html>'), 'application/rss+xml')).toBe(true);
    expect(isHtmlPage(buf('<?xml version="1.0"?><rss version="2.0"></rss>'), 'text/html')).toBe(false);
    expect(
      isHtmlPage(
        buf(
          '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><content type="html">&lt;html&gt;</content></feed>',
        ),
        null,
      ),
    ).toBe(false);
    expect(isHtmlPage(buf('{"version":"https://jsonfeed.org/version/1.1"}'), 'text/html')).toBe(false);
    expect(isHtmlPage(buf('<p>Just a fragment</p>'), 'text/html; charset=utf-8')).toBe(true);
    expect(isHtmlPage(Buffer.from('\ufeff<html><body></body></html>', 'utf16le'), null)).toBe(true);
  });

  it('resolves the feed link against <base href>', () => {
    const html =
      '<html><head><base href="https://example.org/site/"><link rel="Alternate feed" type="application/atom+xml; charset=utf-8" href="atom.xml"></head></html>';
    expect(findFeedLink(buf(html), 'https://mirror.example.net/')).toBe('https://example.org/site/atom.xml');
    expect(
      findFeedLink(
        buf('<html><head><link rel="alternate" type="text/html" href="/fr/"></head></html>'),
        'https://example.org/',
      ),
    ).toBeNull();
  });
});
