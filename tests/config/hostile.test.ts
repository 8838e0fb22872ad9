// Issue 16, findings 9–14: configs that crashed the loader or took super-linear time.
// Each input is built here; each must load or fail with a ConfigError naming a line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, type ConfigIssue } from '../../src/config/errors.js';
import { parseConfig } from '../../src/config/load.js';
import { parseOpml } from '../../src/config/opml.js';
import { MAX_ALIAS_EXPANSION } from '../../src/config/yaml.js';

const FILE = '/cfg/newswatch.yaml';

function issuesOf(text: string, env: Record<string, string> = {}): ConfigIssue[] {
  try {
    parseConfig(text, FILE, env);
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const feeds = (n: number, extra = '') =>
  Array.from({ length: n }, (_, i) => `  - { id: f${i}, url: "https://example.org/${i}"${extra} }`).join('\n');

describe('config loader: hostile YAML (issue 16)', () => {
  it('9: an alias to an undefined anchor is a located error', () => {
    const issues = issuesOf('schedule: "*/5 * * * *"\ntimezone: *a\n');
    expect(issues).toEqual([
      expect.objectContaining({
        file: FILE,
        line: 2,
        col: 11,
        message: expect.stringContaining('alias *a refers to no anchor'),
      }),
    ]);
  });

  it('10: one anchor reused by 100 feeds loads', () => {
    const feedLines = Array.from(
      { length: 100 },
      (_, i) => `  - { id: f${i}, url: "https://example.org/${i}", schedule: *s }`,
    );
    const text = `schedule: &s "*/7 * * * *"\nfeeds:\n${feedLines.join('\n')}\n`;
    const { config } = parseConfig(text, FILE, {});
    expect(config.feeds).toHaveLength(100);
    expect(config.feeds.every((f) => f.schedule === '*/7 * * * *')).toBe(true);
  });

  it('10: an alias bomb is refused with the line of the alias that crosses the limit', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i <= 8; i++)
      lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
    const issues = issuesOf(`${lines.join('\n')}\n`);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toContain(`more than ${MAX_ALIAS_EXPANSION} values`);
    expect(issues[0]?.line).toBeGreaterThan(1);
    expect(issues[0]?.line).toBeLessThanOrEqual(9);
  });

  it('11: a self-referencing alias is a located error, not a stack overflow', () => {
    const issues = issuesOf('feeds: &a [*a]\n');
    expect(issues).toEqual([
      expect.objectContaining({ line: 1, col: 12, message: expect.stringContaining('inside the value it refers to') }),
    ]);
    expect(issuesOf('x:\n  y: &b\n    z: [1, *b]\n')[0]).toMatchObject({
      line: 3,
      message: expect.stringContaining('*b'),
    });
  });

  it('12: a document that is only an unset ${VAR} is a located error', () => {
    expect(issuesOf('${NOT_SET}\n')).toEqual([
      expect.objectContaining({ line: 1, message: expect.stringContaining('NOT_SET is not set') }),
    ]);
    // A document that is only text or a list is refused by the schema, also located.
    expect(issuesOf('just text\n')[0]).toMatchObject({ line: 1 });
    expect(issuesOf('- a\n- b\n')[0]).toMatchObject({ line: 1 });
  });

  it('13: collection keys and deep flow nesting are refused before conversion', () => {
    const nested = `${'{'.repeat(300)}x${'}'.repeat(300)}\n`;
    expect(issuesOf(nested)[0]).toMatchObject({
      line: 1,
      col: 65,
      message: expect.stringContaining('nested more than 64 levels'),
    });
    expect(issuesOf(`feeds: ${'['.repeat(100_000)}\n`)[0]).toMatchObject({
      line: 1,
      message: expect.stringContaining('nested'),
    });
    expect(issuesOf('feeds: []\n{a: 1}: x\n')[0]).toMatchObject({
      line: 2,
      col: 1,
      message: 'a key must be a plain value, not a mapping',
    });
    expect(issuesOf('? [a, b]\n: x\n')[0]).toMatchObject({
      line: 1,
      col: 3,
      message: 'a key must be a plain value, not a list',
    });
    // Deep block nesting too (the schema's own depth is about 6).
    const block = Array.from({ length: 80 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    expect(issuesOf(`${block} 1\n`)[0]).toMatchObject({
      line: 65,
      message: expect.stringContaining('nested more than 64 levels'),
    });
  });

  it('14: 10,000 unknown top-level keys are each located at their own line', () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `unknown${i}: 1`).join('\n');
    const issues = issuesOf(text);
    expect(issues).toHaveLength(10_000);
    expect(issues[9_999]).toMatchObject({ line: 10_000, col: 1, path: 'unknown9999' });
  });

  it('14: 2,000 OPML outlines with one title get distinct ids in order', () => {
    const outlines = Array.from(
      { length: 2000 },
      (_, i) => `<outline title="Same" xmlUrl="https://example.org/${i}"/>`,
    ).join('');
    const ids = parseOpml(`<opml><body>${outlines}<outline title="Same 2" xmlUrl="https://x.org/"/></body></opml>`).map(
      (f) => f.id,
    );
    expect(ids.slice(0, 3)).toEqual(['same', 'same-2', 'same-3']);
    expect(ids[1999]).toBe('same-2000');
    // "Same 2" slugs to same-2, already taken: it gets the next free suffix.
    expect(ids[2000]).toBe('same-2-2');
    expect(new Set(ids).size).toBe(2001);
  });

  describe('OPML through the loader', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nw-opml-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    it('imports 2,000 same-titled feeds', () => {
      const outlines = Array.from(
        { length: 2000 },
        (_, i) => `<outline title="Same" xmlUrl="https://example.org/${i}"/>`,
      ).join('\n');
      writeFileSync(join(dir, 'subs.opml'), `<opml><body>${outlines}</body></opml>`);
      const { config } = parseConfig(
        `feeds:\n${feeds(2)}\n  - opml: subs.opml\n    idPrefix: "o-"\n`,
        join(dir, 'c.yaml'),
        {},
      );
      expect(config.feeds).toHaveLength(2002);
      expect(config.feeds[2001]?.id).toBe('o-same-2000');
    });
  });

  it('a __proto__ key is an unknown key, never a prototype', () => {
    const issues = issuesOf('__proto__: { schedule: x }\n');
    expect(issues[0]).toMatchObject({ line: 1, path: '__proto__', message: expect.stringContaining('unknown key') });
  });
});

describe('config loader: duplicate keys', () => {
  it('lists every repeated key with its line', () => {
    const issues = issuesOf('timezone: UTC\nschedule: "* * * * *"\ntimezone: UTC\nschedule: x\n');
    expect(issues.map((i) => [i.line, i.message])).toEqual([
      [3, 'duplicate key "timezone" (a key may appear once in a mapping)'],
      [4, 'duplicate key "schedule" (a key may appear once in a mapping)'],
    ]);
  });
});

describe('config loader: environment references', () => {
  it('a document whose only keys are unset variables is an empty config, not "the whole document"', () => {
    const { config, warnings } = parseConfig('schedule: ${UNSET}\n', FILE, {});
    expect(config.schedule).toBe('*/5 * * * *');
    expect(warnings).toContain('no feeds: nothing will be polled (add feeds: entries with an id and a url)');
  });
});

describe('config loader: deep block nesting on one line', () => {
  it('50,000 nested "- " is refused before the composer (it used to kill V8)', () => {
    expect(issuesOf(`${'- '.repeat(50_000)}x\n`)[0]).toMatchObject({
      line: 1,
      col: 129,
      message: 'nested more than 64 levels deep',
    });
    expect(issuesOf(`${'? '.repeat(20_000)}x\n`)[0]).toMatchObject({
      line: 1,
      message: 'nested more than 64 levels deep',
    });
  });

  it('a second document is a located error', () => {
    expect(issuesOf('feeds: []\n---\nfeeds: []\n')[0]).toMatchObject({
      line: 2,
      message: expect.stringContaining('one YAML document'),
    });
  });
});

describe('config loader: the first too-deep place is named', () => {
  it('reports the earliest line when two places nest too deep', () => {
    const deep = (n: number) => `${'['.repeat(n)}x${']'.repeat(n)}`;
    expect(issuesOf(`a: ${deep(70)}\nb: ok\nc: ${deep(70)}\n`)[0]).toMatchObject({ line: 1 });
  });
});
