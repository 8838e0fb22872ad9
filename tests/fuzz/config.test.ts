// A brief run of the config fuzz targets (the long campaign: npm run fuzz -- --minutes N).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { checkLoad, FUZZ_FILE, SEEDS, targets } from './targets/config.js';

describe('fuzz: config loader', () => {
  it('the seeds are valid configs (mutations start from something that loads)', () => {
    for (const seed of SEEDS)
      expect(parseConfig(seed, FUZZ_FILE, { URL: 'https://example.org/feed' }).config.feeds.length).toBe(2);
  });

  it('the findings of issue 16 pass the oracle', () => {
    for (const text of [
      'x: *nowhere\n',
      'a: &a [*a]\n',
      '${UNSET}\n',
      `${'{'.repeat(300)}x${'}'.repeat(300)}`,
      '? {a: 1}\n: x\n',
    ]) {
      expect(() => checkLoad(text), text.slice(0, 20)).not.toThrow();
    }
  });

  for (const target of targets) {
    it(`${target.name}: a config or a located ConfigError, never anything else`, () => {
      fc.assert(
        fc.property(target.arbitrary, (input) => {
          target.check(input);
        }),
        { numRuns: 300 },
      );
    });
  }
});
