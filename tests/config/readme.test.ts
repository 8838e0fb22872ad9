// Every YAML block of README.md goes through the config loader. A block preceded by
// `<!-- fragment -->` is a piece of a config (it may name watchlists, feeds or files
// defined elsewhere): it must parse and pass the schema; any other block is a whole
// config and must load, cross-references and all.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, formatIssue } from '../../src/config/errors.js';
import { parseConfig } from '../../src/config/load.js';
import { configSchema } from '../../src/config/schema.js';
import { readYaml } from '../../src/config/yaml.js';
import { ROOT } from '../helpers/cli.js';

export interface YamlBlock {
  line: number;
  text: string;
  fragment: boolean;
}

/** The ```yaml blocks of a Markdown text, with their line and whether a fragment marker precedes them. */
export function yamlBlocks(markdown: string): YamlBlock[] {
  const lines = markdown.split('\n');
  const blocks: YamlBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ya?ml\s*$/.test(lines[i] as string)) continue;
    let prev = i - 1;
    while (prev >= 0 && (lines[prev] as string).trim() === '') prev--;
    const fragment = (lines[prev] ?? '').trim() === '<!-- fragment -->';
    const start = i + 1;
    let end = start;
    while (end < lines.length && !(lines[end] as string).startsWith('```')) end++;
    blocks.push({ line: start + 1, text: `${lines.slice(start, end).join('\n')}\n`, fragment });
    i = end;
  }
  return blocks;
}

const README = join(ROOT, 'README.md');
const blocks = yamlBlocks(readFileSync(README, 'utf8'));

describe('README YAML examples', () => {
  it('finds the examples (whole configs and fragments)', () => {
    expect(blocks.filter((b) => !b.fragment).length).toBeGreaterThanOrEqual(2);
    expect(blocks.filter((b) => b.fragment).length).toBeGreaterThanOrEqual(1);
  });

  for (const b of blocks) {
    it(`README.md:${b.line} ${b.fragment ? 'fragment passes the schema' : 'loads as a whole config'}`, () => {
      const file = `${README}:${b.line}`;
      if (b.fragment) {
        const parsed = configSchema.safeParse(readYaml(b.text, file).value);
        expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
        return;
      }
      try {
        parseConfig(b.text, join(ROOT, 'README-example.yaml'), {});
      } catch (err) {
        if (err instanceof ConfigError) expect.fail(`README.md:${b.line}:\n${err.issues.map(formatIssue).join('\n')}`);
        throw err;
      }
    });
  }

  it('the old example (unknown watchlist, missing OPML file) would fail', () => {
    const bad =
      'feeds:\n  - opml: ./subscriptions.opml\nwatchlists:\n  - { id: groups, entities: [{ id: a, name: A }] }\n' +
      'channels:\n  - { id: c, console: true, watchlists: [groups, officials] }\n';
    const messages = (() => {
      try {
        parseConfig(bad, join(ROOT, 'README-example.yaml'), {});
      } catch (err) {
        if (err instanceof ConfigError) return err.issues.map((i) => i.message).join('\n');
      }
      return '';
    })();
    expect(messages).toContain('cannot read OPML file');
    expect(messages).toContain('unknown watchlist "officials"');
  });
});
