// The nesting scan that sends deeply nested bodies to a parse worker (src/parse/pool/shape.ts).
import { describe, expect, it } from 'vitest';
import { looksWide, nestsDeeperThan } from '../../src/parse/pool/shape.js';

const b = (s: string) => Buffer.from(s);

describe('nestsDeeperThan', () => {
  it('counts open elements, minus closed and self-closed ones', () => {
    const nested = (n: number) => `<?xml version="1.0"?><rss>${'<x>'.repeat(n)}${'</x>'.repeat(n)}</rss>`;
    expect(nestsDeeperThan(b(nested(9)), 10)).toBe(false);
    expect(nestsDeeperThan(b(nested(10)), 10)).toBe(true);
    expect(nestsDeeperThan(b(`<rss>${'<x/><y></y>'.repeat(1000)}</rss>`), 10)).toBe(false);
  });

  it('skips CDATA sections, comments and declarations, whatever markup they hold', () => {
    const body = `<!DOCTYPE rss [<!ENTITY a "b">]><rss><![CDATA[${'<br><p>'.repeat(500)}]]><!-- ${'<a>'.repeat(500)} --></rss>`;
    expect(nestsDeeperThan(b(body), 10)).toBe(false);
  });

  it('stops at a truncated tag without counting it', () => {
    expect(nestsDeeperThan(b('<rss><channel><item'), 2)).toBe(false);
  });

  it('tells UTF-16 bodies, where it cannot count, by their NULs', () => {
    expect(looksWide(Buffer.from('\uFEFF<rss></rss>', 'utf16le'))).toBe(true);
    expect(looksWide(Buffer.from('<rss></rss>'))).toBe(false);
  });
});
