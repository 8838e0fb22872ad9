// The README's sample sessions of `newswatch match` are what the command prints: every code
// block that starts with `$ echo '<json>' | newswatch match [flags]` is run with the
// bundled config, and its output compared with the rest of the block.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const samples = [...readme.matchAll(/```\n\$ echo '([^\n]*)' \| newswatch (match[^\n]*)\n([\s\S]*?)```/g)].map((m) => ({
  stdin: `${m[1] as string}\n`,
  args: (m[2] as string).trim().split(/\s+/),
  expected: m[3] as string,
}));

describe('README samples of newswatch match', () => {
  it('the README has the match --explain sample', () => {
    expect(samples.some((s) => s.args.includes('--explain'))).toBe(true);
  });

  for (const [i, s] of samples.entries()) {
    it(`sample ${i + 1}: newswatch ${s.args.join(' ')} prints what the README shows`, async () => {
      const r = await runCli(s.args, { stdin: s.stdin });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(s.expected);
    });
  }
});
