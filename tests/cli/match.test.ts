// `newswatch match`: JSON lines on stdin → one JSON line of matches per input, through
// the real CLI, with a config that holds nothing but watchlists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { jsonLines, scratch, WATCHLISTS_YAML } from './support.js';

const tmp = scratch('match');
let config: string;
beforeAll(() => {
  config = tmp.write('watchlists-only.yaml', WATCHLISTS_YAML);
});
afterAll(() => tmp.remove());

const match = (lines: unknown[], args: string[] = []) =>
  runCli(['match', '--config', config, ...args], {
    stdin: lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n',
  });

const html =
  '<p>Police in Peshawar said the <b>Pakistani</b>&nbsp;<i>Taliban</i> had denied any role.</p>' +
  '<p>A <a title="ISIS-K" href="https://example.org/isis-k">statement</a> was posted online.</p>' +
  '<script>var group = "ISKP";</script>';

describe('newswatch match', () => {
  it('writes one JSON line per input, in order, with watchlist, entity, name, alias and field', async () => {
    const r = await match([
      { id: 'a1', title: 'ISKP claims attack on a checkpoint', content: html },
      { id: 'a2', title: 'Cricket: Eagles win the final', content: '<p>A fine day in Kabul.</p>' },
      { id: 'a3', title: 'Envoy visits Doha', content: 'Thomas West met Taliban officials on Afghanistan.' },
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = jsonLines(r.stdout);
    expect(out.map((o) => o['id'])).toEqual(['a1', 'a2', 'a3']);

    const a1 = out[0]?.['matches'] as Record<string, unknown>[];
    expect(a1).toEqual([
      expect.objectContaining({
        watchlist: 'groups',
        entity: 'iskp',
        name: 'Islamic State Khorasan Province',
        alias: 'ISKP',
        field: 'title',
      }),
      // Found across tags and an &nbsp;: the visible text is matched, not the markup.
      expect.objectContaining({
        watchlist: 'groups',
        entity: 'ttp',
        name: 'Tehrik-i-Taliban Pakistan',
        alias: 'Pakistani Taliban',
        field: 'content',
      }),
    ]);
    // Names inside attributes and scripts are not visible text.
    expect(a1.filter((m) => m['field'] === 'content' && m['entity'] === 'iskp')).toEqual([]);
    expect(out[1]).toEqual({ id: 'a2', matches: [] });
    expect(out[2]?.['matches']).toEqual([
      expect.objectContaining({ watchlist: 'officials', entity: 'envoy', alias: 'Thomas West', field: 'content' }),
    ]);
  });

  it('answers an invalid line with an error line, still processes the others, and exits 1', async () => {
    const r = await match([
      { id: 'first', title: 'TTP fighters surrender', content: '' },
      '{"id": "broken", "title": ',
      '42',
      { id: 'last', title: 'Talks on ISIS-K threat', content: '' },
    ]);
    expect(r.code).toBe(1);
    const out = jsonLines(r.stdout);
    expect(out).toHaveLength(4);
    expect(out[0]).toMatchObject({ id: 'first', matches: [expect.objectContaining({ entity: 'ttp' })] });
    expect(out[1]).toMatchObject({ id: null, line: 2, error: expect.stringMatching(/^invalid JSON/) });
    expect(out[2]).toMatchObject({ id: null, line: 3, error: expect.stringMatching(/not a JSON object/) });
    expect(out[3]).toMatchObject({
      id: 'last',
      matches: [expect.objectContaining({ entity: 'iskp', alias: 'ISIS-K' })],
    });
    expect(r.stderr).toMatch(/stdin line 2: invalid JSON/);
  });

  it('--explain prints the near misses with their reasons', async () => {
    const r = await match(
      [{ id: 'lower', title: 'iskp and ttp in lower case', content: 'Thomas West met the cricket team.' }],
      ['--explain'],
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^== lower$/m);
    expect(r.stdout).toMatch(/^matched: nothing$/m);
    expect(r.stdout).toMatch(/groups\/iskp via "ISKP" in title 0-4: wrong case/);
    expect(r.stdout).toMatch(/groups\/ttp via "TTP" in title .*: wrong case/);
    expect(r.stdout).toMatch(/officials\/envoy via "Thomas West" in content .*: no context: .*"Afghanistan"/);
  });

  it('exits 2 with a located error when the watchlists are invalid', async () => {
    const bad = tmp.write(
      'bad-watchlists.yaml',
      WATCHLISTS_YAML.replace('caseSensitive: [ISKP]', 'caseSensitive: [ISKP]\n        alias: [IS-KP]'),
    );
    const rb = await runCli(['match', '--config', bad], { stdin: '{"id":"x","title":"ISKP"}\n' });
    expect(rb.code).toBe(2);
    expect(rb.stdout).toBe('');
    expect(rb.stderr).toContain(`${bad}:9:9: watchlists[0].entities[0].alias: unknown key "alias"`);
  });
});

describe('newswatch match --variants', () => {
  it('lists per entity the spelling variants generated and those dropped, with why, and reads no input', async () => {
    const r = await runCli(['match', '--config', config, '--variants'], { stdin: '' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^groups\/iskp: \d+ variants, \d+ dropped$/));
    expect(lines).toContain('  + islamic state khurasan province  (of "Islamic State Khorasan Province": vowel)');
    // Case-sensitive names (ISKP, TTP) never vary; "Pakistani Taliban" varies only in "Taliban", not in the common word.
    expect(lines.some((l) => /^ {2}\+ (?:iskp|ttp)\b/.test(l))).toBe(false);
    expect(lines).toContain('  + pakistani taleban  (of "Pakistani Taliban": vowel)');
  });
});
