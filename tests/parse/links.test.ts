// canonicalLink and URL resolution.
import { describe, expect, it } from 'vitest';
import { absolutizeHtml } from '../../src/parse/html-urls.js';
import { canonicalLink } from '../../src/parse/index.js';
import { resolveUrl } from '../../src/parse/links.js';

describe('canonicalLink', () => {
  it('removes tracking parameters and the fragment, keeps the others in order', () => {
    expect(canonicalLink('https://news.example.com/a?utm_source=rss&id=7&utm_campaign=x&fbclid=abc&page=2#top')).toBe(
      'https://news.example.com/a?id=7&page=2',
    );
    expect(canonicalLink('https://news.example.com/a?gclid=1&mc_cid=2&mc_eid=3&UTM_Medium=4')).toBe(
      'https://news.example.com/a',
    );
  });

  it('lower-cases scheme and host and drops the default port', () => {
    expect(canonicalLink('HTTPS://News.Example.COM:443/Path/Story')).toBe('https://news.example.com/Path/Story');
    expect(canonicalLink('http://news.example.com:8080/x')).toBe('http://news.example.com:8080/x');
  });

  it('makes one key of what a site serves as one page: http or https, www. or not, a trailing slash or not', () => {
    const key = 'https://dawn.example.com/news/1940123';
    for (const u of [
      'http://dawn.example.com/news/1940123',
      'https://www.dawn.example.com/news/1940123/',
      'http://www.dawn.example.com:80/news/1940123#comments',
    ]) {
      expect(canonicalLink(u)).toBe(key);
    }
    expect(canonicalLink('https://www.dawn.example.com/')).toBe('https://dawn.example.com/');
    expect(canonicalLink('https://dawn.example.com/news/1940123/?utm_source=rss')).toBe(key);
    // Different pages stay different.
    expect(canonicalLink('https://dawn.example.com/news/1940124')).not.toBe(key);
    expect(canonicalLink('https://www2.dawn.example.com/news/1940123')).not.toBe(key);
  });

  it('leaves a query without tracking parameters exactly as written', () => {
    expect(canonicalLink('https://e.example/s?q=a+b&x=%2C')).toBe('https://e.example/s?q=a+b&x=%2C');
  });

  it('is null for anything but an absolute http(s) URL', () => {
    for (const u of [
      'mailto:desk@example.com',
      'javascript:alert(1)',
      '/relative/path',
      'ftp://files.example.com/a',
      'not a url',
      '',
    ]) {
      expect(canonicalLink(u)).toBeNull();
    }
  });
});

describe('resolveUrl', () => {
  it('resolves relative references and keeps absolute ones as written', () => {
    expect(resolveUrl('../b/c', 'https://x.example/a/feed.xml')).toBe('https://x.example/b/c');
    expect(resolveUrl(' https://X.example/Keep ', null)).toBe('https://X.example/Keep');
    expect(resolveUrl('tag:example.com,2026:1', 'https://x.example/')).toBe('tag:example.com,2026:1');
    expect(resolveUrl('relative', null)).toBeNull();
  });
});

describe('absolutizeHtml', () => {
  it('rewrites relative href and src inside tags only', () => {
    const html = `<p>see href="x" <a href='/a'>a</a> <img src=b.png alt="x"> <a href="#frag">f</a> <a href="https://o.example/">o</a></p>`;
    expect(absolutizeHtml(html, 'https://s.example/dir/')).toBe(
      `<p>see href="x" <a href='https://s.example/a'>a</a> <img src="https://s.example/dir/b.png" alt="x"> <a href="#frag">f</a> <a href="https://o.example/">o</a></p>`,
    );
  });

  it('leaves HTML alone without a base', () => {
    expect(absolutizeHtml('<a href="/a">a</a>', null)).toBe('<a href="/a">a</a>');
  });
});
