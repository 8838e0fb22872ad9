// The matcher's fuzz targets (tests/fuzz/targets/match.ts), briefly: a few hundred inputs
// each in `npm test`; `npm run fuzz -- --minutes N` runs them at length.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { targets } from './targets/match.js';

describe('fuzz: matcher', () => {
  for (const t of targets) {
    it(`${t.name}: never throws; offsets inside the text, on word boundaries; the matched text is the name`, () => {
      fc.assert(
        fc.property(t.arbitrary, (input) => {
          void t.check(input); // the matcher's targets are synchronous
        }),
        { numRuns: t.name === 'match/repeated' ? 60 : 400 },
      );
    });
  }
});
