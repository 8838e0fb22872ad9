// Shared URL helpers: the link an alert posts, the host a request goes to, and the words
// for where a channel posts (never a secret).
import { describe, expect, it } from 'vitest';
import { channelTarget } from '../../src/core/channel-target.js';
import { hostOf, withoutTracking } from '../../src/core/url.js';
import { channel } from '../deliver/fixtures.js';

describe('withoutTracking', () => {
  it('drops utm_*, fbclid, gclid and the like, and leaves every other parameter as written', () => {
    expect(withoutTracking('https://news.example.org/a?utm_source=rss&utm_medium=feed')).toBe(
      'https://news.example.org/a',
    );
    expect(withoutTracking('https://news.example.org/a?id=7&fbclid=x&gclid=y#top')).toBe(
      'https://news.example.org/a?id=7#top',
    );
    expect(withoutTracking('https://news.example.org/a?q=a%20b&page=2')).toBe(
      'https://news.example.org/a?q=a%20b&page=2',
    );
    expect(withoutTracking('not a url')).toBe('not a url');
  });
});

describe('hostOf', () => {
  it('is the host with a non-default port, lower-cased', () => {
    expect(hostOf('https://News.Example.org/feed')).toBe('news.example.org');
    expect(hostOf('http://127.0.0.1:8080/x')).toBe('127.0.0.1:8080');
    expect(hostOf('nonsense')).toBe('nonsense');
  });
});

describe('channelTarget', () => {
  it('names the destination without its secret', () => {
    expect(channelTarget(channel('a', { discord: { channel: '123456789012345678' } }))).toBe(
      'Discord channel 123456789012345678',
    );
    expect(channelTarget(channel('b', { webhook: 'https://discord.com/api/webhooks/222/secret-token' }))).toBe(
      'Discord webhook 222',
    );
    expect(channelTarget(channel('c', { http: { url: 'https://hooks.example.org/in/secret?key=abc' } }))).toBe(
      'HTTP POST to https://hooks.example.org',
    );
    expect(channelTarget(channel('d', { console: true }))).toBe('console');
  });
});
