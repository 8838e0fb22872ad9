// Item ids: guid → link → hash, with an id type that repeats within a feed not used.
import { describe, expect, it } from 'vitest';
import { assignIds, hashId } from '../../src/parse/ids.js';
import { fixture, parseOk } from './helpers.js';

const item = (guid: string | null, link: string | null, title = 't', published: Date | null = null) => ({
  guid,
  link,
  title,
  published,
  item: { text: '' },
});

describe('item ids', () => {
  it('prefers the guid, then the link, then a hash of title and date', () => {
    const ids = assignIds([
      item('g1', 'https://a/1'),
      item(null, 'https://a/2'),
      item(null, null, 'Title', new Date('2026-01-01T00:00:00Z')),
    ]);
    expect(ids.slice(0, 2)).toEqual(['g1', 'https://a/2']);
    expect(ids[2]).toMatch(/^sha256:[0-9a-f]{32}$/);
  });

  it('is stable: the same title and date give the same hash', () => {
    const a = hashId({ title: 'Title', published: new Date('2026-01-01T00:00:00Z'), item: { text: 'x' } });
    const b = hashId({ title: 'Title', published: new Date('2026-01-01T00:00:00Z'), item: { text: 'y' } });
    expect(a).toBe(b);
    expect(hashId({ title: 'Other', published: null, item: { text: '' } })).not.toBe(a);
  });

  it('falls back to the link only for the items whose guid repeats; the others keep theirs', () => {
    const ids = assignIds([
      item('g1', 'https://a/1'),
      item('dup', 'https://a/2'),
      item('g3', 'https://a/3'),
      item('dup', 'https://a/4'),
    ]);
    expect(ids).toEqual(['g1', 'https://a/2', 'g3', 'https://a/4']);
  });

  it('gives two different untitled, undated items different ids, and one story repeated one id (found by tests/fuzz)', () => {
    const ids = assignIds([item(null, 'https://a/1', ''), item(null, 'https://a/1', ''), item(null, null, '')]);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
    expect(ids.every((id) => id.startsWith('sha256:'))).toBe(true);
  });

  it("never gives two items the same id when a guid equals another item's link", () => {
    const ids = assignIds([item('https://a/1', null, 'One'), item(null, 'https://a/1', 'Two')]);
    expect(ids[0]).toBe('https://a/1');
    expect(ids[1]).toMatch(/^sha256:/);
  });

  it('does not use a guid that every item shares', () => {
    const { feed } = parseOk(fixture('duplicate-guids.xml'));
    expect(feed.items.map((i) => i.id)).toEqual([
      'https://dup.example.com/a',
      'https://dup.example.com/b',
      'https://dup.example.com/',
    ]);
    expect(new Set(feed.items.map((i) => i.id)).size).toBe(3);
  });

  it('falls back to the hash when links repeat too', () => {
    const ids = assignIds([item('same', 'https://a/', 'One'), item('same', 'https://a/', 'Two')]);
    expect(ids[0]).not.toBe(ids[1]);
    expect(ids.every((id) => id.startsWith('sha256:'))).toBe(true);
  });
});
